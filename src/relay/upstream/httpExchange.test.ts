import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createUpstreamPool, startExchange, type HeaderList } from './httpExchange.ts';

let server: Server | null = null;
const sockets = new Set<Socket>();
afterEach(async () => {
  // The pool keeps connections alive; close them so the server can stop.
  for (const socket of sockets) socket.destroy();
  sockets.clear();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

/** A raw TCP "upstream" that answers with exactly `response`, split into pieces of `pieceBytes`. */
async function rawUpstream(
  response: string,
  pieceBytes: number,
  end: 'close' | 'hang' = 'close',
): Promise<URL> {
  const bytes = Buffer.from(response, 'latin1');
  server = createServer((socket) => {
    sockets.add(socket);
    socket.once('data', async () => {
      for (let offset = 0; offset < bytes.length; offset += pieceBytes) {
        socket.write(bytes.subarray(offset, offset + pieceBytes));
        // Separate writes so every split (size lines, CRLFs, data) reaches the parser on its own.
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      if (end === 'close') socket.end();
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return new URL(`http://127.0.0.1:${port}/v1/images/generations`);
}

interface Outcome {
  status?: number;
  headers?: HeaderList;
  chunks: string[];
  result: 'end' | { failed: string; answered: boolean };
}

function run(
  url: URL,
  options: { signal?: AbortSignal; accept?: (chunk: Buffer, resume: () => void) => boolean } = {},
): Promise<Outcome> {
  return new Promise((resolve) => {
    const outcome: Outcome = { chunks: [], result: 'end' };
    const exchange = startExchange(
      createUpstreamPool(),
      url,
      { 'content-type': 'application/json' },
      Buffer.from('{}'),
      options.signal ?? new AbortController().signal,
      {
        head(status, headers) {
          outcome.status = status;
          outcome.headers = headers;
        },
        data(chunk) {
          outcome.chunks.push(chunk.toString('latin1'));
          return options.accept ? options.accept(chunk, () => exchange.resume()) : true;
        },
        end: () => resolve(outcome),
        fail(error, answered) {
          outcome.result = {
            failed: `${(error as { code?: string }).code ?? ''} ${error.message}`,
            answered,
          };
          resolve(outcome);
        },
      },
    );
  });
}

const SSE = 'event: image_generation.completed\ndata: {"b64_json":"AAAA"}\n\n';
const CHUNKED_SSE =
  'HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\nX-Request-Id: req_1\r\n\r\n' +
  `${SSE.length.toString(16)};note=1\r\n${SSE}\r\n` +
  `a\r\n0123456789\r\n0\r\nx-trailer: yes\r\n\r\n`;

describe('startExchange', () => {
  it.each([1, 7, 1000])('hands on a chunked body split every %i bytes, with its headers', async (piece) => {
    const outcome = await run(await rawUpstream(CHUNKED_SSE, piece, 'hang'));
    expect(outcome).toMatchObject({ status: 200, result: 'end' });
    expect(outcome.chunks.join('')).toBe(`${SSE}0123456789`);
    expect(outcome.headers).toContainEqual(['x-request-id', 'req_1']);
  });

  it('passes an error status and its body on', async () => {
    const outcome = await run(
      await rawUpstream('HTTP/1.1 429 Too Many Requests\r\ncontent-length: 5\r\n\r\nhello', 2, 'hang'),
    );
    expect(outcome).toMatchObject({ status: 429, result: 'end' });
    expect(outcome.chunks.join('')).toBe('hello');
  });

  it('reads a close-delimited body to the end of the connection', async () => {
    const outcome = await run(await rawUpstream('HTTP/1.1 200 OK\r\n\r\nstreamed until close', 4));
    expect(outcome).toMatchObject({ status: 200, result: 'end' });
    expect(outcome.chunks.join('')).toBe('streamed until close');
  });

  it('waits for resume() when the client is slow (backpressure)', async () => {
    let paused = 0;
    const outcome = await run(await rawUpstream(CHUNKED_SSE, 20, 'hang'), {
      accept(_chunk, resume) {
        paused++;
        setTimeout(resume, 5);
        return false;
      },
    });
    expect(paused).toBeGreaterThan(1);
    expect(outcome.chunks.join('')).toBe(`${SSE}0123456789`);
  });

  it('fails before the head on a malformed answer', async () => {
    const outcome = await run(await rawUpstream('SMTP ready\r\n\r\n', 100));
    expect(outcome.result).toMatchObject({ answered: false });
  });

  it('fails after the head when the connection drops mid-chunk', async () => {
    const outcome = await run(
      await rawUpstream('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n10\r\nonly half', 5),
    );
    expect(outcome.result).toMatchObject({ answered: true });
  });

  it('reports a refused connection with its code', async () => {
    const url = await rawUpstream('', 1);
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = null;
    const outcome = await run(url);
    expect(outcome.result).toMatchObject({ answered: false });
    expect((outcome.result as { failed: string }).failed).toMatch(/ECONNREFUSED/);
  });

  it('stops without reporting a failure when aborted', async () => {
    const controller = new AbortController();
    const url = await rawUpstream(CHUNKED_SSE, 1, 'hang');
    const settled = run(url, {
      signal: controller.signal,
      accept() {
        controller.abort();
        return true;
      },
    });
    const outcome = await Promise.race([
      settled,
      new Promise<'pending'>((r) => setTimeout(() => r('pending'), 300)),
    ]);
    expect(outcome).toBe('pending');
  });
});

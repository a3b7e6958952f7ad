/**
 * SseResponse's backpressure on a real loopback connection: a chunk the client's connection can take does
 * not pause the upstream (issue 16: it used to, for every 64 KB chunk, as Node's corked write() reports any
 * chunk over 16 KB as "full"), and a client that stops reading does, once it owes the relay the window,
 * with a 'drain' to resume on and every byte delivered as written, the key masked.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { once } from 'node:events';
import { connect } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { CLIENT_WINDOW_BYTES, SseResponse } from './sseResponse.ts';

const KEY = `sk-proj-${'k'.repeat(48)}`;
/** The size of one socket read, and so of the chunks undici hands the relay. */
const CHUNK_BYTES = 64 * 1024;

let server: Server | null = null;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

/** One SSE answer on a loopback connection, and the client's side of it, not read yet. */
async function connectedPair(): Promise<{
  answer: SseResponse;
  res: ServerResponse;
  client: IncomingMessage;
}> {
  const answered = new Promise<ServerResponse>((resolve) => {
    server = createServer((_req, res) => resolve(res));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server!.address() as { port: number };
  const call = request(`http://127.0.0.1:${port}/`, { method: 'POST' });
  call.end();
  const res = await answered;
  const answer = new SseResponse(res, { heartbeatMs: 60_000, secrets: [KEY] });
  answer.commit(200, [], true);
  const [client] = (await once(call, 'response')) as [IncomingMessage];
  client.pause();
  return { answer, res, client };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** Base64 chunks, as an image payload arrives, with the key quoted in the first one. */
function chunk(index: number): Buffer {
  const bytes = Buffer.from(randomBytes((CHUNK_BYTES * 3) / 4).toString('base64'));
  if (index === 0) bytes.write(KEY, 100);
  return bytes;
}

it('does not pause the upstream for a chunk the client can take', async () => {
  const { answer, client } = await connectedPair();
  // Nothing is unsent yet, so a whole 64 KB chunk fits, although Node's write() answers false for it.
  expect(answer.write(chunk(1))).toBe(true);
  client.destroy();
});

it('pauses the upstream once a client that stopped reading owes the window, then drains', async () => {
  const { answer, res, client } = await connectedPair();
  const sent = createHash('sha256');
  let sentBytes = 0;
  let room = true;
  // Each turn lets the socket hand what it can to the kernel, as between upstream reads; the kernel's
  // buffers fill (a few MB on loopback) and then the relay's own backlog grows until it reaches the window.
  for (let index = 0; room; index++) {
    const bytes = chunk(index);
    const masked =
      index === 0 ? Buffer.from(bytes.toString('latin1').replace(KEY, '*'.repeat(KEY.length))) : bytes;
    sent.update(masked);
    sentBytes += masked.length;
    room = answer.write(bytes);
    if (room) await nextTurn();
    // Far more than loopback buffers hold: a relay that never pauses fails here rather than running on.
    expect(sentBytes).toBeLessThan(256 * 1024 * 1024);
  }
  // It paused because of a real backlog of its own, not at the first corked chunk.
  expect(res.writableLength).toBeGreaterThanOrEqual(CLIENT_WINDOW_BYTES);
  expect(res.writableLength).toBeLessThan(CLIENT_WINDOW_BYTES + 2 * CHUNK_BYTES);

  const drained = once(res, 'drain');
  const received = createHash('sha256');
  let receivedBytes = 0;
  client.on('data', (piece: Buffer) => {
    received.update(piece);
    receivedBytes += piece.length;
  });
  client.resume();
  await drained;
  answer.end();
  await once(client, 'end');
  expect(receivedBytes).toBe(sentBytes);
  expect(received.digest('hex')).toBe(sent.digest('hex'));
});

it('sends the head and a frame of the same tick in one write, as one piece for the client', async () => {
  const answered = new Promise<ServerResponse>((resolve) => {
    server = createServer((_req, res) => resolve(res));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server!.address() as { port: number };
  // A raw socket sees the bytes as they were written, where an HTTP client would hide the seam.
  const socket = connect(port, '127.0.0.1');
  socket.end('POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n');
  const answer = new SseResponse(await answered, { heartbeatMs: 60_000, secrets: [KEY] });
  const frame = 'event: image_generation.partial_image\ndata: {}\n\n';
  answer.commit(200, [], true);
  answer.write(Buffer.from(frame));
  const [first] = (await once(socket, 'data')) as [Buffer];
  expect(first.toString('latin1')).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*\r\n\r\n[0-9a-f]+\r\nevent: /);
  expect(first.toString('latin1')).toContain(frame);
  socket.destroy();
});

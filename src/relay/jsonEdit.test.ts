/**
 * withSpooledJsonEdit against a real node:http server on 127.0.0.1 with real bytes: data URLs decoded into
 * byte-identical files, references and fields passed through, the raw body kept, memory flat for a 60 MB
 * body, each malformed body refused with its param, and the spool directory empty however a request ends.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { readFile, readdir } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import sharp from 'sharp';
import { request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Checked } from '../contract/index.ts';
import {
  MAX_IMAGE_URL_CHARS,
  isImageReference,
  maxJsonEditRequestBytes,
  withSpooledJsonEdit,
  type SpooledJsonEdit,
} from './jsonEdit.ts';
import type { SpooledFile } from './multipart.ts';
import { createSpoolBudget } from './spoolBudget.ts';

// Live memory, not garbage waiting for collection, is what must stay flat: collect before each sample.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

interface TestServer {
  url: string;
  spoolRoot: string;
  /** Runs inside `use`, while the spooled files still exist. */
  inspect: (edit: Checked<SpooledJsonEdit>) => Promise<void>;
  /** How each request's withSpooledJsonEdit ended: 'done' or the error it threw. */
  settled(): Promise<unknown[]>;
  close(): Promise<void>;
}

async function startServer(maxImages: number): Promise<TestServer> {
  const spoolRoot = await mkdtemp(join(tmpdir(), 'atelier-json-edit-test-'));
  const outcomes: Promise<unknown>[] = [];
  const server: Server = createServer((req, res) => {
    const ticket = createSpoolBudget({ maxSpoolBytes: 2 ** 40, maxUploadsPerClient: 100 }).admit(
      'test',
      null,
    );
    if (!('charge' in ticket)) throw new Error('an unlimited spool refused an upload');
    const outcome = withSpooledJsonEdit(req, { spoolRoot, maxImages, ticket }, async (edit) => {
      await testServer.inspect(edit);
      const status = edit.ok ? 200 : edit.error.status;
      // As the relay's refuse(): an answer sent before the body was read ends the connection.
      res.writeHead(status, {
        'content-type': 'application/json',
        ...(req.complete ? {} : { connection: 'close' }),
      });
      res.end(JSON.stringify(edit.ok ? { ok: true } : edit.error.body));
    });
    outcomes.push(
      outcome.then(
        () => 'done',
        (error: unknown) => {
          res.destroy();
          return error;
        },
      ),
    );
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const testServer: TestServer = {
    url: `http://127.0.0.1:${port}/v1/images/edits`,
    spoolRoot,
    inspect: async () => undefined,
    settled: () => Promise.all(outcomes.splice(0)),
    async close() {
      server.closeAllConnections();
      server.close();
      await rm(spoolRoot, { recursive: true, force: true });
    },
  };
  return testServer;
}

let server: TestServer;
beforeAll(async () => {
  server = await startServer(16);
});
afterAll(() => server.close());
afterEach(async () => {
  server.inspect = async () => undefined;
  // Every request's directory is gone once its withSpooledJsonEdit has settled.
  await server.settled();
  expect(await readdir(server.spoolRoot)).toEqual([]);
});

async function post(url: string, body: string | AsyncIterable<Uint8Array>) {
  const response = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : Readable.from(body),
  });
  return {
    status: response.statusCode,
    connection: response.headers.connection,
    json: (await response.body.json()) as {
      ok?: true;
      error?: { param: string | null; code: string | null };
    },
  };
}

/** The body in pieces of `size` bytes, so every boundary (inside escapes, keys, base64) gets crossed. */
async function* inPieces(body: string, size: number): AsyncGenerator<Uint8Array> {
  const bytes = Buffer.from(body);
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.subarray(offset, offset + size);
}

const dataUrl = (type: string, bytes: Buffer) => `data:${type};base64,${bytes.toString('base64')}`;

function png(width: number, height: number, alpha: boolean): Promise<Buffer> {
  return sharp({
    create: {
      width,
      height,
      channels: alpha ? 4 : 3,
      background: alpha ? { r: 200, g: 30, b: 90, alpha: 0.5 } : { r: 10, g: 120, b: 240 },
    },
  })
    .png()
    .toBuffer();
}

describe('withSpooledJsonEdit', () => {
  it('spools data URLs into byte-identical sniffed files and keeps references, fields and the raw body', async () => {
    const images = await Promise.all([png(64, 48, true), png(33, 17, false), png(20, 30, true)]);
    const mask = await png(64, 48, true);
    const escapedUrl = dataUrl('image/png', images[1]!);
    const fields = {
      prompt: 'Put a lighthouse on the cliff — “golden hour”',
      model: 'gpt-image-1.5',
      n: 2,
      stream: true,
      partial_images: 2,
      size: '1024x1024',
      quality: 'high',
      background: 'transparent',
      output_format: 'webp',
      output_compression: 80,
      moderation: 'low',
      input_fidelity: 'high',
      user: 'user-1',
      future_option: { nested: [1.5, 'two', null, false, { deeper: [] }] },
    };
    const sent = JSON.stringify({
      images: [
        { image_url: dataUrl('image/png', images[0]!) },
        { image_url: 'https://example.com/cat.png?sig=a,b' },
        { image_url: escapedUrl },
        { file_id: 'file-abc123' },
        { image_url: dataUrl('IMAGE/PNG', images[2]!) },
      ],
      mask: { image_url: dataUrl('image/png', mask) },
      ...fields,
    })
      // Some encoders (PHP's json_encode) escape every slash, base64's included.
      .replace(JSON.stringify(escapedUrl), JSON.stringify(escapedUrl).replaceAll('/', '\\/'))
      .replace(/}$/, ',"__proto__":{"polluted":true}}');
    expect(sent).toContain('"data:image\\/png;base64,');

    let seen: { edit: SpooledJsonEdit; files: Buffer[]; mask: Buffer; body: Buffer } | null = null;
    server.inspect = async (edit) => {
      if (!edit.ok) throw new Error(edit.error.body.error.message);
      const spooled = edit.value.images.filter((image) => !isImageReference(image)) as SpooledFile[];
      seen = {
        edit: edit.value,
        files: await Promise.all(spooled.map((file) => readFile(file.path))),
        mask: await readFile((edit.value.mask as SpooledFile).path),
        body: await readFile(edit.value.bodyPath),
      };
    };
    const response = await post(server.url, inPieces(sent, 97));

    expect(response.status).toBe(200);
    const { edit, files, mask: maskBytes, body } = seen!;
    expect(files).toEqual([images[0], images[1], images[2]]);
    expect(maskBytes).toEqual(mask);
    expect(body.equals(Buffer.from(sent))).toBe(true);
    expect(edit.bodyBytes).toBe(Buffer.byteLength(sent));

    const file = (param: string, declaredType: string, bytes: Buffer, width: number, height: number) => ({
      field: param,
      filename: '',
      declaredType,
      bytes: bytes.length,
      sniffed: { mimeType: 'image/png', width, height, hasAlpha: width !== 33 },
      damage: null,
      path: expect.any(String),
    });
    expect(edit.images).toEqual([
      file('images[0].image_url', 'image/png', images[0]!, 64, 48),
      { kind: 'url', url: 'https://example.com/cat.png?sig=a,b', param: 'images[1].image_url' },
      file('images[2].image_url', 'image/png', images[1]!, 33, 17),
      { kind: 'file_id', fileId: 'file-abc123', param: 'images[3].file_id' },
      file('images[4].image_url', 'image/png', images[2]!, 20, 30),
    ]);
    expect(edit.mask).toEqual(file('mask.image_url', 'image/png', mask, 64, 48));

    expect(edit.fields).toEqual({ ...fields, ['__proto__']: { polluted: true } });
    // `__proto__` is kept as a field, as JSON.parse keeps it, and sets no prototype.
    expect(Object.getPrototypeOf(edit.fields)).toBe(Object.prototype);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('keeps memory flat while a 60 MB body of three 20 MB data URLs streams in small pieces', async () => {
    const head = await png(640, 480, false);
    // Zero bytes after the PNG up to a multiple of 3, so its base64 needs no padding and filler can follow.
    const paddedHead = Buffer.concat([head, Buffer.alloc((3 - (head.length % 3)) % 3)]);
    const prefix = 'data:image/png;base64,';
    const headText = paddedHead.toString('base64');
    const fillerChars = Math.floor((20_000_000 - prefix.length - headText.length) / 4) * 4;
    const expectedBytes = paddedHead.length + (fillerChars / 4) * 3;
    const expectedHash = createHash('sha256').update(paddedHead);
    for (let left = (fillerChars / 4) * 3; left > 0; left -= 3 * 1024 * 1024) {
      expectedHash.update(Buffer.alloc(Math.min(left, 3 * 1024 * 1024)));
    }
    const expectedSha = expectedHash.digest('hex');
    const PIECE = 'A'.repeat(16 * 1024);

    let produced = 0;
    let nextSample = 0;
    let peakGrowth = 0;
    collectGarbage();
    const memory = () => {
      const usage = process.memoryUsage();
      return usage.heapUsed + usage.arrayBuffers;
    };
    const baseline = memory();
    // Memory is sampled as the body is produced, every 2 MB: no timer, so no race with the upload.
    const sample = (bytes: number) => {
      produced += bytes;
      if (produced < nextSample) return;
      nextSample += 2 * 1024 * 1024;
      collectGarbage();
      peakGrowth = Math.max(peakGrowth, memory() - baseline);
    };
    async function* body(): AsyncGenerator<Uint8Array> {
      const encoder = new TextEncoder();
      const emit = (text: string) => {
        sample(text.length);
        return encoder.encode(text);
      };
      yield emit('{"prompt":"big","model":"gpt-image-1.5","images":[');
      for (let index = 0; index < 3; index += 1) {
        yield emit(`${index ? ',' : ''}{"image_url":"${prefix}${headText}`);
        for (let left = fillerChars; left > 0; left -= PIECE.length) {
          yield emit(left >= PIECE.length ? PIECE : PIECE.slice(0, left));
        }
        yield emit('"}');
      }
      yield emit('],"n":1}');
    }

    let checked: { sha: string[]; images: unknown[] } | null = null;
    server.inspect = async (edit) => {
      if (!edit.ok) throw new Error(edit.error.body.error.message);
      const files = edit.value.images as SpooledFile[];
      checked = {
        sha: await Promise.all(
          files.map(async (file) =>
            createHash('sha256')
              .update(await readFile(file.path))
              .digest('hex'),
          ),
        ),
        images: files.map(({ bytes, sniffed }) => ({ bytes, sniffed })),
      };
    };
    const response = await post(server.url, body());

    expect(response.status).toBe(200);
    expect(produced).toBeGreaterThan(60_000_000);
    const image = {
      bytes: expectedBytes,
      sniffed: { mimeType: 'image/png', width: 640, height: 480, hasAlpha: false },
    };
    expect(checked!.images).toEqual([image, image, image]);
    expect(checked!.sha).toEqual([expectedSha, expectedSha, expectedSha]);
    expect(peakGrowth).toBeLessThan(25 * 1024 * 1024);
  });

  const valid = { prompt: 'p', images: [{ file_id: 'file-1' }] };
  const tooManyImages = { ...valid, images: Array.from({ length: 17 }, () => ({ file_id: 'file-1' })) };
  const cases: [name: string, body: string, param: string | null, code: string | null][] = [
    ['an unparsable body', '{"prompt": "p", "images": [', null, null],
    ['an empty body', '', null, null],
    ['trailing garbage after the object', `${JSON.stringify(valid)} x`, null, null],
    ['a body that is not an object', '[{"file_id":"file-1"}]', null, 'invalid_value'],
    ['images missing', '{"prompt":"p"}', 'images', 'missing_required_parameter'],
    ['images not an array', '{"images":{"file_id":"file-1"}}', 'images', 'invalid_type'],
    ['images empty', '{"images":[]}', 'images', 'empty_array'],
    ['more images than any model takes', JSON.stringify(tooManyImages), 'images', 'array_above_max_length'],
    [
      'an item that is not an object',
      '{"images":["https://example.com/a.png"]}',
      'images[0]',
      'invalid_type',
    ],
    [
      'an item with both image_url and file_id',
      '{"images":[{"file_id":"f"},{"file_id":"f","image_url":"https://example.com/a.png"}]}',
      'images[1]',
      'invalid_value',
    ],
    ['an item with neither', '{"images":[{}]}', 'images[0]', 'invalid_value'],
    [
      'an image_url that is not a string',
      '{"images":[{"image_url":7}]}',
      'images[0].image_url',
      'invalid_type',
    ],
    ['a file_id that is not a string', '{"images":[{"file_id":["f"]}]}', 'images[0].file_id', 'invalid_type'],
    [
      'an image_url that is neither http(s) nor a data URL',
      '{"images":[{"image_url":"ftp://example.com/a.png"}]}',
      'images[0].image_url',
      'invalid_value',
    ],
    [
      'a data URL that is not base64',
      '{"images":[{"image_url":"data:image/png,%89PNG"}]}',
      'images[0].image_url',
      'invalid_image_url',
    ],
    [
      'a data URL without its comma',
      '{"images":[{"image_url":"data:image/png;base64"}]}',
      'images[0].image_url',
      'invalid_image_url',
    ],
    [
      'a data URL without a media type',
      '{"images":[{"image_url":"data:;base64,iVBORw0KGgo="}]}',
      'images[0].image_url',
      'invalid_image_url',
    ],
    [
      'a character outside base64',
      '{"images":[{"image_url":"data:image/png;base64,iVBO$w0KGgo="}]}',
      'images[0].image_url',
      'invalid_image_url',
    ],
    [
      'data after the padding',
      '{"images":[{"image_url":"data:image/png;base64,iVBORw==0KGgo="}]}',
      'images[0].image_url',
      'invalid_image_url',
    ],
    [
      'padding that does not complete the last group',
      '{"images":[{"image_url":"data:image/png;base64,iVBORw0KGgo=="}]}',
      'images[0].image_url',
      'invalid_image_url',
    ],
    [
      'a lone last base64 character',
      '{"images":[{"image_url":"data:image/png;base64,iVBORw0KG"}]}',
      'images[0].image_url',
      'invalid_image_url',
    ],
    [
      'a malformed mask data URL',
      '{"images":[{"file_id":"f"}],"mask":{"image_url":"data:image/png;base64,@@@@"}}',
      'mask.image_url',
      'invalid_image_url',
    ],
    ['a mask that is not an object', '{"images":[{"file_id":"f"}],"mask":"file-2"}', 'mask', 'invalid_type'],
    [
      'a field over 256 KB',
      JSON.stringify({ ...valid, prompt: 'x'.repeat(256 * 1024 + 1) }),
      'prompt',
      'string_above_max_length',
    ],
    [
      'an unknown field over 256 KB',
      JSON.stringify({ ...valid, extra: ['x'.repeat(200 * 1024), 'y'.repeat(100 * 1024)] }),
      'extra',
      'string_above_max_length',
    ],
    [
      'a repeated field',
      '{"prompt":"a","images":[{"file_id":"f"}],"prompt":"b"}',
      'prompt',
      'duplicate_parameter',
    ],
    [
      'a repeated key in an image',
      '{"images":[{"file_id":"f","file_id":"g"}]}',
      'images[0].file_id',
      'duplicate_parameter',
    ],
  ];

  it.each(cases)('refuses %s with a 400 naming its param', async (_name, body, param, code) => {
    // Sent in pieces and read to the end: the 400 comes back on a connection that stays open.
    const response = await post(server.url, inPieces(body, 5));
    expect(response.status).toBe(400);
    expect(response.json.error).toMatchObject({ param, code, type: 'invalid_request_error' });
    expect(response.connection).not.toBe('close');
  });

  it(`refuses a data URL over ${MAX_IMAGE_URL_CHARS} characters with a 400 naming it`, async () => {
    async function* body(): AsyncGenerator<Uint8Array> {
      yield Buffer.from('{"images":[{"file_id":"f"},{"image_url":"data:image/png;base64,');
      const piece = Buffer.alloc(64 * 1024, 'A');
      for (let sent = 0; sent <= MAX_IMAGE_URL_CHARS; sent += piece.length) yield piece;
      yield Buffer.from('"}]}');
    }
    const response = await post(server.url, body());
    expect(response.status).toBe(400);
    expect(response.json.error).toMatchObject({
      param: 'images[1].image_url',
      code: 'string_above_max_length',
    });
  });

  it('removes the directory when the handler throws', async () => {
    server.inspect = async () => {
      throw new Error('handler failed');
    };
    await expect(post(server.url, JSON.stringify(valid))).rejects.toThrow();
    const [outcome] = await server.settled();
    expect(outcome).toEqual(new Error('handler failed'));
  });

  it('removes the directory when the client aborts in the middle of a data URL', async () => {
    const client = httpRequest(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    client.on('error', () => undefined);
    client.write(`{"images":[{"image_url":"data:image/png;base64,${'A'.repeat(1024 * 1024)}`);
    // Wait until the server is decoding the data URL into its file, then cut the connection.
    const deadline = Date.now() + 10_000;
    while (!(await spooledNames(server.spoolRoot)).includes('image-0') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(await spooledNames(server.spoolRoot)).toContain('image-0');
    client.destroy();
    const [outcome] = await server.settled();
    expect(outcome).toBeInstanceOf(Error);
  });
});

/** The names inside each request directory under the spool root. */
async function spooledNames(spoolRoot: string): Promise<string[]> {
  const directories = await readdir(spoolRoot);
  const names = await Promise.all(directories.map((name) => readdir(join(spoolRoot, name)).catch(() => [])));
  return names.flat();
}

describe('the size limit', () => {
  let small: TestServer;
  beforeAll(async () => {
    small = await startServer(1);
  });
  afterAll(() => small.close());
  afterEach(async () => {
    await small.settled();
    expect(await readdir(small.spoolRoot)).toEqual([]);
  });

  const limit = maxJsonEditRequestBytes(1);

  it('answers 413 at once to a declared length over the limit, reading none of it', async () => {
    const response = await rawPost(small.url, { 'content-length': String(limit + 1) }, (client) =>
      client.write('{'),
    );
    expect(response.status).toBe(413);
    expect(response.headers.connection).toBe('close');
    expect(JSON.parse(response.body)).toMatchObject({
      error: { code: 'request_too_large', type: 'invalid_request_error', param: null },
    });
  });

  it('answers 413 as soon as a streamed body passes the limit', async () => {
    let written = 0;
    const response = await rawPost(small.url, { 'transfer-encoding': 'chunked' }, (client) => {
      const piece = Buffer.alloc(64 * 1024, ' ');
      const pump = () => {
        while (written <= limit + piece.length && !client.destroyed) {
          written += piece.length;
          if (!client.write(written === piece.length ? Buffer.from('{"a":1') : piece)) {
            client.once('drain', pump);
            return;
          }
        }
      };
      pump();
    });
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'request_too_large' } });
    expect(written).toBeGreaterThan(limit);
  });
});

/**
 * A POST whose body `write` sends without ending it: the answer must come while the client is still
 * sending (or has stopped), which fetch-style clients do not expose.
 */
function rawPost(
  url: string,
  headers: Record<string, string>,
  write: (client: ReturnType<typeof httpRequest>) => void,
): Promise<{ status: number; headers: IncomingMessage['headers']; body: string }> {
  return new Promise((resolve, reject) => {
    const client = httpRequest(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
    });
    client.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        resolve({
          status: response.statusCode!,
          headers: response.headers,
          body: Buffer.concat(chunks).toString(),
        });
        client.destroy();
      });
    });
    client.on('error', reject);
    write(client);
  });
}

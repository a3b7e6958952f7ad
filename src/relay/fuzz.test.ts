/**
 * Bad input (issues 6 and 16): 1,000+ requests from a seeded generator — broken JSON, wrong types, missing
 * fields, absurd sizes, 100 kB prompts, broken multipart bodies, truncated or lying files, PNGs with broken
 * chunks, decompression bombs, as uploads and as data URLs, bad masks, 17 images, empty files, 60 MB files,
 * and bytes Node's HTTP parser refuses (bad chunking, oversized headers, Content-Length with
 * Transfer-Encoding). Each is judged by the contract's rules: a bad request gets a 4xx in OpenAI's error
 * shape naming the field at fault and never reaches the upstream; a request that is only odd (a prompt of
 * control characters, a field this contract does not know) is forwarded, by design. The relay must stay up,
 * the upload spool end up empty, memory stay within 100 MB, and no byte returned carry the key.
 */
import { connect } from 'node:net';
import { request } from 'node:http';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { isApiErrorBody, type ApiErrorBody } from '../contract/index.ts';
import { makeBombPng } from './testing/fakeOpenAI.ts';
import { makeJpeg, makePng, startRelayHarness, TEST_API_KEY, type RelayHarness } from './testing/harness.ts';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const SEED = 0x5eed_0006;
const CONCURRENCY = 8;

/** mulberry32: a tiny seeded generator, so a failing case can be replayed exactly. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface FilePart {
  field: string;
  filename: string;
  type: string;
  bytes: Buffer | { repeat: Buffer; times: number };
}

interface FuzzCase {
  name: string;
  /** The param the refusal must name; null when no single field is at fault (a body that cannot be read). */
  param: string | null;
  path: '/v1/images/generations' | '/v1/images/edits';
  contentType: string;
  body: Buffer | (() => Readable);
  /** 'forward': valid by the contract's rules, however odd, so it must reach the upstream and succeed. */
  expect?: 'refuse' | 'forward';
  /** Bytes written to a raw socket instead (requests Node's parser refuses); `body` is then unused. */
  raw?: Buffer;
}

let harness: RelayHarness;
let png: Buffer;
let pngWithAlpha: Buffer;
let smallMask: Buffer;
let jpeg: Buffer;
let bomb: Buffer;

beforeAll(async () => {
  harness = await startRelayHarness('fake');
  [png, pngWithAlpha, smallMask, jpeg] = await Promise.all([
    makePng(64, 64),
    makePng(64, 64, { alpha: true }),
    makePng(32, 32, { alpha: true }),
    makeJpeg(64, 64),
  ]);
  bomb = makeBombPng(16_000, 16_000);
});
afterAll(() => harness.close());

const VALID_GENERATION = {
  model: 'gpt-image-2',
  prompt: 'a lighthouse at dusk',
  size: '1024x1024',
  quality: 'low',
  n: 1,
  stream: true,
  partial_images: 1,
  output_format: 'png',
};

/** Values each generation field must refuse (the field is then the param at fault); null would mean the default. */
const WRONG_VALUES: Record<string, unknown[]> = {
  prompt: [123, null, '', true, {}, [], 'x'.repeat(100 * 1024)],
  // A model id the catalogue does not know is passed on (a new model works the day it ships).
  model: [42, null, '', ['gpt-image-2'], 'gpt-image-1.5'],
  n: ['2', 0, 11, 1.5, -1, 1e9],
  size: ['99999x99999', '0x0', '1024x', '-5x10', 12, 'big', '1024 x 1024', '1024x1024x3'],
  quality: ['ultra', 3, 'HIGH', 'xhigh'],
  stream: ['yes', 1, 'true'],
  partial_images: [9, -1, '2', 1.5],
  background: ['clear', 0, true],
  output_format: ['gif', 7, 'PNG'],
  output_compression: [101, -1, 'high', 2.5],
  moderation: ['none', 1],
  user: [42, {}],
};

const EDIT_FIELDS: [string, string][] = [
  ['model', 'gpt-image-2.5-flare'],
  ['prompt', 'make it dusk'],
];

function multipart(
  boundary: string,
  fields: readonly [string, string][],
  files: readonly FilePart[],
  close = true,
): Buffer[] {
  const chunks: Buffer[] = [];
  for (const [name, value] of fields) {
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  for (const file of files) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.filename}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
    );
    if (Buffer.isBuffer(file.bytes)) chunks.push(file.bytes);
    else for (let index = 0; index < file.bytes.times; index += 1) chunks.push(file.bytes.repeat);
    chunks.push(Buffer.from('\r\n'));
  }
  if (close) chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return chunks;
}

function editCase(
  name: string,
  param: string | null,
  fields: readonly [string, string][],
  files: readonly FilePart[],
): FuzzCase {
  const boundary = 'fuzz-boundary-0006';
  const huge = files.some((file) => !Buffer.isBuffer(file.bytes));
  return {
    name,
    param,
    path: '/v1/images/edits',
    contentType: `multipart/form-data; boundary=${boundary}`,
    // A 60 MB file is generated while it is sent, from one 1 MB buffer, rather than allocated.
    body: huge
      ? () => Readable.from(multipart(boundary, fields, files))
      : Buffer.concat(multipart(boundary, fields, files)),
  };
}

const image = (bytes: Buffer, type = 'image/png', field = 'image[]'): FilePart => ({
  field,
  filename: 'in.png',
  type,
  bytes,
});

/** Where a PNG's first IDAT chunk starts (its length field) and how long its data is. */
function firstIdat(bytes: Buffer): { offset: number; length: number } {
  for (let offset = 8; offset + 8 <= bytes.length; offset += 12 + bytes.readUInt32BE(offset)) {
    if (bytes.toString('latin1', offset + 4, offset + 8) === 'IDAT') {
      return { offset, length: bytes.readUInt32BE(offset) };
    }
  }
  throw new Error('no IDAT chunk');
}

function withByte(bytes: Buffer, offset: number, value: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[offset] = value;
  return copy;
}

function generateCases(random: () => number): FuzzCase[] {
  const idat = firstIdat(png);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const json = (body: unknown, param: string | null, name: string): FuzzCase => ({
    name,
    param,
    path: '/v1/images/generations',
    contentType: 'application/json',
    body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
  });
  const cases: FuzzCase[] = [];

  const valid = JSON.stringify(VALID_GENERATION);
  for (let index = 0; index < 60; index += 1) {
    const cut = 1 + Math.floor(random() * (valid.length - 1));
    cases.push(json(valid.slice(0, cut), null, `JSON cut at ${cut}`));
  }
  for (let index = 0; index < 20; index += 1) {
    const noise = Buffer.from(
      Array.from({ length: 1 + Math.floor(random() * 200) }, () => Math.floor(random() * 256)),
    );
    cases.push({
      ...json('', null, `random bytes #${index}`),
      body: Buffer.concat([Buffer.from('{'), noise]),
    });
  }
  for (const body of ['null', '[]', '"prompt"', '42', 'true', '']) {
    cases.push(json(body, null, `JSON that is not an object: ${body || '(empty)'}`));
  }
  for (let index = 0; index < 350; index += 1) {
    const field = pick(Object.keys(WRONG_VALUES));
    const value = pick(WRONG_VALUES[field]!);
    cases.push(
      json(
        { ...VALID_GENERATION, [field]: value },
        field,
        `${field} = ${JSON.stringify(value)?.slice(0, 40)}`,
      ),
    );
  }
  for (let index = 0; index < 30; index += 1) {
    const kept = Object.fromEntries(
      Object.entries(VALID_GENERATION).filter(([key]) => key !== 'prompt' && random() < 0.7),
    );
    cases.push(json(kept, 'prompt', 'prompt missing'));
  }

  const fileFaults: (() => FuzzCase)[] = [
    () =>
      editCase('truncated PNG', 'image[0]', EDIT_FIELDS, [
        image(png.subarray(0, 1 + Math.floor(random() * 23))),
      ]),
    () => editCase('empty file', 'image[0]', EDIT_FIELDS, [image(Buffer.alloc(0))]),
    () =>
      editCase('text posing as a PNG', 'image[0]', EDIT_FIELDS, [image(Buffer.from('<svg>not a png</svg>'))]),
    () => editCase('JPEG declared as PNG', 'image[0]', EDIT_FIELDS, [image(jpeg)]),
    () =>
      editCase('PNG declared as octet-stream', 'image[0]', EDIT_FIELDS, [
        image(png, 'application/octet-stream'),
      ]),
    () => editCase('second image bad', 'image[1]', EDIT_FIELDS, [image(png), image(png.subarray(0, 10))]),
    () =>
      editCase(
        '17 images',
        'image',
        EDIT_FIELDS,
        Array.from({ length: 17 }, () => image(png)),
      ),
    () => editCase('no image', 'image', EDIT_FIELDS, []),
    () =>
      editCase('mask without alpha', 'mask', EDIT_FIELDS, [
        image(pngWithAlpha),
        image(png, 'image/png', 'mask'),
      ]),
    () =>
      editCase('mask of the wrong size', 'mask', EDIT_FIELDS, [
        image(png),
        image(smallMask, 'image/png', 'mask'),
      ]),
    () => editCase('JPEG mask', 'mask', EDIT_FIELDS, [image(png), image(jpeg, 'image/jpeg', 'mask')]),
    () =>
      editCase('two masks', 'mask', EDIT_FIELDS, [
        image(png),
        image(pngWithAlpha, 'image/png', 'mask'),
        image(pngWithAlpha, 'image/png', 'mask'),
      ]),
    () =>
      editCase('image and image[] mixed', 'image', EDIT_FIELDS, [
        image(png, 'image/png', 'image'),
        image(png),
      ]),
    () =>
      editCase('only a file under an unknown name', 'image', EDIT_FIELDS, [
        image(png, 'image/png', 'picture'),
      ]),
    () => editCase('prompt missing', 'prompt', [['model', 'gpt-image-2.5-flare']], [image(png)]),
    () =>
      editCase('n not a number', 'n', [...EDIT_FIELDS, ['n', pick(['x', '0', '99', '1.5'])]], [image(png)]),
    () =>
      editCase(
        'absurd size',
        'size',
        [...EDIT_FIELDS, ['size', pick(['99999x99999', '0x0', 'wide'])]],
        [image(png)],
      ),
    () =>
      editCase(
        '100 kB prompt',
        'prompt',
        [
          ['model', 'gpt-image-2.5-flare'],
          ['prompt', 'y'.repeat(100 * 1024)],
        ],
        [image(png)],
      ),
    () => editCase('duplicate prompt', 'prompt', [...EDIT_FIELDS, ['prompt', 'again']], [image(png)]),
  ];
  for (let index = 0; index < 190; index += 1) cases.push(pick(fileFaults)());

  const boundaryFaults: (() => FuzzCase)[] = [
    () => ({
      ...editCase('boundary mismatch', null, EDIT_FIELDS, [image(png)]),
      contentType: 'multipart/form-data; boundary=other',
    }),
    () => ({
      ...editCase('no boundary', null, EDIT_FIELDS, [image(png)]),
      contentType: 'multipart/form-data',
    }),
    () => ({
      ...editCase('JSON sent to edits', null, EDIT_FIELDS, [image(png)]),
      contentType: 'application/json',
    }),
    () => {
      const whole = Buffer.concat(multipart('cut', EDIT_FIELDS, [image(png)], false));
      const cut = 10 + Math.floor(random() * (whole.length - 10));
      return {
        ...editCase('body cut short', null, [], []),
        contentType: 'multipart/form-data; boundary=cut',
        body: whole.subarray(0, cut),
      };
    },
  ];
  for (let index = 0; index < 40; index += 1) cases.push(pick(boundaryFaults)());

  // PNGs whose chunks are broken where no header sniffing looks (issue 16: 9 such files reached upstream).
  const damagedPngs: (() => [string, Buffer])[] = [
    () => {
      const at = idat.offset + 8 + Math.floor(random() * idat.length);
      return [`IDAT byte ${at} flipped`, withByte(png, at, png[at]! ^ (1 + Math.floor(random() * 255)))];
    },
    () => {
      const cut = idat.offset + 8 + Math.floor(random() * (png.length - idat.offset - 9));
      return [`cut at ${cut} of ${png.length}`, png.subarray(0, cut)];
    },
    () => {
      const copy = Buffer.from(png);
      copy.writeUInt32BE(idat.length + 1 + Math.floor(random() * 1000), idat.offset);
      return ['IDAT length lies', copy];
    },
    () => ['IHDR CRC flipped', withByte(png, 29, png[29]! ^ 0xff)],
    () => ['no IEND', png.subarray(0, png.length - 12)],
  ];
  for (let index = 0; index < 150; index += 1) {
    const [what, bytes] = pick(damagedPngs)();
    const second = random() < 0.3;
    cases.push(
      editCase(`damaged PNG (${what})`, second ? 'image[1]' : 'image[0]', EDIT_FIELDS, [
        ...(second ? [image(png)] : []),
        image(bytes),
      ]),
    );
  }
  for (let index = 0; index < 30; index += 1) {
    const second = random() < 0.5;
    cases.push(
      editCase('decompression bomb, 16000x16000', second ? 'image[1]' : 'image[0]', EDIT_FIELDS, [
        ...(second ? [image(png)] : []),
        image(bomb),
      ]),
    );
  }
  // The same files as data URLs of a JSON edit.
  for (let index = 0; index < 60; index += 1) {
    const [what, bytes] = random() < 0.25 ? ['a bomb', bomb] : pick(damagedPngs)();
    const body = {
      model: 'gpt-image-2',
      prompt: 'make it dusk',
      images: [{ image_url: `data:image/png;base64,${bytes.toString('base64')}` }],
    };
    cases.push(json(body, 'images[0].image_url', `JSON edit with ${what}`));
    cases.at(-1)!.path = '/v1/images/edits';
  }

  // Valid by every rule, however odd: the API takes any string as a prompt, and a field this contract
  // does not know goes on (a new API field works the day it ships).
  const oddCharacters = [
    '\u0000',
    '\u0007',
    '\ufffe',
    '\uffff',
    '\u001b[31m',
    '\ud800',
    '\u200b',
    '\r\n',
    '\ufeff',
  ];
  for (let index = 0; index < 100; index += 1) {
    const odd = Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(oddCharacters)).join('');
    const body =
      random() < 0.8
        ? { model: 'gpt-image-2', prompt: `a lighthouse ${odd} at dusk`, n: 1 }
        : { model: 'gpt-image-2', prompt: 'a lighthouse', future_field: { odd } };
    cases.push({ ...json(body, null, `forwarded: ${JSON.stringify(body).slice(0, 60)}`), expect: 'forward' });
  }

  // Bytes Node's parser refuses before any route runs; answered in the API's shape all the same.
  const rawFaults: (() => [string, string])[] = [
    () => [
      'bad chunk size',
      'POST /v1/images/generations HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n',
    ],
    () => [
      'Content-Length with Transfer-Encoding',
      'POST /v1/images/generations HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n',
    ],
    () => [
      'header overflow',
      `POST /v1/images/edits HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: ${'a'.repeat(17 * 1024 + Math.floor(random() * 8192))}\r\n\r\n`,
    ],
    () => ['a header line without a colon', 'POST /v1/images/generations HTTP/1.1\r\nHost 127.0.0.1\r\n\r\n'],
    () => ['not HTTP at all', `\u0016\u0003\u0001${'x'.repeat(Math.floor(random() * 50))}\r\n\r\n`],
  ];
  for (let index = 0; index < 60; index += 1) {
    const [what, raw] = pick(rawFaults)();
    cases.push({ ...json('', null, `parser: ${what}`), raw: Buffer.from(raw, 'latin1') });
  }

  const megabyte = Buffer.alloc(1024 * 1024, 7);
  png.copy(megabyte, 0, 0, 64);
  for (let index = 0; index < 2; index += 1) {
    cases.push(
      editCase('60 MB image', 'image[0]', EDIT_FIELDS, [
        { field: 'image[]', filename: 'huge.png', type: 'image/png', bytes: { repeat: megabyte, times: 60 } },
      ]),
    );
  }
  return cases;
}

interface Answer {
  status: number;
  text: string;
  /** Every byte of the head, for the scan for the key. */
  head: string;
}

/** Writes raw bytes and reads the answer until the relay closes the connection. */
function sendRaw(port: number, raw: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    // The relay may close while the rest of an oversized head is still being written.
    socket.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'ECONNRESET' ? undefined : reject(error),
    );
    socket.on('close', () => {
      const whole = Buffer.concat(chunks).toString('utf8');
      const split = whole.indexOf('\r\n\r\n');
      resolve({
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(whole)?.[1] ?? 0),
        head: whole.slice(0, split),
        text: split === -1 ? '' : whole.slice(split + 4),
      });
    });
    socket.end(raw);
  });
}

function send(url: string, fuzzCase: FuzzCase, caseId: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const call = request(
      `${url}${fuzzCase.path}`,
      // The idempotency key is one of the headers the relay passes on: it says which case reached upstream.
      { method: 'POST', headers: { 'content-type': fuzzCase.contentType, 'idempotency-key': caseId } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8'),
            head: `${response.statusCode} ${response.rawHeaders.join('\n')}`,
          }),
        );
        response.on('error', reject);
      },
    );
    // The relay may answer and close before a refused upload was fully sent; the answer is what counts.
    call.on('error', reject);
    if (Buffer.isBuffer(fuzzCase.body)) call.end(fuzzCase.body);
    else fuzzCase.body().on('error', reject).pipe(call);
  });
}

/** Live memory: what the heap and Buffers hold once garbage is collected. */
function liveBytes(): number {
  collectGarbage();
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
}

it('refuses 1,000+ malformed requests in the API shape, naming the field, and forwards only the valid', async () => {
  const cases = generateCases(seededRandom(SEED));
  expect(cases.length).toBeGreaterThanOrEqual(1000);
  const failures: string[] = [];
  const forwarded = new Set<string>();
  let keyLeaks = 0;
  const before = { live: liveBytes(), rss: process.memoryUsage().rss };
  let next = 0;
  async function worker() {
    while (next < cases.length) {
      const caseId = `fuzz-${next}`;
      const fuzzCase = cases[next]!;
      next += 1;
      const { status, text, head } = fuzzCase.raw
        ? await sendRaw(harness.port, fuzzCase.raw)
        : await send(harness.url, fuzzCase, caseId);
      if (`${head}${text}`.includes(TEST_API_KEY)) keyLeaks += 1;
      if (fuzzCase.expect === 'forward') {
        forwarded.add(caseId);
        if (status !== 200)
          failures.push(`${fuzzCase.name}: ${status} (forwarded by design) ${text.slice(0, 160)}`);
        continue;
      }
      let body: unknown = null;
      try {
        body = JSON.parse(text);
      } catch {
        // Reported below as not the API shape.
      }
      const error = isApiErrorBody(body) ? (body as ApiErrorBody).error : null;
      const shaped = error !== null && ['type', 'param', 'code'].every((key) => key in error);
      if (status < 400 || status >= 500 || !shaped || error.param !== fuzzCase.param) {
        failures.push(`${fuzzCase.name}: ${status} param=${String(error?.param)} ${text.slice(0, 160)}`);
      }
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const growth = { live: liveBytes() - before.live, rss: process.memoryUsage().rss - before.rss };

  expect(failures).toEqual([]);
  expect(keyLeaks).toBe(0);
  // Exactly the valid requests reached the upstream, each once.
  const arrived = harness.fake!.requests.map((record) => String(record.headers['idempotency-key']));
  expect(arrived.sort()).toEqual([...forwarded].sort());
  expect((await fetch(`${harness.url}/healthz`)).status).toBe(200);
  expect(await harness.spoolEntries()).toEqual([]);
  // What the relay (with the fake upstream and this client, in the same process) still holds: 16 MB measured.
  expect(growth.live).toBeLessThan(100 * 1024 * 1024);
  // RSS counts this client's two 60 MB uploads too, and memory the allocator keeps after they are freed
  // (~110 MB measured with the live growth above at 16 MB); a leak of the bodies would be gigabytes.
  expect(growth.rss).toBeLessThan(200 * 1024 * 1024);
}, 60_000);

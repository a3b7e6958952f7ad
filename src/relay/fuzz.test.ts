/**
 * Bad input (issue 6): 500+ malformed requests from a seeded generator — broken JSON, wrong types, missing
 * fields, absurd sizes, 100 kB prompts, broken multipart bodies, truncated or lying files, bad masks, 17
 * images, empty files, 60 MB files. Every one must get a 4xx in OpenAI's error shape naming the field at
 * fault, none may reach the upstream, the relay must stay up, and the upload spool must end up empty.
 */
import { request } from 'node:http';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { isApiErrorBody, type ApiErrorBody } from '../contract/index.ts';
import { makeJpeg, makePng, startRelayHarness, type RelayHarness } from './testing/harness.ts';

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
}

let harness: RelayHarness;
let png: Buffer;
let pngWithAlpha: Buffer;
let smallMask: Buffer;
let jpeg: Buffer;

beforeAll(async () => {
  harness = await startRelayHarness('fake');
  [png, pngWithAlpha, smallMask, jpeg] = await Promise.all([
    makePng(64, 64),
    makePng(64, 64, { alpha: true }),
    makePng(32, 32, { alpha: true }),
    makeJpeg(64, 64),
  ]);
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

function generateCases(random: () => number): FuzzCase[] {
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
  for (let index = 0; index < 200; index += 1) {
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

function send(url: string, fuzzCase: FuzzCase): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const call = request(
      `${url}${fuzzCase.path}`,
      { method: 'POST', headers: { 'content-type': fuzzCase.contentType } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
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

it('refuses 500+ malformed requests in the API shape, naming the field, without calling upstream', async () => {
  const cases = generateCases(seededRandom(SEED));
  expect(cases.length).toBeGreaterThanOrEqual(500);
  const failures: string[] = [];
  let next = 0;
  async function worker() {
    while (next < cases.length) {
      const fuzzCase = cases[next]!;
      next += 1;
      const { status, text } = await send(harness.url, fuzzCase);
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

  expect(failures).toEqual([]);
  expect(harness.fake!.requests).toHaveLength(0);
  expect((await fetch(`${harness.url}/healthz`)).status).toBe(200);
  expect(await harness.spoolEntries()).toEqual([]);
}, 60_000);

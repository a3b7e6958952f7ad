/**
 * Security extras of issue 6: the optional per-client rate limit, the JSON size limit, no key in the URLs
 * the relay calls, and no key anywhere in the browser bundle, built here with the key in the environment.
 * Issue 16: the key masked wherever an upstream echoes it, bodies that lie about their type refused, the
 * page's security headers, and the Vite dev server's origin trusted only through `npm run dev`'s proxy.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI, { toFile } from 'openai';
import { build, createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JSON_BODY_BYTES } from './server.ts';
import { createHold } from './testing/fakeOpenAI.ts';
import {
  makePng,
  parseSseFrames,
  startRelayHarness,
  TEST_API_KEY,
  type RelayHarness,
} from './testing/harness.ts';

const RATE_LIMIT = 3;
let harness: RelayHarness;

beforeAll(async () => {
  harness = await startRelayHarness('fake', { STUDIO_RATE_LIMIT: String(RATE_LIMIT) });
});
afterAll(() => harness.close());

const generate = (body: string) =>
  fetch(`${harness.url}/v1/images/generations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });

describe('request limits', () => {
  it('answers 413 in the API shape to a JSON body over the limit, before reading it all', async () => {
    const before = harness.fake!.requests.length;
    const prompt = 'x'.repeat(MAX_JSON_BODY_BYTES);
    const response = await generate(JSON.stringify({ model: 'gpt-image-2', prompt }));
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({
      error: { code: 'request_too_large', type: 'invalid_request_error' },
    });
    expect(harness.fake!.requests.length).toBe(before);
  });

  it(`lets each client start ${RATE_LIMIT} image requests a minute, then answers 429 with retry-after`, async () => {
    const before = harness.fake!.requests.length;
    const body = JSON.stringify({ model: 'gpt-image-2', prompt: 'a cat' });
    // The refused JSON above counted too: a refusal still costs the relay work.
    const statuses: number[] = [];
    for (let index = 0; index < RATE_LIMIT; index += 1) statuses.push((await generate(body)).status);
    const limited = await generate(body);

    expect(statuses).toEqual([200, 200, 429]);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(50);
    expect(await limited.json()).toMatchObject({
      error: { type: 'requests', code: 'rate_limit_exceeded', param: null },
    });
    expect(harness.fake!.requests.length - before).toBe(2);
    // The studio's own routes stay open, so it can still show what happened.
    expect((await fetch(`${harness.url}/api/config`)).status).toBe(200);
  });

  it('calls the upstream with the key in a header only, never in a URL', () => {
    expect(harness.fake!.requests.length).toBeGreaterThan(0);
    for (const request of harness.fake!.requests) {
      expect(request.path).toBe('/v1/images/generations');
      expect(request.headers.authorization).toBe(`Bearer ${TEST_API_KEY}`);
    }
  });
});

describe('the browser bundle', () => {
  it('does not contain the key, even when built with OPENAI_API_KEY in the environment', async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'atelier-bundle-'));
    const saved = process.env.OPENAI_API_KEY;
    process.env.OPENAI_API_KEY = TEST_API_KEY;
    try {
      await build({ root: process.cwd(), logLevel: 'silent', build: { outDir, emptyOutDir: true } });
      const files = await readdir(outDir, { recursive: true, withFileTypes: true });
      const texts = await Promise.all(
        files
          .filter((file) => file.isFile())
          .map((file) => readFile(join(file.parentPath, file.name), 'utf8')),
      );
      expect(texts.length).toBeGreaterThan(2);
      expect(texts.some((text) => text.includes('Generate'))).toBe(true);
      for (const text of texts) expect(text).not.toContain(TEST_API_KEY);
    } finally {
      if (saved === undefined) delete process.env.OPENAI_API_KEY;
      else process.env.OPENAI_API_KEY = saved;
      await rm(outDir, { recursive: true, force: true });
    }
  }, 120_000);
});

const MASKED_KEY = '*'.repeat(TEST_API_KEY.length);
const GENERATION = JSON.stringify({ model: 'gpt-image-2', prompt: 'a cat' });
const STREAMED_GENERATION = JSON.stringify({
  model: 'gpt-image-2',
  prompt: 'a cat',
  stream: true,
  partial_images: 1,
});

function post(harness: RelayHarness, path: string, body: BodyInit, headers: Record<string, string> = {}) {
  return fetch(`${harness.url}${path}`, { method: 'POST', headers, body });
}

describe('an upstream that echoes the key', () => {
  let harness: RelayHarness;
  let client: OpenAI;
  beforeAll(async () => {
    harness = await startRelayHarness('fake');
    // The relay has no access token, so the client's key is whatever; the relay sends its own upstream.
    client = new OpenAI({ apiKey: 'studio', baseURL: `${harness.url}/v1`, maxRetries: 0 });
  });
  afterAll(() => harness.close());

  it('has it masked in a 401 body and a header, with the body length still true', async () => {
    harness.fake!.plan({ echoKey: 'error' });
    const response = await post(harness, '/v1/images/generations', GENERATION, {
      'content-type': 'application/json',
    });
    const text = await response.text();
    expect(response.status).toBe(401);
    expect(text).toContain(`Incorrect API key provided: ${MASKED_KEY}.`);
    expect(text).not.toContain(TEST_API_KEY);
    expect(Number(response.headers.get('content-length'))).toBe(Buffer.byteLength(text));
    const requestId = response.headers.get('x-request-id')!;
    expect(requestId.startsWith('req_fake_')).toBe(true);
    expect(requestId.endsWith(`_${MASKED_KEY}`)).toBe(true);
    expect(JSON.stringify([...response.headers])).not.toContain(TEST_API_KEY);
    // What the fake got is the real key: the echo was real.
    expect(harness.fake!.requests.at(-1)!.headers.authorization).toBe(`Bearer ${TEST_API_KEY}`);
  });

  it('has it masked in an SSE error frame that splits it across two reads, holding back only its start', async () => {
    const hold = createHold();
    harness.fake!.plan({ echoKey: 'stream', holdFrame: { index: 2, hold } });
    const response = await post(harness, '/v1/images/generations', STREAMED_GENERATION, {
      'content-type': 'application/json',
    });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const read = async () => {
      const { value, done } = await reader.read();
      if (!done) text += decoder.decode(value, { stream: true });
      return !done;
    };
    // Everything before the key arrives; the key's first half, sent by the fake, waits in the relay.
    while (!text.includes('Incorrect API key provided: ')) expect(await read()).toBe(true);
    await hold.reached;
    expect(text.endsWith('Incorrect API key provided: ')).toBe(true);
    hold.release();
    while (await read());

    expect(text).not.toContain(TEST_API_KEY);
    expect(text).not.toContain(TEST_API_KEY.slice(0, 8));
    const frames = parseSseFrames(text);
    expect(frames[0]).toMatchObject({ event: 'image_generation.partial_image' });
    expect(frames[1]).toMatchObject({
      event: 'error',
      data: { error: { code: 'invalid_api_key', message: expect.stringContaining(MASKED_KEY) } },
    });
  });

  it.each([
    [
      "a proxy's HTML page",
      'text/html',
      `<html><head><title>Denied: ${TEST_API_KEY}</title></head><body>key ${TEST_API_KEY}</body></html>`,
    ],
    // A message long enough that a quote of it is cut partway through the key.
    [
      "a gateway's own JSON",
      'application/json',
      JSON.stringify({ message: `${'x'.repeat(280)} ${TEST_API_KEY}` }),
    ],
  ])('has it, whole or cut short, kept out of %s and its headers', async (_name, type, body) => {
    harness.fake!.plan({
      status: 403,
      headers: { 'content-type': type, 'x-request-id': `req_${TEST_API_KEY}` },
      body,
    });
    const response = await post(harness, '/v1/images/generations', GENERATION, {
      'content-type': 'application/json',
    });
    const text = await response.text();
    expect(response.status).toBe(403);
    expect(`${text} ${JSON.stringify([...response.headers])}`).not.toContain(TEST_API_KEY.slice(0, 12));
  });

  it("never lets it into the official SDK's errors, plain or streamed", async () => {
    harness.fake!.plan({ echoKey: 'error' });
    const plain = await client.images
      .generate({ model: 'gpt-image-2', prompt: 'a cat' })
      .catch((error: unknown) => error);
    expect(plain).toBeInstanceOf(OpenAI.AuthenticationError);
    const { message, requestID } = plain as InstanceType<typeof OpenAI.AuthenticationError>;
    expect(message).toContain(MASKED_KEY);
    expect(`${message} ${requestID}`).not.toContain(TEST_API_KEY);

    harness.fake!.plan({ echoKey: 'stream' });
    const stream = await client.images.generate({
      model: 'gpt-image-2',
      prompt: 'a cat',
      stream: true,
      partial_images: 1,
    });
    const events: string[] = [];
    const streamed = await (async () => {
      for await (const event of stream) events.push(event.type);
    })().catch((error: unknown) => error);
    expect(events).toEqual(['image_generation.partial_image']);
    expect(streamed).toBeInstanceOf(OpenAI.APIError);
    expect((streamed as Error).message).toContain(MASKED_KEY);
    expect((streamed as Error).message).not.toContain(TEST_API_KEY);
  });
});

describe('bodies that lie about their type', () => {
  let harness: RelayHarness;
  beforeAll(async () => {
    harness = await startRelayHarness('fake');
  });
  afterAll(() => harness.close());

  it.each([
    ['text/plain'],
    ['text/plain;charset=UTF-8'],
    ['application/x-www-form-urlencoded'],
    ['multipart/form-data; boundary=x'],
    ['application/jsonx'],
    ['application/json-seq'],
    ['text/json'],
    [null],
  ])(
    'refuses a JSON generation sent as %s (null: no type), before anything reaches the upstream',
    async (type) => {
      const before = harness.fake!.requests.length;
      // A byte body, unlike a string, makes fetch send no type of its own.
      const response = await post(
        harness,
        '/v1/images/generations',
        Buffer.from(GENERATION),
        type ? { 'content-type': type } : {},
      );
      expect(response.status).toBe(400);
      const { error } = (await response.json()) as { error: Record<string, unknown> };
      expect(error).toMatchObject({
        type: 'invalid_request_error',
        param: null,
        code: 'unsupported_content_type',
      });
      expect(error.message).toContain("only accepts 'application/json' requests");
      expect(error.message).toContain(type ? `'Content-Type: ${type}'` : 'no Content-Type header');
      expect(harness.fake!.requests.length).toBe(before);
    },
  );

  it('refuses an edit that is neither a form nor JSON, naming both', async () => {
    const response = await post(harness, '/v1/images/edits', 'image=cat.png&prompt=hat', {
      'content-type': 'text/plain',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: {
        code: 'unsupported_content_type',
        message: expect.stringContaining("only accepts 'multipart/form-data' or 'application/json' requests"),
      },
    });
    expect(harness.fake!.requests).toHaveLength(0);
  });

  it.each(['application/json; charset=utf-8', 'Application/JSON'])('takes JSON sent as %s', async (type) => {
    const response = await post(harness, '/v1/images/generations', GENERATION, { 'content-type': type });
    expect(response.status).toBe(200);
  });

  it('takes what the official SDK sends: application/json, and multipart/form-data with its boundary', async () => {
    const client = new OpenAI({ apiKey: 'studio', baseURL: `${harness.url}/v1`, maxRetries: 0 });
    await client.images.generate({ model: 'gpt-image-2', prompt: 'a cat' });
    await client.images.edit({
      model: 'gpt-image-2',
      prompt: 'a hat',
      image: await toFile(await makePng(32, 32), 'cat.png', { type: 'image/png' }),
    });
    const [generation, edit] = harness.fake!.requests.slice(-2);
    expect(generation!.path).toBe('/v1/images/generations');
    expect(edit!.path).toBe('/v1/images/edits');
    expect(edit!.files).toHaveLength(1);
  });
});

describe("the studio page's headers", () => {
  let harness: RelayHarness;
  let dist: string;
  beforeAll(async () => {
    dist = await mkdtemp(join(tmpdir(), 'atelier-page-'));
    await mkdir(join(dist, 'assets'));
    await writeFile(join(dist, 'index.html'), '<!doctype html><title>Atelier</title>');
    await writeFile(join(dist, 'assets', 'index-Bq3xZ9aP.js'), 'export {};');
    harness = await startRelayHarness('offline', {}, dist);
  });
  afterAll(async () => {
    await harness.close();
    await rm(dist, { recursive: true, force: true });
  });

  it.each(['/', '/sessions/42'])(
    'sends %s with a CSP that forbids framing, nosniff and no referrer',
    async (path) => {
      const { headers } = await fetch(`${harness.url}${path}`);
      const policy = Object.fromEntries(
        headers
          .get('content-security-policy')!
          .split(';')
          .map((directive) => directive.trim().split(/\s+/))
          .map(([name, ...sources]) => [name, sources.join(' ')]),
      );
      expect(policy).toMatchObject({
        'default-src': "'self'",
        'script-src': "'self'",
        'style-src': "'self'",
        'img-src': "'self' blob: data:",
        'worker-src': "'self'",
        'object-src': "'none'",
        'frame-ancestors': "'none'",
      });
      expect(headers.get('x-frame-options')).toBe('DENY');
      expect(headers.get('x-content-type-options')).toBe('nosniff');
      expect(headers.get('referrer-policy')).toBe('no-referrer');
    },
  );

  it('sends the other files nosniff and without a referrer, the policy being the page’s', async () => {
    const { headers } = await fetch(`${harness.url}/assets/index-Bq3xZ9aP.js`);
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('referrer-policy')).toBe('no-referrer');
    expect(headers.get('content-security-policy')).toBeNull();
  });
});

describe('the Vite dev server origin', () => {
  let harness: RelayHarness;
  let vite: ViteDevServer;
  let devUrl: string;
  beforeAll(async () => {
    harness = await startRelayHarness('fake');
    // vite.config.ts as `npm run dev` loads it, pointed at this relay the way the dev script's PORT does.
    const savedPort = process.env.PORT;
    process.env.PORT = String(harness.port);
    try {
      vite = await createServer({
        logLevel: 'silent',
        server: { port: 0, strictPort: false, hmr: false },
        optimizeDeps: { noDiscovery: true, include: [] },
      });
    } finally {
      if (savedPort === undefined) delete process.env.PORT;
      else process.env.PORT = savedPort;
    }
    await vite.listen();
    devUrl = `http://127.0.0.1:${(vite.httpServer!.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await vite.close();
    await harness.close();
  });

  const generate = (url: string, origin: string) =>
    fetch(`${url}/v1/images/generations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: GENERATION,
    });

  it('is refused by a relay run on its own, as with npm start', async () => {
    for (const origin of ['http://127.0.0.1:5173', 'http://localhost:5173', devUrl]) {
      const response = await generate(harness.url, origin);
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ error: { code: 'origin_not_allowed' } });
    }
    expect(harness.fake!.requests).toHaveLength(0);
  });

  it("is accepted through the dev server's proxy, for the page it serves", async () => {
    const response = await generate(devUrl, devUrl);
    expect(response.status).toBe(200);
    expect(harness.fake!.requests).toHaveLength(1);
  });

  it('leaves any other page refused through the dev server', async () => {
    const response = await generate(devUrl, 'https://evil.example');
    expect(response.status).toBe(403);
    expect(harness.fake!.requests).toHaveLength(1);
  });
});

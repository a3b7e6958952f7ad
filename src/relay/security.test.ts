/**
 * Security extras of issue 6: the optional per-client rate limit, the JSON size limit, no key in the URLs
 * the relay calls, and no key anywhere in the browser bundle, built here with the key in the environment.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JSON_BODY_BYTES } from './server.ts';
import { startRelayHarness, TEST_API_KEY, type RelayHarness } from './testing/harness.ts';

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

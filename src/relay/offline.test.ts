import OpenAI from 'openai';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_MODEL,
  MAX_INPUT_IMAGE_BYTES,
  type ImagesResponse,
  type StudioConfig,
} from '../contract/index.ts';
import { makePng, parseSseFrames, startRelayHarness, type RelayHarness } from './testing/harness.ts';
import { VARIANT_INDEX_HEADER } from '../contract/index.ts';

let harness: RelayHarness;
beforeAll(async () => {
  harness = await startRelayHarness('offline');
});
afterAll(() => harness.close());

describe('offline mode over HTTP', () => {
  it('streams a generation with two partials, then the final image at the requested size', async () => {
    const response = await fetch(`${harness.url}/v1/images/generations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'gpt-image-2',
        prompt: 'a green hill under a yellow sun',
        size: '1280x720',
        output_format: 'jpeg',
        stream: true,
        partial_images: 2,
      }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(response.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);

    const frames = parseSseFrames(await response.text());
    expect(frames.map((frame) => frame.event)).toEqual([
      'image_generation.partial_image',
      'image_generation.partial_image',
      'image_generation.completed',
    ]);
    // `event:` names equal the payload's own type, as OpenAI frames them.
    for (const frame of frames) expect((frame.data as { type: string }).type).toBe(frame.event);
    expect(
      frames.slice(0, 2).map((frame) => (frame.data as { partial_image_index: number }).partial_image_index),
    ).toEqual([0, 1]);
    const final = frames[2]!.data as { b64_json: string; usage: { output_tokens: number } };
    expect(final.usage.output_tokens).toBeGreaterThan(0);
    const metadata = await sharp(Buffer.from(final.b64_json, 'base64')).metadata();
    expect(metadata).toMatchObject({ format: 'jpeg', width: 1280, height: 720 });
  });

  it('refuses what the API refuses, in the same shape', async () => {
    const response = await fetch(`${harness.url}/v1/images/generations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'gpt-image-2.5-flare',
        prompt: 'x',
        background: 'transparent',
        output_format: 'jpeg',
      }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { param: 'background', type: 'invalid_request_error' },
    });
  });

  it('sees a client that leaves mid-stream and cuts the stream (which aborts the engine signal)', async () => {
    const client = new AbortController();
    const response = await fetch(`${harness.url}/v1/images/generations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'gpt-image-2',
        prompt: 'big',
        size: '3840x2160',
        stream: true,
        partial_images: 3,
      }),
      signal: client.signal,
    });
    const reader = response.body!.getReader();
    await reader.read();
    client.abort();
    await expect.poll(() => harness.logs.some((line) => line.includes('(closed early)'))).toBe(true);
  });

  it('answers an engine refusal found before the first event with its own status and API error', async () => {
    // A PNG whose header passes the sniff but whose pixels cannot be decoded: only the engine finds out.
    const png = await makePng(64, 48);
    const corrupt = Buffer.concat([png.subarray(0, 40), Buffer.alloc(200, 9)]);
    const form = new FormData();
    form.append('image', new Blob([corrupt], { type: 'image/png' }), 'corrupt.png');
    form.append('prompt', 'fix it');
    form.append('model', 'gpt-image-2.5-sunburst');
    form.append('stream', 'true');
    const response = await fetch(`${harness.url}/v1/images/edits`, { method: 'POST', body: form });
    expect(response.status).toBe(400);
    expect(response.headers.get('x-request-id')).toMatch(/^req_/);
    expect(await response.json()).toEqual({
      error: {
        type: 'invalid_request_error',
        code: 'invalid_image_file',
        param: 'image',
        message: expect.stringMatching(/^Invalid file 'image'/),
      },
    });
    expect(await harness.spoolEntries()).toEqual([]);
  });

  it('describes itself on /api/config and answers /healthz', async () => {
    const config = (await (await fetch(`${harness.url}/api/config`)).json()) as StudioConfig;
    expect(config.upstream).toEqual({ kind: 'offline', label: 'Offline engine', host: null });
    expect(config.defaultModel).toBe(DEFAULT_MODEL);
    expect(config.models.map((model) => model.id)).toContain('gpt-image-2-2026-04-21');
    expect(config.limits).toMatchObject({
      maxInputImageBytes: MAX_INPUT_IMAGE_BYTES,
      maxReferenceImages: 16,
    });
    expect(config.accessTokenRequired).toBe(false);
    expect(await (await fetch(`${harness.url}/healthz`)).json()).toEqual({ ok: true });
  });

  it('paints the variant the studio numbers in its relay-only header, and variant 0 without one', async () => {
    const generate = async (headers: Record<string, string>) => {
      const response = await fetch(`${harness.url}/v1/images/generations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({
          model: 'gpt-image-2.6-flare',
          prompt: 'a lighthouse by the sea',
          quality: 'low',
        }),
      });
      expect(response.status).toBe(200);
      return ((await response.json()) as ImagesResponse).data[0]!.b64_json;
    };
    const [none, zero, one, again, malformed] = await Promise.all([
      generate({}),
      generate({ [VARIANT_INDEX_HEADER]: '0' }),
      generate({ [VARIANT_INDEX_HEADER]: '1' }),
      generate({ [VARIANT_INDEX_HEADER]: '1' }),
      generate({ [VARIANT_INDEX_HEADER]: '-2' }),
    ]);
    expect(zero).toBe(none);
    expect(malformed).toBe(none);
    expect(again).toBe(one);
    expect(one).not.toBe(zero);
  });

  it('answers a GIF request with one animated GIF and its usage, and refuses to stream one', async () => {
    const body = {
      model: 'gpt-image-2.6-sunburst',
      prompt: 'a yellow sun over green hills',
      size: '1024x1024',
      quality: 'low',
      output_format: 'gif',
      frame_count: 3,
      frame_duration_ms: 124,
    };
    const response = await fetch(`${harness.url}/v1/images/generations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as ImagesResponse;
    expect(answer).toMatchObject({ output_format: 'gif', size: '1024x1024', quality: 'low' });
    expect(answer.usage!.output_tokens).toBeGreaterThan(0);
    const metadata = await sharp(Buffer.from(answer.data[0]!.b64_json, 'base64'), {
      animated: true,
    }).metadata();
    expect(metadata).toMatchObject({ format: 'gif', pages: 3, delay: [120, 120, 120], loop: 0 });

    const streamed = await fetch(`${harness.url}/v1/images/generations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...body, stream: true }),
    });
    expect(streamed.status).toBe(400);
    expect(await streamed.json()).toMatchObject({ error: { param: 'stream' } });
  });

  it('answers an SVG request with the SVG text in b64_json', async () => {
    const response = await fetch(`${harness.url}/v1/images/generations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'gpt-image-2.6-flare',
        prompt: 'a city skyline at night',
        size: '1536x1024',
        output_format: 'svg',
        svg: { model: 'gpt-5.6-terra' },
      }),
    });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as ImagesResponse;
    expect(answer.output_format).toBe('svg');
    const svg = Buffer.from(answer.data[0]!.b64_json, 'base64');
    expect(svg.toString('utf8')).toMatch(/^<\?xml[^>]*\?><svg [^>]*width="1536" height="1024"/);
    expect(await sharp(svg).metadata()).toMatchObject({ format: 'svg', width: 1536, height: 1024 });
  });

  it('answers unknown API routes and wrong methods in the API error shape', async () => {
    const unknown = await fetch(`${harness.url}/v1/images/variations`, { method: 'POST' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'unknown_url' } });
    const wrongMethod = await fetch(`${harness.url}/v1/images/generations`);
    expect(wrongMethod.status).toBe(405);
  });
});

describe('offline mode with a slow engine', () => {
  let slow: RelayHarness;
  beforeAll(async () => {
    slow = await startRelayHarness('offline', { STUDIO_OFFLINE_LATENCY: '300', STUDIO_HEARTBEAT_MS: '80' });
  });
  afterAll(() => slow.close());

  it('sends heartbeat comments between frames while a stage is slow, which the official SDK skips', async () => {
    const response = await fetch(`${slow.url}/v1/images/generations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'gpt-image-2',
        prompt: 'a slow dusk',
        size: '1024x1024',
        stream: true,
        partial_images: 1,
      }),
    });
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(text.startsWith(': keep-alive\n\n')).toBe(true);
    expect(text.split(': keep-alive\n\n').length - 1).toBeGreaterThanOrEqual(4);
    expect(parseSseFrames(text.split(': keep-alive\n\n').join('')).map((frame) => frame.event)).toEqual([
      'image_generation.partial_image',
      'image_generation.completed',
    ]);

    const client = new OpenAI({ apiKey: 'not-the-key', baseURL: `${slow.url}/v1`, maxRetries: 0 });
    const stream = await client.images.generate({
      model: 'gpt-image-2',
      prompt: 'a slow dusk',
      size: '1024x1024',
      stream: true,
      partial_images: 1,
    });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    expect(types).toEqual(['image_generation.partial_image', 'image_generation.completed']);
  });
});

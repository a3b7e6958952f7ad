/**
 * Drop-in proof: the official `openai` SDK, with only its baseURL pointed at the relay, against the fake
 * OpenAI and against the offline engine.
 */
import { createHash } from 'node:crypto';
import OpenAI, { toFile } from 'openai';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPENAI_ERRORS, TINY_PNG_BASE64 } from './testing/fakeOpenAI.ts';
import { makeJpeg, makePng, startRelayHarness, TEST_API_KEY, type RelayHarness } from './testing/harness.ts';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

let images: Buffer[];
let mask: Buffer;

beforeAll(async () => {
  images = await Promise.all([makePng(256, 256), makePng(128, 96, { seed: 3 }), makeJpeg(200, 100)]);
  mask = await makePng(256, 256, { alpha: true });
});

async function editFiles() {
  return {
    image: [
      await toFile(images[0]!, 'a.png', { type: 'image/png' }),
      await toFile(images[1]!, 'b.png', { type: 'image/png' }),
      await toFile(images[2]!, 'c.jpg', { type: 'image/jpeg' }),
    ],
    mask: await toFile(mask, 'mask.png', { type: 'image/png' }),
  };
}

describe('the openai SDK against the relay in front of OpenAI (fake)', () => {
  let harness: RelayHarness;
  let client: OpenAI;
  beforeAll(async () => {
    harness = await startRelayHarness('fake');
    client = new OpenAI({ apiKey: 'not-the-key', baseURL: `${harness.url}/v1`, maxRetries: 0 });
  });
  afterAll(() => harness.close());

  it('streams a generation', async () => {
    const stream = await client.images.generate({
      model: 'gpt-image-2',
      prompt: 'a red kite',
      stream: true,
      partial_images: 2,
    });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    expect(types).toEqual([
      'image_generation.partial_image',
      'image_generation.partial_image',
      'image_generation.completed',
    ]);
  });

  it('gets a non-streamed generation with its request id', async () => {
    const { data, response } = await client.images
      .generate({ model: 'gpt-image-2.5-flare', prompt: 'a blue kite', n: 2 })
      .withResponse();
    expect(data.data).toHaveLength(2);
    expect(response.headers.get('x-request-id')).toMatch(/^req_fake_/);
  });

  it('raises the API error with status, code and request id', async () => {
    harness.fake!.plan({
      status: 429,
      body: JSON.stringify({
        error: OPENAI_ERRORS.insufficientQuota,
      }),
      headers: { 'x-request-id': 'req_quota', 'x-should-retry': 'false' },
    });
    const failure = await client.images
      .generate({ model: 'gpt-image-2', prompt: 'x' })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.RateLimitError);
    expect(failure).toMatchObject({ status: 429, code: 'insufficient_quota', requestID: 'req_quota' });
  });

  it('raises a relay refusal as a BadRequestError naming the field', async () => {
    const failure = await client.images
      .generate({ model: 'gpt-image-2.5-flare', prompt: 'x', size: '1000x1000' as '1024x1024' })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.BadRequestError);
    expect(failure).toMatchObject({ status: 400, param: 'size' });
  });

  it("gives a relay refusal a request id of its own, the SDK's APIError.requestID", async () => {
    const before = harness.fake!.requests.length;
    const failure = await client.images
      .generate({ model: 'gpt-image-2', prompt: 'x', n: 99 })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.BadRequestError);
    expect((failure as InstanceType<typeof OpenAI.BadRequestError>).requestID).toMatch(/^req_[0-9a-f]{32}$/);
    expect(harness.fake!.requests.length).toBe(before);
  });

  it('sends the organisation, project and idempotency key upstream, never the client key or cookies, and passes the organisation and project back', async () => {
    const scoped = new OpenAI({
      apiKey: 'sk-client-not-the-relay-key',
      organization: 'org-client',
      project: 'proj_client',
      baseURL: `${harness.url}/v1`,
      maxRetries: 0,
    });
    const response = await scoped.images
      .generate(
        { model: 'gpt-image-2', prompt: 'a green kite' },
        { headers: { 'Idempotency-Key': 'idem-123', Cookie: 'session=client-secret' } },
      )
      .asResponse();
    const body = await response.text();

    const upstream = harness.fake!.requests.at(-1)!.headers;
    expect(upstream).toMatchObject({
      authorization: `Bearer ${TEST_API_KEY}`,
      'openai-organization': 'org-client',
      'openai-project': 'proj_client',
      'idempotency-key': 'idem-123',
    });
    expect(upstream.cookie).toBeUndefined();
    expect(response.headers.get('openai-organization')).toBe('org-client');
    expect(response.headers.get('openai-project')).toBe('proj_client');
    expect(response.headers.get('content-length')).toBe(String(Buffer.byteLength(body)));
    expect(response.headers.get('cache-control')).toBeNull();
  });

  it('streams the completed event of a gateway that ignored `stream` and answered with one JSON', async () => {
    harness.fake!.plan({ ignoreStream: true });
    const stream = await client.images.generate({
      model: 'gpt-image-2',
      prompt: 'a yellow kite',
      stream: true,
      partial_images: 2,
    });
    const events = [];
    for await (const event of stream) events.push(event);

    expect(events.map((event) => event.type)).toEqual(['image_generation.completed']);
    expect(Buffer.from(events[0]!.b64_json, 'base64')).toEqual(Buffer.from(TINY_PNG_BASE64, 'base64'));
    const metadata = await sharp(Buffer.from(events[0]!.b64_json, 'base64')).metadata();
    expect(metadata).toMatchObject({ format: 'png', width: 1, height: 1 });
  });

  it('streams an edit of three images and a mask; upstream receives image[] x3 in order and the mask, byte-identical', async () => {
    const before = harness.fake!.requests.length;
    const stream = await client.images.edit({
      model: 'gpt-image-2.5-flare',
      prompt: 'merge them',
      ...(await editFiles()),
      stream: true,
      partial_images: 1,
      input_fidelity: 'high',
    });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    expect(types).toEqual(['image_edit.partial_image', 'image_edit.completed']);

    const received = harness.fake!.requests.slice(before);
    expect(received).toHaveLength(1);
    expect(received[0]!.files).toEqual([
      {
        field: 'image[]',
        filename: 'a.png',
        contentType: 'image/png',
        bytes: images[0]!.length,
        sha256: sha256(images[0]!),
      },
      {
        field: 'image[]',
        filename: 'b.png',
        contentType: 'image/png',
        bytes: images[1]!.length,
        sha256: sha256(images[1]!),
      },
      {
        field: 'image[]',
        filename: 'c.jpg',
        contentType: 'image/jpeg',
        bytes: images[2]!.length,
        sha256: sha256(images[2]!),
      },
      {
        field: 'mask',
        filename: 'mask.png',
        contentType: 'image/png',
        bytes: mask.length,
        sha256: sha256(mask),
      },
    ]);
    expect(received[0]!.fields).toEqual([
      ['model', 'gpt-image-2.5-flare'],
      ['prompt', 'merge them'],
      ['stream', 'true'],
      ['partial_images', '1'],
      ['input_fidelity', 'high'],
    ]);
    expect(await harness.spoolEntries()).toEqual([]);
  });
});

describe('the openai SDK against the relay with the offline engine', () => {
  let harness: RelayHarness;
  let client: OpenAI;
  beforeAll(async () => {
    harness = await startRelayHarness('offline');
    client = new OpenAI({ apiKey: 'unused-offline', baseURL: `${harness.url}/v1`, maxRetries: 0 });
  });
  afterAll(() => harness.close());

  it('streams an edit of three images and a mask into a real image of the requested size', async () => {
    const stream = await client.images.edit({
      model: 'gpt-image-2.5-flare',
      prompt: 'paint the left half like the sky',
      ...(await editFiles()),
      size: '1024x1024',
      output_format: 'webp',
      stream: true,
      partial_images: 2,
    });
    const events = [];
    for await (const event of stream) events.push(event);
    expect(events.map((event) => event.type)).toEqual([
      'image_edit.partial_image',
      'image_edit.partial_image',
      'image_edit.completed',
    ]);
    const final = events.at(-1)!;
    const metadata = await sharp(Buffer.from(final.b64_json, 'base64')).metadata();
    expect(metadata).toMatchObject({ format: 'webp', width: 1024, height: 1024 });
    expect(await harness.spoolEntries()).toEqual([]);
  });

  it('answers a non-streamed generation as an ImagesResponse with summed usage', async () => {
    const result = await client.images.generate({
      model: 'gpt-image-2',
      prompt: 'two lighthouses',
      size: '1536x864',
      quality: 'low',
      n: 2,
    });
    expect(result.data).toHaveLength(2);
    expect(result).toMatchObject({ size: '1536x864', quality: 'low', output_format: 'png' });
    expect(result.usage?.output_tokens_details).toBeDefined();
    const metadata = await sharp(Buffer.from(result.data![1]!.b64_json!, 'base64')).metadata();
    expect(metadata).toMatchObject({ format: 'png', width: 1536, height: 864 });
  });
});

/**
 * Leonardo behind the relay: the official `openai` SDK, pointed at a real relay in front of the Leonardo
 * stand-in (testing/fakeLeonardo.ts), generates and edits as against OpenAI, and each fault of the wire
 * arrives as an OpenAI error.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI, { toFile } from 'openai';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModelRegistry, leonardoCredits } from '../contract/index.ts';
import { loadRelayConfig } from './config.ts';
import { createRelay, type Relay } from './server.ts';
import { createHold, startFakeLeonardo, type FakeLeonardo } from './testing/fakeLeonardo.ts';
import { makeJpeg, makePng } from './testing/harness.ts';
import {
  createLeonardoUpstream,
  LEONARDO_MODEL_DEFAULTS,
  type LeonardoSettings,
} from './upstream/leonardo.ts';

const LEONARDO_KEY = 'leo-test-key-0123456789abcdef';

const models = createModelRegistry(
  [
    { id: 'gpt-image-1.5', ...LEONARDO_MODEL_DEFAULTS },
    { id: 'gpt-image-2', ...LEONARDO_MODEL_DEFAULTS },
    // An entry that forgot to say its model takes no mask: the adapter still refuses one.
    { id: 'gpt-image-1', supportsSeed: true },
  ],
  { withCatalogue: false, supportsSeed: true },
);

interface Stack {
  relay: Relay;
  client: OpenAI;
  close(): Promise<void>;
}

async function startStack(fake: FakeLeonardo, overrides: Partial<LeonardoSettings> = {}): Promise<Stack> {
  const spoolRoot = await mkdtemp(join(tmpdir(), 'atelier-leonardo-test-'));
  const config = loadRelayConfig(
    { HOST: '127.0.0.1', PORT: '0', STUDIO_UPSTREAM: 'offline' },
    { spoolRoot, staticDir: join(spoolRoot, 'no-dist'), log: () => {} },
  );
  const upstream = createLeonardoUpstream({
    id: 'leonardo',
    baseUrl: fake.url,
    apiKey: LEONARDO_KEY,
    models,
    pollIntervalMs: 1,
    pollTimeoutMs: 60_000,
    resultMaxBytes: 50 * 1024 * 1024,
    fetchTimeoutMs: 30_000,
    heartbeatMs: 60_000,
    ...overrides,
  });
  const provider = { ...config.providers[0]!, id: 'leonardo', label: 'Leonardo', models };
  const relay = createRelay({ ...config, models, providers: [provider] }, upstream);
  const { url } = await relay.listen();
  return {
    relay,
    client: new OpenAI({ apiKey: 'not-the-key', baseURL: `${url}/v1`, maxRetries: 0 }),
    async close() {
      await relay.close();
      await rm(spoolRoot, { recursive: true, force: true });
    },
  };
}

const decoded = (b64: string) => sharp(Buffer.from(b64, 'base64')).metadata();
const parametersOf = (submission: Record<string, unknown> | undefined) =>
  (submission?.parameters ?? {}) as Record<string, unknown>;

describe('the openai SDK through the relay to Leonardo', () => {
  let fake: FakeLeonardo;
  let stack: Stack;
  let client: OpenAI;
  let png: Buffer;
  let jpeg: Buffer;
  let mask: Buffer;

  beforeAll(async () => {
    fake = await startFakeLeonardo({ apiKey: LEONARDO_KEY });
    stack = await startStack(fake);
    client = stack.client;
    [png, jpeg, mask] = await Promise.all([
      makePng(256, 256),
      makeJpeg(200, 100),
      makePng(256, 256, { alpha: true }),
    ]);
  });
  afterAll(async () => {
    await stack.close();
    await fake.close();
  });

  it('streams a generation as one completed frame per image, with the seed and quality mapped', async () => {
    fake.nextGeneration({ pendingPolls: 3 });
    const stream = await client.images.generate({
      model: 'gpt-image-1.5',
      prompt: 'a koala in a purple hat',
      stream: true,
      quality: 'medium',
      size: '1024x1024',
      seed: 4294967295,
    } as OpenAI.ImageGenerateParamsStreaming);
    const events = [];
    for await (const event of stream) events.push(event);
    expect(events.map((event) => event.type)).toEqual(['image_generation.completed']);
    const completed = events[0] as OpenAI.ImageGenCompletedEvent;
    expect(completed.size).toBe('1024x1024');
    expect(await decoded(completed.b64_json)).toMatchObject({ format: 'png', width: 1024, height: 1024 });
    expect(fake.submissions.at(-1)).toEqual({
      public: false,
      model: 'gpt-image-1.5',
      parameters: {
        prompt: 'a koala in a purple hat',
        quality: 'MEDIUM',
        quantity: 1,
        width: 1024,
        height: 1024,
        prompt_enhance: 'OFF',
        seed: 4294967295,
      },
    });
  });

  it('answers a non-streamed generation with one ImagesResponse, the size mapped to what the route takes', async () => {
    const response = await client.images.generate({
      model: 'gpt-image-2',
      prompt: 'a wide harbour at dawn',
      n: 2,
      size: '2048x1152',
      quality: 'high',
    });
    expect(response.data).toHaveLength(2);
    expect(response.size).toBe('1536x1024');
    for (const image of response.data ?? []) {
      expect(await decoded(image.b64_json!)).toMatchObject({ width: 1536, height: 1024 });
    }
    const parameters = parametersOf(fake.submissions.at(-1));
    expect(parameters).toMatchObject({ quality: 'HIGH', quantity: 2, width: 1536, height: 1024 });
    expect(parameters).not.toHaveProperty('seed');
    expect(parameters).not.toHaveProperty('guidances');
  });

  it('converts to the format the client asked for', async () => {
    const response = await client.images.generate({
      model: 'gpt-image-2',
      prompt: 'a lemon',
      output_format: 'jpeg',
    });
    expect(await decoded(response.data![0]!.b64_json!)).toMatchObject({ format: 'jpeg' });
  });

  it('makes an edit without a mask a generation with its images uploaded as init images', async () => {
    const uploadsBefore = fake.uploads.length;
    const response = await client.images.edit({
      model: 'gpt-image-1.5',
      prompt: 'the same koala, on a beach',
      image: [
        await toFile(png, 'koala.png', { type: 'image/png' }),
        await toFile(jpeg, 'beach.jpg', { type: 'image/jpeg' }),
      ],
      input_fidelity: 'high',
    });
    expect(response.data).toHaveLength(1);
    const uploads = fake.uploads.slice(uploadsBefore);
    expect(uploads.map((upload) => upload.extension)).toEqual(['png', 'jpg']);
    expect(uploads[0]!.bytes.equals(png)).toBe(true);
    expect(uploads[1]!.bytes.equals(jpeg)).toBe(true);
    // The presigned fields went back with the bytes, and no key went to the storage host.
    expect(uploads[0]!.fields).toMatchObject({ policy: 'fake-policy' });
    const guidances = parametersOf(fake.submissions.at(-1)).guidances as {
      image_reference: { image: { id: string; type: string }; strength: string }[];
    };
    expect(guidances.image_reference).toEqual(
      uploads.map((upload) => ({ image: { id: upload.initImageId, type: 'UPLOADED' }, strength: 'HIGH' })),
    );
  });

  it('streams an edit as image_edit.completed', async () => {
    const stream = await client.images.edit({
      model: 'gpt-image-1.5',
      prompt: 'make it night',
      image: await toFile(png, 'koala.png', { type: 'image/png' }),
      stream: true,
    });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    expect(types).toEqual(['image_edit.completed']);
  });

  it('refuses a mask with a 400 naming mask before anything reaches Leonardo', async () => {
    const callsBefore = fake.calls.length;
    const edit = async (model: string) =>
      client.images
        .edit({
          model,
          prompt: 'fill the hole',
          image: await toFile(png, 'koala.png', { type: 'image/png' }),
          mask: await toFile(mask, 'mask.png', { type: 'image/png' }),
        })
        .catch((error: unknown) => error);
    const declared = await edit('gpt-image-1.5');
    expect(declared).toBeInstanceOf(OpenAI.BadRequestError);
    expect(declared).toMatchObject({ status: 400, param: 'mask' });
    const undeclared = await edit('gpt-image-1');
    expect(undeclared).toBeInstanceOf(OpenAI.BadRequestError);
    expect(undeclared).toMatchObject({ status: 400, param: 'mask' });
    expect((undeclared as Error).message).toMatch(/Leonardo's GPT route cannot take a mask/);
    expect(fake.calls.length).toBe(callsBefore);
  });

  it('ends with Leonardo’s reason when the generation fails, streamed or not', async () => {
    fake.nextGeneration({ outcome: 'FAILED', failure: 'Prompt flagged by moderation' });
    const whole = await client.images
      .generate({ model: 'gpt-image-1.5', prompt: 'x' })
      .catch((error: unknown) => error);
    expect(whole).toBeInstanceOf(OpenAI.APIError);
    expect(whole).toMatchObject({ status: 502, code: 'generation_failed' });
    expect((whole as Error).message).toMatch(/Prompt flagged by moderation/);

    fake.nextGeneration({ outcome: 'FAILED', failure: 'Prompt flagged by moderation' });
    const stream = await client.images.generate({ model: 'gpt-image-1.5', prompt: 'x', stream: true });
    const streamed = await (async () => {
      for await (const event of stream) void event;
    })().catch((error: unknown) => error);
    expect(streamed).toBeInstanceOf(OpenAI.APIError);
    expect((streamed as Error).message).toMatch(/Prompt flagged by moderation/);
  });

  it('passes a 429 on submit on with its retry-after', async () => {
    fake.failNext('submit', {
      status: 429,
      body: JSON.stringify({ error: 'Too many concurrent generations.', code: 'rate-limited' }),
      headers: { 'retry-after': '7' },
    });
    const failure = await client.images
      .generate({ model: 'gpt-image-1.5', prompt: 'x', stream: true })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.RateLimitError);
    expect((failure as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after')).toBe('7');
    expect((failure as Error).message).toMatch(/Too many concurrent generations/);
  });

  it('says so when a result image is gone (404)', async () => {
    fake.nextGeneration({ imagesMissing: true });
    const failure = await client.images
      .generate({ model: 'gpt-image-1.5', prompt: 'x' })
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ status: 502, code: 'result_url_not_found' });
  });

  it('stops before submitting when an init-image upload fails', async () => {
    const submissionsBefore = fake.submissions.length;
    fake.failNext('upload', { status: 403, body: '<Error><Message>Request has expired</Message></Error>' });
    const failure = await client.images
      .edit({ model: 'gpt-image-1.5', prompt: 'x', image: await toFile(png, 'a.png', { type: 'image/png' }) })
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ status: 502, code: 'reference_upload_failed' });
    expect((failure as Error).message).toMatch(/Request has expired/);
    expect(fake.submissions.length).toBe(submissionsBefore);
  });

  it('stops polling the moment the client goes away', async () => {
    const pollHeld = createHold();
    fake.nextGeneration({ until: createHold(), holdPoll: pollHeld });
    const controller = new AbortController();
    const stream = await client.images.generate(
      { model: 'gpt-image-1.5', prompt: 'x', stream: true },
      { signal: controller.signal },
    );
    // However the SDK ends an aborted stream (quietly or with an APIUserAbortError), it ends.
    const reading = (async () => {
      for await (const event of stream) void event;
    })().catch(() => undefined);
    await pollHeld.reached;
    const poll = fake.calls.at(-1)!;
    controller.abort();
    // The relay aborts the poll in flight rather than waiting for its answer.
    await poll.closed;
    expect(poll.closedEarly).toBe(true);
    await reading;
    pollHeld.release();
  });
});

describe('Leonardo polling limits', () => {
  let fake: FakeLeonardo;
  let stack: Stack;
  beforeAll(async () => {
    fake = await startFakeLeonardo({ apiKey: LEONARDO_KEY });
    stack = await startStack(fake, { pollTimeoutMs: 30 });
  });
  afterAll(async () => {
    await stack.close();
    await fake.close();
  });

  it('gives up after the poll time limit with a 504', async () => {
    const never = createHold();
    fake.nextGeneration({ until: never });
    const failure = await stack.client.images
      .generate({ model: 'gpt-image-1.5', prompt: 'x' })
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ status: 504, code: 'upstream_timeout' });
    expect((failure as Error).message).toMatch(/stopped waiting/);
    never.release();
  });
});

describe('Leonardo credits', () => {
  it('prices a request with references by the addendum formula', () => {
    expect(
      leonardoCredits({ quantity: 2, size: '1024x1024', quality: 'medium', referenceCount: 2 }),
    ).toBeCloseTo(2 * 1.23977e-5 * 1024 * 1024 * 2.92 * 1.2, 6);
  });
});

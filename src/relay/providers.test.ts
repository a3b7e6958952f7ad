/**
 * Several providers behind one relay: the offline engine and an OpenAI-compatible gateway (the fake OpenAI)
 * on one real relay, the official SDK choosing between them by model id alone.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI, { toFile } from 'openai';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL, type StudioConfig } from '../contract/index.ts';
import { loadRelayConfig } from './config.ts';
import { createTopLevelStringRewrite } from './providers.ts';
import { createRelay, type Relay } from './server.ts';
import { createHold, startFakeOpenAI, type FakeOpenAI } from './testing/fakeOpenAI.ts';
import { makePng, TEST_API_KEY } from './testing/harness.ts';

describe('createTopLevelStringRewrite', () => {
  const body = JSON.stringify({
    prompt: 'a "model": "kite" in the prompt \\ with a backslash',
    svg: { model: 'gpt-5.4' },
    model: 'gw/gpt-image-2',
    images: [{ image_url: 'data:image/png;base64,AAAA' }],
    n: 1,
  });
  const expected = JSON.stringify({ ...(JSON.parse(body) as object), model: 'gpt-image-2' });

  it('replaces only the top-level model, however the body is cut into chunks', () => {
    for (let cut = 0; cut <= body.length; cut++) {
      const rewrite = createTopLevelStringRewrite('model', Buffer.from('"gpt-image-2"'));
      const bytes = Buffer.from(body);
      const out = Buffer.concat([...rewrite(bytes.subarray(0, cut)), ...rewrite(bytes.subarray(cut))]);
      expect(out.toString(), `cut at ${cut}`).toBe(expected);
    }
  });

  it('reads an escaped key as JSON.parse does, and replaces every top-level occurrence', () => {
    const rewrite = createTopLevelStringRewrite('model', Buffer.from('"b"'));
    const text = '{ "mo\\u0064el" : "a", "x": ["model", {"model": "keep"}], "model":"a2" }';
    expect(Buffer.concat(rewrite(Buffer.from(text))).toString()).toBe(
      '{ "mo\\u0064el" : "b", "x": ["model", {"model": "keep"}], "model":"b" }',
    );
  });
});

describe('one relay, an offline engine and a gateway', () => {
  let fake: FakeOpenAI;
  let relay: Relay;
  let url: string;
  let directory: string;
  let client: OpenAI;

  beforeAll(async () => {
    fake = await startFakeOpenAI({ apiKey: TEST_API_KEY });
    directory = await mkdtemp(join(tmpdir(), 'atelier-providers-test-'));
    const providers = [
      { id: 'local', kind: 'offline', label: 'On this machine' },
      {
        id: 'gw',
        kind: 'openai-compatible',
        label: 'Cheap gateway',
        baseUrl: fake.url,
        apiKeyEnv: 'GW_TEST_KEY',
        models: [
          { id: 'gpt-image-2', pricePerImage: 0.006375 },
          {
            id: 'gw-draft',
            like: 'gpt-image-2',
            label: 'Gateway draft',
            pricePerImage: 0.002,
            supportsMask: false,
          },
        ],
      },
    ];
    const file = join(directory, 'providers.json');
    await writeFile(file, JSON.stringify({ providers }));
    const config = loadRelayConfig(
      {
        HOST: '127.0.0.1',
        PORT: '0',
        STUDIO_PROVIDERS: file,
        GW_TEST_KEY: TEST_API_KEY,
        STUDIO_OFFLINE_LATENCY: 'none',
      },
      { spoolRoot: directory, staticDir: join(directory, 'no-dist'), log: () => undefined },
    );
    relay = createRelay(config);
    ({ url } = await relay.listen());
    client = new OpenAI({ apiKey: 'relay', baseURL: `${url}/v1`, maxRetries: 0 });
  });
  afterAll(async () => {
    await relay.close();
    await fake.close();
    await rm(directory, { recursive: true, force: true });
  });

  const decoded = async (b64: string | undefined) => sharp(Buffer.from(b64!, 'base64')).metadata();

  it('sends a qualified id to its provider, which gets its own id for the model', async () => {
    const before = fake.requests.length;
    const answer = await client.images.generate({
      model: 'gw/gpt-image-2',
      prompt: 'a kite',
      size: '1024x1024',
    });
    expect((await decoded(answer.data?.[0]?.b64_json)).format).toBe('png');
    expect(fake.requests.slice(before).map((request) => request.json)).toEqual([
      { model: 'gpt-image-2', prompt: 'a kite', size: '1024x1024' },
    ]);
  });

  it('sends a bare id to the first provider that serves it: the offline engine, before the gateway', async () => {
    const before = fake.requests.length;
    const answer = await client.images.generate({
      model: 'gpt-image-2',
      prompt: 'a kite',
      size: '1536x1024',
    });
    const image = await decoded(answer.data?.[0]?.b64_json);
    // The engine makes the size asked for; the fake answers a tiny fixed PNG.
    expect([image.width, image.height]).toEqual([1536, 1024]);
    expect(fake.requests.length).toBe(before);
    const local = await client.images.generate({
      model: 'local/gpt-image-2',
      prompt: 'x',
      size: '1024x1024',
    });
    expect((await decoded(local.data?.[0]?.b64_json)).width).toBe(1024);
    expect(fake.requests.length).toBe(before);
  });

  it("sends a bare id only one provider serves to it, the client's body byte for byte", async () => {
    const before = fake.requests.length;
    const body = JSON.stringify({ model: 'gw-draft', prompt: 'draft', stream: true, partial_images: 1 });
    const response = await fetch(`${url}/v1/images/generations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('event: image_generation.completed');
    const [sent] = fake.requests.slice(before);
    expect(sent!.bodySha256).toBe(
      (await import('node:crypto')).createHash('sha256').update(body).digest('hex'),
    );
  });

  it("validates against the chosen provider's models: the gateway's draft model takes no mask", async () => {
    const image = await toFile(await makePng(256, 256), 'a.png', { type: 'image/png' });
    const mask = await toFile(await makePng(256, 256, { alpha: true }), 'm.png', { type: 'image/png' });
    const failure = await client.images
      .edit({ model: 'gw/gw-draft', prompt: 'x', image, mask })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.BadRequestError);
    expect(failure).toMatchObject({ status: 400, param: 'mask' });
  });

  it('edits through the gateway with the multipart model field set to its own id', async () => {
    const before = fake.requests.length;
    const image = await toFile(await makePng(256, 256), 'a.png', { type: 'image/png' });
    const answer = await client.images.edit({ model: 'gw/gpt-image-2', prompt: 'edit', image });
    expect(answer.data?.[0]?.b64_json).toBeTruthy();
    const [sent] = fake.requests.slice(before);
    expect(sent!.fields).toContainEqual(['model', 'gpt-image-2']);
    expect(sent!.files.map((file) => file.filename)).toEqual(['a.png']);
  });

  it('edits through the gateway with a JSON body whose model is rewritten and whose images are untouched', async () => {
    const before = fake.requests.length;
    const png = (await makePng(64, 64)).toString('base64');
    const response = await fetch(`${url}/v1/images/edits`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'gw/gpt-image-2',
        prompt: 'a "model" in the prompt',
        images: [{ image_url: `data:image/png;base64,${png}` }],
      }),
    });
    expect(response.status).toBe(200);
    const [sent] = fake.requests.slice(before);
    expect(sent!.json).toEqual({
      model: 'gpt-image-2',
      prompt: 'a "model" in the prompt',
      images: [{ image_url: `data:image/png;base64,${png}` }],
    });
  });

  it('answers a model no provider serves as the API does, listing what is served', async () => {
    const failure = await client.images
      .generate({ model: 'gpt-image-9', prompt: 'x' })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.BadRequestError);
    expect(failure).toMatchObject({ status: 400, param: 'model', code: 'invalid_value' });
    expect((failure as Error).message).toMatch(
      /Invalid value: 'gpt-image-9'\. Supported values are: .*'gw\/gw-draft'/,
    );
    const missing = await client.models.retrieve('gpt-image-9').catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(OpenAI.NotFoundError);
  });

  it("lets a named provider judge an id it does not list, as OpenAI's own API would", async () => {
    const before = fake.requests.length;
    await client.images.generate({ model: 'gw/gpt-image-2.5-flare', prompt: 'x' }).catch(() => undefined);
    expect(fake.requests.slice(before).map((request) => (request.json as { model: string }).model)).toEqual([
      'gpt-image-2.5-flare',
    ]);
  });

  it('lists every provider’s models by address with provider, capabilities and price', async () => {
    const listed = new Map<string, Record<string, unknown>>();
    for await (const model of client.models.list())
      listed.set(model.id, model as unknown as Record<string, unknown>);
    expect(listed.get('gw/gw-draft')).toMatchObject({
      object: 'model',
      provider: { id: 'gw', label: 'Cheap gateway' },
      label: 'Gateway draft',
      price_per_image: 0.002,
      capabilities: { mask: false, streaming: true },
    });
    expect(listed.get('local/gpt-image-2')).toMatchObject({
      provider: { id: 'local' },
      price_per_image: null,
    });
    // The gateway declares two models; the engine serves the catalogue.
    expect([...listed.keys()].filter((id) => id.startsWith('gw/'))).toEqual([
      'gw/gpt-image-2',
      'gw/gw-draft',
    ]);
    expect(await client.models.retrieve('gw/gw-draft')).toMatchObject({ id: 'gw/gw-draft' });
  });

  it('gives the studio every provider and every model by address, with the default on the first provider', async () => {
    const config = (await (await fetch(`${url}/api/config`)).json()) as StudioConfig;
    expect(config.providers).toEqual([
      { id: 'local', kind: 'offline', label: 'On this machine', host: null },
      { id: 'gw', kind: 'openai', label: 'Cheap gateway', host: new URL(fake.url).host },
    ]);
    expect(config.upstream.kind).toBe('offline');
    expect(config.defaultModel).toBe(`local/${DEFAULT_MODEL}`);
    const draft = config.models.find((model) => model.id === 'gw/gw-draft')!;
    expect(draft).toMatchObject({ provider: { id: 'gw', label: 'Cheap gateway' }, pricePerImage: 0.002 });
    // What a model names (its snapshots, its replacement) is named by address on the same provider.
    const snapshot = config.models.find((model) => model.id.startsWith('local/gpt-image-2-20'))!;
    expect(snapshot.snapshotOf).toBe('local/gpt-image-2');
  });

  it('aborts the upstream of the provider that answers when the client leaves', async () => {
    const hold = createHold();
    fake.plan({ holdHead: hold });
    const leave = new AbortController();
    const answer = fetch(`${url}/v1/images/generations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gw/gpt-image-2', prompt: 'held', stream: true }),
      signal: leave.signal,
    }).catch((error: unknown) => error);
    await hold.reached;
    const upstream = fake.requests.at(-1)!;
    leave.abort();
    await answer;
    await fake.whenClosedEarly(upstream, 10_000);
    hold.release();
    expect(upstream.closedEarlyAt).not.toBeNull();
  });
});

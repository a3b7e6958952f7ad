/**
 * Today's models and parameters through the official `openai` Node SDK, with only its baseURL pointed at
 * the relay: on the offline engine (real GIF and SVG decoded) and in front of the stand-in of OpenAI
 * (what the relay passes on and refuses). The SDK's types lag the API (no 2.6 ids, `complexity`, GIF or
 * SVG yet), so those parameters are cast; the wire is what matters.
 */
import OpenAI from 'openai';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelayHarness, type RelayHarness } from './testing/harness.ts';

type GenerateParams = OpenAI.Images.ImageGenerateParamsNonStreaming;
/** A body the SDK's types do not know yet (2.6 ids, complexity, GIF and SVG fields). */
const newer = (body: Record<string, unknown>) => body as unknown as GenerateParams;

describe('the SDK against the relay with the offline engine', () => {
  let harness: RelayHarness;
  let client: OpenAI;
  beforeAll(async () => {
    harness = await startRelayHarness('offline');
    client = new OpenAI({ apiKey: 'relay', baseURL: `${harness.url}/v1`, maxRetries: 0 });
  });
  afterAll(() => harness.close());

  it.each([
    ['gpt-image-2.5-flare', 'xhigh'],
    ['gpt-image-2.5-sunburst-2026-09-08', 'max'],
    ['gpt-image-2.6-flare', 'low'],
    ['gpt-image-2.6-sunburst', 'high'],
  ])('%s at quality %s streams a real image', async (model, quality) => {
    const stream = await client.images.generate({
      ...newer({ model, quality, complexity: model.startsWith('gpt-image-2.6') ? 'medium' : undefined }),
      prompt: 'a paper boat on a pond',
      size: '1024x640',
      stream: true,
      partial_images: 1,
    } as unknown as OpenAI.Images.ImageGenerateParamsStreaming);
    const events: OpenAI.Images.ImageGenStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    expect(events.map((event) => event.type)).toEqual([
      'image_generation.partial_image',
      'image_generation.completed',
    ]);
    const final = events.at(-1) as OpenAI.Images.ImageGenCompletedEvent;
    const metadata = await sharp(Buffer.from(final.b64_json, 'base64')).metadata();
    expect([metadata.width, metadata.height]).toEqual([1024, 640]);
    expect(final.usage.output_tokens).toBeGreaterThan(0);
  });

  it('makes a transparent PNG on 2.5', async () => {
    const response = await client.images.generate({
      model: 'gpt-image-2.5-flare',
      prompt: 'a single red apple',
      background: 'transparent',
    });
    const { channels, isOpaque } = await sharp(Buffer.from(response.data![0]!.b64_json!, 'base64')).stats();
    expect([channels.length, isOpaque]).toEqual([4, false]);
    expect(response.background).toBe('transparent');
  });

  it('makes an animated GIF on 2.6 with the frames and delays asked for', async () => {
    const response = await client.images.generate(
      newer({
        model: 'gpt-image-2.6-flare',
        prompt: 'a windmill turning',
        output_format: 'gif',
        frame_count: 5,
        frame_duration_ms: 84,
      }),
    );
    const gif = await sharp(Buffer.from(response.data![0]!.b64_json!, 'base64'), {
      animated: true,
    }).metadata();
    // 84 ms rounds to the nearest 10 ms, as the API does.
    expect([gif.format, gif.pages, gif.delay]).toEqual(['gif', 5, [80, 80, 80, 80, 80]]);
  });

  it('makes an SVG on 2.6: a vector document of the requested size', async () => {
    const response = await client.images.generate(
      newer({
        model: 'gpt-image-2.6-sunburst',
        prompt: 'a mountain badge',
        size: '1536x1024',
        output_format: 'svg',
        svg: { model: 'gpt-5.6-terra' },
      }),
    );
    const svg = Buffer.from(response.data![0]!.b64_json!, 'base64');
    expect(svg.toString('utf8')).toMatch(/<svg[^>]* width="1536" height="1024"/);
    // librsvg refuses malformed XML, so a render is a parse.
    expect(await sharp(svg).metadata()).toMatchObject({ format: 'svg', width: 1536, height: 1024 });
    expect(response.output_format).toBe('svg');
  });

  it.each([
    [{ model: 'gpt-image-2.6-flare', output_format: 'svg' }, 'svg.model'],
    [{ model: 'gpt-image-2.6-flare', output_format: 'gif', stream: true }, 'stream'],
    [{ model: 'gpt-image-2', quality: 'max' }, 'quality'],
    [{ model: 'gpt-image-3' }, 'model'],
    [{ model: 'gpt-image-2.5-flare', negative_prompt: 'fog' }, 'negative_prompt'],
  ])('refuses %j as the API does, naming %s', async (body, param) => {
    const failure = await client.images
      .generate(newer({ prompt: 'x', ...body }))
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.BadRequestError);
    expect(failure).toMatchObject({ status: 400, param });
    expect((failure as InstanceType<typeof OpenAI.APIError>).requestID).toMatch(/^req_/);
  });

  it('lists the catalogue with shutdown dates, and retrieves one model', async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toEqual(
      expect.arrayContaining(['gpt-image-2.6-flare', 'gpt-image-2.5-flare-2026-09-08', 'gpt-image-1.5']),
    );
    // `shutdown_date` is newer than the SDK's Model type.
    type ListedModel = OpenAI.Models.Model & { shutdown_date: string | null };
    const retired = (await client.models.retrieve('gpt-image-1.5')) as ListedModel;
    expect(retired).toMatchObject({ id: 'gpt-image-1.5', object: 'model', shutdown_date: '2026-12-01' });
    const current = (await client.models.retrieve('gpt-image-2.5-flare')) as ListedModel;
    expect(current.shutdown_date).toBeNull();
    const missing = await client.models.retrieve('gpt-image-9').catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(OpenAI.NotFoundError);
  });
});

describe('the SDK against the relay in front of OpenAI (fake)', () => {
  let harness: RelayHarness;
  let client: OpenAI;
  beforeAll(async () => {
    harness = await startRelayHarness('fake');
    client = new OpenAI({ apiKey: 'relay', baseURL: `${harness.url}/v1`, maxRetries: 0 });
  });
  afterAll(() => harness.close());

  it('refuses a shut-down model with its date and replacement, and sends nothing upstream', async () => {
    const failure = await client.images
      .generate({ model: 'gpt-image-1-mini', prompt: 'x' })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.BadRequestError);
    expect(failure).toMatchObject({ param: 'model', code: 'model_not_found' });
    expect((failure as Error).message).toMatch(/shut down on 2026-12-01.*gpt-image-2\.6-sunburst/);
    expect(harness.fake!.requests).toHaveLength(0);
  });

  it('passes the new fields on untouched: complexity, safety_identifier, and a field it does not know', async () => {
    await client.images.generate(
      newer({
        model: 'gpt-image-2.6-sunburst',
        prompt: 'a tide pool',
        complexity: 'low',
        safety_identifier: 'user-5f2c',
        future_option: { a: 1 },
      }),
    );
    expect(harness.fake!.requests.at(-1)!.json).toMatchObject({
      complexity: 'low',
      safety_identifier: 'user-5f2c',
      future_option: { a: 1 },
    });
  });

  it('sends input_fidelity on gpt-image-2 on (the API ignores it) instead of refusing it', async () => {
    const { toFile } = await import('openai');
    const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#468' } })
      .png()
      .toBuffer();
    await client.images.edit({
      model: 'gpt-image-2',
      prompt: 'warmer light',
      image: await toFile(png, 'a.png', { type: 'image/png' }),
      input_fidelity: 'high',
    });
    expect(harness.fake!.requests.at(-1)!.fields).toContainEqual(['input_fidelity', 'high']);
  });
});

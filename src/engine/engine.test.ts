import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BASE_MODELS,
  PARTIAL_IMAGE_OUTPUT_TOKENS,
  estimateImageInputTokens,
  estimateTextTokens,
  imageOutputTokens,
  isCompletedImageEvent,
  isPartialImageEvent,
  sniffImage,
  type BaseModelId,
  type CompletedImageEvent,
  type ImageRequest,
  type ImageStreamEvent,
} from '../contract/index.ts';
import { createOfflineEngine, EngineInputError, type EngineInputFile, type EngineJob } from './index.ts';

const engine = createOfflineEngine();

type RequestOverrides = Partial<ImageRequest> & { base?: BaseModelId };

function imageRequest(overrides: RequestOverrides = {}): ImageRequest {
  const { base = 'gpt-image-2', ...rest } = overrides;
  return {
    kind: 'generation',
    model: BASE_MODELS[base],
    prompt: 'A red sunset over teal mountains',
    n: 1,
    size: '1024x1024',
    quality: 'low',
    background: 'auto',
    outputFormat: 'png',
    outputCompression: 100,
    moderation: 'auto',
    stream: false,
    partialImages: 0,
    inputFidelity: null,
    user: null,
    ...rest,
  };
}

async function runJob(job: EngineJob, signal = new AbortController().signal): Promise<ImageStreamEvent[]> {
  const events: ImageStreamEvent[] = [];
  for await (const event of engine.run(job, signal)) events.push(event);
  return events;
}

const generate = (overrides: RequestOverrides = {}) =>
  runJob({ request: imageRequest(overrides), images: [], mask: null });

const bytesOf = (event: ImageStreamEvent) => Buffer.from(event.b64_json, 'base64');

async function rgbPixels(event: ImageStreamEvent): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(bytesOf(event))
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** Mean absolute difference per channel value, 0..255. */
function meanDifference(a: Buffer, b: Buffer): number {
  let sum = 0;
  for (let index = 0; index < a.length; index++) sum += Math.abs(a[index]! - b[index]!);
  return sum / a.length;
}

function completed(events: ImageStreamEvent[]): CompletedImageEvent[] {
  return events.filter(isCompletedImageEvent);
}

describe('generations', () => {
  it.each([
    { base: 'gpt-image-2', size: '1024x1024', outputFormat: 'png', decoded: 'png' },
    { base: 'gpt-image-2', size: '1536x864', outputFormat: 'png', decoded: 'png' },
    { base: 'gpt-image-1', size: '1536x1024', outputFormat: 'jpeg', decoded: 'jpeg' },
    { base: 'gpt-image-1.5', size: '1024x1536', outputFormat: 'webp', decoded: 'webp' },
    { base: 'gpt-image-1-mini', size: '1024x1024', outputFormat: 'webp', decoded: 'webp' },
  ] as const)('makes a $outputFormat at $size for $base', async ({ base, size, outputFormat, decoded }) => {
    const [event, ...rest] = await generate({ base, size, outputFormat });
    expect(rest).toHaveLength(0);
    expect(event!.type).toBe('image_generation.completed');
    expect(event).toMatchObject({ size, output_format: outputFormat, quality: 'low', background: 'opaque' });
    const metadata = await sharp(bytesOf(event!)).metadata();
    expect(`${metadata.width}x${metadata.height}`).toBe(size);
    expect(metadata.format).toBe(decoded);
    expect(metadata.hasAlpha).toBe(false);
  });

  it('makes a 3840x2160 image', async () => {
    const started = Date.now();
    const [event] = await generate({ size: '3840x2160', outputFormat: 'jpeg', outputCompression: 80 });
    const metadata = await sharp(bytesOf(event!)).metadata();
    expect([metadata.width, metadata.height, metadata.format]).toEqual([3840, 2160, 'jpeg']);
    expect(Date.now() - started).toBeLessThan(8000);
  });

  it('resolves auto size and quality and reports them', async () => {
    const [event] = await generate({ size: 'auto', quality: 'auto' });
    expect(event).toMatchObject({ size: '1024x1024', quality: 'medium' });
  });

  it('honours output_compression as the JPEG quality', async () => {
    const [fine] = await generate({ outputFormat: 'jpeg', outputCompression: 95 });
    const [coarse] = await generate({ outputFormat: 'jpeg', outputCompression: 20 });
    expect(bytesOf(coarse!).length).toBeLessThan(bytesOf(fine!).length * 0.6);
  });

  it('paints on real alpha when the background is transparent', async () => {
    const [event] = await generate({ base: 'gpt-image-1', background: 'transparent', outputFormat: 'webp' });
    expect(event!.background).toBe('transparent');
    const { data } = await sharp(bytesOf(event!)).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const alphas = new Set<number>();
    for (let index = 3; index < data.length; index += 4) alphas.add(data[index]!);
    expect(alphas.has(0)).toBe(true);
    expect(alphas.has(255)).toBe(true);
  });

  it('is deterministic, and different prompts give clearly different pictures', async () => {
    const [first] = await generate();
    const [again] = await generate();
    expect(bytesOf(again!).equals(bytesOf(first!))).toBe(true);
    const [other] = await generate({ prompt: 'Portrait of a woman in a lavender garden' });
    const difference = meanDifference((await rgbPixels(first!)).data, (await rgbPixels(other!)).data);
    expect(difference).toBeGreaterThan(25);
  });

  it('lets colour words drive the palette', async () => {
    const meanChannels = async (prompt: string) => {
      const [event] = await generate({ prompt });
      const { channels } = await sharp(bytesOf(event!)).stats();
      return channels.map((channel) => channel.mean);
    };
    const [redR, , redB] = await meanChannels('a red and crimson poster');
    const [blueR, , blueB] = await meanChannels('a blue and cobalt poster');
    expect(redR!).toBeGreaterThan(blueR! + 30);
    expect(blueB!).toBeGreaterThan(redB! + 30);
  });

  it('streams partial images that refine toward the final, then the completed event', async () => {
    const events = await generate({ stream: true, partialImages: 3, quality: 'high' });
    expect(events.map((event) => event.type)).toEqual([
      'image_generation.partial_image',
      'image_generation.partial_image',
      'image_generation.partial_image',
      'image_generation.completed',
    ]);
    const partials = events.filter(isPartialImageEvent);
    expect(partials.map((event) => event.partial_image_index)).toEqual([0, 1, 2]);
    for (const event of events) {
      expect(event).toMatchObject({
        size: '1024x1024',
        quality: 'high',
        background: 'opaque',
        output_format: 'png',
      });
      expect(Number.isInteger(event.created_at)).toBe(true);
      expect((await sharp(bytesOf(event)).metadata()).format).toBe('png');
    }
    const final = (await rgbPixels(events[3]!)).data;
    const distances = await Promise.all(
      partials.map(async (event) => meanDifference((await rgbPixels(event)).data, final)),
    );
    for (const distance of distances) expect(distance).toBeGreaterThan(1);
    expect(distances[0]!).toBeGreaterThan(distances[2]!);
  });

  it('sends no partials when the request is not streamed', async () => {
    const events = await generate({ stream: false, partialImages: 2 });
    expect(events.map((event) => event.type)).toEqual(['image_generation.completed']);
  });

  it('makes n different images, input tokens on the first only, usage from the contract formulas', async () => {
    const prompt = 'Three variations of a golden orb';
    const events = await generate({
      prompt,
      n: 3,
      stream: true,
      partialImages: 1,
      quality: 'medium',
      size: '1536x1024',
    });
    expect(events.map((event) => event.type.split('.')[1])).toEqual([
      'partial_image',
      'completed',
      'partial_image',
      'completed',
      'partial_image',
      'completed',
    ]);
    const finals = completed(events);
    const output =
      imageOutputTokens('gpt-image-2', { width: 1536, height: 1024 }, 'medium') + PARTIAL_IMAGE_OUTPUT_TOKENS;
    const text = estimateTextTokens(prompt);
    expect(finals[0]!.usage).toEqual({
      input_tokens: text,
      input_tokens_details: { text_tokens: text, image_tokens: 0 },
      output_tokens: output,
      total_tokens: text + output,
    });
    for (const later of finals.slice(1)) {
      expect(later.usage).toEqual({
        input_tokens: 0,
        input_tokens_details: { text_tokens: 0, image_tokens: 0 },
        output_tokens: output,
        total_tokens: output,
      });
    }
    const [a, b, c] = await Promise.all(finals.map(async (event) => (await rgbPixels(event)).data));
    expect(meanDifference(a!, b!)).toBeGreaterThan(5);
    expect(meanDifference(b!, c!)).toBeGreaterThan(5);
  });
});

describe('edits', () => {
  let directory: string;
  const SIDE = 1024;
  const HOLE = { left: 320, top: 384, width: 384, height: 256 };
  const files = {} as Record<'base' | 'mask' | 'red' | 'blue' | 'wide' | 'transparent', EngineInputFile>;

  async function inputFile(name: string, bytes: Buffer): Promise<EngineInputFile> {
    const path = join(directory, name);
    await writeFile(path, bytes);
    return { path, sniffed: sniffImage(await readFile(path))! };
  }

  /** A busy photo-like base: a gradient with stripes, so any change of a pixel is visible. */
  function basePicture(width: number, height: number): Promise<Buffer> {
    const svg =
      `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><linearGradient id="g"><stop offset="0" stop-color="#204080"/><stop offset="1" stop-color="#e0c060"/></linearGradient></defs>` +
      `<rect width="100%" height="100%" fill="url(#g)"/>` +
      Array.from(
        { length: 20 },
        (_, index) =>
          `<rect x="${index * 53}" y="0" width="17" height="${height}" fill="#ffffff" opacity="0.3"/>`,
      ).join('') +
      `<circle cx="${width / 2}" cy="${height / 2}" r="${height / 3}" fill="#30a050" opacity="0.6"/></svg>`;
    return sharp(Buffer.from(svg)).png().toBuffer();
  }

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'atelier-engine-'));
    files.base = await inputFile('base.png', await basePicture(SIDE, SIDE));
    const maskPixels = Buffer.alloc(SIDE * SIDE * 4, 255);
    for (let y = HOLE.top; y < HOLE.top + HOLE.height; y++) {
      for (let x = HOLE.left; x < HOLE.left + HOLE.width; x++) maskPixels[(y * SIDE + x) * 4 + 3] = 0;
    }
    files.mask = await inputFile(
      'mask.png',
      await sharp(maskPixels, { raw: { width: SIDE, height: SIDE, channels: 4 } })
        .png()
        .toBuffer(),
    );
    const solid = (r: number, g: number, b: number) =>
      sharp({ create: { width: 300, height: 200, channels: 3, background: { r, g, b } } })
        .jpeg()
        .toBuffer();
    files.red = await inputFile('red.jpg', await solid(230, 20, 20));
    files.blue = await inputFile('blue.jpg', await solid(20, 40, 230));
    files.wide = await inputFile('wide.png', await basePicture(800, 600));
    files.transparent = await inputFile(
      'transparent.png',
      await sharp({
        create: { width: SIDE, height: SIDE, channels: 4, background: { r: 10, g: 200, b: 90, alpha: 0.5 } },
      })
        .png()
        .toBuffer(),
    );
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  const edit = (images: EngineInputFile[], mask: EngineInputFile | null, overrides: RequestOverrides = {}) =>
    runJob({ request: imageRequest({ kind: 'edit', prompt: 'a teal sun', ...overrides }), images, mask });

  /** Mean difference inside the hole (shrunk by `inset`) and the count of changed pixels well outside it. */
  function compareToBase(output: Buffer, base: Buffer, inset: number) {
    let changedOutside = 0;
    let insideSum = 0;
    let insideCount = 0;
    for (let y = 0; y < SIDE; y++) {
      for (let x = 0; x < SIDE; x++) {
        const offset = (y * SIDE + x) * 3;
        const inside =
          x >= HOLE.left + inset &&
          x < HOLE.left + HOLE.width - inset &&
          y >= HOLE.top + inset &&
          y < HOLE.top + HOLE.height - inset;
        const outside =
          x < HOLE.left - inset ||
          x >= HOLE.left + HOLE.width + inset ||
          y < HOLE.top - inset ||
          y >= HOLE.top + HOLE.height + inset;
        const difference =
          Math.abs(output[offset]! - base[offset]!) +
          Math.abs(output[offset + 1]! - base[offset + 1]!) +
          Math.abs(output[offset + 2]! - base[offset + 2]!);
        if (outside && difference !== 0) changedOutside++;
        if (inside) {
          insideSum += difference / 3;
          insideCount++;
        }
      }
    }
    return { changedOutside, insideDifference: insideSum / insideCount };
  }

  const baseRgb = async () => await sharp(files.base.path).removeAlpha().raw().toBuffer();

  it('re-synthesises only the masked region and keeps every other pixel exactly', async () => {
    const events = await edit([files.base, files.red], files.mask, { stream: true, partialImages: 2 });
    expect(events.map((event) => event.type)).toEqual([
      'image_edit.partial_image',
      'image_edit.partial_image',
      'image_edit.completed',
    ]);
    const base = await baseRgb();
    for (const event of events) {
      const { data, width, height } = await rgbPixels(event);
      expect([width, height]).toEqual([SIDE, SIDE]);
      const { changedOutside, insideDifference } = compareToBase(data, base, 12);
      expect(changedOutside).toBe(0);
      expect(insideDifference).toBeGreaterThan(20);
    }
  });

  it('feeds the reference images into the new content', async () => {
    const [withRed] = await edit([files.base, files.red], files.mask, { prompt: 'something new' });
    const [withBlue] = await edit([files.base, files.blue], files.mask, { prompt: 'something new' });
    const holeMeans = async (event: ImageStreamEvent) => {
      // stats() reads the input, not the pipeline, so cut the hole out first.
      const hole = await sharp(bytesOf(event)).extract(HOLE).png().toBuffer();
      const { channels } = await sharp(hole).stats();
      return channels.map((channel) => channel.mean);
    };
    const [redR, , redB] = await holeMeans(withRed!);
    const [blueR, , blueB] = await holeMeans(withBlue!);
    // The red reference pulls the new content toward red, the blue one toward blue.
    expect(redR! - redB!).toBeGreaterThan(blueR! - blueB! + 60);
  });

  it('reworks the whole image without a mask, still derived from the base', async () => {
    const [event] = await edit([files.base], null);
    const output = (await rgbPixels(event!)).data;
    const base = await baseRgb();
    expect(meanDifference(output, base)).toBeGreaterThan(10);
    // The base's structure survives: its luminance and the output's stay strongly correlated.
    const luma = (data: Buffer, pixel: number) =>
      0.2126 * data[pixel * 3]! + 0.7152 * data[pixel * 3 + 1]! + 0.0722 * data[pixel * 3 + 2]!;
    const pixels = SIDE * SIDE;
    let sumA = 0,
      sumB = 0,
      sumAB = 0,
      sumAA = 0,
      sumBB = 0;
    for (let pixel = 0; pixel < pixels; pixel += 7) {
      const a = luma(base, pixel);
      const b = luma(output, pixel);
      sumA += a;
      sumB += b;
      sumAB += a * b;
      sumAA += a * a;
      sumBB += b * b;
    }
    const n = Math.ceil(pixels / 7);
    const correlation =
      (sumAB - (sumA * sumB) / n) / Math.sqrt((sumAA - sumA ** 2 / n) * (sumBB - sumB ** 2 / n));
    expect(correlation).toBeGreaterThan(0.6);
  });

  it('fits the base to an auto size from its aspect ratio and counts the input images', async () => {
    const [event] = await edit([files.wide, files.red], null, { size: 'auto', base: 'gpt-image-1' });
    const completedEvent = event as CompletedImageEvent;
    const metadata = await sharp(bytesOf(event!)).metadata();
    expect(completedEvent.size).toBe(`${metadata.width}x${metadata.height}`);
    expect(completedEvent.size).toBe('1536x1024');
    const imageTokens =
      estimateImageInputTokens({ width: 800, height: 600 }, false) +
      estimateImageInputTokens({ width: 300, height: 200 }, false);
    expect(completedEvent.usage.input_tokens_details).toEqual({
      text_tokens: estimateTextTokens('a teal sun'),
      image_tokens: imageTokens,
    });
  });

  it('counts input images at high fidelity for gpt-image-2 and input_fidelity high', async () => {
    const highTokens = estimateImageInputTokens({ width: SIDE, height: SIDE }, true);
    const [two] = await edit([files.base], null);
    expect((two as CompletedImageEvent).usage.input_tokens_details.image_tokens).toBe(highTokens);
    const [fidelity] = await runJob({
      request: imageRequest({ kind: 'edit', base: 'gpt-image-1', inputFidelity: 'high', prompt: 'x' }),
      images: [files.base],
      mask: null,
    });
    expect((fidelity as CompletedImageEvent).usage.input_tokens_details.image_tokens).toBe(highTokens);
  });

  it('refuses an image whose header sniffs fine but whose data is truncated, naming it', async () => {
    const whole = await readFile(files.base.path);
    const truncated = await inputFile('truncated.png', whole.subarray(0, Math.floor(whole.length / 2)));
    const refusal = (images: EngineInputFile[]) =>
      edit(images, null).then(
        () => null,
        (error: unknown) => error,
      );
    const asBase = await refusal([truncated]);
    expect(asBase).toBeInstanceOf(EngineInputError);
    expect((asBase as EngineInputError).apiError).toMatchObject({
      status: 400,
      body: { error: { param: 'image', code: 'invalid_image_file', type: 'invalid_request_error' } },
    });
    expect((asBase as EngineInputError).message).not.toContain(directory);
    const asReference = await refusal([files.base, truncated]);
    expect((asReference as EngineInputError).apiError.body.error.param).toBe('image[1]');
  });

  it('keeps transparency of a transparent base when the background is auto', async () => {
    const [event] = await runJob({
      request: imageRequest({ kind: 'edit', base: 'gpt-image-1.5', prompt: 'glass' }),
      images: [files.transparent],
      mask: null,
    });
    expect(event!.background).toBe('transparent');
    expect((await sharp(bytesOf(event!)).metadata()).hasAlpha).toBe(true);
  });
});

describe('abort', () => {
  it('refuses to start on an aborted signal', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      runJob({ request: imageRequest(), images: [], mask: null }, controller.signal),
    ).rejects.toThrow();
  });

  it('does no more work once the consumer aborts between events', async () => {
    const controller = new AbortController();
    const events: ImageStreamEvent[] = [];
    const request = imageRequest({ stream: true, partialImages: 3, n: 4 });
    await expect(
      (async () => {
        for await (const event of engine.run({ request, images: [], mask: null }, controller.signal)) {
          events.push(event);
          controller.abort();
        }
      })(),
    ).rejects.toThrow();
    expect(events).toHaveLength(1);
  });

  it('stops during simulated latency without producing more events', async () => {
    const slow = createOfflineEngine({ latency: { kind: 'fixed', millisecondsPerStage: 5_000 } });
    const controller = new AbortController();
    const events: ImageStreamEvent[] = [];
    const started = Date.now();
    setTimeout(() => controller.abort(), 300);
    await expect(
      (async () => {
        for await (const event of slow.run(
          { request: imageRequest({ stream: true, partialImages: 3 }), images: [], mask: null },
          controller.signal,
        )) {
          events.push(event);
        }
      })(),
    ).rejects.toThrow();
    expect(events).toHaveLength(0);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

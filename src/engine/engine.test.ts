import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PARTIAL_IMAGE_OUTPUT_TOKENS,
  estimateImageInputTokens,
  estimateTextTokens,
  imageOutputTokens,
  isCompletedImageEvent,
  isPartialImageEvent,
  isRetired,
  isoDay,
  sniffImage,
  type CompletedImageEvent,
  type ImageStreamEvent,
} from '../contract/index.ts';
import { makeBombPng } from '../relay/testing/fakeOpenAI.ts';
import { MAX_DRIFT } from './edit.ts';
import { createOfflineEngine, EngineInputError } from './index.ts';
import {
  bytesOf,
  edgeEnergy,
  edit,
  engineRequest,
  generate,
  meanDifference,
  pixelsOf,
  registry,
  runJob,
  uniqueColours,
  type InputFile,
} from './testing/engineHarness.ts';

function completed(events: ImageStreamEvent[]): CompletedImageEvent[] {
  return events.filter(isCompletedImageEvent);
}

/** Every model served today, dated snapshots included. */
const CURRENT_MODELS = [...registry.values()]
  .filter((model) => !isRetired(model, isoDay()))
  .map((model) => model.id);
const RASTER = ['png', 'jpeg', 'webp'] as const;

describe('generations', () => {
  it('serves every current model, snapshots included', () => {
    expect([...CURRENT_MODELS].sort()).toEqual([
      'gpt-image-2',
      'gpt-image-2-2026-04-21',
      'gpt-image-2.5-flare',
      'gpt-image-2.5-flare-2026-09-08',
      'gpt-image-2.5-sunburst',
      'gpt-image-2.5-sunburst-2026-09-08',
      'gpt-image-2.6-flare',
      'gpt-image-2.6-sunburst',
    ]);
  });

  it.each(CURRENT_MODELS.map((model, index) => ({ model, outputFormat: RASTER[index % 3]! })))(
    'makes a $outputFormat with $model',
    async ({ model, outputFormat }) => {
      const [event, ...rest] = await generate({ model, size: '1536x864', output_format: outputFormat });
      expect(rest).toHaveLength(0);
      expect(event!.type).toBe('image_generation.completed');
      expect(event).toMatchObject({ size: '1536x864', output_format: outputFormat, background: 'opaque' });
      const metadata = await sharp(bytesOf(event!)).metadata();
      expect([metadata.width, metadata.height, metadata.format]).toEqual([1536, 864, outputFormat]);
      expect(metadata.hasAlpha).toBe(false);
    },
  );

  it('paints a dated snapshot as its model, and the two models of a family differently', async () => {
    const [flare] = await generate({ model: 'gpt-image-2.5-flare' });
    const [snapshot] = await generate({ model: 'gpt-image-2.5-flare-2026-09-08' });
    const [sunburst] = await generate({ model: 'gpt-image-2.5-sunburst' });
    expect(bytesOf(snapshot!).equals(bytesOf(flare!))).toBe(true);
    expect(meanDifference((await pixelsOf(flare!)).data, (await pixelsOf(sunburst!)).data)).toBeGreaterThan(
      5,
    );
  });

  it('makes a 3840x2160 image at max quality', async () => {
    const started = Date.now();
    const [event] = await generate({
      model: 'gpt-image-2.5-sunburst',
      size: '3840x2160',
      quality: 'max',
      output_format: 'jpeg',
      output_compression: 80,
    });
    const metadata = await sharp(bytesOf(event!)).metadata();
    expect([metadata.width, metadata.height, metadata.format]).toEqual([3840, 2160, 'jpeg']);
    expect(Date.now() - started).toBeLessThan(8000);
  });

  it('resolves auto size and quality and reports them', async () => {
    const [event] = await generate({ size: 'auto', quality: 'auto' });
    expect(event).toMatchObject({ size: '1024x1024', quality: 'medium' });
  });

  it('honours output_compression as the JPEG quality', async () => {
    const [fine] = await generate({ output_format: 'jpeg', output_compression: 95 });
    const [coarse] = await generate({ output_format: 'jpeg', output_compression: 20 });
    expect(bytesOf(coarse!).length).toBeLessThan(bytesOf(fine!).length * 0.6);
  });

  it('is deterministic, and different prompts give clearly different pictures', async () => {
    const [first] = await generate();
    const [again] = await generate();
    expect(bytesOf(again!).equals(bytesOf(first!))).toBe(true);
    const [other] = await generate({ prompt: 'Portrait of a woman in a lavender garden' });
    const difference = meanDifference((await pixelsOf(first!)).data, (await pixelsOf(other!)).data);
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
    const events = await generate({
      model: 'gpt-image-2.6-flare',
      stream: true,
      partial_images: 3,
      quality: 'xhigh',
    });
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
        quality: 'xhigh',
        background: 'opaque',
        output_format: 'png',
      });
      expect(Number.isInteger(event.created_at)).toBe(true);
      expect((await sharp(bytesOf(event)).metadata()).format).toBe('png');
    }
    const final = (await pixelsOf(events[3]!)).data;
    const distances = await Promise.all(
      partials.map(async (event) => meanDifference((await pixelsOf(event)).data, final)),
    );
    for (const distance of distances) expect(distance).toBeGreaterThan(1);
    expect(distances[0]!).toBeGreaterThan(distances[2]!);
  });

  it('sends no partials when the request is not streamed', async () => {
    const events = await generate({ stream: false, partial_images: 2 });
    expect(events.map((event) => event.type)).toEqual(['image_generation.completed']);
  });

  it('makes n images, input tokens on the first only, usage from the contract formulas', async () => {
    const prompt = 'Three variations of a golden orb';
    const events = await generate({
      prompt,
      n: 3,
      stream: true,
      partial_images: 1,
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
  });
});

describe('prompts of any characters', () => {
  // Issue 16: NUL, BEL and U+FFFE made librsvg refuse the caption's SVG, and the relay answer 500 with its
  // internals. The API takes any string; every one renders.
  it.each([
    ['NUL', 'a\u0000lighthouse'],
    ['BEL', 'bell\u0007 tower'],
    ['U+FFFE', 'x\ufffe y'],
    ['U+FFFF and escape codes', '\u001b[31mred\uffff'],
    ['a lone surrogate', 'half \ud800 an emoji'],
    ['only control characters', '\u0001\u0002\u0003'],
  ])('renders a prompt with %s, in SVG too', async (_name, prompt) => {
    const png = completed(await generate({ prompt, size: '1024x1024' }))[0]!;
    expect((await pixelsOf(png)).width).toBe(1024);
    const svg = completed(
      await generate({
        prompt,
        model: 'gpt-image-2.6-sunburst',
        output_format: 'svg',
        svg: { model: 'gpt-5.6-terra' },
      }),
    )[0]!;
    // The SVG itself is well-formed XML: librsvg (through sharp) reads it.
    expect((await pixelsOf(bytesOf(svg))).width).toBeGreaterThan(0);
  });
});

describe('quality', () => {
  const PROMPTS = ['A red sunset over teal mountains', 'a city skyline at night', 'a chair'];

  it.each(['gpt-image-2.5-sunburst', 'gpt-image-2.6-flare'])(
    'refines the same picture at xhigh beyond high, and at max beyond xhigh, with %s',
    async (model) => {
      for (const prompt of PROMPTS) {
        const measure = async (quality: string) => {
          const [event] = await generate({ model, prompt, quality });
          const pixels = await pixelsOf(event!);
          // A thumbnail keeps the composition and averages the fine detail away.
          const thumbnail = await sharp(bytesOf(event!)).resize(16, 16).removeAlpha().raw().toBuffer();
          return { edges: edgeEnergy(pixels), colours: uniqueColours(pixels), thumbnail };
        };
        const [high, xhigh, max] = await Promise.all(['high', 'xhigh', 'max'].map(measure));
        expect(xhigh!.edges).toBeGreaterThan(high!.edges * 1.5);
        expect(max!.edges).toBeGreaterThan(xhigh!.edges * 1.05);
        expect(xhigh!.colours).toBeGreaterThan(high!.colours * 1.2);
        expect(max!.colours).toBeGreaterThan(xhigh!.colours * 1.1);
        // Refined, not replaced: the higher qualities draw the same scene.
        expect(meanDifference(high!.thumbnail, max!.thumbnail)).toBeLessThan(8);
      }
    },
  );
});

describe('complexity', () => {
  const shapes = async (complexity: string | null) => {
    const [event] = await generate({
      model: 'gpt-image-2.6-sunburst',
      output_format: 'svg',
      svg: { model: 'gpt-5.6-terra' },
      complexity,
    });
    return (
      bytesOf(event!)
        .toString('utf8')
        .match(/<(path|circle|ellipse|rect|polygon)\b/g) ?? []
    ).length;
  };

  it('plans more of the scene as complexity rises, and plans at high when it is not sent', async () => {
    const [low, medium, high, unsent] = await Promise.all(['low', 'medium', 'high', null].map(shapes));
    expect(medium!).toBeGreaterThan(low! * 1.3);
    expect(high!).toBeGreaterThan(medium! * 1.2);
    expect(unsent).toBe(high);
  });

  it('changes the picture visibly and deterministically', async () => {
    const raster = async (complexity: string) =>
      bytesOf((await generate({ model: 'gpt-image-2.6-flare', complexity }))[0]!);
    const [low, high, lowAgain] = await Promise.all(['low', 'high', 'low'].map(raster));
    expect(lowAgain!.equals(low!)).toBe(true);
    const difference = meanDifference((await pixelsOf(low!)).data, (await pixelsOf(high!)).data);
    expect(difference).toBeGreaterThan(8);
  });
});

describe('variants', () => {
  const PROMPT = 'a lighthouse on a cliff above the sea';

  it('paints each of n images as its own variant, the same on every run', async () => {
    const body = { model: 'gpt-image-2.6-sunburst', prompt: PROMPT, n: 4, quality: 'low' };
    const [first, second] = await Promise.all([generate(body), generate(body)]);
    const images = await Promise.all(first.map(async (event) => (await pixelsOf(event)).data));
    for (const [index, event] of first.entries())
      expect(bytesOf(event).equals(bytesOf(second[index]!))).toBe(true);
    for (let a = 0; a < images.length; a++) {
      for (let b = a + 1; b < images.length; b++) {
        expect(meanDifference(images[a]!, images[b]!)).toBeGreaterThan(8);
      }
    }
  });

  it('numbers the images of a request from the job variant index', async () => {
    const body = { model: 'gpt-image-2.5-flare', prompt: PROMPT, quality: 'low' };
    const four = await generate({ ...body, n: 4 });
    const [third] = await generate(body, 2);
    const [thirdAndFourth1, thirdAndFourth2] = await generate({ ...body, n: 2 }, 2);
    expect(bytesOf(third!).equals(bytesOf(four[2]!))).toBe(true);
    expect(bytesOf(thirdAndFourth1!).equals(bytesOf(four[2]!))).toBe(true);
    expect(bytesOf(thirdAndFourth2!).equals(bytesOf(four[3]!))).toBe(true);
  });
});

describe('edits', () => {
  /** The studio's drift map marks a protected pixel whose largest channel moved by more than this. */
  const DRIFT_THRESHOLD = 8;
  let directory: string;
  const SIDE = 1024;
  const HOLE = { left: 320, top: 384, width: 384, height: 256 };
  const files = {} as Record<'base' | 'mask' | 'red' | 'blue' | 'wide' | 'transparent', InputFile>;

  async function inputFile(name: string, bytes: Buffer): Promise<InputFile> {
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

  /**
   * Mean difference inside the hole (shrunk by `inset`), and well outside it the largest change of a
   * channel and the share of pixels whose largest channel change passes the drift map's 8 levels.
   */
  function compareToBase(output: Buffer, base: Buffer, inset: number) {
    let outsideCount = 0;
    let driftedOutside = 0;
    let maxDrift = 0;
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
        const channels = [0, 1, 2].map((channel) =>
          Math.abs(output[offset + channel]! - base[offset + channel]!),
        );
        if (outside) {
          const largest = Math.max(...channels);
          outsideCount++;
          if (largest > DRIFT_THRESHOLD) driftedOutside++;
          maxDrift = Math.max(maxDrift, largest);
        }
        if (inside) {
          insideSum += (channels[0]! + channels[1]! + channels[2]!) / 3;
          insideCount++;
        }
      }
    }
    return { maxDrift, driftShare: driftedOutside / outsideCount, insideDifference: insideSum / insideCount };
  }

  const baseRgb = async () => await sharp(files.base.path).removeAlpha().raw().toBuffer();

  it('re-synthesises the masked region and drifts every other pixel by a few levels, as the real models do', async () => {
    const events = await edit(
      { model: 'gpt-image-2.5-sunburst', stream: true, partial_images: 2 },
      [files.base, files.red],
      files.mask,
    );
    expect(events.map((event) => event.type)).toEqual([
      'image_edit.partial_image',
      'image_edit.partial_image',
      'image_edit.completed',
    ]);
    const base = await baseRgb();
    for (const event of events) {
      const { data, width, height } = await pixelsOf(event);
      expect([width, height]).toEqual([SIDE, SIDE]);
      const { maxDrift, driftShare, insideDifference } = compareToBase(data, base, 12);
      // Subtle to the eye, yet clear to the studio's drift map on a good share of the protected pixels.
      expect(maxDrift).toBeLessThanOrEqual(MAX_DRIFT);
      expect(driftShare).toBeGreaterThan(0.2);
      expect(driftShare).toBeLessThan(0.6);
      expect(insideDifference).toBeGreaterThan(20);
    }
  });

  it('drifts the same way for the same request, and differently for each variant', async () => {
    const body = { n: 2 };
    const [first, second] = await edit(body, [files.base, files.red], files.mask);
    const [again] = await edit(body, [files.base, files.red], files.mask);
    expect(bytesOf(again!).equals(bytesOf(first!))).toBe(true);
    const base = await baseRgb();
    const [firstPixels, secondPixels] = await Promise.all([pixelsOf(first!), pixelsOf(second!)]);
    for (const pixels of [firstPixels, secondPixels]) {
      const { maxDrift, driftShare } = compareToBase(pixels.data, base, 12);
      expect(maxDrift).toBeLessThanOrEqual(MAX_DRIFT);
      expect(driftShare).toBeGreaterThan(0.2);
    }
    // Outside the hole the two variants' drifts differ (the hole's content differs anyway).
    const outsideRow = (data: Buffer) => data.subarray(0, SIDE * 3 * (HOLE.top - 12));
    expect(meanDifference(outsideRow(firstPixels.data), outsideRow(secondPixels.data))).toBeGreaterThan(1);
  });

  it('keeps the alpha of a transparent base outside the mask', async () => {
    const [event] = await edit({ model: 'gpt-image-2.6-flare' }, [files.transparent], files.mask);
    expect(event!.background).toBe('transparent');
    const output = await pixelsOf(event!, { alpha: true });
    const base = await sharp(files.transparent.path).ensureAlpha().raw().toBuffer();
    for (let y = 0; y < HOLE.top - 12; y++) {
      for (let x = 0; x < SIDE; x++) {
        const alpha = (y * SIDE + x) * 4 + 3;
        if (output.data[alpha] !== base[alpha]) throw new Error(`alpha changed at ${x},${y}`);
      }
    }
  });

  it('feeds the reference images into the new content', async () => {
    const body = { prompt: 'something new' };
    const [withRed] = await edit(body, [files.base, files.red], files.mask);
    const [withBlue] = await edit(body, [files.base, files.blue], files.mask);
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
    const [event] = await edit({}, [files.base]);
    const output = (await pixelsOf(event!)).data;
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

  it('fits the base to an auto size from its aspect ratio and counts the input images at high fidelity', async () => {
    const [event] = await edit({ size: 'auto', model: 'gpt-image-2.6-flare' }, [files.wide, files.red]);
    const completedEvent = event as CompletedImageEvent;
    const metadata = await sharp(bytesOf(event!)).metadata();
    expect(completedEvent.size).toBe(`${metadata.width}x${metadata.height}`);
    expect(metadata.width! / metadata.height!).toBeCloseTo(800 / 600, 1);
    // The 2.x models always read their inputs at high fidelity.
    const imageTokens =
      estimateImageInputTokens({ width: 800, height: 600 }, true) +
      estimateImageInputTokens({ width: 300, height: 200 }, true);
    expect(completedEvent.usage.input_tokens_details).toEqual({
      text_tokens: estimateTextTokens('a teal sun'),
      image_tokens: imageTokens,
    });
  });

  it.each(['gpt-image-2', 'gpt-image-2.5-flare', 'gpt-image-2.6-sunburst'])(
    'accepts input_fidelity on %s and ignores it',
    async (model) => {
      const [without] = await edit({ model }, [files.base, files.red], files.mask);
      for (const inputFidelity of ['low', 'high']) {
        const [withFidelity] = await edit(
          { model, input_fidelity: inputFidelity },
          [files.base, files.red],
          files.mask,
        );
        expect(bytesOf(withFidelity!).equals(bytesOf(without!))).toBe(true);
        expect((withFidelity as CompletedImageEvent).usage).toEqual((without as CompletedImageEvent).usage);
      }
    },
  );

  it('refuses an image whose header sniffs fine but whose data is truncated, naming it', async () => {
    const whole = await readFile(files.base.path);
    const truncated = await inputFile('truncated.png', whole.subarray(0, Math.floor(whole.length / 2)));
    const refusal = (images: InputFile[]) =>
      edit({}, images).then(
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

  it('refuses a decompression bomb from its header, before decoding it', async () => {
    // 16000x16000 (256 Mpx) in 32 KB: under sharp's own default limit, over the engine's.
    const bomb = await inputFile('bomb.png', makeBombPng(16_000, 16_000));
    const startedAt = performance.now();
    const refusal = await runJob(
      {
        request: engineRequest({ prompt: 'a teal sun' }, 'edit'),
        images: [{ ...bomb, param: 'image' }],
        mask: null,
        variantIndex: 0,
      },
      { maxInputPixels: 120_000_000 },
    ).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(EngineInputError);
    expect((refusal as EngineInputError).apiError.body.error).toMatchObject({
      param: 'image',
      code: 'image_too_large',
    });
    // Decoding it takes seconds and a gigabyte; refusing it from the header, well under one.
    expect(performance.now() - startedAt).toBeLessThan(1000);
  });

  it.each(['gpt-image-2', 'gpt-image-2.6-flare'])(
    'keeps transparency of a transparent base when the background is auto on %s',
    async (model) => {
      const [event] = await edit({ model, prompt: 'glass' }, [files.transparent]);
      expect(event!.background).toBe('transparent');
      expect((await sharp(bytesOf(event!)).metadata()).hasAlpha).toBe(true);
    },
  );

  it('animates an edit as a GIF over the reworked base', async () => {
    const [event] = await edit({ model: 'gpt-image-2.6-sunburst', output_format: 'gif', frame_count: 3 }, [
      files.base,
    ]);
    expect(event).toMatchObject({ type: 'image_edit.completed', output_format: 'gif' });
    expect(await sharp(bytesOf(event!), { animated: true }).metadata()).toMatchObject({ pages: 3 });
    const first = await pixelsOf(event!, { page: 0 });
    const last = await pixelsOf(event!, { page: 2 });
    expect(meanDifference(first.data, last.data)).toBeGreaterThan(0.5);
  });
});

describe('abort', () => {
  it('refuses to start on an aborted signal', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      runJob({ request: engineRequest({}), images: [], mask: null, variantIndex: 0 }, {}, controller.signal),
    ).rejects.toThrow();
  });

  it('does no more work once the consumer aborts between events', async () => {
    const controller = new AbortController();
    const events: ImageStreamEvent[] = [];
    const request = engineRequest({ stream: true, partial_images: 3, n: 4 });
    await expect(
      (async () => {
        for await (const event of createOfflineEngine().run(
          { request, images: [], mask: null, variantIndex: 0 },
          controller.signal,
        )) {
          events.push(event);
          controller.abort();
        }
      })(),
    ).rejects.toThrow();
    expect(events).toHaveLength(1);
  });

  it('stops during simulated latency without producing more events', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 300);
    const events: ImageStreamEvent[] = [];
    await expect(
      (async () => {
        const slow = createOfflineEngine({ latency: { kind: 'fixed', millisecondsPerStage: 5_000 } });
        const request = engineRequest({ stream: true, partial_images: 3 });
        for await (const event of slow.run(
          { request, images: [], mask: null, variantIndex: 0 },
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

/**
 * Test support for the engine: requests built the way the relay builds them for the engine (validated
 * under ENGINE_POLICY, so defaults are the contract's and only valid requests reach the engine), a runner
 * that collects the events, and measures of decoded pixels.
 */
import sharp from 'sharp';
import {
  ENGINE_POLICY,
  createModelRegistry,
  imageParam,
  validateEditBody,
  validateGenerationBody,
  type ImageRequest,
  type ImageStreamEvent,
} from '../../contract/index.ts';
import { createOfflineEngine, type OfflineEngineOptions } from '../engine.ts';
import type { EngineInputFile, EngineJob } from '../types.ts';

export const registry = createModelRegistry();

/** A request body as a client sends it; `prompt` and `model` have test defaults. */
export type Body = Record<string, unknown>;

const DEFAULT_BODY = { model: 'gpt-image-2', prompt: 'A red sunset over teal mountains', size: '1024x1024' };

/** The validated request for a body; throws with the API's refusal when the body is not valid. */
export function engineRequest(body: Body, kind: 'generation' | 'edit' = 'generation'): ImageRequest {
  const full = { ...DEFAULT_BODY, ...body };
  const checked =
    kind === 'generation'
      ? validateGenerationBody(full, registry, ENGINE_POLICY)
      : validateEditBody(full, registry, ENGINE_POLICY);
  if (!checked.ok) throw new Error(`Test request refused: ${checked.error.body.error.message}`);
  return checked.value;
}

export async function runJob(
  job: EngineJob,
  options: OfflineEngineOptions = {},
  signal = new AbortController().signal,
): Promise<ImageStreamEvent[]> {
  const events: ImageStreamEvent[] = [];
  for await (const event of createOfflineEngine(options).run(job, signal)) events.push(event);
  return events;
}

export const generate = (body: Body = {}, variantIndex = 0) =>
  runJob({ request: engineRequest(body), images: [], mask: null, variantIndex });

/** A spooled input file; the edit names it by where it stands, as the relay does. */
export type InputFile = Omit<EngineInputFile, 'param'>;

export const edit = (body: Body, images: InputFile[], mask: InputFile | null = null) =>
  runJob({
    request: engineRequest({ prompt: 'a teal sun', ...body }, 'edit'),
    images: images.map((image, index) => ({
      ...image,
      param: imageParam(images.length > 1 ? 'image[]' : 'image', index),
    })),
    mask: mask && { ...mask, param: 'mask' },
    variantIndex: 0,
  });

export const bytesOf = (event: ImageStreamEvent) => Buffer.from(event.b64_json, 'base64');

export interface Pixels {
  data: Buffer;
  width: number;
  height: number;
  channels: number;
}

/** Decoded RGB (or RGBA with `alpha`) pixels of an event's image, or of one page of an animated one. */
export async function pixelsOf(
  input: ImageStreamEvent | Buffer,
  options: { alpha?: boolean; page?: number } = {},
): Promise<Pixels> {
  const bytes = Buffer.isBuffer(input) ? input : bytesOf(input);
  const image = sharp(bytes, { page: options.page ?? 0 });
  const { data, info } = await (options.alpha ? image.ensureAlpha() : image.removeAlpha())
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

/** Mean absolute difference per channel value, 0..255. */
export function meanDifference(a: Buffer, b: Buffer): number {
  let sum = 0;
  for (let index = 0; index < a.length; index++) sum += Math.abs(a[index]! - b[index]!);
  return sum / a.length;
}

/** Mean absolute difference to the right and lower neighbours, per pixel: how much fine structure there is. */
export function edgeEnergy({ data, width, height, channels }: Pixels): number {
  let sum = 0;
  for (let y = 0; y < height - 1; y++) {
    for (let x = 0; x < width - 1; x++) {
      const offset = (y * width + x) * channels;
      for (let channel = 0; channel < 3; channel++) {
        const value = data[offset + channel]!;
        sum +=
          Math.abs(value - data[offset + channels + channel]!) +
          Math.abs(value - data[offset + width * channels + channel]!);
      }
    }
  }
  return sum / (width * height);
}

export function uniqueColours({ data, channels }: Pixels): number {
  const colours = new Set<number>();
  for (let offset = 0; offset < data.length; offset += channels) {
    colours.add((data[offset]! << 16) | (data[offset + 1]! << 8) | data[offset + 2]!);
  }
  return colours.size;
}

/** Shares of fully transparent, fully opaque and partly transparent pixels of RGBA pixels. */
export function alphaShares({ data, channels }: Pixels): { clear: number; solid: number; partial: number } {
  let clear = 0;
  let solid = 0;
  for (let offset = channels - 1; offset < data.length; offset += channels) {
    if (data[offset] === 0) clear++;
    else if (data[offset] === 255) solid++;
  }
  const total = data.length / channels;
  return { clear: clear / total, solid: solid / total, partial: (total - clear - solid) / total };
}

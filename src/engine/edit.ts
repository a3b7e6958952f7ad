/**
 * Edits: the first image fitted to the output size is the base; the mask (alpha 0 = edit) becomes a
 * feathered weight map; new content is blended in only where the weight is above zero, so pixels away
 * from the mask keep their exact values. Without a mask the whole base is restyled toward the prompt.
 */
import sharp from 'sharp';
import type { EngineInputFile } from './types.ts';
import { mixRgb, type Rgb } from './colour.ts';
import { decodeInput } from './inputError.ts';
import { RGBA, type RawImage } from './raster.ts';
import type { Palette } from './scene.ts';

/** A rectangle of the output, in pixels. */
export interface PixelBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface EditCanvas {
  /** The first image, fitted (cover) to the output size, as RGBA. */
  base: RawImage;
  /** Per pixel, how much new content replaces the base: 0 keeps it exactly, 255 replaces it. Null without a mask. */
  editWeight: Uint8Array | null;
  /** The smallest box holding every pixel with a weight above zero; null when the mask asks for no change. */
  editBox: PixelBox | null;
  /** Whether any base pixel is less than fully opaque. */
  baseHasTransparency: boolean;
  /** The references' and the base's dominant colours, to join the palette of the new content. */
  colours: Rgb[];
}

async function decodeFitted(
  file: EngineInputFile,
  width: number,
  height: number,
  channels: 'rgba' | 'alpha',
): Promise<Buffer> {
  let pipeline = sharp(file.path).toColourspace('srgb').ensureAlpha();
  if (channels === 'alpha') pipeline = pipeline.extractChannel(3);
  // Resizing to the same size would still resample; skip it so an unchanged pixel stays byte-identical.
  if (file.sniffed.width !== width || file.sniffed.height !== height) {
    pipeline = pipeline.resize(width, height, { fit: 'cover', position: 'centre' });
  }
  return pipeline.raw({ depth: 'uchar' }).toBuffer();
}

/** A few pixels of feather at 1024, a little more on larger canvases. */
export function featherSigma(width: number, height: number): number {
  return Math.min(6, Math.max(1.5, Math.min(width, height) / 400));
}

async function loadEditWeight(mask: EngineInputFile, width: number, height: number): Promise<Uint8Array> {
  const alpha = await decodeFitted(mask, width, height, 'alpha');
  for (let index = 0; index < alpha.length; index++) alpha[index] = 255 - alpha[index]!;
  const feathered = await sharp(alpha, { raw: { width, height, channels: 1 } })
    .blur(featherSigma(width, height))
    // sharp widens a one-band image to sRGB on the way through; bring it back to one band.
    .toColourspace('b-w')
    .raw()
    .toBuffer();
  return new Uint8Array(feathered.buffer, feathered.byteOffset, feathered.byteLength);
}

async function dominantColour(input: string | RawImage): Promise<Rgb> {
  const pipeline =
    typeof input === 'string'
      ? sharp(input)
      : sharp(input.data, { raw: { width: input.width, height: input.height, channels: RGBA } });
  const { dominant } = await pipeline.stats();
  return [dominant.r, dominant.g, dominant.b];
}

export async function loadEditCanvas(
  images: readonly EngineInputFile[],
  mask: EngineInputFile | null,
  width: number,
  height: number,
): Promise<EditCanvas> {
  const baseData = await decodeInput(images[0]!.param, () => decodeFitted(images[0]!, width, height, 'rgba'));
  const base = { data: baseData, width, height };
  let baseHasTransparency = false;
  for (let index = 3; index < baseData.length; index += RGBA) {
    if (baseData[index] !== 255) {
      baseHasTransparency = true;
      break;
    }
  }
  const [editWeight, referenceColours, baseColour] = await Promise.all([
    mask ? decodeInput(mask.param, () => loadEditWeight(mask, width, height)) : Promise.resolve(null),
    Promise.all(images.slice(1).map((image) => decodeInput(image.param, () => dominantColour(image.path)))),
    dominantColour(base),
  ]);
  return {
    base,
    editWeight,
    editBox: editWeight ? boundingBox(editWeight, width, height) : null,
    baseHasTransparency,
    colours: [...referenceColours, baseColour],
  };
}

function boundingBox(weight: Uint8Array, width: number, height: number): PixelBox | null {
  let left = width;
  let right = -1;
  let top = height;
  let bottom = -1;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      if (weight[row + x] === 0) continue;
      if (x < left) left = x;
      if (x > right) right = x;
      if (y < top) top = y;
      bottom = y;
    }
  }
  if (right < 0) return null;
  return { left, top, width: right - left + 1, height: bottom - top + 1 };
}

/** Composites the base over a solid colour where it is not fully opaque; opaque pixels are left as they are. */
export function flattenInPlace(image: RawImage, [r, g, b]: Rgb): void {
  const { data } = image;
  for (let index = 0; index < data.length; index += RGBA) {
    const alpha = data[index + 3]!;
    if (alpha === 255) continue;
    const keep = alpha / 255;
    data[index] = Math.round(data[index]! * keep + r * (1 - keep));
    data[index + 1] = Math.round(data[index + 1]! * keep + g * (1 - keep));
    data[index + 2] = Math.round(data[index + 2]! * keep + b * (1 - keep));
    data[index + 3] = 255;
  }
}

/**
 * The base where the weight is 0, the new content (drawn for `box` only) where it is 255, a linear mix in
 * the feathered band between.
 */
export function blendByWeight(base: RawImage, fresh: RawImage, box: PixelBox, weight: Uint8Array): RawImage {
  const out = Buffer.from(base.data);
  for (let y = box.top; y < box.top + box.height; y++) {
    for (let x = box.left; x < box.left + box.width; x++) {
      const pixel = y * base.width + x;
      const amount = weight[pixel]!;
      if (amount === 0) continue;
      const offset = pixel * RGBA;
      const freshOffset = ((y - box.top) * box.width + (x - box.left)) * RGBA;
      for (let channel = 0; channel < RGBA; channel++) {
        out[offset + channel] = Math.round(
          (base.data[offset + channel]! * (255 - amount) + fresh.data[freshOffset + channel]! * amount) / 255,
        );
      }
    }
  }
  return { data: out, width: base.width, height: base.height };
}

/**
 * Reworks the whole base toward the prompt: its tones are mapped onto the palette (so shapes and light
 * survive), and the new content shows through. `strength` 0..1 lets partial stages arrive gradually.
 */
export function restyle(base: RawImage, fresh: RawImage, palette: Palette, strength: number): RawImage {
  const ramp = [palette.deep, palette.colours[0]!, palette.colours[1]!, palette.light];
  const toneMap = new Uint8Array(256 * 3);
  for (let tone = 0; tone < 256; tone++) {
    const position = (tone / 255) * (ramp.length - 1);
    const lower = Math.min(ramp.length - 2, Math.floor(position));
    const colour = mixRgb(ramp[lower]!, ramp[lower + 1]!, position - lower);
    toneMap.set(colour.map(Math.round), tone * 3);
  }
  const keepBase = 1 - 0.55 * strength;
  const toned = 0.33 * strength;
  const fromFresh = 0.22 * strength;
  const out = Buffer.alloc(base.data.length);
  const source = base.data;
  for (let offset = 0; offset < source.length; offset += RGBA) {
    const tone = Math.round(
      0.2126 * source[offset]! + 0.7152 * source[offset + 1]! + 0.0722 * source[offset + 2]!,
    );
    for (let channel = 0; channel < 3; channel++) {
      out[offset + channel] = Math.round(
        source[offset + channel]! * keepBase +
          toneMap[tone * 3 + channel]! * toned +
          fresh.data[offset + channel]! * fromFresh,
      );
    }
    out[offset + 3] = source[offset + 3]!;
  }
  return { data: out, width: base.width, height: base.height };
}

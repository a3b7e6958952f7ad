/**
 * Edits: the first image fitted to the output size is the base; the mask (alpha 0 = edit) becomes a
 * feathered weight map; new content is blended in where the weight is above zero. Away from the mask the
 * base comes back with a small, smooth, deterministic drift of a few levels, as real GPT Image models
 * give it (they repaint the whole image), so the studio's compositing and drift map have something true
 * to work on. Without a mask the whole base is restyled toward the prompt.
 */
import sharp from 'sharp';
import type { EngineInputFile } from './types.ts';
import { mixRgb, type Rgb } from './colour.ts';
import { decodeInput, openInput } from './inputError.ts';
import { RGBA, type RawImage } from './raster.ts';
import type { Palette } from './scene.ts';
import type { SeededRandom } from './seededRandom.ts';

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
  /** Per pixel, how much new content replaces the base: 0 keeps it (up to the drift), 255 replaces it. Null without a mask. */
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
  { width, height, maxInputPixels }: DecodeTarget,
  channels: 'rgba' | 'alpha',
): Promise<Buffer> {
  let pipeline = openInput(file.path, maxInputPixels).toColourspace('srgb').ensureAlpha();
  if (channels === 'alpha') pipeline = pipeline.extractChannel(3);
  // Resizing to the same size would still resample; skip it so the drift is all that moves a kept pixel.
  if (file.sniffed.width !== width || file.sniffed.height !== height) {
    pipeline = pipeline.resize(width, height, { fit: 'cover', position: 'centre' });
  }
  return pipeline.raw({ depth: 'uchar' }).toBuffer();
}

/** The size inputs are fitted to, and the most pixels one of them may decode to. */
export interface DecodeTarget {
  width: number;
  height: number;
  maxInputPixels: number;
}

/** A few pixels of feather at 1024, a little more on larger canvases. */
export function featherSigma(width: number, height: number): number {
  return Math.min(6, Math.max(1.5, Math.min(width, height) / 400));
}

async function loadEditWeight(mask: EngineInputFile, target: DecodeTarget): Promise<Uint8Array> {
  const { width, height } = target;
  const alpha = await decodeFitted(mask, target, 'alpha');
  for (let index = 0; index < alpha.length; index++) alpha[index] = 255 - alpha[index]!;
  const feathered = await sharp(alpha, { raw: { width, height, channels: 1 } })
    .blur(featherSigma(width, height))
    // sharp widens a one-band image to sRGB on the way through; bring it back to one band.
    .toColourspace('b-w')
    .raw()
    .toBuffer();
  return new Uint8Array(feathered.buffer, feathered.byteOffset, feathered.byteLength);
}

async function dominantColour(input: RawImage | { path: string; maxInputPixels: number }): Promise<Rgb> {
  const pipeline =
    'path' in input
      ? openInput(input.path, input.maxInputPixels)
      : sharp(input.data, { raw: { width: input.width, height: input.height, channels: RGBA } });
  const { dominant } = await pipeline.stats();
  return [dominant.r, dominant.g, dominant.b];
}

export async function loadEditCanvas(
  images: readonly EngineInputFile[],
  mask: EngineInputFile | null,
  target: DecodeTarget,
): Promise<EditCanvas> {
  const { width, height, maxInputPixels } = target;
  const baseData = await decodeInput(images[0]!.param, () => decodeFitted(images[0]!, target, 'rgba'));
  const base = { data: baseData, width, height };
  let baseHasTransparency = false;
  for (let index = 3; index < baseData.length; index += RGBA) {
    if (baseData[index] !== 255) {
      baseHasTransparency = true;
      break;
    }
  }
  const [editWeight, referenceColours, baseColour] = await Promise.all([
    mask ? decodeInput(mask.param, () => loadEditWeight(mask, target)) : Promise.resolve(null),
    Promise.all(
      images
        .slice(1)
        .map((image) => decodeInput(image.param, () => dominantColour({ path: image.path, maxInputPixels }))),
    ),
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

/** The most a channel of a protected pixel strays from the base, in levels. */
export const MAX_DRIFT = 12;

/** A smooth wave over the canvas, at (u, v) in 0..1: `amplitude` · cos of a phase that runs `cycles` across it. */
interface Wave {
  amplitude: number;
  perU: number;
  perV: number;
  phase: number;
}

function randomWave(random: SeededRandom, [fewest, most]: [number, number], amplitude: number): Wave {
  const angle = random.between(0, 2 * Math.PI);
  const cycles = random.between(fewest, most);
  return {
    amplitude,
    perU: 2 * Math.PI * cycles * Math.cos(angle),
    perV: 2 * Math.PI * cycles * Math.sin(angle),
    phase: random.between(0, 2 * Math.PI),
  };
}

const waveAt = (wave: Wave, u: number, v: number) =>
  wave.amplitude * Math.cos(wave.perU * u + wave.perV * v + wave.phase);

/** Pixels per cell of the grid the drift is worked out on before it is smoothly upsampled. */
const DRIFT_CELL = 16;
/** What a drift of 0 is stored as, so the field fits one unsigned byte a channel. */
export const DRIFT_ZERO = 128;

/**
 * How far the raw output strays from the base, per pixel and RGB channel, as DRIFT_ZERO + levels within
 * ±MAX_DRIFT (three bytes a pixel). Real models shift protected pixels too (one public reproduction
 * measured 51.6% of them changed substantially); here a brightness shift shared by the channels (two
 * waves and an offset) plus a tint of one wave and an offset per channel, all under two cycles across the
 * image, so it is smooth and subtle to the eye. It is scaled so that a set share (30 to 45%) of the pixels
 * strays by more than 8 levels in some channel, whatever the waves drawn: the studio's drift map, at 8,
 * always has something true to show. Worked out on a coarse grid and upsampled bilinearly (which never
 * overshoots the grid, so the field stays within ±MAX_DRIFT), so it costs little even at 4K; deterministic
 * for the variant's seed.
 */
export function driftField(random: SeededRandom, width: number, height: number): Buffer {
  const light = [randomWave(random, [0.5, 1.2], 1), randomWave(random, [1, 2], 0.5)];
  const lightOffset = random.between(-0.6, 0.6);
  const tints = [0, 1, 2].map(() => randomWave(random, [0.4, 1.4], random.between(0.35, 0.6)));
  const tintOffsets = [0, 1, 2].map(() => random.between(-0.4, 0.4));
  const share = random.between(0.3, 0.45);

  const columns = Math.max(2, Math.round(width / DRIFT_CELL));
  const rows = Math.max(2, Math.round(height / DRIFT_CELL));
  const grid = new Float64Array(columns * rows * 3);
  const reach = new Float64Array(columns * rows);
  for (let row = 0; row < rows; row++) {
    const v = (row + 0.5) / rows;
    for (let column = 0; column < columns; column++) {
      const u = (column + 0.5) / columns;
      const shared = lightOffset + waveAt(light[0]!, u, v) + waveAt(light[1]!, u, v);
      const cell = row * columns + column;
      for (let channel = 0; channel < 3; channel++) {
        const value = shared + tintOffsets[channel]! + waveAt(tints[channel]!, u, v);
        grid[cell * 3 + channel] = value;
        reach[cell] = Math.max(reach[cell]!, Math.abs(value));
      }
    }
  }
  // The cell whose largest channel is at the share's quantile lands just past 8 levels.
  const sorted = Float64Array.from(reach).sort();
  const quantile = sorted[Math.min(sorted.length - 1, Math.floor((1 - share) * sorted.length))]!;
  const scale = 8.6 / Math.max(quantile, 1e-6);
  for (let index = 0; index < grid.length; index++) {
    grid[index] = Math.max(-MAX_DRIFT, Math.min(MAX_DRIFT, grid[index]! * scale));
  }
  return upsampleGrid(grid, columns, rows, width, height);
}

/** Where pixel centres fall between grid cells along one axis: the lower cell and the share of the next. */
function gridAxis(pixels: number, cells: number): { lower: Int32Array; fraction: Float32Array } {
  const lower = new Int32Array(pixels);
  const fraction = new Float32Array(pixels);
  for (let pixel = 0; pixel < pixels; pixel++) {
    const position = Math.max(0, Math.min(cells - 1, ((pixel + 0.5) / pixels) * cells - 0.5));
    lower[pixel] = Math.min(cells - 2, Math.floor(position));
    fraction[pixel] = position - lower[pixel]!;
  }
  return { lower, fraction };
}

/**
 * Bilinear upsampling of a three-channel grid to DRIFT_ZERO-offset bytes, one grid row pair at a time.
 * Hand-written because sharp's linear resize of a tiny image to 4K takes several times as long.
 */
function upsampleGrid(
  grid: Float64Array,
  columns: number,
  rows: number,
  width: number,
  height: number,
): Buffer {
  const across = gridAxis(width, columns);
  const down = gridAxis(height, rows);
  const line = new Float32Array(columns * 3);
  const out = Buffer.allocUnsafe(width * height * 3);
  for (let y = 0; y < height; y++) {
    const top = down.lower[y]! * columns * 3;
    const bottom = top + columns * 3;
    const t = down.fraction[y]!;
    for (let index = 0; index < line.length; index++) {
      line[index] = grid[top + index]! + (grid[bottom + index]! - grid[top + index]!) * t;
    }
    let offset = y * width * 3;
    for (let x = 0; x < width; x++, offset += 3) {
      const left = across.lower[x]! * 3;
      const s = across.fraction[x]!;
      const r = line[left]!;
      const g = line[left + 1]!;
      const b = line[left + 2]!;
      // Adding DRIFT_ZERO + 0.5 and truncating rounds, as every value is positive by then.
      out[offset] = (DRIFT_ZERO + 0.5 + r + (line[left + 3]! - r) * s) | 0;
      out[offset + 1] = (DRIFT_ZERO + 0.5 + g + (line[left + 4]! - g) * s) | 0;
      out[offset + 2] = (DRIFT_ZERO + 0.5 + b + (line[left + 5]! - b) * s) | 0;
    }
  }
  return out;
}

/** The base with the drift added to its colour; alpha is kept, and fully transparent pixels stay as they are. */
export function applyDrift(base: RawImage, drift: Buffer): RawImage {
  const out = Buffer.from(base.data);
  // A clamped view, so a drift past 0 or 255 stops there instead of wrapping.
  const clamped = new Uint8ClampedArray(out.buffer, out.byteOffset, out.byteLength);
  const source = base.data;
  for (let pixel = 0, offset = 0; offset < source.length; pixel += 3, offset += RGBA) {
    if (source[offset + 3] === 0) continue;
    clamped[offset] = source[offset]! + drift[pixel]! - DRIFT_ZERO;
    clamped[offset + 1] = source[offset + 1]! + drift[pixel + 1]! - DRIFT_ZERO;
    clamped[offset + 2] = source[offset + 2]! + drift[pixel + 2]! - DRIFT_ZERO;
  }
  return { data: out, width: base.width, height: base.height };
}

/**
 * The drifted base where the weight is 0, the new content (drawn for `box` only) where it is 255, a linear
 * mix in the feathered band between.
 */
export function blendByWeight(
  base: RawImage,
  fresh: RawImage,
  box: PixelBox,
  weight: Uint8Array,
  drift: Buffer,
): RawImage {
  const drifted = applyDrift(base, drift);
  const out = drifted.data;
  for (let y = box.top; y < box.top + box.height; y++) {
    for (let x = box.left; x < box.left + box.width; x++) {
      const pixel = y * base.width + x;
      const amount = weight[pixel]!;
      if (amount === 0) continue;
      const offset = pixel * RGBA;
      const freshOffset = ((y - box.top) * box.width + (x - box.left)) * RGBA;
      for (let channel = 0; channel < RGBA; channel++) {
        out[offset + channel] = Math.round(
          (out[offset + channel]! * (255 - amount) + fresh.data[freshOffset + channel]! * amount) / 255,
        );
      }
    }
  }
  return drifted;
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

/**
 * Colour match of a masked edit's pasted pixels to their surroundings. The models repaint the whole image
 * and often shift its colour a little as they go (warmer, less blue): the composite puts the source back
 * outside the mask, so the new pixels inside can sit in it with a visible cast. Around the mask the model
 * was asked to keep the source, so there its output and the source should agree; how they differ there,
 * channel by channel, is the cast, and its inverse is applied to the model's pixels before they are blended
 * in. For an outpaint the pixels kept are the locked original, so the ring is the original's own border.
 *
 * The ring is measured at the resolution the model worked at (what was sent), like the drift: there the
 * comparison sees the model's changes, not the resampling of pasting back.
 */
import type { PixelBox } from '../../state/mask.ts';
import type { Size } from '../viewport.ts';
import { weightedBounds } from './compositeMath.ts';

/**
 * Where the ring lies, in sent pixels from the nearest edited one: beyond `fromPx`, because the models'
 * new content bleeds a few pixels past the mask's edge (the offline engine's blur does too) and those
 * pixels are not the source kept; up to `toPx`, near enough to be in the same light.
 */
export const RING_REACH = { fromPx: 8, toPx: 24 } as const;

/** The fewest ring pixels (of what was sent) the estimate is trusted on. */
export const MIN_RING_PIXELS = 256;

/**
 * The gain's sane range: a cast scales a channel by a few percent; beyond this the model changed the
 * picture, not its colour, and a larger gain would amplify noise inside the mask.
 */
export const GAIN_LIMITS = { min: 0.8, max: 1.25 } as const;

/**
 * The least texture (root mean square of the differences between neighbouring pixels, in levels) a
 * channel of the source's ring needs for a gain to be measured on it. The gain is read from how the
 * model's local contrast compares with the source's, not from how their values compare across the ring:
 * the models' drift is smooth over the image, so where a ring's colours follow position (a sky, a
 * gradient) a drift would pass for a gain and change the contrast of everything inside the mask, while
 * from one pixel to the next a smooth drift changes nothing. A ring with too little texture says what the
 * mean is, not how the channel scales, and gets an offset only.
 */
const MIN_TEXTURE_FOR_GAIN = 2;

/**
 * How closely the model's local contrast must follow the source's (the squared correlation of their
 * neighbour differences) for its slope to be a gain. The models redraw fine grain rather than copy it,
 * and a model's differences that do not follow the source's pull the slope toward 0, which is smoothing,
 * not a cast: then there is no gain to read.
 */
const MIN_TEXTURE_AGREEMENT = 0.8;

/**
 * A gain is applied only when it stands out of the noise: at least this many standard errors of the fit
 * away from 1 (the models' own grain makes a slope of a few thousand pairs wander a little), and at least
 * the least gain one could see.
 */
const GAIN_STANDARD_ERRORS = 4;
const LEAST_VISIBLE_GAIN = 0.02;

/**
 * A ring pixel whose difference from the source strays from the channel's median difference by more than
 * this many robust deviations (1.4826 * the median absolute deviation), or by at least the floor, is the
 * model repainting rather than tinting, and is left out.
 */
const OUTLIER_DEVIATIONS = 3;
const OUTLIER_FLOOR = 8;

/**
 * The largest median absolute deviation (in levels) of a channel's differences that is still a cast: a
 * gain at its limit across a ring of every level spreads them by about 13. Beyond it most of the ring
 * changed in ways no one correction describes: the model repainted it.
 */
const MAX_CAST_DEVIATION = 16;

const REPAINTED =
  'the model repainted the image around the mask, so a colour cast could not be told from new content';

type Channels = [number, number, number];

/** A correction per colour channel: value * gain + offset (alpha is never touched). */
export interface ColourCorrection {
  offset: Channels;
  gain: Channels;
}

/** What the colour match did for one variant: the correction applied, or why none was. */
export type ColourMatch =
  | (ColourCorrection & {
      kind: 'applied';
      /** Ring pixels (of what was sent) the correction was measured on, outliers left out. */
      measuredPixels: number;
    })
  | { kind: 'skipped'; reason: string };

/**
 * The ring: the protected sent pixels (protectedSent = 1) whose nearest edited one (0) is more than
 * `fromPx` and at most `toPx` away along both axes (a square reach; the ring only has to be near, not
 * round), as their indices in the sent pixels, in row order. Only the edited pixels' box grown by `toPx` is
 * visited, and the comparisons of every variant then visit only the ring.
 */
export function ringAround(
  protectedSent: Uint8Array,
  sent: Size,
  { fromPx, toPx }: { fromPx: number; toPx: number } = RING_REACH,
): Int32Array {
  const { width, height } = sent;
  if (protectedSent.length !== width * height) {
    throw new RangeError(`${protectedSent.length} protected flags do not fit ${width}x${height}.`);
  }
  // The edited pixels' box, as the bounds of their weights would be.
  const edited = weightedBounds(
    protectedSent.map((flag) => 1 - flag),
    sent,
    { left: 0, top: 0, width, height },
  );
  if (!edited) return new Int32Array(0);
  const reach = Math.max(0, Math.floor(toPx));
  const left = Math.max(0, edited.left - reach);
  const top = Math.max(0, edited.top - reach);
  const box: PixelBox = {
    left,
    top,
    width: Math.min(width, edited.left + edited.width + reach) - left,
    height: Math.min(height, edited.top + edited.height + reach) - top,
  };
  const near = protectedWithin(protectedSent, sent, box, toPx);
  if (fromPx >= 1) {
    const tooNear = protectedWithin(protectedSent, sent, box, fromPx);
    for (let index = 0; index < near.length; index++) if (tooNear[index] === 1) near[index] = 0;
  }
  let count = 0;
  for (let index = 0; index < near.length; index++) count += near[index]!;
  const ring = new Int32Array(count);
  let next = 0;
  for (let y = 0; y < box.height; y++) {
    for (let x = 0; x < box.width; x++) {
      if (near[y * box.width + x] === 1) ring[next++] = (box.top + y) * width + box.left + x;
    }
  }
  return ring;
}

/**
 * Over `box` of the sent pixels (holding every edited one), 1 for the protected pixels with an edited one
 * within `reachPx` along both axes, else 0; box.width x box.height, row by row.
 */
function protectedWithin(protectedSent: Uint8Array, sent: Size, box: PixelBox, reachPx: number): Uint8Array {
  const { width, height } = box;
  const reach = Math.max(0, Math.floor(reachPx));
  // Along the rows first: 1 where an edited pixel lies within reach in the same row.
  const nearInRow = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const flags = (box.top + y) * sent.width + box.left;
    let last = -reach - 1;
    for (let x = 0; x < width; x++) {
      if (protectedSent[flags + x] === 0) last = x;
      if (x - last <= reach) nearInRow[row + x] = 1;
    }
    let next = width + reach;
    for (let x = width - 1; x >= 0; x--) {
      if (protectedSent[flags + x] === 0) next = x;
      if (next - x <= reach) nearInRow[row + x] = 1;
    }
  }
  // Then down the columns, as two row-ordered sweeps with each column's nearest row so far.
  const within = new Uint8Array(width * height);
  const nearestRow = new Int32Array(width).fill(-reach - 1);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const flags = (box.top + y) * sent.width + box.left;
    for (let x = 0; x < width; x++) {
      if (nearInRow[row + x] === 1) nearestRow[x] = y;
      if (protectedSent[flags + x] === 1 && y - nearestRow[x]! <= reach) within[row + x] = 1;
    }
  }
  nearestRow.fill(height + reach);
  for (let y = height - 1; y >= 0; y--) {
    const row = y * width;
    const flags = (box.top + y) * sent.width + box.left;
    for (let x = 0; x < width; x++) {
      if (nearInRow[row + x] === 1) nearestRow[x] = y;
      if (protectedSent[flags + x] === 1 && nearestRow[x]! - y <= reach) within[row + x] = 1;
    }
  }
  return within;
}

/** Differences model - source run from -255 to 255: one histogram bin each. */
const BINS = 511;

/** The median bin of a histogram holding `count` values, and the median absolute deviation around it. */
function medianAndDeviation(histogram: Uint32Array, start: number, count: number) {
  const half = count / 2;
  let median = 0;
  for (let seen = 0; median < BINS; median++) {
    seen += histogram[start + median]!;
    if (seen >= half) break;
  }
  // Widen a window around the median until it holds half the values.
  let deviation = 0;
  let inside = histogram[start + median]!;
  while (inside < half) {
    deviation++;
    if (median - deviation >= 0) inside += histogram[start + median - deviation]!;
    if (median + deviation < BINS) inside += histogram[start + median + deviation]!;
  }
  return { median: median - 255, deviation };
}

/** `value` rounded to `decimals` places, as a number that prints as such (no 12.100000000000001). */
const roundTo = (value: number, decimals: number) => Math.round(value * 10 ** decimals) / 10 ** decimals;

/**
 * The correction that makes the model's output agree with what was sent over the ring (ringAround): per
 * channel, the ring's pixels whose difference is an outlier left out, the gain that undoes how the model
 * scaled the source's local contrast (localSlopes; clamped to GAIN_LIMITS, and 1 unless it stands out of
 * the noise) and the offset that then matches the means. The source is the fit's regressor because it is
 * exact: the model's own grain, which does not follow the source, then leaves the slope alone, where
 * matching the two spreads would read it as a gain below 1 and flatten the new pixels. Pixels transparent
 * in either image have no colour to compare. `sentSource` and `model` are RGBA at the sent size, `ring`
 * indexes its pixels; the figures are rounded (offsets to 0.1 level, gains to 0.001) so the record of them
 * reproduces the correction exactly.
 */
export function measureColourMatch(
  sentSource: Uint8ClampedArray,
  model: Uint8ClampedArray,
  ring: Int32Array,
  sent: Size,
): ColourMatch {
  const pixels = sent.width * sent.height;
  if (sentSource.length !== pixels * 4 || model.length !== pixels * 4) {
    throw new RangeError(
      `${sentSource.length} sent bytes and ${model.length} output bytes do not fit ${sent.width}x${sent.height}.`,
    );
  }
  const histograms = new Uint32Array(3 * BINS);
  let ringPixels = 0;
  for (const index of ring) {
    const at = index * 4;
    if (sentSource[at + 3] === 0 || model[at + 3] === 0) continue;
    ringPixels++;
    for (let channel = 0; channel < 3; channel++) {
      histograms[channel * BINS + model[at + channel]! - sentSource[at + channel]! + 255]!++;
    }
  }
  if (ringPixels < MIN_RING_PIXELS) {
    return {
      kind: 'skipped',
      reason: `too little of the image around the mask to compare (${ringPixels} pixels at the size sent; ${MIN_RING_PIXELS} needed)`,
    };
  }
  const lows: number[] = [];
  const highs: number[] = [];
  for (let channel = 0; channel < 3; channel++) {
    const { median, deviation } = medianAndDeviation(histograms, channel * BINS, ringPixels);
    if (deviation > MAX_CAST_DEVIATION) return { kind: 'skipped', reason: REPAINTED };
    const tolerance = Math.max(OUTLIER_FLOOR, OUTLIER_DEVIATIONS * 1.4826 * deviation);
    lows.push(median - tolerance);
    highs.push(median + tolerance);
  }
  // The inliers, and their sums per channel: model, source.
  const inliers = new Uint8Array(pixels);
  const means = new Float64Array(6);
  let measuredPixels = 0;
  for (const index of ring) {
    const at = index * 4;
    if (sentSource[at + 3] === 0 || model[at + 3] === 0) continue;
    let inlier = true;
    for (let channel = 0; channel < 3 && inlier; channel++) {
      const difference = model[at + channel]! - sentSource[at + channel]!;
      inlier = difference >= lows[channel]! && difference <= highs[channel]!;
    }
    if (!inlier) continue;
    inliers[index] = 1;
    measuredPixels++;
    for (let channel = 0; channel < 3; channel++) {
      means[channel * 2]! += model[at + channel]!;
      means[channel * 2 + 1]! += sentSource[at + channel]!;
    }
  }
  if (measuredPixels < MIN_RING_PIXELS) return { kind: 'skipped', reason: REPAINTED };
  for (let sum = 0; sum < means.length; sum++) means[sum]! /= measuredPixels;
  const slopes = localSlopes(sentSource, model, ring, inliers, sent);
  const offset: Channels = [0, 0, 0];
  const gain: Channels = [1, 1, 1];
  for (let channel = 0; channel < 3; channel++) {
    const { slope, standardError } = slopes[channel]!;
    const seen = Math.abs(slope - 1) >= Math.max(LEAST_VISIBLE_GAIN, GAIN_STANDARD_ERRORS * standardError);
    const channelGain = seen
      ? roundTo(Math.min(GAIN_LIMITS.max, Math.max(GAIN_LIMITS.min, 1 / slope)), 3)
      : 1;
    gain[channel] = channelGain;
    // 0 rather than -0, so a record of no offset reads as one.
    offset[channel] = roundTo(means[channel * 2 + 1]! - channelGain * means[channel * 2]!, 1) || 0;
  }
  return { kind: 'applied', offset, gain, measuredPixels };
}

/**
 * Per channel, how the model's local contrast follows the source's over the inliers: the least-squares
 * slope through the origin of the model's differences between neighbouring inliers (right and below) on
 * the source's, and its standard error; a slope of 1 with an infinite error where the source has too
 * little texture to tell (MIN_TEXTURE_FOR_GAIN) or the model's does not follow it (MIN_TEXTURE_AGREEMENT).
 */
function localSlopes(
  sentSource: Uint8ClampedArray,
  model: Uint8ClampedArray,
  ring: Int32Array,
  inliers: Uint8Array,
  { width, height }: Size,
): { slope: number; standardError: number }[] {
  // Per channel: source difference squared, both multiplied, model difference squared.
  const sums = new Float64Array(9);
  let pairs = 0;
  const pair = (at: number, next: number) => {
    pairs++;
    for (let channel = 0; channel < 3; channel++) {
      const sourceStep = sentSource[next + channel]! - sentSource[at + channel]!;
      const modelStep = model[next + channel]! - model[at + channel]!;
      sums[channel * 3]! += sourceStep * sourceStep;
      sums[channel * 3 + 1]! += sourceStep * modelStep;
      sums[channel * 3 + 2]! += modelStep * modelStep;
    }
  };
  const lastRow = (height - 1) * width;
  for (const index of ring) {
    if (inliers[index] === 0) continue;
    if ((index + 1) % width !== 0 && inliers[index + 1] === 1) pair(index * 4, (index + 1) * 4);
    if (index < lastRow && inliers[index + width] === 1) pair(index * 4, (index + width) * 4);
  }
  return [0, 1, 2].map((channel) => {
    const sourceSquares = sums[channel * 3]!;
    const products = sums[channel * 3 + 1]!;
    const modelSquares = sums[channel * 3 + 2]!;
    if (
      pairs < 2 ||
      sourceSquares / pairs < MIN_TEXTURE_FOR_GAIN ** 2 ||
      products <= 0 ||
      products ** 2 < MIN_TEXTURE_AGREEMENT * sourceSquares * modelSquares
    ) {
      return { slope: 1, standardError: Infinity };
    }
    const slope = products / sourceSquares;
    const residual = Math.max(0, modelSquares - slope * products) / (pairs - 1);
    return { slope, standardError: Math.sqrt(residual / sourceSquares) };
  });
}

/** Whether a correction changes no value: every gain 1 and every offset under half a level. */
export function isIdentity({ offset, gain }: ColourCorrection): boolean {
  return gain.every((value) => value === 1) && offset.every((value) => Math.abs(value) < 0.5);
}

/**
 * Applies `correction` in place to `model` (RGBA, area.width x area.height: the model's pixels upscaled to
 * the image pixels of `area`), only where the weight (the whole image's at `size`) is above 0: one pass of
 * table look-ups over the area. Pixels of weight 0 are left as they are (the composite puts the source's
 * bytes there), and alpha is never changed.
 */
export function correctColours(
  model: Uint8ClampedArray,
  weights: Uint8Array,
  size: Size,
  area: PixelBox,
  correction: ColourCorrection,
): void {
  const { left, top, width, height } = area;
  if (
    weights.length !== size.width * size.height ||
    model.length !== width * height * 4 ||
    left < 0 ||
    top < 0 ||
    left + width > size.width ||
    top + height > size.height
  ) {
    throw new RangeError(
      `A ${width}x${height}+${left}+${top} area of ${model.length} bytes does not fit ${weights.length} weights of ${size.width}x${size.height}.`,
    );
  }
  const tables = new Uint8ClampedArray(3 * 256);
  for (let channel = 0; channel < 3; channel++) {
    for (let value = 0; value < 256; value++) {
      tables[channel * 256 + value] = Math.round(
        value * correction.gain[channel]! + correction.offset[channel]!,
      );
    }
  }
  if (model.byteOffset % 4 !== 0) throw new RangeError('The model must start on a 4-byte boundary.');
  // One word a pixel, its bytes R, G, B, A from the lowest (the platform's order, as compositeMath.ts reads it).
  const words = new Int32Array(model.buffer, model.byteOffset, model.length / 4);
  for (let y = 0; y < height; y++) {
    const weightRow = (top + y) * size.width + left;
    const wordRow = y * width;
    for (let x = 0; x < width; x++) {
      if (weights[weightRow + x] === 0) continue;
      const word = words[wordRow + x]!;
      words[wordRow + x] =
        (word & 0xff000000) |
        (tables[512 + ((word >>> 16) & 255)]! << 16) |
        (tables[256 + ((word >>> 8) & 255)]! << 8) |
        tables[word & 255]!;
    }
  }
}

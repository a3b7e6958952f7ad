/**
 * The maths of pasting a model's edit back onto the original photo through the mask, on plain typed arrays
 * so the inpainting worker can run it without a canvas. Images reach 6000x4000, so every pass is one tight
 * loop over the pixels and the distance work stays inside the mask's bounding box grown by the feather.
 * Pixels the designer protected and that lie outside the feather band keep the source's bytes exactly; only
 * the pixels the weights reach take the model's, upscaled from the part of its output that covers them.
 */
import type { PixelBox } from '../../state/mask.ts';
import type { Size } from '../viewport.ts';

export interface CompositeShape {
  /** Pixels the edited area grows by (negative shrinks), before the feather. Round (Euclidean), not square. */
  growPx: number;
  /** Width in pixels of the band outside the (grown) edited area over which the model's pixels fade into the source. 0 = hard edge. */
  featherPx: number;
}

/** The default threshold: a difference of more than this many levels in a channel counts as drift (JPEG-grade noise stays under it). */
export const DRIFT_THRESHOLD = 8;

/** The difference at which the drift heatmap reaches opaque red. */
const HEAT_FULL_DIFFERENCE = 64;
/** Opacity of the faintest drift, so a barely drifted cell still shows over the photo. */
const HEAT_FAINTEST_ALPHA = 96;

/** The mask's polarity (OpenAI's): alpha below this marks a pixel to edit. */
const EDIT_ALPHA_BELOW = 128;

/**
 * Per-pixel edit weight for the whole image, 0..255: 0 keeps the source pixel exactly, 255 takes the model's pixel.
 * `maskRgba` is the mask raster's RGBA bytes at `size` in the OpenAI API's polarity: alpha < 128 means "edit here" (painted),
 * alpha >= 128 means protected. The edited area is that set of pixels grown (or shrunk) by growPx (Euclidean distance),
 * weight 255 inside it, then a smooth falloff (smoothstep) from 255 at the edge to 0 at featherPx outside it; at distance >= featherPx the weight is exactly 0.
 * `bounds` is the smallest box of pixels with weight > 0, or null when nothing is edited.
 */
export function editWeights(
  maskRgba: Uint8ClampedArray | Uint8Array,
  size: Size,
  shape: CompositeShape,
): { weights: Uint8Array; bounds: PixelBox | null } {
  const { width, height } = size;
  if (maskRgba.length !== width * height * 4) {
    throw new RangeError(
      `The mask has ${maskRgba.length} bytes, not the ${width * height * 4} of ${width}x${height}.`,
    );
  }
  const { growPx, featherPx } = shape;
  if (!Number.isFinite(growPx) || !Number.isFinite(featherPx) || featherPx < 0) {
    throw new RangeError(`Cannot composite with grow ${growPx} and feather ${featherPx}.`);
  }
  const weights = new Uint8Array(width * height);
  const painted = paintedBox(maskRgba, size);
  if (!painted) return { weights, bounds: null };

  const growing = growPx >= 0;
  // A shrink needs one ring of protected pixels around the painted box to measure from.
  const margin = growing ? Math.floor(growPx + featherPx) : Math.max(Math.floor(featherPx), 1);
  const left = Math.max(painted.left - margin, 0);
  const top = Math.max(painted.top - margin, 0);
  const box: PixelBox = {
    left,
    top,
    width: Math.min(painted.left + painted.width + margin, width) - left,
    height: Math.min(painted.top + painted.height + margin, height) - top,
  };
  const scratch = new DistanceScratch(box.width, box.height);
  // No distance inside the image exceeds its diagonal, which bounds the tables however wide the feather.
  const diagonalPx = Math.hypot(width, height);
  const alphaStart = (top * width + left) * 4 + 3;
  const weightStart = top * width + left;

  let found: PixelBox | null;
  if (growing) {
    const reachPx = Math.min(growPx + featherPx, diagonalPx);
    scratch.measureFrom(maskRgba, alphaStart, width * 4, 4, true, reachPx);
    found = scratch.writeBytes(featherLookup(growPx, featherPx, reachPx), 0, weights, weightStart, width);
  } else {
    // Erosion is the dilation of the protected pixels: keep an edited pixel only when every protected pixel is
    // farther than the shrink. Pixels beyond the image are not protected, so an edit at the border stays there.
    const shrinkPx = Math.min(-growPx, diagonalPx);
    const kept = new Uint8Array(box.width * box.height);
    scratch.measureFrom(maskRgba, alphaStart, width * 4, 4, false, shrinkPx);
    scratch.writeBytes(new Uint8Array(Math.floor(shrinkPx * shrinkPx) + 1), 255, kept, 0, box.width);
    const reachPx = Math.min(featherPx, diagonalPx);
    scratch.measureFrom(kept, 0, box.width, 1, false, reachPx);
    found = scratch.writeBytes(featherLookup(0, featherPx, reachPx), 0, weights, weightStart, width);
  }
  const bounds = found && { ...found, left: found.left + left, top: found.top + top };
  return { weights, bounds };
}

/** The smallest box holding every pixel the mask marks for editing, or null when none is. */
function paintedBox(maskRgba: Uint8ClampedArray | Uint8Array, { width, height }: Size): PixelBox | null {
  let minX = width;
  let maxX = -1;
  let minY = -1;
  let maxY = -1;
  for (let y = 0; y < height; y++) {
    const rowAlpha = y * width * 4 + 3;
    let first = 0;
    while (first < width && maskRgba[rowAlpha + first * 4]! >= EDIT_ALPHA_BELOW) first++;
    if (first === width) continue;
    let last = width - 1;
    while (maskRgba[rowAlpha + last * 4]! >= EDIT_ALPHA_BELOW) last--;
    if (minY < 0) minY = y;
    maxY = y;
    if (first < minX) minX = first;
    if (last > maxX) maxX = last;
  }
  if (minY < 0) return null;
  return { left: minX, top: minY, width: maxX - minX + 1, height: maxY - minY + 1 };
}

/**
 * Weight by squared distance (an integer) from the edited pixels: 255 up to `growPx`, then 255 * (1 - smoothstep)
 * across the feather. The table ends at `reachPx`, where the weight reaches 0 (or no distance in the image
 * goes further), so distances beyond it need no square root.
 */
function featherLookup(growPx: number, featherPx: number, reachPx: number): Uint8Array {
  const lookup = new Uint8Array(Math.floor(reachPx * reachPx) + 1);
  for (let squared = 0; squared < lookup.length; squared++) {
    const outside = Math.sqrt(squared) - growPx;
    if (outside <= 0) lookup[squared] = 255;
    else if (outside < featherPx) {
      const t = outside / featherPx;
      lookup[squared] = Math.round(255 * (1 - t * t * (3 - 2 * t)));
    }
  }
  return lookup;
}

/**
 * An exact Euclidean distance transform over one box, its buffers sized to the box and reused between passes.
 * Columns go first, as two row-ordered sweeps (a binary column's nearest source is a running count), so both
 * passes walk memory in order; then each row takes the lower envelope of parabolas (Felzenszwalb & Huttenlocher,
 * "Distance Transforms of Sampled Functions", 2012). Distances beyond the caller's reach are capped: a parabola
 * whose height already exceeds the reach cannot bring a pixel within it, so it is left out of the envelope.
 */
class DistanceScratch {
  /** Per pixel of the box: distance along its column to the nearest source, capped at `cap` (below 2^16). */
  private readonly columnDistance: Uint16Array;
  /** One row's envelope: the parabolas' positions, heights and where each starts to be the lowest. */
  private readonly apexes: Int32Array;
  private readonly heights: Int32Array;
  private readonly starts: Float64Array;
  private cap = 0;

  constructor(
    private readonly width: number,
    private readonly height: number,
  ) {
    this.columnDistance = new Uint16Array(width * height);
    this.apexes = new Int32Array(width);
    this.heights = new Int32Array(width);
    this.starts = new Float64Array(width + 1);
  }

  /**
   * Column distances from the sources: the bytes at `start + y * rowStride + x * pixelStride` that are below 128
   * when `sourceBelowHalf`, at or above it otherwise. Distances are exact up to `reachPx`.
   */
  measureFrom(
    bytes: Uint8ClampedArray | Uint8Array,
    start: number,
    rowStride: number,
    pixelStride: number,
    sourceBelowHalf: boolean,
    reachPx: number,
  ): void {
    const { width, height, columnDistance } = this;
    const cap = Math.floor(reachPx) + 1;
    this.cap = cap;
    for (let y = 0; y < height; y++) {
      const row = y * width;
      const rowBytes = start + y * rowStride;
      for (let x = 0; x < width; x++) {
        if (bytes[rowBytes + x * pixelStride]! < 128 === sourceBelowHalf) columnDistance[row + x] = 0;
        else {
          const above = y === 0 ? cap : columnDistance[row - width + x]! + 1;
          columnDistance[row + x] = above < cap ? above : cap;
        }
      }
    }
    for (let y = height - 2; y >= 0; y--) {
      const row = y * width;
      for (let x = 0; x < width; x++) {
        const below = columnDistance[row + width + x]! + 1;
        if (below < columnDistance[row + x]!) columnDistance[row + x] = below;
      }
    }
  }

  /**
   * Writes `lookup[squared distance]` per pixel of the box into `out` (at `outStart`, `outStride` per row), or
   * `far` where the distance is beyond the lookup. Returns the box, relative to this one, of the non-zero bytes.
   */
  writeBytes(
    lookup: Uint8Array,
    far: number,
    out: Uint8Array,
    outStart: number,
    outStride: number,
  ): PixelBox | null {
    const { width, height, columnDistance, apexes, heights, starts, cap } = this;
    const reachSquared = lookup.length;
    let minX = width;
    let maxX = -1;
    let minY = -1;
    let maxY = -1;
    for (let y = 0; y < height; y++) {
      const row = y * width;
      const outRow = outStart + y * outStride;
      let last = -1;
      for (let q = 0; q < width; q++) {
        const distance = columnDistance[row + q]!;
        if (distance >= cap) continue;
        // Inside a run of sources a pixel's own distance is 0, and beyond the run its ends are nearer than
        // any pixel within it: only the ends join the envelope, which spares most of an edit's interior.
        if (
          distance === 0 &&
          q > 0 &&
          q < width - 1 &&
          columnDistance[row + q - 1] === 0 &&
          columnDistance[row + q + 1] === 0
        ) {
          continue;
        }
        const heightQ = distance * distance;
        if (last < 0) {
          last = 0;
          apexes[0] = q;
          heights[0] = heightQ;
          starts[0] = -Infinity;
          starts[1] = Infinity;
          continue;
        }
        // Where the new parabola drops below the last one kept; while that is left of where the last one
        // starts, the last one is never the lowest and goes (the first one starts at -Infinity and stays).
        let crossing: number;
        for (;;) {
          const apex = apexes[last]!;
          crossing = (heightQ + q * q - (heights[last]! + apex * apex)) / (2 * (q - apex));
          if (crossing > starts[last]!) break;
          last--;
        }
        last++;
        apexes[last] = q;
        heights[last] = heightQ;
        starts[last] = crossing;
        starts[last + 1] = Infinity;
      }
      if (last < 0) {
        if (far !== 0) {
          out.fill(far, outRow, outRow + width);
          if (minY < 0) minY = y;
          maxY = y;
          minX = 0;
          maxX = width - 1;
        }
        continue;
      }
      let lowest = 0;
      let rowMinX = width;
      let rowMaxX = -1;
      const atSource = lookup[0]!;
      for (let x = 0; x < width; x++) {
        let value = atSource;
        if (columnDistance[row + x] !== 0) {
          while (starts[lowest + 1]! < x) lowest++;
          const offset = x - apexes[lowest]!;
          const squared = offset * offset + heights[lowest]!;
          value = squared < reachSquared ? lookup[squared]! : far;
        }
        out[outRow + x] = value;
        if (value !== 0) {
          if (rowMinX === width) rowMinX = x;
          rowMaxX = x;
        }
      }
      if (rowMaxX >= 0) {
        if (minY < 0) minY = y;
        maxY = y;
        if (rowMinX < minX) minX = rowMinX;
        if (rowMaxX > maxX) maxX = rowMaxX;
      }
    }
    if (minY < 0) return null;
    return { left: minX, top: minY, width: maxX - minX + 1, height: maxY - minY + 1 };
  }
}

/** The smallest box inside `within` of pixels with weight > 0 (weights at `size`), or null when there are none. */
export function weightedBounds(weights: Uint8Array, size: Size, within: PixelBox): PixelBox | null {
  let minX = within.left + within.width;
  let maxX = -1;
  let minY = -1;
  let maxY = -1;
  for (let y = within.top; y < within.top + within.height; y++) {
    const row = y * size.width;
    const rowEnd = row + within.left + within.width;
    let first = row + within.left;
    while (first < rowEnd && weights[first] === 0) first++;
    if (first === rowEnd) continue;
    let last = rowEnd - 1;
    while (weights[last] === 0) last--;
    if (minY < 0) minY = y;
    maxY = y;
    if (first - row < minX) minX = first - row;
    if (last - row > maxX) maxX = last - row;
  }
  if (minY < 0) return null;
  return { left: minX, top: minY, width: maxX - minX + 1, height: maxY - minY + 1 };
}

/**
 * For each of `sentLength` pixels along an axis scaled from `boxLength` pixels, the first and one past the
 * last of the box's pixels it covers, partly covered ones included.
 */
function coveredSpans(boxLength: number, sentLength: number): { starts: Int32Array; ends: Int32Array } {
  const starts = new Int32Array(sentLength);
  const ends = new Int32Array(sentLength);
  for (let index = 0; index < sentLength; index++) {
    starts[index] = Math.floor((index * boxLength) / sentLength);
    ends[index] = Math.ceil(((index + 1) * boxLength) / sentLength);
  }
  return { starts, ends };
}

/**
 * Which pixels of what was sent (`box` of the image scaled to `sent`) the designer protected: 1 where every
 * image pixel the sent pixel covers (partly covered ones too) has weight 0, else 0; sent.width x sent.height,
 * row by row. The drift is measured over these pixels at the model's own resolution.
 */
export function protectedSentPixels(weights: Uint8Array, size: Size, box: PixelBox, sent: Size): Uint8Array {
  if (weights.length !== size.width * size.height) {
    throw new RangeError(`${weights.length} weights do not fit ${size.width}x${size.height}.`);
  }
  const columns = coveredSpans(box.width, sent.width);
  const rows = coveredSpans(box.height, sent.height);
  // Max-pooled in two passes: along each of the box's rows into sent columns, then down the sent rows.
  const rowMax = new Uint8Array(box.height * sent.width);
  for (let y = 0; y < box.height; y++) {
    const weightRow = (box.top + y) * size.width + box.left;
    const out = y * sent.width;
    for (let column = 0; column < sent.width; column++) {
      let max = 0;
      for (let x = columns.starts[column]!; x < columns.ends[column]!; x++) max |= weights[weightRow + x]!;
      rowMax[out + column] = max;
    }
  }
  const protectedPixels = new Uint8Array(sent.width * sent.height);
  for (let row = 0; row < sent.height; row++) {
    const out = row * sent.width;
    for (let column = 0; column < sent.width; column++) {
      let any = 0;
      for (let y = rows.starts[row]!; y < rows.ends[row]!; y++) any |= rowMax[y * sent.width + column]!;
      protectedPixels[out + column] = any === 0 ? 1 : 0;
    }
  }
  return protectedPixels;
}

/** Source pixels the resampling kernel reaches beyond the one it centres on, and a pixel to spare. */
const RESAMPLING_REACH_PX = 3;

/** A part of the model's output and the image pixels it upscales to, at the same scale as the whole output to its box. */
export interface UpscaleCrop {
  /** In the output's pixels. */
  raw: PixelBox;
  /** In the image's pixels: where the whole output scaled to the box would put the same pixels. */
  natural: PixelBox;
}

/**
 * The part of the output (`raw`, scaled to `box` of the image) to upscale for the image pixels in `area`
 * (inside `box`), with room for the resampling kernel. createImageBitmap takes whole pixels for its crop, so
 * each edge of the crop lies where an output pixel edge meets an image pixel edge (every
 * rawLength / gcd(rawLength, boxLength) output pixels): the crop then scales by exactly box / raw, and each
 * pixel of it lands where the whole output's would.
 */
export function upscaleCrop(area: PixelBox, box: PixelBox, raw: Size): UpscaleCrop {
  const across = alignedSpan(area.left - box.left, area.width, box.width, raw.width);
  const down = alignedSpan(area.top - box.top, area.height, box.height, raw.height);
  return {
    raw: { left: across.rawStart, top: down.rawStart, width: across.rawLength, height: down.rawLength },
    natural: {
      left: box.left + across.naturalStart,
      top: box.top + down.naturalStart,
      width: across.naturalLength,
      height: down.naturalLength,
    },
  };
}

function greatestCommonDivisor(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** One axis of upscaleCrop: `start` and `length` in the box's pixels. */
function alignedSpan(start: number, length: number, boxLength: number, rawLength: number) {
  const common = greatestCommonDivisor(boxLength, rawLength);
  const rawStep = rawLength / common;
  const naturalStep = boxLength / common;
  // Scaling down, the kernel spans more output pixels, in proportion.
  const reach = Math.ceil(RESAMPLING_REACH_PX * Math.max(1, rawLength / boxLength));
  const from = Math.max(0, Math.floor((start * rawLength) / boxLength) - reach);
  const to = Math.min(rawLength, Math.ceil(((start + length) * rawLength) / boxLength) + reach);
  const first = Math.floor(from / rawStep);
  const last = Math.ceil(to / rawStep);
  return {
    rawStart: first * rawStep,
    rawLength: (last - first) * rawStep,
    naturalStart: first * naturalStep,
    naturalLength: (last - first) * naturalStep,
  };
}

/** RGBA bytes as one word per pixel, copied only when the bytes do not start on a word boundary. */
function pixelWords(rgba: Uint8ClampedArray): Int32Array {
  const aligned = rgba.byteOffset % 4 === 0 ? rgba : rgba.slice();
  return new Int32Array(aligned.buffer, aligned.byteOffset, aligned.length / 4);
}

/**
 * Makes `model` (the model's pixels upscaled to the image pixels of `area`, RGBA, area.width x area.height)
 * the composite of that area, in place: for each pixel with weight w, source + (model - source) * w / 255
 * rounded to nearest on all four channels, so w = 0 is the source's bytes exactly and w = 255 the model's.
 * `source` and `weights` are the whole image's at `size`, and are only read.
 */
export function compositeArea(
  model: Uint8ClampedArray,
  source: Uint8ClampedArray,
  weights: Uint8Array,
  size: Size,
  area: PixelBox,
): void {
  const { left, top, width, height } = area;
  if (source.length !== size.width * size.height * 4 || weights.length !== size.width * size.height) {
    throw new RangeError(
      `${source.length} source bytes and ${weights.length} weights do not fit ${size.width}x${size.height}.`,
    );
  }
  if (
    left < 0 ||
    top < 0 ||
    width < 0 ||
    height < 0 ||
    left + width > size.width ||
    top + height > size.height
  ) {
    throw new RangeError(
      `The area ${width}x${height}+${left}+${top} is not inside ${size.width}x${size.height}.`,
    );
  }
  if (model.length !== width * height * 4) {
    throw new RangeError(`The model has ${model.length} bytes, not the ${width * height * 4} of its area.`);
  }
  if (model.byteOffset % 4 !== 0) throw new RangeError('The model must start on a 4-byte boundary.');
  const modelWords = new Int32Array(model.buffer, model.byteOffset, model.length / 4);
  const sourceWords = pixelWords(source);
  for (let y = 0; y < height; y++) {
    const imageRow = (top + y) * size.width + left;
    const modelRow = y * width;
    for (let x = 0; x < width; x++) {
      const weight = weights[imageRow + x]!;
      if (weight === 255) continue;
      if (weight === 0) {
        modelWords[modelRow + x] = sourceWords[imageRow + x]!;
        continue;
      }
      const at = (imageRow + x) * 4;
      const to = (modelRow + x) * 4;
      // source * (255 - w) + model * w lies in 0..65025; (v + 128 + ((v + 128) >> 8)) >> 8 is v / 255
      // rounded to nearest there, without a division (no ties occur: 255 is odd).
      const keep = 255 - weight;
      for (let channel = 0; channel < 4; channel++) {
        const mixed = source[at + channel]! * keep + model[to + channel]! * weight + 128;
        model[to + channel] = (mixed + (mixed >> 8)) >> 8;
      }
    }
  }
}

export interface DriftReport {
  /** Protected sent pixels whose largest channel difference (R,G,B; alpha too) between output and what was sent exceeds the threshold. */
  driftedPixels: number;
  /** Protected sent pixels (protectedSentPixels). */
  protectedPixels: number;
  /** driftedPixels / protectedPixels, 0 when there are none. */
  share: number;
  /** A heatmap of the drift over the whole image, downscaled so its long edge is at most `heatLongEdge` (never upscaled), as RGBA. */
  heat: { rgba: Uint8ClampedArray; width: number; height: number };
}

/** The heatmap's size for an image: its long edge at most `longEdge`, never larger than the image. */
export function heatSize(size: Size, longEdge: number): Size {
  const scale = Math.min(1, longEdge / Math.max(size.width, size.height));
  return {
    width: Math.max(1, Math.round(size.width * scale)),
    height: Math.max(1, Math.round(size.height * scale)),
  };
}

/**
 * For each of `sentLength` pixels along an axis (the box's `boxStart`, `boxLength` scaled to it), the first
 * and last heat cell its footprint on the image (`imageLength` pixels, `cells` cells) touches.
 */
function cellSpans(
  boxStart: number,
  boxLength: number,
  sentLength: number,
  imageLength: number,
  cells: number,
) {
  const first = new Int32Array(sentLength);
  const last = new Int32Array(sentLength);
  // In units of 1 / sentLength image pixels, so every bound is a whole number.
  const perCell = imageLength * sentLength;
  for (let index = 0; index < sentLength; index++) {
    const from = boxStart * sentLength + index * boxLength;
    first[index] = Math.floor((from * cells) / perCell);
    last[index] = Math.floor(((from + boxLength) * cells - 1) / perCell);
  }
  return { first, last };
}

/**
 * Where the model changed pixels it was asked to keep, measured at the resolution it worked at: `model` (its
 * output at `sent`, RGBA) against `sentSource` (what was sent: `box` of the image scaled to `sent`) over the
 * protected sent pixels (`protectedSent`, from protectedSentPixels). At that resolution the comparison sees
 * the model's own changes, not the resampling that pasting back at the image's size adds on both sides.
 * The heatmap covers the whole image (`size`); a cell takes the largest difference of the sent pixels whose
 * footprint touches it (max-pooling), so one drifted pixel is never averaged away. Cells with difference
 * <= threshold, edited pixels and cells outside the box are transparent; above it a ramp from translucent
 * yellow to opaque red as the difference grows (full red at 64 or more).
 */
export function driftAtSent(
  sentSource: Uint8ClampedArray,
  model: Uint8ClampedArray,
  protectedSent: Uint8Array,
  size: Size,
  box: PixelBox,
  sent: Size,
  options: { threshold: number; heatLongEdge: number },
): DriftReport {
  const pixels = sent.width * sent.height;
  if (sentSource.length !== pixels * 4 || model.length !== pixels * 4 || protectedSent.length !== pixels) {
    throw new RangeError(
      `${sentSource.length} sent bytes, ${model.length} output bytes and ${protectedSent.length} protected flags do not fit ${sent.width}x${sent.height}.`,
    );
  }
  if (!(options.threshold >= 0))
    throw new RangeError(`Cannot measure drift at threshold ${options.threshold}.`);
  const heat = heatSize(size, options.heatLongEdge);
  const cellDifference = new Uint8Array(heat.width * heat.height);
  const columns = cellSpans(box.left, box.width, sent.width, size.width, heat.width);
  const rows = cellSpans(box.top, box.height, sent.height, size.height, heat.height);
  const sourceWords = pixelWords(sentSource);
  const modelWords = pixelWords(model);
  // A channel difference d is beyond the threshold exactly when d + threshold lies outside 0..2 * threshold,
  // that is when (d + threshold) | (2 * threshold - d - threshold) is negative: one sign test per pixel.
  // Differences are whole numbers, so beyond the threshold is beyond its floor; none is beyond 255.
  const threshold = Math.min(Math.floor(options.threshold), 255);
  const atLeast = (0x8000 - 256 + threshold) * 0x10001;
  const beyond = (0x8000 - 257 - threshold) * 0x10001;
  let driftedPixels = 0;
  let protectedPixels = 0;
  for (let row = 0; row < sent.height; row++) {
    const rowStart = row * sent.width;
    for (let column = 0; column < sent.width; column++) {
      const index = rowStart + column;
      if (protectedSent[index] === 0) continue;
      protectedPixels++;
      const sourcePixel = sourceWords[index]!;
      const modelPixel = modelWords[index]!;
      if (sourcePixel === modelPixel || threshold === 255) continue;
      // Two channels at a time, in 16-bit lanes: 256 + source - model (1..511, so no lane borrows from the
      // next), then whether that lies below 256 - threshold or above 256 + threshold, as each lane's top bit.
      const evenLanes = ((sourcePixel & 0xff00ff) | 0x1000100) - (modelPixel & 0xff00ff);
      const oddLanes = (((sourcePixel >>> 8) & 0xff00ff) | 0x1000100) - ((modelPixel >>> 8) & 0xff00ff);
      if (
        ((~((evenLanes + atLeast) | 0) |
          ((evenLanes + beyond) | 0) |
          ~((oddLanes + atLeast) | 0) |
          ((oddLanes + beyond) | 0)) &
          0x80008000) ===
        0
      ) {
        continue;
      }
      const difference = Math.max(
        Math.abs((sourcePixel & 255) - (modelPixel & 255)),
        Math.abs(((sourcePixel >>> 8) & 255) - ((modelPixel >>> 8) & 255)),
        Math.abs(((sourcePixel >>> 16) & 255) - ((modelPixel >>> 16) & 255)),
        Math.abs((sourcePixel >>> 24) - (modelPixel >>> 24)),
      );
      driftedPixels++;
      for (let cellRow = rows.first[row]!; cellRow <= rows.last[row]!; cellRow++) {
        for (
          let cell = cellRow * heat.width + columns.first[column]!;
          cell <= cellRow * heat.width + columns.last[column]!;
          cell++
        ) {
          if (difference > cellDifference[cell]!) cellDifference[cell] = difference;
        }
      }
    }
  }

  const rgba = new Uint8ClampedArray(cellDifference.length * 4);
  for (let cell = 0; cell < cellDifference.length; cell++) {
    const difference = cellDifference[cell]!;
    if (difference <= options.threshold) continue;
    const ramp =
      difference >= HEAT_FULL_DIFFERENCE
        ? 1
        : (difference - options.threshold) / (HEAT_FULL_DIFFERENCE - options.threshold);
    rgba[cell * 4] = 255;
    rgba[cell * 4 + 1] = Math.round(255 * (1 - ramp));
    rgba[cell * 4 + 3] = Math.round(HEAT_FAINTEST_ALPHA + (255 - HEAT_FAINTEST_ALPHA) * ramp);
  }
  return {
    driftedPixels,
    protectedPixels,
    share: protectedPixels === 0 ? 0 : driftedPixels / protectedPixels,
    heat: { rgba, width: heat.width, height: heat.height },
  };
}

/**
 * The maths of pasting a model's edit back onto the original photo through the mask, on plain typed arrays
 * so the inpainting worker can run it without a canvas. Images reach 6000x4000, so every pass is one tight
 * loop over the pixels and the distance work stays inside the mask's bounding box grown by the feather.
 * Pixels the designer protected and that lie outside the feather band keep the source's bytes exactly.
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

/** Throws unless `image` is the whole image, `box` lies inside it and `model` holds exactly the box's pixels. */
function checkLayout(
  image: Uint8ClampedArray,
  model: Uint8ClampedArray,
  weights: Uint8Array,
  size: Size,
  box: PixelBox,
): void {
  const { left, top, width, height } = box;
  if (image.length !== size.width * size.height * 4 || weights.length !== size.width * size.height) {
    throw new RangeError(
      `${image.length} image bytes and ${weights.length} weights do not fit ${size.width}x${size.height}.`,
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
      `The box ${width}x${height}+${left}+${top} is not inside ${size.width}x${size.height}.`,
    );
  }
  if (model.length !== width * height * 4) {
    throw new RangeError(`The model has ${model.length} bytes, not the ${width * height * 4} of its box.`);
  }
}

/** RGBA bytes as one word per pixel, copied only when the bytes do not start on a word boundary. */
function pixelWords(rgba: Uint8ClampedArray): Int32Array {
  const aligned = rgba.byteOffset % 4 === 0 ? rgba : rgba.slice();
  return new Int32Array(aligned.buffer, aligned.byteOffset, aligned.length / 4);
}

/**
 * Blends the model's pixels into `target` (the source's RGBA at `size`, modified in place: it becomes the composite).
 * `model` is the model's output RGBA already scaled to `box` (box.width x box.height), where `box` lies inside the image
 * (the whole image for a whole-image edit, a crop for a region edit). For each pixel in box with weight w:
 * out = source + (model - source) * w / 255 rounded to nearest, on all four channels; w = 0 leaves the source byte untouched
 * (do not even write it), w = 255 writes the model byte exactly. Pixels outside `box` are never touched.
 */
export function blendInto(
  target: Uint8ClampedArray,
  model: Uint8ClampedArray,
  weights: Uint8Array,
  size: Size,
  box: PixelBox,
): void {
  checkLayout(target, model, weights, size, box);
  if (target.byteOffset % 4 !== 0) {
    // Whole pixels are copied as one word each; ImageData's bytes always start on a word boundary.
    throw new RangeError('The target must start on a 4-byte boundary.');
  }
  const targetWords = new Int32Array(target.buffer, target.byteOffset, target.length / 4);
  const modelWords = pixelWords(model);
  for (let y = 0; y < box.height; y++) {
    const weightRow = (box.top + y) * size.width + box.left;
    const modelRow = y * box.width;
    for (let x = 0; x < box.width; x++) {
      const weight = weights[weightRow + x]!;
      if (weight === 0) continue;
      if (weight === 255) {
        targetWords[weightRow + x] = modelWords[modelRow + x]!;
        continue;
      }
      const at = (weightRow + x) * 4;
      const from = (modelRow + x) * 4;
      // source * (255 - w) + model * w lies in 0..65025; (v + 128 + ((v + 128) >> 8)) >> 8 is v / 255
      // rounded to nearest there, without a division (no ties occur: 255 is odd).
      const keep = 255 - weight;
      for (let channel = 0; channel < 4; channel++) {
        const mixed = target[at + channel]! * keep + model[from + channel]! * weight + 128;
        target[at + channel] = (mixed + (mixed >> 8)) >> 8;
      }
    }
  }
}

export interface DriftReport {
  /** Protected pixels (weight 0) inside `box` whose largest channel difference (R,G,B; alpha too) between model and source exceeds the threshold. */
  driftedPixels: number;
  /** Protected pixels inside `box`. */
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
 * Where the model's raw output changed pixels it was asked to keep: compares `model` (scaled to `box`) with `source`
 * over protected pixels (weight 0) in the box. Must be called before blendInto (which overwrites the source).
 * Heat cells take the max difference of the pixels they cover (max-pooling), so one drifted pixel is never averaged away;
 * cells with difference <= threshold are fully transparent; above it a ramp from translucent yellow to opaque red as the
 * difference grows (full red at a difference of 64 or more). Edited pixels (weight > 0) never count and show transparent.
 */
export function driftOf(
  source: Uint8ClampedArray,
  model: Uint8ClampedArray,
  weights: Uint8Array,
  size: Size,
  box: PixelBox,
  options: { threshold: number; heatLongEdge: number },
): DriftReport {
  checkLayout(source, model, weights, size, box);
  const { threshold } = options;
  const heat = heatSize(size, options.heatLongEdge);
  const cellDifference = new Uint8Array(heat.width * heat.height);
  const cellColumn = new Int32Array(box.width);
  for (let x = 0; x < box.width; x++) cellColumn[x] = Math.floor(((box.left + x) * heat.width) / size.width);

  const sourceWords = pixelWords(source);
  const modelWords = pixelWords(model);
  let driftedPixels = 0;
  let protectedPixels = 0;
  for (let y = 0; y < box.height; y++) {
    const weightRow = (box.top + y) * size.width + box.left;
    const modelRow = y * box.width;
    const cellRow = Math.floor(((box.top + y) * heat.height) / size.height) * heat.width;
    for (let x = 0; x < box.width; x++) {
      if (weights[weightRow + x] !== 0) continue;
      protectedPixels++;
      // One load per pixel and image: which byte is which channel does not matter to the largest difference.
      const sourcePixel = sourceWords[weightRow + x]!;
      const modelPixel = modelWords[modelRow + x]!;
      let difference = Math.abs((sourcePixel & 255) - (modelPixel & 255));
      const second = Math.abs(((sourcePixel >>> 8) & 255) - ((modelPixel >>> 8) & 255));
      const third = Math.abs(((sourcePixel >>> 16) & 255) - ((modelPixel >>> 16) & 255));
      const fourth = Math.abs((sourcePixel >>> 24) - (modelPixel >>> 24));
      if (second > difference) difference = second;
      if (third > difference) difference = third;
      if (fourth > difference) difference = fourth;
      if (difference > threshold) driftedPixels++;
      const cell = cellRow + cellColumn[x]!;
      if (difference > cellDifference[cell]!) cellDifference[cell] = difference;
    }
  }

  return driftReport(cellDifference, heat, threshold, driftedPixels, protectedPixels);
}

/** The report from each heat cell's largest difference (only those beyond the threshold need be exact). */
function driftReport(
  cellDifference: Uint8Array,
  heat: Size,
  threshold: number,
  driftedPixels: number,
  protectedPixels: number,
): DriftReport {
  const rgba = new Uint8ClampedArray(cellDifference.length * 4);
  for (let cell = 0; cell < cellDifference.length; cell++) {
    const difference = cellDifference[cell]!;
    if (difference <= threshold) continue;
    const ramp =
      difference >= HEAT_FULL_DIFFERENCE ? 1 : (difference - threshold) / (HEAT_FULL_DIFFERENCE - threshold);
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

/** Copies the source's bytes outside `box` into `target` (both RGBA at `size`). */
function copyOutside(source: Uint8ClampedArray, target: Uint8ClampedArray, size: Size, box: PixelBox): void {
  const rowBytes = size.width * 4;
  const boxEnd = (box.top + box.height) * rowBytes;
  target.set(source.subarray(0, box.top * rowBytes));
  target.set(source.subarray(boxEnd), boxEnd);
  if (box.width === size.width) return;
  const right = (box.left + box.width) * 4;
  for (let y = box.top; y < box.top + box.height; y++) {
    const row = y * rowBytes;
    if (box.left > 0) target.set(source.subarray(row, row + box.left * 4), row);
    if (right < rowBytes) target.set(source.subarray(row + right, row + rowBytes), row + right);
  }
}

/**
 * driftOf then blendInto in one pass over the box (each weight, source and model pixel read once), with the
 * same results: returns what driftOf would of `source` and writes to `target` (RGBA at `size`, starting on a
 * 4-byte boundary) the composite blendInto would make of a copy of `source`. Pixels outside `box` get the
 * source's bytes. `target` may be `source` itself (blended in place), or `model` itself when `box` is the
 * whole image (the model's bytes become the composite, sparing a copy of the source); any other `target` must
 * share no bytes with either. `source` is read only, unless it is the target.
 */
export function driftAndBlend(
  source: Uint8ClampedArray,
  model: Uint8ClampedArray,
  weights: Uint8Array,
  size: Size,
  box: PixelBox,
  options: { threshold: number; heatLongEdge: number },
  target: Uint8ClampedArray,
): DriftReport {
  checkLayout(source, model, weights, size, box);
  const { width, height } = size;
  if (target.length !== width * height * 4) {
    throw new RangeError(
      `The target has ${target.length} bytes, not the ${width * height * 4} of ${width}x${height}.`,
    );
  }
  if (target.byteOffset % 4 !== 0) throw new RangeError('The target must start on a 4-byte boundary.');
  const whole = box.left === 0 && box.top === 0 && box.width === width && box.height === height;
  if (target === model && !whole) throw new RangeError('Only a whole-image model can be the target.');
  if (!(options.threshold >= 0 && options.threshold < 255))
    return driftThenBlend(source, model, weights, size, box, options, target);
  // Differences are whole numbers: beyond the threshold is beyond its floor.
  const threshold = Math.floor(options.threshold);
  const heat = heatSize(size, options.heatLongEdge);
  const cellDifference = new Uint8Array(heat.width * heat.height);
  const cellColumn = new Int32Array(box.width);
  for (let x = 0; x < box.width; x++) cellColumn[x] = Math.floor(((box.left + x) * heat.width) / width);

  if (target !== source) copyOutside(source, target, size, box);
  const sourceWords = pixelWords(source);
  // A model that is the target starts on a word boundary (as the target must), so these are its own bytes.
  const modelWords = pixelWords(model);
  const targetWords = new Int32Array(target.buffer, target.byteOffset, target.length / 4);
  // A channel difference d is beyond the threshold exactly when d + threshold lies outside 0..2 * threshold,
  // that is when (d + threshold) | (2 * threshold - d - threshold) is negative: one sign test per pixel.
  const atLeast = (0x8000 - 256 + threshold) * 0x10001;
  const beyond = (0x8000 - 257 - threshold) * 0x10001;
  const modelIsTarget = target === model;
  let driftedPixels = 0;
  let protectedPixels = 0;
  for (let y = 0; y < box.height; y++) {
    const weightRow = (box.top + y) * width + box.left;
    const modelRow = y * box.width - weightRow;
    const cellRow = Math.floor(((box.top + y) * heat.height) / height) * heat.width;
    const rowEnd = weightRow + box.width;
    for (let index = weightRow; index < rowEnd; index++) {
      const weight = weights[index]!;
      if (weight === 0) {
        const sourcePixel = sourceWords[index]!;
        // Read before the write: the model may be the target.
        const modelPixel = modelWords[modelRow + index]!;
        targetWords[index] = sourcePixel;
        protectedPixels++;
        if (sourcePixel === modelPixel) continue;
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
        driftedPixels++;
        const difference = Math.max(
          Math.abs((sourcePixel & 255) - (modelPixel & 255)),
          Math.abs(((sourcePixel >>> 8) & 255) - ((modelPixel >>> 8) & 255)),
          Math.abs(((sourcePixel >>> 16) & 255) - ((modelPixel >>> 16) & 255)),
          Math.abs((sourcePixel >>> 24) - (modelPixel >>> 24)),
        );
        const cell = cellRow + cellColumn[index - weightRow]!;
        if (difference > cellDifference[cell]!) cellDifference[cell] = difference;
      } else if (weight === 255) {
        // A model that is the target holds its own pixel already.
        if (!modelIsTarget) targetWords[index] = modelWords[modelRow + index]!;
      } else {
        const at = index * 4;
        const from = (modelRow + index) * 4;
        const keep = 255 - weight;
        for (let channel = 0; channel < 4; channel++) {
          const mixed = source[at + channel]! * keep + model[from + channel]! * weight + 128;
          target[at + channel] = (mixed + (mixed >> 8)) >> 8;
        }
      }
    }
  }
  return driftReport(cellDifference, heat, options.threshold, driftedPixels, protectedPixels);
}

/** driftAndBlend the slow way, for thresholds its one sign test does not cover (negative, or none can pass). */
function driftThenBlend(
  source: Uint8ClampedArray,
  model: Uint8ClampedArray,
  weights: Uint8Array,
  size: Size,
  box: PixelBox,
  options: { threshold: number; heatLongEdge: number },
  target: Uint8ClampedArray,
): DriftReport {
  const drift = driftOf(source, model, weights, size, box, options);
  if (target === model) {
    const composite = source.slice();
    blendInto(composite, model, weights, size, box);
    target.set(composite);
  } else {
    if (target !== source) target.set(source);
    blendInto(target, model, weights, size, box);
  }
  return drift;
}

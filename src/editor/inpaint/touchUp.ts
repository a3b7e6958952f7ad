/**
 * The maths of touching up a composited edit: brush strokes that paint the source's own pixels back
 * ("restore") or let the model's pixels through ("model") over the composite, on plain typed arrays. The
 * inpainting worker runs it at the source's size to make the stored result, and the touch-up view runs the
 * same functions at screen size while the designer paints, so what is shown is what Apply makes.
 *
 * A stroke's coverage is the largest of its segments' (a stroke never builds up over itself, as a brush on
 * a canvas does not); strokes apply in order, each blending towards its target by its coverage with the
 * composite's own rounding, so full coverage is the target's bytes exactly.
 */
import type { PixelBox } from '../../state/mask.ts';
import type { Size } from '../viewport.ts';
import { driftAtSent, protectedSentPixels, type DriftReport } from './compositeMath.ts';

export type TouchUpMode = 'restore' | 'model';

/** One finished gesture, in the source's natural pixels: a plain record, as the mask's strokes are. */
export interface TouchUpStroke {
  id: string;
  mode: TouchUpMode;
  /** x, y pairs along the path; one pair is a dab. */
  points: number[];
  /** The brush's diameter. */
  size: number;
  /** 0..1: the share of the radius painted fully; the rest fades out (smoothstep) to the edge. */
  hardness: number;
}

/** RGBA pixels covering `area` of an image (row by row, area.width x area.height). */
export interface PixelArea {
  rgba: Uint8ClampedArray;
  area: PixelBox;
}

/** A per-pixel coverage buffer (0..255) over a whole image, written by coverSegment. */
export interface CoverageBuffer {
  coverage: Uint8Array;
  width: number;
  height: number;
}

/** The coverage at squared distance `squared` from the brush's path (radius and inner radius in pixels). */
function coverageAt(squared: number, radius: number, inner: number): number {
  if (squared <= inner * inner) return 255;
  if (squared >= radius * radius) return 0;
  const t = (Math.sqrt(squared) - inner) / (radius - inner);
  return Math.round(255 * (1 - t * t * (3 - 2 * t)));
}

/**
 * Raises `buffer`'s coverage to that of the brush along the segment a→b (a = b for a dab), measured at
 * pixel centres; `radius` and `hardness` as a stroke's. Returns the box of pixels it reached, or null.
 */
export function coverSegment(
  buffer: CoverageBuffer,
  ax: number,
  ay: number,
  bx: number,
  by: number,
  radius: number,
  hardness: number,
): PixelBox | null {
  const { coverage, width, height } = buffer;
  if (!(radius > 0)) return null;
  const inner = radius * Math.min(1, Math.max(0, hardness));
  const left = Math.max(0, Math.floor(Math.min(ax, bx) - radius));
  const top = Math.max(0, Math.floor(Math.min(ay, by) - radius));
  const right = Math.min(width, Math.ceil(Math.max(ax, bx) + radius));
  const bottom = Math.min(height, Math.ceil(Math.max(ay, by) + radius));
  if (left >= right || top >= bottom) return null;
  const dx = bx - ax;
  const dy = by - ay;
  const lengthSquared = dx * dx + dy * dy;
  for (let y = top; y < bottom; y++) {
    const py = y + 0.5 - ay;
    const row = y * width;
    for (let x = left; x < right; x++) {
      const px = x + 0.5 - ax;
      // The nearest point of the segment, as a share of its length.
      let along = lengthSquared === 0 ? 0 : (px * dx + py * dy) / lengthSquared;
      along = along < 0 ? 0 : along > 1 ? 1 : along;
      const ox = px - along * dx;
      const oy = py - along * dy;
      const value = coverageAt(ox * ox + oy * oy, radius, inner);
      if (value > coverage[row + x]!) coverage[row + x] = value;
    }
  }
  return { left, top, width: right - left, height: bottom - top };
}

/** The smallest box holding both (either may be null). */
export function unionBox(a: PixelBox | null, b: PixelBox | null): PixelBox | null {
  if (!a) return b;
  if (!b) return a;
  const left = Math.min(a.left, b.left);
  const top = Math.min(a.top, b.top);
  return {
    left,
    top,
    width: Math.max(a.left + a.width, b.left + b.width) - left,
    height: Math.max(a.top + a.height, b.top + b.height) - top,
  };
}

/** Covers the stroke's whole path (its points and size times `scale`) into `buffer`; returns the box reached. */
export function coverStroke(buffer: CoverageBuffer, stroke: TouchUpStroke, scale = 1): PixelBox | null {
  const { points } = stroke;
  const radius = (stroke.size * scale) / 2;
  if (points.length < 2) return null;
  let reached = coverSegment(
    buffer,
    points[0]! * scale,
    points[1]! * scale,
    points[0]! * scale,
    points[1]! * scale,
    radius,
    stroke.hardness,
  );
  for (let index = 2; index + 1 < points.length; index += 2) {
    const segment = coverSegment(
      buffer,
      points[index - 2]! * scale,
      points[index - 1]! * scale,
      points[index]! * scale,
      points[index + 1]! * scale,
      radius,
      stroke.hardness,
    );
    reached = unionBox(reached, segment);
  }
  return reached;
}

/** The box, in the image's pixels, that a stroke can reach (clipped to `size`), or null. */
export function strokeBounds(stroke: TouchUpStroke, size: Size, scale = 1): PixelBox | null {
  const { points } = stroke;
  if (points.length < 2) return null;
  const radius = (stroke.size * scale) / 2;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let index = 0; index + 1 < points.length; index += 2) {
    minX = Math.min(minX, points[index]! * scale);
    maxX = Math.max(maxX, points[index]! * scale);
    minY = Math.min(minY, points[index + 1]! * scale);
    maxY = Math.max(maxY, points[index + 1]! * scale);
  }
  const left = Math.max(0, Math.floor(minX - radius));
  const top = Math.max(0, Math.floor(minY - radius));
  const right = Math.min(size.width, Math.ceil(maxX + radius));
  const bottom = Math.min(size.height, Math.ceil(maxY + radius));
  return left < right && top < bottom ? { left, top, width: right - left, height: bottom - top } : null;
}

/**
 * Writes into `out` (whole image, RGBA, at the buffer's width) over `rect`: `from` blended towards the
 * stroke's target by the buffer's coverage, with the composite's rounding (compositeMath.ts compositeArea),
 * so coverage 255 is the target's bytes and 0 is `from`'s. The target is `source` (whole image) for a
 * restore; for the model, its pixels where `model` covers them and `from` elsewhere (beyond what was sent
 * the model made nothing). `out` may be `from`.
 */
export function blendThroughCoverage(
  out: Uint8ClampedArray,
  from: Uint8ClampedArray,
  mode: TouchUpMode,
  source: Uint8ClampedArray,
  model: PixelArea | null,
  buffer: CoverageBuffer,
  rect: PixelBox,
): void {
  const { coverage, width } = buffer;
  const modelArea = model?.area;
  for (let y = rect.top; y < rect.top + rect.height; y++) {
    const row = y * width;
    const modelRow =
      modelArea && y >= modelArea.top && y < modelArea.top + modelArea.height
        ? (y - modelArea.top) * modelArea.width - modelArea.left
        : null;
    for (let x = rect.left; x < rect.left + rect.width; x++) {
      const index = row + x;
      const weight = coverage[index]!;
      const at = index * 4;
      let target: Uint8ClampedArray = source;
      let targetAt = at;
      if (mode === 'model') {
        if (modelRow === null || x < modelArea!.left || x >= modelArea!.left + modelArea!.width) {
          if (out !== from) copyPixel(out, from, at);
          continue;
        }
        target = model!.rgba;
        targetAt = (modelRow + x) * 4;
      }
      if (weight === 0) {
        if (out !== from) copyPixel(out, from, at);
        continue;
      }
      const keep = 255 - weight;
      for (let channel = 0; channel < 4; channel++) {
        const mixed = from[at + channel]! * keep + target[targetAt + channel]! * weight + 128;
        out[at + channel] = (mixed + (mixed >> 8)) >> 8;
      }
    }
  }
}

function copyPixel(out: Uint8ClampedArray, from: Uint8ClampedArray, at: number): void {
  out[at] = from[at]!;
  out[at + 1] = from[at + 1]!;
  out[at + 2] = from[at + 2]!;
  out[at + 3] = from[at + 3]!;
}

/** Sets `buffer`'s coverage back to 0 over `rect`, for the next stroke. */
export function clearCoverage(buffer: CoverageBuffer, rect: PixelBox): void {
  for (let y = rect.top; y < rect.top + rect.height; y++) {
    const row = y * buffer.width;
    buffer.coverage.fill(0, row + rect.left, row + rect.left + rect.width);
  }
}

export interface TouchUpInput {
  size: Size;
  /** The composite, RGBA at `size`: touched up in place. */
  result: Uint8ClampedArray;
  /** The source, RGBA at `size`. */
  source: Uint8ClampedArray;
  /** The model's output as the composite takes it (scaled to the source), over the part it covers. */
  model: PixelArea | null;
  strokes: readonly TouchUpStroke[];
  /** Image pixels per stroke unit: 1 at the source's size, less for a view's smaller copy. */
  scale?: number;
}

/**
 * Applies the strokes in order to `result`. Returns, per pixel of the image, 1 where the result is now the
 * source's pixel because a restore covered it fully (and no later stroke took it elsewhere), else 0: the
 * pixels whose drift a touch-up removed.
 */
export function applyTouchUp(input: TouchUpInput): Uint8Array {
  const { size, result, source, model, strokes } = input;
  const scale = input.scale ?? 1;
  const pixels = size.width * size.height;
  if (result.length !== pixels * 4 || source.length !== pixels * 4) {
    throw new RangeError(
      `${result.length} result and ${source.length} source bytes do not fit ${size.width}x${size.height}.`,
    );
  }
  if (model && model.rgba.length !== model.area.width * model.area.height * 4) {
    throw new RangeError(`The model has ${model.rgba.length} bytes, not those of its area.`);
  }
  const buffer: CoverageBuffer = { coverage: new Uint8Array(pixels), ...size };
  const restored = new Uint8Array(pixels);
  for (const stroke of strokes) {
    const reached = coverStroke(buffer, stroke, scale);
    if (!reached) continue;
    blendThroughCoverage(result, result, stroke.mode, source, model, buffer, reached);
    markRestored(restored, buffer, reached, stroke.mode, model);
    clearCoverage(buffer, reached);
  }
  return restored;
}

/**
 * A full restore makes a pixel the source's; a partial one keeps a restored pixel restored (it blends the
 * source with itself); the model's pixels, where there are any, take it away again.
 */
function markRestored(
  restored: Uint8Array,
  buffer: CoverageBuffer,
  rect: PixelBox,
  mode: TouchUpMode,
  model: PixelArea | null,
): void {
  const { coverage, width } = buffer;
  const modelArea = model?.area;
  for (let y = rect.top; y < rect.top + rect.height; y++) {
    const row = y * width;
    for (let x = rect.left; x < rect.left + rect.width; x++) {
      const weight = coverage[row + x]!;
      if (weight === 0) continue;
      if (mode === 'restore') {
        if (weight === 255) restored[row + x] = 1;
      } else if (
        modelArea &&
        x >= modelArea.left &&
        x < modelArea.left + modelArea.width &&
        y >= modelArea.top &&
        y < modelArea.top + modelArea.height
      ) {
        restored[row + x] = 0;
      }
    }
  }
}

/** The box covering every model stroke, clipped to `within` (the part of the image the model answered for). */
export function modelStrokesBounds(
  strokes: readonly TouchUpStroke[],
  size: Size,
  within: PixelBox,
): PixelBox | null {
  let bounds: PixelBox | null = null;
  for (const stroke of strokes) {
    if (stroke.mode === 'model') bounds = unionBox(bounds, strokeBounds(stroke, size));
  }
  return bounds && intersectBox(bounds, within);
}

export function intersectBox(a: PixelBox, b: PixelBox): PixelBox | null {
  const left = Math.max(a.left, b.left);
  const top = Math.max(a.top, b.top);
  const right = Math.min(a.left + a.width, b.left + b.width);
  const bottom = Math.min(a.top + a.height, b.top + b.height);
  return left < right && top < bottom ? { left, top, width: right - left, height: bottom - top } : null;
}

/**
 * The drift of a touched-up result: the paste-back's measure (compositeMath.ts driftAtSent, over the same
 * protected sent pixels and against the same total) with the sent pixels a restore put wholly back left
 * out, so restored pixels have no drift. `restored` is applyTouchUp's answer, at `size`.
 */
export function touchedUpDrift(
  sentSource: Uint8ClampedArray,
  model: Uint8ClampedArray,
  protectedSent: Uint8Array,
  restored: Uint8Array,
  size: Size,
  box: PixelBox,
  sent: Size,
  options: { threshold: number; heatLongEdge: number },
): DriftReport {
  // protectedSentPixels marks the sent pixels whose image pixels all weigh 0: with "not restored" as the
  // weight, those a restore covered wholly.
  const notRestored = new Uint8Array(restored.length);
  for (let index = 0; index < restored.length; index++) notRestored[index] = restored[index]! ^ 1;
  const whollyRestored = protectedSentPixels(notRestored, size, box, sent);
  let protectedPixels = 0;
  const stillMeasured = new Uint8Array(protectedSent.length);
  for (let index = 0; index < protectedSent.length; index++) {
    protectedPixels += protectedSent[index]!;
    stillMeasured[index] = protectedSent[index]! & (whollyRestored[index]! ^ 1);
  }
  const report = driftAtSent(sentSource, model, stillMeasured, size, box, sent, options);
  return {
    ...report,
    protectedPixels,
    share: protectedPixels === 0 ? 0 : report.driftedPixels / protectedPixels,
  };
}

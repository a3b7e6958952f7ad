/**
 * Region edits. A mask on a big photo (6000x4000) would lose most of its detail if the whole photo were
 * scaled down to an output size; instead the studio can crop a padded box around the mask, scale that crop
 * to a valid output size near its own resolution, and paste the result back into the box. The plan below
 * says which part of the original goes and at what size; cropping and pasting live with the callers.
 */
import { nearestValidSize, parseSize, type SizeRule } from '../../contract/index.ts';
import type { PixelBox } from '../../state/mask.ts';
import type { Size } from '../viewport.ts';

/** What an edit sends for its first image: the box of the original it covers and the size it is scaled to. */
export interface SendPlan {
  kind: 'whole' | 'region';
  /** In the original's natural pixels, inside the image. The whole image for kind 'whole'. */
  box: PixelBox;
  /** The pixel size the box is scaled to before it is sent. For 'region' it is a valid output size for the rule and the request's `size`. */
  sent: Size;
}

/** The range the padding slider offers, in natural pixels. */
export const REGION_PADDING_RANGE = { min: 0, max: 1024 } as const;

/**
 * How far a region's aspect ratio may stray from its sent size's (relative). Scaling the box to `sent`
 * stretches it by this much at most, which the model does not notice and the paste-back undoes.
 */
const ASPECT_TOLERANCE = 0.01;

/** Padding never drops below this: the model needs some surrounding context to blend a small mask in. */
const MIN_DEFAULT_PADDING_PX = 64;
/** Past this the padding only adds pixels the model has to spend its resolution on. */
const MAX_DEFAULT_PADDING_PX = 512;

/**
 * The region edit for a mask: the mask's bounds padded by `paddingPx` on every side (clipped to the image),
 * or, when the designer placed the frame (`placed`), that box grown to hold the mask (`frameAroundMask`)
 * with the padding ignored; then widened (never narrowed) so its aspect ratio matches a valid size of the
 * rule, and `sent` = that valid size near the box's own pixel count (`nearestValidSize`). A box that
 * already has the shape of its nearest valid size goes as it is, so a frame the designer moves keeps its
 * size to the pixel and planning a plan's own box gives that box back.
 *
 * The widening is centred on the padded box; where it would pass an image edge the box shifts the other
 * way instead, so it stays inside the image and still holds the padded mask. The box's aspect ratio is
 * within 1% of `sent`'s whenever the image can hold such a box. When it cannot (a 9000x1000 panorama
 * has no room for a 3:1 box around a 5000 px wide mask), the box grows along the axis the ratio needs as
 * far as the image allows and the remaining distortion is accepted: the sent crop is stretched a little
 * and the paste-back stretches it back. On images under about 150 px a side, integer rounding alone can
 * also exceed 1%.
 */
export function regionPlan(
  maskBounds: PixelBox,
  image: Size,
  paddingPx: number,
  rule: SizeRule,
  placed: PixelBox | null = null,
): SendPlan {
  const padded = placed
    ? frameAroundMask(placed, maskBounds, image)
    : padWithin(maskBounds, Math.max(0, Math.round(paddingPx)), image);
  const own = nearestValidSize(rule, padded);
  if (aspectMismatch(aspectRatio(padded), aspectRatio(own)) <= ASPECT_TOLERANCE) {
    return { kind: 'region', box: padded, sent: own };
  }
  // The first pass settles the shape (a thin strip becomes a 3:1 box), so the second can pick the sent size
  // for the pixel count of the box that will actually go; the box then matches that size's grid-snapped ratio.
  const shaped = widenToAspect(padded, aspectRatio(nearestValidSize(rule, padded)), image);
  const sent = nearestValidSize(rule, shaped);
  const box = widenToAspect(shaped, aspectRatio(sent), image);
  // The box's own nearest size, when it fits as well, is what planning this box again would pick.
  const boxOwn = nearestValidSize(rule, box);
  const fits = aspectMismatch(aspectRatio(box), aspectRatio(boxOwn)) <= ASPECT_TOLERANCE;
  return { kind: 'region', box, sent: fits ? boxOwn : sent };
}

/** The smallest frame a designer can resize to, in natural pixels (a mask smaller than it keeps its own). */
export const MIN_FRAME_PX = 16;

/**
 * A placed frame as it stands against the mask now: grown to hold the mask's bounds and clipped to the
 * image, on whole pixels. This is how a frame the designer placed follows a mask painted on afterwards.
 */
export function frameAroundMask(frame: PixelBox, maskBounds: PixelBox, image: Size): PixelBox {
  const mask = maskSpan(maskBounds, image);
  const left = clamp(Math.min(Math.round(frame.left), mask.left), 0, image.width - 1);
  const top = clamp(Math.min(Math.round(frame.top), mask.top), 0, image.height - 1);
  const right = clamp(Math.max(Math.round(frame.left + frame.width), mask.right), left + 1, image.width);
  const bottom = clamp(Math.max(Math.round(frame.top + frame.height), mask.bottom), top + 1, image.height);
  return { left, top, width: right - left, height: bottom - top };
}

/** Which edges a resize handle moves: -1 the left (top) edge, 1 the right (bottom), 0 neither. */
export interface FrameHandle {
  x: -1 | 0 | 1;
  y: -1 | 0 | 1;
}

/** What the designer holds the frame by: its border (to move it) or a handle (to resize it). */
export type FrameGrip = 'move' | FrameHandle;

/**
 * A frame dragged by (dx, dy) natural pixels, on whole pixels. Moved, it keeps its size and goes as far as it
 * can while it still holds the mask's bounds and stays inside the image (a drag past that leaves it at the
 * limit). Resized, the edges the handle names move and the others stay, each moving edge stopping where it
 * would cut into the mask's bounds, pass the image's edge or bring the frame under `MIN_FRAME_PX`.
 */
export function dragFrame(
  frame: PixelBox,
  grip: FrameGrip,
  dx: number,
  dy: number,
  maskBounds: PixelBox,
  image: Size,
): PixelBox {
  const held = frameAroundMask(frame, maskBounds, image);
  const mask = maskSpan(maskBounds, image);
  if (grip === 'move') {
    return {
      ...held,
      left: clamp(
        Math.round(held.left + dx),
        Math.max(0, mask.right - held.width),
        Math.min(mask.left, image.width - held.width),
      ),
      top: clamp(
        Math.round(held.top + dy),
        Math.max(0, mask.bottom - held.height),
        Math.min(mask.top, image.height - held.height),
      ),
    };
  }
  const across = resizeSpan(grip.x, held.left, held.width, dx, mask.left, mask.right, image.width);
  const down = resizeSpan(grip.y, held.top, held.height, dy, mask.top, mask.bottom, image.height);
  return { left: across.start, top: down.start, width: across.length, height: down.length };
}

/** One axis of a resize (`dragFrame`): the span [start, start + length) with the named end moved by `delta`. */
function resizeSpan(
  end: -1 | 0 | 1,
  start: number,
  length: number,
  delta: number,
  maskStart: number,
  maskEnd: number,
  limit: number,
): { start: number; length: number } {
  const stop = start + length;
  if (end === -1) {
    const moved = clamp(Math.round(start + delta), 0, Math.max(0, Math.min(maskStart, stop - MIN_FRAME_PX)));
    return { start: moved, length: stop - moved };
  }
  if (end === 1) {
    const moved = clamp(
      Math.round(stop + delta),
      Math.min(limit, Math.max(maskEnd, start + MIN_FRAME_PX)),
      limit,
    );
    return { start, length: moved - start };
  }
  return { start, length };
}

/** The mask's bounds as whole-pixel edges inside the image. */
function maskSpan(maskBounds: PixelBox, image: Size) {
  return {
    left: clamp(Math.floor(maskBounds.left), 0, image.width),
    top: clamp(Math.floor(maskBounds.top), 0, image.height),
    right: clamp(Math.ceil(maskBounds.left + maskBounds.width), 0, image.width),
    bottom: clamp(Math.ceil(maskBounds.top + maskBounds.height), 0, image.height),
  };
}

/** True when `plan` sends all of an image of size `natural` at that very size: nothing is cropped or scaled. */
export const takesWholeAsItIs = ({ box, sent }: SendPlan, natural: Size): boolean =>
  box.left === 0 &&
  box.top === 0 &&
  box.width === natural.width &&
  box.height === natural.height &&
  sent.width === natural.width &&
  sent.height === natural.height;

/**
 * The whole image, scaled down only when it breaks the input limit on pixels (`maxInputPixels`), keeping
 * its aspect ratio as exactly as integer pixels allow. Never upscaled. kind 'whole'.
 */
export function wholeImagePlan(image: Size, maxInputPixels: number): SendPlan {
  const box = { left: 0, top: 0, width: image.width, height: image.height };
  if (image.width * image.height <= maxInputPixels) {
    return { kind: 'whole', box, sent: { width: image.width, height: image.height } };
  }
  const landscape = image.width >= image.height;
  const longEdge = landscape ? image.width : image.height;
  const shortEdge = landscape ? image.height : image.width;
  // Rounding the long edge rather than the short one keeps the ratio error smallest (half a pixel of more).
  const longFor = (short: number) => Math.round((short * longEdge) / shortEdge);
  let short = Math.floor(Math.sqrt((maxInputPixels * shortEdge) / longEdge));
  while (short > 1 && short * longFor(short) > maxInputPixels) short--;
  const long = Math.max(1, longFor(short));
  const sent = landscape ? { width: long, height: short } : { width: short, height: long };
  return { kind: 'whole', box, sent };
}

/** How far from the image's own shape an asked-for size may be and still be what the whole image is sent at. */
const SEND_AT_OUTPUT_TOLERANCE = 0.005;

/**
 * The whole image as `wholeImagePlan` sends it, except that an image which must be scaled down anyway is
 * scaled straight to `output` (the size the edit asks for) when that has the image's shape to within half a
 * percent: the model then answers on the very pixel grid it was given, so the drift is measured with nothing
 * resampled in between and pasting back needs no extra scaling of each output.
 */
export function wholeImagePlanAt(image: Size, maxInputPixels: number, output: Size | null): SendPlan {
  const plan = wholeImagePlan(image, maxInputPixels);
  if (!output || takesWholeAsItIs(plan, image)) return plan;
  const fits =
    output.width <= image.width &&
    output.height <= image.height &&
    output.width * output.height <= maxInputPixels &&
    Math.abs(Math.log(output.width / output.height / (image.width / image.height))) <=
      SEND_AT_OUTPUT_TOLERANCE;
  return fits ? { ...plan, sent: { width: output.width, height: output.height } } : plan;
}

/** The padding a region gets by default: a quarter of the mask's longer side, at least 64 px, at most 512 px. */
export function defaultRegionPadding(maskBounds: PixelBox): number {
  const quarter = Math.round(Math.max(maskBounds.width, maskBounds.height) / 4);
  return Math.min(MAX_DEFAULT_PADDING_PX, Math.max(MIN_DEFAULT_PADDING_PX, quarter));
}

/**
 * Whether the studio uses a region edit when the designer left the choice to it ('auto'): the image has
 * more pixels than the rule can return in one output (its max pixels, or a fixed rule's largest size), so
 * a whole-image edit would come back smaller than the original, and the padded region covers at most half
 * the image's area, so cropping saves enough to matter. Otherwise the whole image goes.
 */
export function regionIsWorthIt(plan: SendPlan, image: Size, rule: SizeRule): boolean {
  const imagePixels = image.width * image.height;
  const boxPixels = plan.box.width * plan.box.height;
  return imagePixels > largestOutputPixels(rule) && boxPixels * 2 <= imagePixels;
}

/**
 * How the studio's output is mapped back: the factor from sent pixels to box pixels on each axis, for
 * callers that scale masks and results.
 */
export function sentToBoxScale(plan: SendPlan): { x: number; y: number } {
  return { x: plan.box.width / plan.sent.width, y: plan.box.height / plan.sent.height };
}

function largestOutputPixels(rule: SizeRule): number {
  if (rule.kind === 'flexible') return rule.maxPixels;
  return Math.max(
    ...rule.sizes.map((size) => {
      const dims = parseSize(size);
      return dims ? dims.width * dims.height : 0;
    }),
  );
}

function aspectRatio(size: Size): number {
  return size.width / size.height;
}

function aspectMismatch(ratio: number, wanted: number): number {
  return Math.abs(ratio / wanted - 1);
}

/** The box grown by `padding` on every side and clipped to the image, on whole pixels, at least 1x1. */
function padWithin(box: PixelBox, padding: number, image: Size): PixelBox {
  const left = clamp(Math.floor(box.left) - padding, 0, image.width - 1);
  const top = clamp(Math.floor(box.top) - padding, 0, image.height - 1);
  const right = clamp(Math.ceil(box.left + box.width) + padding, left + 1, image.width);
  const bottom = clamp(Math.ceil(box.top + box.height) + padding, top + 1, image.height);
  return { left, top, width: right - left, height: bottom - top };
}

/** The box grown to `ratio` (see `grownSize`), centred on itself and shifted back inside the image. */
function widenToAspect(box: PixelBox, ratio: number, image: Size): PixelBox {
  const { width, height } = grownSize(box, ratio, image);
  return {
    left: placeAround(box.left, box.width, width, image.width),
    top: placeAround(box.top, box.height, height, image.height),
    width,
    height,
  };
}

/**
 * Where a span grown from `length` to `grown` starts: centred on the old span, unless that passes an edge
 * of [0, limit), in which case the growth goes to the other side. The old span stays covered either way.
 */
function placeAround(start: number, length: number, grown: number, limit: number): number {
  const centred = start - Math.floor((grown - length) / 2);
  return clamp(centred, 0, limit - grown);
}

/**
 * The smallest whole-pixel size that holds the box and whose ratio is within the tolerance of `ratio`, or,
 * when the image has no room for one, the box grown along the axis the ratio needs up to the image edge.
 * Heights are tried upwards so that small boxes, where one pixel is more than 1% of an edge, grow on both
 * axes until rounding stops mattering.
 */
function grownSize(box: Size, ratio: number, image: Size): Size {
  const { width, height } = box;
  for (
    let candidateHeight = Math.max(height, Math.floor(width / ratio));
    candidateHeight <= image.height;
    candidateHeight++
  ) {
    const narrowest = Math.max(width, Math.floor(candidateHeight * ratio));
    if (narrowest > image.width) break;
    for (const candidateWidth of [narrowest, Math.max(width, Math.ceil(candidateHeight * ratio))]) {
      if (candidateWidth > image.width) continue;
      if (aspectMismatch(candidateWidth / candidateHeight, ratio) <= ASPECT_TOLERANCE) {
        return { width: candidateWidth, height: candidateHeight };
      }
    }
  }
  return width / height > ratio
    ? { width, height: Math.min(image.height, Math.ceil(width / ratio)) }
    : { width: Math.min(image.width, Math.ceil(height * ratio)), height };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** How far an output's shape may differ from what was sent and still be pasted back (the 16 px grid's rounding). */
const SHAPE_TOLERANCE = 0.02;

/** Whether an output of this size lines up with what the plan sent, so it can be pasted back onto the source. */
export function outputFitsPlan(output: Size, plan: SendPlan): boolean {
  const { sent } = plan;
  return Math.abs(Math.log(output.width / output.height / (sent.width / sent.height))) <= SHAPE_TOLERANCE;
}

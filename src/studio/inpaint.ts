/**
 * A masked edit the way a retoucher needs it: the board keeps the source at its full resolution, what goes
 * to the model is the whole image or a padded region around the mask scaled to a size the model takes, and
 * what comes back is pasted onto the source through the mask (editor/inpaint, driven by inpaintRun.ts), so
 * every pixel outside the mask and its feather is the source's own. This is the plan, which the settings,
 * the canvas frame and the cost estimate show before anything is sent.
 */
import { MAX_INPUT_IMAGE_PIXELS, formatSize, parseSize, type SizeRule } from '../contract/index.ts';
import {
  defaultRegionPadding,
  regionIsWorthIt,
  regionPlan,
  wholeImagePlanAt,
  type SendPlan,
} from '../editor/inpaint/region.ts';
import type { Size } from '../editor/viewport.ts';
import type { InpaintSettings } from '../state/inpaint.ts';
import { paintBounds, type MaskOperation, type PixelBox } from '../state/mask.ts';

/**
 * How the first image goes: the plan, and whether it is a region edit the designer should know about.
 * `placed` is the frame the designer moved or resized on this image (state/framingSlice.ts): a region edit
 * sends it (grown to hold the mask) in place of the padded one, and under Auto it is a region edit whatever
 * its size, since placing a frame is choosing to send one. `size` is the draft's size field: a whole image
 * that must be scaled down is scaled to it when it has the image's shape (region.ts, wholeImagePlanAt).
 */
export function sendPlanFor(
  first: Size,
  operations: readonly MaskOperation[],
  settings: InpaintSettings,
  rule: SizeRule,
  size: string,
  placed: PixelBox | null = null,
): SendPlan {
  const whole = wholeImagePlanAt(first, MAX_INPUT_IMAGE_PIXELS, size === 'auto' ? null : parseSize(size));
  const bounds = paintBounds(operations, first);
  if (!bounds || settings.region === 'never') return whole;
  const padding = settings.regionPaddingPx ?? defaultRegionPadding(bounds);
  const region = regionPlan(bounds, first, padding, rule, placed);
  if (placed || settings.region === 'always' || regionIsWorthIt(region, first, rule)) return region;
  return whole;
}

/** The `size` a plan sends: a region edit asks for exactly the size its crop was scaled to. */
export function sizeFieldFor(plan: SendPlan, chosen: string): string {
  return plan.kind === 'region' ? formatSize(plan.sent) : chosen;
}

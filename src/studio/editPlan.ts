/**
 * What Apply edit would send right now, for the settings panel, the canvas frame and the cost estimate:
 * the plan the edit itself uses (inpaint.ts), the other way of sending it for comparison, and the sizes of
 * the images as they go. A model that takes no mask (the contract's `whyNoMask`) is planned without the
 * mask painted: it stays on the canvas for the next model, and the plan says why it is not sent.
 */
import {
  MAX_INPUT_IMAGE_BYTES,
  MAX_INPUT_IMAGE_PIXELS,
  parseSize,
  whyNoMask,
  type ModelCapabilities,
} from '../contract/index.ts';
import { outputFitsPlan, wholeImagePlan, type SendPlan } from '../editor/inpaint/region.ts';
import type { Size } from '../editor/viewport.ts';
import type { BoardImage } from '../state/board.ts';
import type { InpaintSettings } from '../state/inpaint.ts';
import { placedFrameOn, type FramingSlice } from '../state/framingSlice.ts';
import {
  maskOperationsFor,
  paintBounds,
  type MaskHistory,
  type MaskOwner,
  type PixelBox,
} from '../state/mask.ts';
import { sendPlanFor } from './inpaint.ts';

export interface EditPlan {
  plan: SendPlan;
  /** The painted area's bounds in the first image's natural pixels; null with nothing painted. */
  maskBounds: PixelBox | null;
  /** True when the region sent is the frame the designer placed, not the one the padding makes. */
  framePlaced: boolean;
  /** The other way, when a mask makes both possible: the whole image for a region edit, and back. */
  other: SendPlan | null;
  /** Each board image's size as it is sent, in board order (the first is `plan.sent`). */
  sentSizes: Size[];
  /** True when a painted mask goes with the edit (the result is then pasted back, if that is on). */
  masked: boolean;
  /** Why the mask painted is kept but not sent (the model takes none), or null. */
  maskWithheld: string | null;
  /** Why the result could not be pasted back as the draft stands (an output size of another shape), or null. */
  pasteBackProblem: string | null;
}

/** The size an image other than the first is sent at: its own, or scaled to the input limits. */
function sentSizeOf(image: BoardImage): Size {
  const within =
    image.width * image.height <= MAX_INPUT_IMAGE_PIXELS && image.blob.size <= MAX_INPUT_IMAGE_BYTES;
  return within
    ? { width: image.width, height: image.height }
    : wholeImagePlan(image, MAX_INPUT_IMAGE_PIXELS).sent;
}

/**
 * `model` is the one the edit goes to (its size rule, whether it takes a mask); `framing` is the framing
 * slice: the region frame the designer placed applies to its own image only.
 */
export function editPlanOf(
  images: readonly BoardImage[],
  mask: { history: MaskHistory; owner: MaskOwner | null },
  settings: InpaintSettings,
  model: ModelCapabilities,
  size: string,
  framing: Pick<FramingSlice, 'placedFrame'> = { placedFrame: null },
): EditPlan | null {
  const [first, ...references] = images;
  if (!first) return null;
  const checked = maskOperationsFor(mask, first);
  const painted = checked.ok ? checked.operations : [];
  const noMask = whyNoMask(model);
  const operations = noMask ? [] : painted;
  const maskBounds = paintBounds(operations, first);
  const masked = maskBounds !== null;
  const rule = model.sizeRule;
  const placed = placedFrameOn(framing, first.id);
  const plan = sendPlanFor(first, operations, settings, rule, size, placed);
  const otherChoice = plan.kind === 'region' ? 'never' : 'always';
  const other = masked
    ? sendPlanFor(first, operations, { ...settings, region: otherChoice }, rule, size, placed)
    : null;
  // A region edit asks for its own size; a whole-image edit for the draft's, which may have another shape.
  const output = plan.kind === 'whole' && size !== 'auto' ? parseSize(size) : null;
  const pasteBackProblem =
    masked && settings.composite && output && !outputFitsPlan(output, plan)
      ? `${output.width} × ${output.height} is not the shape of the ${first.width} × ${first.height} source, so the result could not be pasted back onto it: choose Auto or Match source for the size, or send a region.`
      : null;
  return {
    plan,
    maskBounds,
    framePlaced: plan.kind === 'region' && placed !== null,
    other: other && other.kind !== plan.kind ? other : null,
    sentSizes: [plan.sent, ...references.map(sentSizeOf)],
    masked,
    maskWithheld: noMask && paintBounds(painted, first) ? noMask : null,
    pasteBackProblem,
  };
}

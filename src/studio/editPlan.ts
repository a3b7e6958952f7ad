/**
 * What Apply edit would send right now, for the settings panel, the canvas frame and the cost estimate:
 * the plan the edit itself uses (inpaint.ts), the other way of sending it for comparison, and the sizes of
 * the images as they go.
 */
import {
  MAX_INPUT_IMAGE_BYTES,
  MAX_INPUT_IMAGE_PIXELS,
  parseSize,
  type SizeRule,
} from '../contract/index.ts';
import { outputFitsPlan, wholeImagePlan, type SendPlan } from '../editor/inpaint/region.ts';
import type { Size } from '../editor/viewport.ts';
import type { BoardImage } from '../state/board.ts';
import type { InpaintSettings } from '../state/inpaint.ts';
import { maskOperationsFor, paintBounds, type MaskHistory, type MaskOwner } from '../state/mask.ts';
import { sendPlanFor } from './inpaint.ts';

export interface EditPlan {
  plan: SendPlan;
  /** The other way, when a mask makes both possible: the whole image for a region edit, and back. */
  other: SendPlan | null;
  /** Each board image's size as it is sent, in board order (the first is `plan.sent`). */
  sentSizes: Size[];
  /** True when a painted mask goes with the edit (the result is then pasted back, if that is on). */
  masked: boolean;
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

export function editPlanOf(
  images: readonly BoardImage[],
  mask: { history: MaskHistory; owner: MaskOwner | null },
  settings: InpaintSettings,
  rule: SizeRule,
  size: string,
): EditPlan | null {
  const [first, ...references] = images;
  if (!first) return null;
  const checked = maskOperationsFor(mask, first);
  const operations = checked.ok ? checked.operations : [];
  const masked = paintBounds(operations, first) !== null;
  const plan = sendPlanFor(first, operations, settings, rule);
  const otherChoice = plan.kind === 'region' ? 'never' : 'always';
  const other = masked ? sendPlanFor(first, operations, { ...settings, region: otherChoice }, rule) : null;
  // A region edit asks for its own size; a whole-image edit for the draft's, which may have another shape.
  const output = plan.kind === 'whole' && size !== 'auto' ? parseSize(size) : null;
  const pasteBackProblem =
    masked && settings.composite && output && !outputFitsPlan(output, plan)
      ? `${output.width} × ${output.height} is not the shape of the ${first.width} × ${first.height} source, so the result could not be pasted back onto it: choose Auto or Match source for the size, or send a region.`
      : null;
  return {
    plan,
    other: other && other.kind !== plan.kind ? other : null,
    sentSizes: [plan.sent, ...references.map(sentSizeOf)],
    masked,
    pasteBackProblem,
  };
}

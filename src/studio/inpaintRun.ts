/**
 * The pixel side of a masked edit's run, loaded with the edit's first send (the plan, in inpaint.ts, is on
 * the first screen; this is not): what is sent, the record the run starts with, and the paste back.
 */
import { MAX_INPUT_IMAGE_BYTES, MAX_INPUT_IMAGE_PIXELS, formatOfMimeType } from '../contract/index.ts';
import type { MaskExport } from '../editor/exportMask.ts';
import type { SendPlan } from '../editor/inpaint/region.ts';
import type { EditPixels } from '../editor/inpaint/work.ts';
import type { Size } from '../editor/viewport.ts';
import type { BoardImage } from '../state/board.ts';
import type { InpaintSettings } from '../state/inpaint.ts';
import type { MaskOperation } from '../state/mask.ts';
import type { InpaintRecord } from '../storage/records.ts';
import type { FinishedResult } from './runDriver.ts';

export interface PreparedInpaint {
  /** The images to send, in board order, each within the API's input limits. */
  images: { blob: Blob; filename: string }[];
  mask: MaskExport;
  /** The whole mask at the source's size, for the lineage. */
  fullMask: Blob | null;
  /** What the worker holds the edit under for pasting back, until released. */
  key: string;
}

const withinInputLimits = (image: BoardImage) =>
  image.width * image.height <= MAX_INPUT_IMAGE_PIXELS && image.blob.size <= MAX_INPUT_IMAGE_BYTES;

/** What the edit sends: the first image per the plan with its mask, the others scaled only if over the limits. */
export async function prepareInpaint(
  pixels: EditPixels,
  images: readonly BoardImage[],
  operations: readonly MaskOperation[],
  plan: SendPlan,
  settings: InpaintSettings,
): Promise<PreparedInpaint> {
  const [first, ...references] = images;
  const key = crypto.randomUUID();
  const snapshot = operations.length > 0 ? await pixels.snapshotMask(operations, first!) : null;
  const prepared = await pixels.prepare({
    key,
    source: first!.blob,
    natural: first!,
    mask: snapshot,
    plan,
    shape: { growPx: settings.growPx, featherPx: settings.featherPx },
    locked: first!.lockedBox ?? null,
    colourMatch: settings.composite && settings.colourMatch,
  });
  const sent: PreparedInpaint['images'] = [{ blob: prepared.image ?? first!.blob, filename: first!.name }];
  // One at a time: a board of large references should not all be decoded at once.
  for (const image of references) {
    const blob = withinInputLimits(image) ? image.blob : await pixels.fitForSending(image.blob, image);
    sent.push({ blob, filename: image.name });
  }
  return { images: sent, mask: prepared.mask, fullMask: prepared.fullMask, key };
}

/** The record a masked edit starts with: how it is sent; the drift is known once it is pasted back. */
export function inpaintRecordFor(
  plan: SendPlan,
  source: Size & Pick<BoardImage, 'lockedBox'>,
  settings: InpaintSettings,
): InpaintRecord {
  return {
    kind: plan.kind,
    box: plan.box,
    sent: plan.sent,
    source: { width: source.width, height: source.height },
    growPx: settings.growPx,
    featherPx: settings.featherPx,
    driftShare: null,
    notComposited: settings.composite ? null : 'Pasting back was off for this edit.',
    // A touch-up measures the drift again, over the same protected pixels.
    locked: source.lockedBox ?? null,
    colourMatch: null,
  };
}

/**
 * Pastes one variant's output back onto the source the worker holds under `key`
 * (editor/inpaint/inpaintWorker.ts). Never throws: what cannot be composited is kept as the model made
 * it, and the record says why.
 */
export function compositeFinisher(
  pixels: EditPixels,
  key: string,
  record: InpaintRecord,
): (output: Blob) => Promise<FinishedResult> {
  return async (output) => {
    const kept = (reason: string): FinishedResult => ({
      blob: output,
      format: formatOfMimeType(output.type) ?? 'png',
      extras: [],
      inpaint: { ...record, notComposited: reason },
    });
    try {
      const outcome = await pixels.composite({ key, raw: output });
      if (!outcome.ok) return kept(outcome.reason);
      return {
        blob: outcome.composite,
        format: 'png',
        extras: [{ role: 'drift', blob: outcome.drift, format: 'png' }],
        inpaint: { ...record, driftShare: outcome.driftShare, colourMatch: outcome.colourMatch },
      };
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      return kept(
        `The output could not be pasted back onto the source (${why}); it is kept as the model made it.`,
      );
    }
  };
}

/**
 * The pixel work of a masked edit, as the studio asks for it: what to send (the source or a region of it,
 * scaled to the size it goes at, and the matching mask) and, once the model answers, the composite of its
 * output onto the source through the mask, with the drift map. In the browser it runs in a worker
 * (inpaintWorker.ts), so a 24-megapixel photo never stalls painting or the page.
 */
import type { MaskOperation, PixelBox } from '../../state/mask.ts';
import type { MaskExport } from '../exportMask.ts';
import type { Size } from '../viewport.ts';
import type { ColourCorrection, ColourMatch } from './colourMatch.ts';
import type { CompositeShape } from './compositeMath.ts';
import type { SendPlan } from './region.ts';
import type { TouchUpStroke } from './touchUp.ts';

export interface PrepareJob {
  /**
   * Names the edit while its results are pasted back: the worker holds the decoded source and the mask's
   * weights under it (decoded once, however many variants come back) until `release`.
   */
  key: string;
  source: Blob;
  natural: Size;
  /**
   * The painted mask at the source's natural size (API polarity), with at least one pixel marked (as
   * `snapshotMask` gives it), or null for an edit without one. Transferred to the worker: a copy of 24 megapixels would hold the page up for a tenth of a second.
   */
  mask: ImageBitmap | null;
  plan: SendPlan;
  shape: CompositeShape;
  /** An outpaint's original on the source's canvas: the composite keeps its pixels exactly. */
  locked: PixelBox | null;
  /** Match the colour of the model's pasted pixels to the source around the mask (colourMatch.ts). */
  colourMatch: boolean;
}

export interface PreparedEdit {
  /** What goes in the source's place: null sends the source's own bytes (the plan takes all of it as it is). */
  image: Blob | null;
  /** The mask for what is sent, at `plan.sent`. */
  mask: MaskExport;
  /** The whole mask at the source's size, as the lineage keeps it; null without a mask. */
  fullMask: Blob | null;
}

export interface CompositeJob {
  /** The prepared edit this output answers. */
  key: string;
  /** The model's output, as it arrived. */
  raw: Blob;
}

export interface ExtendJob {
  source: Blob;
  canvas: Size;
  original: PixelBox;
}

/**
 * A composited edit touched up with brush strokes (touchUp.ts), made from what is stored with it, so it works
 * as well after a reload as straight after the edit: the mask and settings give the drift's protected pixels.
 */
export interface TouchUpJob {
  /** The source at its natural size, the model's output as it arrived, and the paste-back's composite. */
  source: Blob;
  raw: Blob;
  composite: Blob;
  /** The whole mask at the source's size, as the lineage keeps it. */
  mask: Blob;
  natural: Size;
  plan: Pick<SendPlan, 'box' | 'sent'>;
  shape: CompositeShape;
  locked: PixelBox | null;
  /** The paste-back's colour match, applied to the model's pixels as the composite applied it. */
  colour: ColourCorrection | null;
  strokes: TouchUpStroke[];
}

export interface TouchedUp {
  /** Lossless PNG at the source's natural size. */
  result: Blob;
  /** The drift map with what the strokes restored left out, as a PNG at a preview size. */
  drift: Blob;
  driftShare: number;
}

export type CompositeOutcome =
  | {
      ok: true;
      /** Lossless PNG at the source's natural size. */
      composite: Blob;
      /** The heatmap of where the raw output changed protected pixels, as a PNG at a preview size. */
      drift: Blob;
      driftShare: number;
      /** What the colour match did; null when it was not asked for. */
      colourMatch: ColourMatch | null;
    }
  /** Why the output could not be composited (it is then kept as the model made it). */
  | { ok: false; reason: string };

export interface InpaintWork {
  prepare: (job: PrepareJob) => Promise<PreparedEdit>;
  /** An image scaled down to fit the API's input limits (a reference on the board larger than them). */
  fitForSending: (image: Blob, natural: Size) => Promise<Blob>;
  composite: (job: CompositeJob) => Promise<CompositeOutcome>;
  /**
   * The image on a larger canvas, at `original` on it, the new area filled from the image's edges so the
   * model (and the seam's blend) start from its colours. Lossless PNG, so the original's pixels stay exact.
   */
  extend: (job: ExtendJob) => Promise<Blob>;
  /** Paints the source's or the model's pixels over a composite through brush strokes. */
  touchUp: (job: TouchUpJob) => Promise<TouchedUp>;
  /** Lets go of what the worker holds for a prepared edit, once every variant is pasted back. */
  release: (key: string) => Promise<void>;
}

/** The worker's jobs, and the snapshot of the painted mask they work from (taken on the page). */
export interface EditPixels extends InpaintWork {
  /** The painted mask at the natural size, or null when nothing is marked (strokes may all be erased). */
  snapshotMask: (operations: readonly MaskOperation[], natural: Size) => Promise<ImageBitmap | null>;
}

/** Messages to the worker and its answers, matched by `id`. */
export type WorkRequest =
  | { id: number; job: 'prepare'; input: PrepareJob }
  | { id: number; job: 'fitForSending'; input: { image: Blob; natural: Size } }
  | { id: number; job: 'composite'; input: CompositeJob }
  | { id: number; job: 'extend'; input: ExtendJob }
  | { id: number; job: 'touchUp'; input: TouchUpJob }
  | { id: number; job: 'release'; input: { key: string } };

export type WorkAnswer =
  { id: number; ok: true; output: unknown } | { id: number; ok: false; message: string };

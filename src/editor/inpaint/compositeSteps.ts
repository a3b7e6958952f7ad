/**
 * The steps of pasting a masked edit back, as the inpainting worker takes them: what it works out from the
 * source and the mask while the model works (holdEdit), and what each output then costs (pasteBack), up to
 * the PNGs. The composite bench runs these same functions in a worker of its own with a step clock, so what
 * it times is the studio's pipeline, not a copy of it. Everything here needs OffscreenCanvas and
 * createImageBitmap: a worker's (or a page's) APIs, not Node's.
 */
import type { PixelBox } from '../../state/mask.ts';
import type { Size } from '../viewport.ts';
import {
  DRIFT_THRESHOLD,
  compositeArea,
  driftAtSent,
  editWeights,
  protectedSentPixels,
  upscaleCrop,
  weightedBounds,
} from './compositeMath.ts';
import {
  correctColours,
  isIdentity,
  measureColourMatch,
  ringAround,
  type ColourMatch,
} from './colourMatch.ts';
import { lockOriginal } from './lockOriginal.ts';
import { outputFitsPlan, takesWholeAsItIs, type SendPlan } from './region.ts';
import type { PrepareJob } from './work.ts';

/** Exact decoded values: no colour management, no premultiplied alpha. */
export const EXACT: ImageBitmapOptions = { colorSpaceConversion: 'none', premultiplyAlpha: 'none' };

/** The long edge of a drift map: enough to see where, small enough to store with every edit. */
export const DRIFT_MAP_LONG_EDGE = 1024;

/**
 * A step clock: called with a step's name as the step ends. The bench passes one; the studio passes none,
 * and then no name is even built (each call is `mark?.(...)`).
 */
export type StepMark = (name: string) => void;

export const sizeText = (size: Size) => `${size.width}×${size.height}`;

/** The bitmap's pixels at `size`: all of it drawn at its own size, or `crop` of it scaled to `size`. */
export function pixelsOf(bitmap: ImageBitmap | OffscreenCanvas, size: Size, crop?: PixelBox): ImageData {
  const canvas = new OffscreenCanvas(size.width, size.height);
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  if (crop)
    context.drawImage(bitmap, crop.left, crop.top, crop.width, crop.height, 0, 0, size.width, size.height);
  else context.drawImage(bitmap, 0, 0);
  return context.getImageData(0, 0, size.width, size.height);
}

/**
 * What the worker keeps of a prepared edit for pasting its variants back: worked out once while the model
 * works, shared by every variant (so never written to).
 */
export interface HeldEdit {
  natural: Size;
  plan: SendPlan;
  /** The source's exact decoded RGBA. */
  source: ImageData;
  /** The mask's edit weights with the edit's feather and growth, the locked original at 0 (compositeMath.ts). */
  weights: Uint8Array;
  /** The smallest box inside `plan.box` of pixels with weight > 0: the only pixels the model's output reaches. */
  weighted: PixelBox | null;
  /** What was sent: `plan.box` of the source scaled to `plan.sent`, RGBA, for the drift at the model's resolution. */
  sentSource: Uint8ClampedArray;
  /** Which of the sent pixels are protected (compositeMath.ts's protectedSentPixels). */
  protectedSent: Uint8Array;
  /** The ring of sent pixels the colour match compares (colourMatch.ts); null when it was not asked for. */
  ring: Int32Array | null;
}

export type HoldJob = Pick<PrepareJob, 'source' | 'natural' | 'plan' | 'shape' | 'locked' | 'colourMatch'>;

/** Works out what pasting back needs from the source and the mask (closing the mask once read). */
export async function holdEdit(
  { source, natural, plan, shape, locked, colourMatch }: HoldJob,
  mask: ImageBitmap,
  mark?: StepMark,
): Promise<HeldEdit> {
  const maskPixels = pixelsOf(mask, natural);
  mask.close();
  mark?.('mask drawImage + getImageData');
  const bitmap = await createImageBitmap(source, EXACT);
  if (bitmap.width !== natural.width || bitmap.height !== natural.height) {
    throw new Error(`the source decoded at ${sizeText(bitmap)}, not ${sizeText(natural)}`);
  }
  mark?.('source decode');
  const { box, sent } = plan;
  const sourcePixels = pixelsOf(bitmap, natural);
  mark?.('its drawImage + getImageData');
  let sentSource = sourcePixels.data;
  if (!takesWholeAsItIs(plan, natural)) {
    // Scaled as prepare scales what it sends.
    const scaled = await createImageBitmap(bitmap, box.left, box.top, box.width, box.height, {
      ...EXACT,
      resizeWidth: sent.width,
      resizeHeight: sent.height,
      resizeQuality: 'high',
    });
    sentSource = pixelsOf(scaled, sent).data;
    scaled.close();
    mark?.('the box scaled to the sent size + its pixels');
  }
  bitmap.close();
  const { weights } = editWeights(maskPixels.data, natural, shape);
  mark?.('editWeights');
  if (locked) {
    lockOriginal(weights, natural, locked, shape.featherPx);
    mark?.('lockOriginal');
  }
  const protectedSent = protectedSentPixels(weights, natural, box, sent);
  mark?.('protectedSentPixels');
  const weighted = weightedBounds(weights, natural, box);
  mark?.('weightedBounds');
  const ring = colourMatch ? ringAround(protectedSent, sent) : null;
  if (ring) mark?.('ringAround');
  return { natural, plan, source: sourcePixels, weights, weighted, sentSource, protectedSent, ring };
}

/**
 * The model's pixels over `area` (inside `box`, the part of the source that was sent), upscaled from only
 * the part of `output` that covers them (compositeMath.ts's upscaleCrop): upscaling the whole output would
 * cost several times as much for pixels the composite then drops. `output` stays open.
 */
export async function modelPixelsOver(
  output: ImageBitmap,
  area: PixelBox,
  box: PixelBox,
  mark?: StepMark,
): Promise<ImageData> {
  const crop = upscaleCrop(area, box, output);
  const upscaled = await createImageBitmap(
    output,
    crop.raw.left,
    crop.raw.top,
    crop.raw.width,
    crop.raw.height,
    {
      ...EXACT,
      resizeWidth: crop.natural.width,
      resizeHeight: crop.natural.height,
      resizeQuality: 'high',
    },
  );
  mark?.(
    `upscale of the ${crop.raw.width}x${crop.raw.height} crop to ${crop.natural.width}x${crop.natural.height}`,
  );
  const model = pixelsOf(upscaled, area, {
    left: area.left - crop.natural.left,
    top: area.top - crop.natural.top,
    width: area.width,
    height: area.height,
  });
  upscaled.close();
  mark?.(`its ${area.width}x${area.height} weighted pixels`);
  return model;
}

/** One output pasted back, before its PNGs: the canvases hold exactly the pixels that are encoded. */
export type PastedBack =
  | {
      ok: true;
      /** This variant's copy of the source with the model's weighted pixels composited over it. */
      composite: OffscreenCanvas;
      /** The heatmap of where the output changed protected pixels, at a preview size. */
      drift: OffscreenCanvas;
      driftShare: number;
      colourMatch: ColourMatch | null;
    }
  | { ok: false; reason: string };

/** The model's output `raw` composited onto the held edit's source through its weights, with the drift. */
export async function pasteBack(edit: HeldEdit, raw: Blob, mark?: StepMark): Promise<PastedBack> {
  const { natural, plan } = edit;
  const { box, sent } = plan;
  // Decoded before its shape is checked: an output that fits is the rule, and reading its header first
  // would only add a read of the Blob to every composite.
  const output = await createImageBitmap(raw, EXACT);
  try {
    if (!outputFitsPlan(output, plan)) {
      return {
        ok: false,
        reason: `The model answered at ${sizeText(output)}, which is not the shape of the ${sizeText(sent)} that was sent, so its output could not be pasted back onto the source.`,
      };
    }
    mark?.('decode at its own size');
    // The drift at the size that was sent; an output of another size (grid rounding) is scaled to it.
    const atSent =
      output.width === sent.width && output.height === sent.height
        ? output
        : await createImageBitmap(output, {
            ...EXACT,
            resizeWidth: sent.width,
            resizeHeight: sent.height,
            resizeQuality: 'high',
          });
    mark?.(`scaled to the sent ${sent.width}x${sent.height}`);
    const outputAtSent = pixelsOf(atSent, sent).data;
    if (atSent !== output) atSent.close();
    mark?.('its pixels');
    const drift = driftAtSent(edit.sentSource, outputAtSent, edit.protectedSent, natural, box, sent, {
      threshold: DRIFT_THRESHOLD,
      heatLongEdge: DRIFT_MAP_LONG_EDGE,
    });
    mark?.('driftAtSent');
    // Measured at the sent size too, on this variant's own output: each variant drifts its own way.
    const colourMatch = edit.ring ? measureColourMatch(edit.sentSource, outputAtSent, edit.ring, sent) : null;
    if (colourMatch) mark?.('measureColourMatch');
    // The canvas is this variant's copy of the source, and only the weighted pixels go over it.
    const composite = new OffscreenCanvas(natural.width, natural.height);
    const context = composite.getContext('2d')!;
    context.putImageData(edit.source, 0, 0);
    mark?.("putImageData of the source (the variant's copy)");
    const area = edit.weighted;
    if (area) {
      const model = await modelPixelsOver(output, area, box, mark);
      if (colourMatch?.kind === 'applied' && !isIdentity(colourMatch)) {
        correctColours(model.data, edit.weights, natural, area, colourMatch);
        mark?.('correctColours');
      }
      compositeArea(model.data, edit.source.data, edit.weights, natural, area);
      mark?.('compositeArea');
      context.putImageData(model, area.left, area.top);
    }
    // The heat map's bytes are the worker's own ArrayBuffer, never shared.
    const heat = new OffscreenCanvas(drift.heat.width, drift.heat.height);
    heat
      .getContext('2d')!
      .putImageData(
        new ImageData(drift.heat.rgba as Uint8ClampedArray<ArrayBuffer>, drift.heat.width, drift.heat.height),
        0,
        0,
      );
    mark?.(area ? 'putImageData of the area + heat' : 'putImageData of the heat');
    return { ok: true, composite, drift: heat, driftShare: drift.share, colourMatch };
  } finally {
    output.close();
  }
}

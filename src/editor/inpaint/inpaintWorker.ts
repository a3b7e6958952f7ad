/**
 * The inpainting worker: everything a masked edit does to pixels, off the main thread. Images are decoded
 * without colour-space conversion or premultiplication, so a pixel the composite keeps is the source's
 * decoded pixel to the byte.
 */
import {
  MAX_INPUT_IMAGE_BYTES,
  MAX_INPUT_IMAGE_PIXELS,
  sniffImage,
  IMAGE_HEADER_BYTES,
} from '../../contract/index.ts';
import {
  REENCODED_BYTE_BUDGET,
  encodeWithinBudget,
  reencodedType,
  type ImageEncoder,
} from '../boardImage.ts';
import { encodeSentMask } from '../exportMask.ts';
import type { Size } from '../viewport.ts';
import type { PixelBox } from '../../state/mask.ts';
import {
  DRIFT_THRESHOLD,
  compositeArea,
  driftAtSent,
  editWeights,
  protectedSentPixels,
  upscaleCrop,
  weightedBounds,
} from './compositeMath.ts';
import { lockOriginal } from './lockOriginal.ts';
import { outputFitsPlan, wholeImagePlan, type SendPlan } from './region.ts';
import type {
  CompositeJob,
  CompositeOutcome,
  ExtendJob,
  PrepareJob,
  PreparedEdit,
  WorkAnswer,
  WorkRequest,
} from './work.ts';

/** Exact decoded values: no colour management, no premultiplied alpha. */
const EXACT: ImageBitmapOptions = { colorSpaceConversion: 'none', premultiplyAlpha: 'none' };

/** The long edge of a drift map: enough to see where, small enough to store with every edit. */
const DRIFT_MAP_LONG_EDGE = 1024;

/** The bitmap's pixels at `size`: all of it drawn at its own size, or `crop` of it scaled to `size`. */
function pixelsOf(bitmap: ImageBitmap | OffscreenCanvas, size: Size, crop?: PixelBox): ImageData {
  const canvas = new OffscreenCanvas(size.width, size.height);
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  if (crop)
    context.drawImage(bitmap, crop.left, crop.top, crop.width, crop.height, 0, 0, size.width, size.height);
  else context.drawImage(bitmap, 0, 0);
  return context.getImageData(0, 0, size.width, size.height);
}

function encodePng(pixels: ImageData): Promise<Blob> {
  const canvas = new OffscreenCanvas(pixels.width, pixels.height);
  canvas.getContext('2d')!.putImageData(pixels, 0, 0);
  return canvas.convertToBlob({ type: 'image/png' });
}

const isWholeAsItIs = (plan: SendPlan, natural: Size) =>
  plan.box.left === 0 &&
  plan.box.top === 0 &&
  plan.box.width === natural.width &&
  plan.box.height === natural.height &&
  plan.sent.width === natural.width &&
  plan.sent.height === natural.height;

async function sourceType(source: Blob) {
  const head = new Uint8Array(await source.slice(0, IMAGE_HEADER_BYTES).arrayBuffer());
  return reencodedType(sniffImage(head)?.mimeType ?? null);
}

/** Encodes `bitmap` (already at its final size) the way the board would: a JPEG stays a JPEG, under the budget. */
async function encodeForSending(
  bitmap: ImageBitmap,
  type: Awaited<ReturnType<typeof sourceType>>,
): Promise<Blob> {
  const encode: ImageEncoder = (size, kind, quality) => {
    const canvas = new OffscreenCanvas(size.width, size.height);
    const context = canvas.getContext('2d')!;
    context.imageSmoothingQuality = 'high';
    context.drawImage(bitmap, 0, 0, size.width, size.height);
    return canvas.convertToBlob(quality === null ? { type: kind } : { type: kind, quality });
  };
  return (
    await encodeWithinBudget(
      encode,
      { width: bitmap.width, height: bitmap.height },
      type,
      REENCODED_BYTE_BUDGET,
    )
  ).blob;
}

/**
 * What the worker keeps of a prepared edit for pasting its variants back: worked out once while the model
 * works, shared by every variant (so never written to).
 */
interface HeldEdit {
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
}

/** Prepared edits by key: each is decoding or decoded. A failed decode is that edit's composite's reason. */
const held = new Map<string, Promise<HeldEdit>>();

async function holdEdit(
  { source, natural, plan, shape, locked }: PrepareJob,
  maskPixels: ImageData,
): Promise<HeldEdit> {
  const bitmap = await createImageBitmap(source, EXACT);
  if (bitmap.width !== natural.width || bitmap.height !== natural.height) {
    throw new Error(`the source decoded at ${describe(bitmap)}, not ${describe(natural)}`);
  }
  const { box, sent } = plan;
  const sourcePixels = pixelsOf(bitmap, natural);
  let sentSource = sourcePixels.data;
  if (!isWholeAsItIs(plan, natural)) {
    // Scaled as prepare scales what it sends.
    const scaled = await createImageBitmap(bitmap, box.left, box.top, box.width, box.height, {
      ...EXACT,
      resizeWidth: sent.width,
      resizeHeight: sent.height,
      resizeQuality: 'high',
    });
    sentSource = pixelsOf(scaled, sent).data;
    scaled.close();
  }
  bitmap.close();
  const { weights } = editWeights(maskPixels.data, natural, shape);
  if (locked) lockOriginal(weights, natural, locked, shape.featherPx);
  return {
    natural,
    plan,
    source: sourcePixels,
    weights,
    weighted: weightedBounds(weights, natural, box),
    sentSource,
    protectedSent: protectedSentPixels(weights, natural, box, sent),
  };
}

async function prepare(job: PrepareJob): Promise<PreparedEdit> {
  const { source, natural, mask, plan } = job;
  const { box, sent } = plan;
  const asItIs = isWholeAsItIs(plan, natural) && source.size <= MAX_INPUT_IMAGE_BYTES;
  const image = asItIs
    ? null
    : await encodeForSending(
        await createImageBitmap(source, box.left, box.top, box.width, box.height, {
          ...EXACT,
          resizeWidth: sent.width,
          resizeHeight: sent.height,
          resizeQuality: 'high',
        }),
        await sourceType(source),
      );
  if (!mask) return { image, mask: { kind: 'none' }, fullMask: null };
  const sentMask = await encodeSentMask(mask, plan);
  if (sentMask.kind !== 'mask') {
    mask.close();
    return { image, mask: sentMask, fullMask: null };
  }
  const maskPixels = pixelsOf(mask, natural);
  mask.close();
  // Decoding the source and weighing the mask go on while the edit is sent and the model works.
  const holding = holdEdit(job, maskPixels);
  holding.catch(() => undefined);
  held.set(job.key, holding);
  const fullMask = isWholeAsItIs(plan, natural) ? sentMask.png : await encodePng(maskPixels);
  return { image, mask: sentMask, fullMask };
}

async function fitForSending(image: Blob, natural: Size): Promise<Blob> {
  const target = wholeImagePlan(natural, MAX_INPUT_IMAGE_PIXELS).sent;
  const bitmap = await createImageBitmap(image, {
    ...EXACT,
    resizeWidth: target.width,
    resizeHeight: target.height,
    resizeQuality: 'high',
  });
  return encodeForSending(bitmap, await sourceType(image));
}

const describe = (size: Size) => `${size.width}×${size.height}`;

async function composite({ key, raw }: CompositeJob): Promise<CompositeOutcome> {
  const holding = held.get(key);
  if (!holding) throw new Error('the image worker no longer holds this edit’s source');
  const edit = await holding;
  const { natural, plan } = edit;
  const { box, sent } = plan;
  // The output's size from its header: decoding it whole only to read its size would cost a decode.
  const answered = sniffImage(new Uint8Array(await raw.slice(0, IMAGE_HEADER_BYTES).arrayBuffer()));
  if (!answered) throw new Error('the output is not an image the studio can read');
  if (!outputFitsPlan(answered, plan)) {
    return {
      ok: false,
      reason: `The model answered at ${describe(answered)}, which is not the shape of the ${describe(sent)} that was sent, so its output could not be pasted back onto the source.`,
    };
  }
  const output = await createImageBitmap(raw, EXACT);
  try {
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
    const drift = driftAtSent(
      edit.sentSource,
      pixelsOf(atSent, sent).data,
      edit.protectedSent,
      natural,
      box,
      sent,
      { threshold: DRIFT_THRESHOLD, heatLongEdge: DRIFT_MAP_LONG_EDGE },
    );
    if (atSent !== output) atSent.close();
    // The canvas is this variant's copy of the source, and only the weighted pixels go over it: upscaling
    // the whole output would cost several times as much for pixels the composite then drops.
    const canvas = new OffscreenCanvas(natural.width, natural.height);
    const context = canvas.getContext('2d')!;
    context.putImageData(edit.source, 0, 0);
    const area = edit.weighted;
    if (area) {
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
      const model = pixelsOf(upscaled, area, {
        left: area.left - crop.natural.left,
        top: area.top - crop.natural.top,
        width: area.width,
        height: area.height,
      });
      upscaled.close();
      compositeArea(model.data, edit.source.data, edit.weights, natural, area);
      context.putImageData(model, area.left, area.top);
    }
    // The heat map's bytes are the worker's own ArrayBuffer, never shared.
    const heat = new ImageData(
      drift.heat.rgba as Uint8ClampedArray<ArrayBuffer>,
      drift.heat.width,
      drift.heat.height,
    );
    const [compositePng, driftPng] = await Promise.all([
      canvas.convertToBlob({ type: 'image/png' }),
      encodePng(heat),
    ]);
    return { ok: true, composite: compositePng, drift: driftPng, driftShare: drift.share };
  } finally {
    output.close();
  }
}

async function extend({ source, canvas, original }: ExtendJob): Promise<Blob> {
  const bitmap = await createImageBitmap(source, EXACT);
  const extended = new OffscreenCanvas(canvas.width, canvas.height);
  const context = extended.getContext('2d')!;
  const { left, top, width, height } = original;
  const right = canvas.width - left - width;
  const bottom = canvas.height - top - height;
  // Each edge row or column stretched across the new area beside it, each corner pixel over its corner.
  const strips: [number, number, number, number, number, number, number, number][] = [
    [0, 0, 1, height, 0, top, left, height],
    [width - 1, 0, 1, height, left + width, top, right, height],
    [0, 0, width, 1, left, 0, width, top],
    [0, height - 1, width, 1, left, top + height, width, bottom],
    [0, 0, 1, 1, 0, 0, left, top],
    [width - 1, 0, 1, 1, left + width, 0, right, top],
    [0, height - 1, 1, 1, 0, top + height, left, bottom],
    [width - 1, height - 1, 1, 1, left + width, top + height, right, bottom],
  ];
  context.imageSmoothingEnabled = false;
  for (const [sx, sy, sw, sh, dx, dy, dw, dh] of strips) {
    if (dw > 0 && dh > 0) context.drawImage(bitmap, sx, sy, sw, sh, dx, dy, dw, dh);
  }
  // The original itself goes in as decoded pixels, not drawn: exactly its bytes, whatever the canvas does.
  const pixels = pixelsOf(bitmap, original);
  bitmap.close();
  context.putImageData(pixels, left, top);
  return extended.convertToBlob({ type: 'image/png' });
}

/**
 * Composites run one at a time: each holds full-size copies of the image (96 MB each at 24 megapixels), and
 * the ten variants of one edit arriving together would not fit in a tab's memory at once.
 */
let compositing: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(job: () => Promise<T>): Promise<T> {
  const next = compositing.then(job);
  compositing = next.catch(() => undefined);
  return next;
}

async function answer(request: WorkRequest): Promise<unknown> {
  switch (request.job) {
    case 'prepare':
      return prepare(request.input);
    case 'fitForSending':
      return fitForSending(request.input.image, request.input.natural);
    case 'composite':
      return oneAtATime(() => composite(request.input));
    case 'extend':
      return extend(request.input);
    case 'release':
      held.delete(request.input.key);
      return undefined;
  }
}

self.onmessage = async ({ data }: MessageEvent<WorkRequest>) => {
  let reply: WorkAnswer;
  try {
    reply = { id: data.id, ok: true, output: await answer(data) };
  } catch (error) {
    reply = { id: data.id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  self.postMessage(reply);
};

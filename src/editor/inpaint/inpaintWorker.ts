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
import { bitmapPng, encodeSentMask } from '../exportMask.ts';
import type { Size } from '../viewport.ts';
import type { PixelBox } from '../../state/mask.ts';
import { DRIFT_THRESHOLD, editWeights, protectedSentPixels, upscaleCrop } from './compositeMath.ts';
import { correctColours } from './colourMatch.ts';
import {
  DRIFT_MAP_LONG_EDGE,
  EXACT,
  holdEdit,
  pasteBack,
  pixelsOf,
  sizeText,
  type HeldEdit,
} from './compositeSteps.ts';
import { lockOriginal } from './lockOriginal.ts';
import { takesWholeAsItIs, wholeImagePlan } from './region.ts';
import { applyTouchUp, modelStrokesBounds, touchedUpDrift } from './touchUp.ts';
import type {
  CompositeJob,
  CompositeOutcome,
  ExtendJob,
  PrepareJob,
  PreparedEdit,
  TouchUpJob,
  TouchedUp,
  WorkAnswer,
  WorkRequest,
} from './work.ts';

function encodePng(pixels: ImageData): Promise<Blob> {
  const canvas = new OffscreenCanvas(pixels.width, pixels.height);
  canvas.getContext('2d')!.putImageData(pixels, 0, 0);
  return canvas.convertToBlob({ type: 'image/png' });
}

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

/** Prepared edits by key: each is decoding or decoded. A failed decode is that edit's composite's reason. */
const held = new Map<string, Promise<HeldEdit>>();

async function prepare(job: PrepareJob): Promise<PreparedEdit> {
  const { source, natural, mask, plan } = job;
  const { box, sent } = plan;
  const asItIs = takesWholeAsItIs(plan, natural) && source.size <= MAX_INPUT_IMAGE_BYTES;
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
  const fullMask = takesWholeAsItIs(plan, natural)
    ? sentMask.png
    : await bitmapPng(await createImageBitmap(mask));
  // Reading the mask's pixels, decoding the source and weighing the mask go on while the edit is sent and
  // the model works. Started in a task of its own: holdEdit reads the mask before its first await, which at
  // 24 megapixels would otherwise hold this answer, and so the upload, up by a tenth of a second or more.
  const holding = new Promise<void>((resolve) => setTimeout(resolve, 0)).then(() => holdEdit(job, mask));
  holding.catch(() => undefined);
  held.set(job.key, holding);
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

async function composite({ key, raw }: CompositeJob): Promise<CompositeOutcome> {
  const holding = held.get(key);
  if (!holding) throw new Error('the image worker no longer holds this edit’s source');
  const pasted = await pasteBack(await holding, raw);
  if (!pasted.ok) return pasted;
  const [compositePng, driftPng] = await Promise.all([
    pasted.composite.convertToBlob({ type: 'image/png' }),
    pasted.drift.convertToBlob({ type: 'image/png' }),
  ]);
  return {
    ok: true,
    composite: compositePng,
    drift: driftPng,
    driftShare: pasted.driftShare,
    colourMatch: pasted.colourMatch,
  };
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

/** `crop` of the bitmap (all of it by default) resized to `size`, as decoded pixels; the bitmap stays open. */
async function resizedPixels(bitmap: ImageBitmap, size: Size, crop?: PixelBox): Promise<ImageData> {
  const { left, top, width, height } = crop ?? {
    left: 0,
    top: 0,
    width: bitmap.width,
    height: bitmap.height,
  };
  if (left === 0 && top === 0 && width === size.width && height === size.height)
    return pixelsOf(bitmap, size);
  const resized = await createImageBitmap(bitmap, left, top, width, height, {
    ...EXACT,
    resizeWidth: size.width,
    resizeHeight: size.height,
    resizeQuality: 'high',
  });
  const pixels = pixelsOf(resized, size);
  resized.close();
  return pixels;
}

/**
 * A touch-up, from the stored images alone: the composite with the strokes painted over it (the model's
 * pixels upscaled exactly as the composite takes them), and the drift measured again as the paste-back
 * measured it, less what the strokes restored.
 */
async function touchUp(job: TouchUpJob): Promise<TouchedUp> {
  const { natural, plan, shape, locked, strokes } = job;
  const { box, sent } = plan;
  const decoded = await Promise.all(
    [job.source, job.composite, job.mask, job.raw].map((blob) => createImageBitmap(blob, EXACT)),
  );
  const [source, composite, mask, output] = decoded as [ImageBitmap, ImageBitmap, ImageBitmap, ImageBitmap];
  try {
    for (const [name, bitmap] of [
      ['source', source],
      ['composite', composite],
      ['mask', mask],
    ] as const) {
      if (bitmap.width !== natural.width || bitmap.height !== natural.height)
        throw new Error(`the ${name} decoded at ${sizeText(bitmap)}, not ${sizeText(natural)}`);
    }
    const sourcePixels = pixelsOf(source, natural);
    const result = pixelsOf(composite, natural);
    const { weights } = editWeights(pixelsOf(mask, natural).data, natural, shape);
    if (locked) lockOriginal(weights, natural, locked, shape.featherPx);
    const area = modelStrokesBounds(strokes, natural, box);
    let model: { rgba: Uint8ClampedArray; area: PixelBox } | null = null;
    if (area) {
      const crop = upscaleCrop(area, box, output);
      const upscaled = await resizedPixels(output, crop.natural, crop.raw);
      const offset = { left: area.left - crop.natural.left, top: area.top - crop.natural.top };
      const rgba = new Uint8ClampedArray(area.width * area.height * 4);
      for (let y = 0; y < area.height; y++) {
        const from = ((offset.top + y) * crop.natural.width + offset.left) * 4;
        rgba.set(upscaled.data.subarray(from, from + area.width * 4), y * area.width * 4);
      }
      // Where the model's pixels come through, they come with the cast the composite took out of them.
      if (job.colour) {
        const whole = { left: 0, top: 0, width: area.width, height: area.height };
        correctColours(rgba, new Uint8Array(area.width * area.height).fill(1), area, whole, job.colour);
      }
      model = { rgba, area };
    }
    const restored = applyTouchUp({
      size: natural,
      result: result.data,
      source: sourcePixels.data,
      model,
      strokes,
    });
    const drift = touchedUpDrift(
      (await resizedPixels(source, sent, box)).data,
      (await resizedPixels(output, sent)).data,
      protectedSentPixels(weights, natural, box, sent),
      restored,
      natural,
      box,
      sent,
      { threshold: DRIFT_THRESHOLD, heatLongEdge: DRIFT_MAP_LONG_EDGE },
    );
    const heat = new ImageData(
      drift.heat.rgba as Uint8ClampedArray<ArrayBuffer>,
      drift.heat.width,
      drift.heat.height,
    );
    const [resultPng, driftPng] = await Promise.all([encodePng(result), encodePng(heat)]);
    return { result: resultPng, drift: driftPng, driftShare: drift.share };
  } finally {
    for (const bitmap of decoded) bitmap.close();
  }
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
    case 'touchUp':
      return oneAtATime(() => touchUp(request.input));
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

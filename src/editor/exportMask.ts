/**
 * The one way a mask leaves the browser: the part of the painted raster an edit sends, scaled to the size
 * it is sent at, painted area alpha 0 and the rest opaque (openai-images.md §2b: transparent pixels mark the
 * edit), checked with the same rules the relay applies. It runs in the inpainting worker (OffscreenCanvas),
 * so encoding a mask for a large photo never holds up the page.
 */
import {
  MAX_MASK_BYTES,
  checkMaskAgainstImage,
  formatBytes,
  invalidRequest,
  sniffImage,
  type ApiError,
} from '../contract/index.ts';
import { takesWholeAsItIs, type SendPlan } from './inpaint/region.ts';
import type { Size } from './viewport.ts';

export type MaskExport =
  | { kind: 'none' }
  | { kind: 'mask'; png: Blob; width: number; height: number }
  | { kind: 'refused'; error: ApiError };

/** Signature, IHDR and room for the chunks a canvas writes before the pixels (sRGB, gAMA, pHYs). */
const PNG_HEADER_BYTES = 1024;

/** Rows scanned at a time, so the scan stops soon after the first transparent pixel. */
const SCAN_BAND_ROWS = 128;

/** True when some pixel is transparent, i.e. something is marked for editing (strokes may all be erased). */
function hasTransparentPixel(context: OffscreenCanvasRenderingContext2D, size: Size): boolean {
  for (let top = 0; top < size.height; top += SCAN_BAND_ROWS) {
    const rows = Math.min(SCAN_BAND_ROWS, size.height - top);
    const band = context.getImageData(0, top, size.width, rows).data;
    for (let index = 3; index < band.length; index += 4) if (band[index]! < 255) return true;
  }
  return false;
}

/**
 * A mask with soft edges on a huge image can outgrow the 4 MB limit; a hard-edged one of the same shape
 * compresses far better (long runs of 0 and 255), so that is the fallback encoding.
 */
async function hardEdgedPng(
  canvas: OffscreenCanvas,
  context: OffscreenCanvasRenderingContext2D,
): Promise<Blob> {
  const pixels = context.getImageData(0, 0, canvas.width, canvas.height);
  const data = pixels.data;
  for (let index = 0; index < data.length; index += 4) {
    const opaque = data[index + 3]! >= 128 ? 255 : 0;
    data[index] = data[index + 1] = data[index + 2] = data[index + 3] = opaque;
  }
  const copy = new OffscreenCanvas(canvas.width, canvas.height);
  copy.getContext('2d')!.putImageData(pixels, 0, 0);
  return copy.convertToBlob({ type: 'image/png' });
}

async function checkedMask(png: Blob, sent: Size): Promise<ApiError | null> {
  // A PNG's signature and IHDR (size, colour type) come first; a canvas PNG has nothing before them.
  const head = new Uint8Array(await png.slice(0, PNG_HEADER_BYTES).arrayBuffer());
  const sniffed = sniffImage(head);
  if (!sniffed) return invalidRequest('mask', 'The mask could not be encoded as a PNG.');
  const problem = checkMaskAgainstImage(sniffed, sent);
  if (problem) return problem;
  if (png.size > MAX_MASK_BYTES) {
    return invalidRequest(
      'mask',
      `The mask is ${formatBytes(png.size)}, over the ${formatBytes(MAX_MASK_BYTES)} limit, even with hard edges.`,
    );
  }
  return null;
}

/** The bitmap as a PNG, pixel for pixel: handed to the encoder as it is, with no copy drawn first. */
export function bitmapPng(bitmap: ImageBitmap): Promise<Blob> {
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  canvas.getContext('bitmaprenderer')!.transferFromImageBitmap(bitmap);
  return canvas.convertToBlob({ type: 'image/png' });
}

/**
 * The mask PNG to send with `plan`: the plan's box of `mask` (the painted mask at the source's natural size,
 * already in the API's polarity, with something marked, as maskSnapshot.ts gives it) scaled to
 * `plan.sent`; `none` when nothing in the box is marked. `mask` is left open for the caller.
 */
export async function encodeSentMask(mask: ImageBitmap, plan: SendPlan): Promise<MaskExport> {
  const { box, sent } = plan;
  if (takesWholeAsItIs(plan, mask)) {
    // The common case, a mask at the size it goes at: encoded straight from a copy of the bitmap (which
    // costs nothing), not drawn onto a canvas first, so it costs what a bare PNG encode does.
    const png = await bitmapPng(await createImageBitmap(mask));
    return finished(png, sent, () => {
      const canvas = new OffscreenCanvas(sent.width, sent.height);
      const context = canvas.getContext('2d', { willReadFrequently: true })!;
      context.drawImage(mask, 0, 0);
      return hardEdgedPng(canvas, context);
    });
  }
  const canvas = new OffscreenCanvas(sent.width, sent.height);
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  context.imageSmoothingQuality = 'high';
  context.drawImage(mask, box.left, box.top, box.width, box.height, 0, 0, sent.width, sent.height);
  // Scaling down can fade a thin mark away; what is sent is what counts.
  if (!hasTransparentPixel(context, sent)) return { kind: 'none' };
  return finished(await canvas.convertToBlob({ type: 'image/png' }), sent, () =>
    hardEdgedPng(canvas, context),
  );
}

/** The encoded mask, re-encoded with hard edges if it is over the size limit, and checked. */
async function finished(png: Blob, sent: Size, hardEdged: () => Promise<Blob>): Promise<MaskExport> {
  const within = png.size > MAX_MASK_BYTES ? await hardEdged() : png;
  const problem = await checkedMask(within, sent);
  return problem ? { kind: 'refused', error: problem } : { kind: 'mask', png: within, ...sent };
}

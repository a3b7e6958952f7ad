/**
 * The one way a mask leaves the browser: the operations at the first image's natural size, painted area
 * alpha 0 and the rest opaque (openai-images.md §2b: transparent pixels mark the edit), checked with the
 * same rules the relay applies before it is sent.
 */
import {
  MAX_MASK_BYTES,
  checkMaskAgainstImage,
  formatBytes,
  invalidRequest,
  sniffImage,
  type ApiError,
} from '../contract/index.ts';
import { certainlyPainted, paintBounds, type MaskOperation, type PixelBox } from '../state/mask.ts';
import { maskRasterFor } from './maskRaster.ts';
import type { Size } from './viewport.ts';

export type MaskExport =
  | { kind: 'none' }
  | { kind: 'mask'; png: Blob; width: number; height: number }
  | { kind: 'refused'; error: ApiError };

async function encodePng(canvas: HTMLCanvasElement): Promise<Blob> {
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('The browser could not encode the mask as PNG.');
  return blob;
}

/** Signature, IHDR and room for the chunks a canvas writes before the pixels (sRGB, gAMA, pHYs). */
const PNG_HEADER_BYTES = 1024;

/** Rows scanned at a time, so the scan stops soon after the first transparent pixel. */
const SCAN_BAND_ROWS = 128;

/**
 * True when some pixel in the box is transparent, i.e. something is marked for editing (strokes may all
 * have been erased again).
 */
function hasTransparentPixel(context: CanvasRenderingContext2D, box: PixelBox): boolean {
  for (let top = box.top; top < box.top + box.height; top += SCAN_BAND_ROWS) {
    const rows = Math.min(SCAN_BAND_ROWS, box.top + box.height - top);
    const pixels = context.getImageData(box.left, top, box.width, rows).data;
    for (let index = 3; index < pixels.length; index += 4) if (pixels[index]! < 255) return true;
  }
  return false;
}

/**
 * A mask with soft edges on a huge image can outgrow the 4 MB limit; a hard-edged one of the same shape
 * compresses far better (long runs of 0 and 255), so that is the fallback encoding. Drawn on a copy: the
 * raster stays what the designer painted.
 */
async function hardEdgedPng(source: HTMLCanvasElement): Promise<Blob> {
  const copy = document.createElement('canvas');
  copy.width = source.width;
  copy.height = source.height;
  const context = copy.getContext('2d')!;
  context.drawImage(source, 0, 0);
  const pixels = context.getImageData(0, 0, copy.width, copy.height);
  const data = pixels.data;
  for (let index = 0; index < data.length; index += 4) {
    const opaque = data[index + 3]! >= 128 ? 255 : 0;
    data[index] = data[index + 1] = data[index + 2] = data[index + 3] = opaque;
  }
  context.putImageData(pixels, 0, 0);
  return encodePng(copy);
}

async function checkedMask(png: Blob, natural: Size): Promise<ApiError | null> {
  // A PNG's signature and IHDR (size, colour type) come first; a canvas PNG has nothing before them.
  const head = new Uint8Array(await png.slice(0, PNG_HEADER_BYTES).arrayBuffer());
  const sniffed = sniffImage(head);
  if (!sniffed) return invalidRequest('mask', 'The mask could not be encoded as a PNG.');
  const problem = checkMaskAgainstImage(sniffed, natural);
  if (problem) return problem;
  if (png.size > MAX_MASK_BYTES) {
    return invalidRequest(
      'mask',
      `The mask is ${formatBytes(png.size)}, over the ${formatBytes(MAX_MASK_BYTES)} limit, even with hard edges.`,
    );
  }
  return null;
}

/** The mask PNG to send, `none` when nothing is painted (send no mask), or the rule it breaks. */
export async function exportMaskPng(
  operations: readonly MaskOperation[],
  natural: Size,
): Promise<MaskExport> {
  const bounds = paintBounds(operations, natural);
  if (!bounds) return { kind: 'none' };
  const raster = maskRasterFor(natural);
  raster.sync(operations);
  // Reading pixels back costs a whole-canvas readback (about 20 ms at 4K), so only when it can matter.
  if (!certainlyPainted(operations, natural) && !hasTransparentPixel(raster.context, bounds)) {
    return { kind: 'none' };
  }
  let png = await encodePng(raster.canvas);
  if (png.size > MAX_MASK_BYTES) png = await hardEdgedPng(raster.canvas);
  const problem = await checkedMask(png, natural);
  return problem ? { kind: 'refused', error: problem } : { kind: 'mask', png, ...natural };
}

/**
 * Turns a file the designer adds into a board image: PNG, JPEG and WebP stay as they are, at their full
 * resolution; any other format the browser decodes becomes PNG; EXIF orientation is baked in, so the pixels
 * the mask is painted on are the pixels that are sent and pasted back onto. The board holds originals: what
 * an edit sends is scaled to the API's limits when it is sent (editor/inpaint). Only an image beyond what a
 * browser canvas handles comfortably is scaled down here. Every change is reported back as a notice.
 */
import {
  IMAGE_HEADER_BYTES,
  MAX_INPUT_IMAGE_BYTES,
  exifOrientation,
  formatBytes,
  sniffImage,
} from '../contract/index.ts';
import { BOARD_MAX_PIXELS, type BoardImage } from '../state/board.ts';
import type { Size } from './viewport.ts';

export type PreparedImage = { ok: true; image: BoardImage } | { ok: false; message: string };

/** The largest size at or under `maxPixels`, keeping the aspect ratio. */
export function downscaledSize(size: Size, maxPixels: number): Size {
  const scale = Math.min(1, Math.sqrt(maxPixels / (size.width * size.height)));
  return {
    width: Math.max(1, Math.floor(size.width * scale)),
    height: Math.max(1, Math.floor(size.height * scale)),
  };
}

function formatMegapixels(pixels: number): string {
  return `${(pixels / 1_000_000).toFixed(1)} MP`;
}

/**
 * A re-encoded image's type: a JPEG stays a JPEG (a photo as PNG is ten times the bytes), anything else
 * becomes a lossless PNG, so alpha and flat artwork come through untouched.
 */
export type ReencodedType = 'image/jpeg' | 'image/png';

export function reencodedType(sniffedMimeType: string | null): ReencodedType {
  return sniffedMimeType === 'image/jpeg' ? 'image/jpeg' : 'image/png';
}

/** High enough that a re-encode is not visible; the lower ones are tried only to fit under the limit. */
export const JPEG_QUALITIES = [0.92, 0.85, 0.75] as const;

/**
 * What a re-encoded file may weigh: the per-file limit with a tenth to spare, since the limit is the API's
 * and its count of a file's bytes need not be ours to the byte.
 */
export const REENCODED_BYTE_BUDGET = Math.floor(MAX_INPUT_IMAGE_BYTES * 0.9);

/** Draws the image at `size` and encodes it: the browser's canvas, or sharp in Node tests. */
export type ImageEncoder = (size: Size, type: ReencodedType, quality: number | null) => Promise<Blob>;

export interface Encoded {
  blob: Blob;
  size: Size;
  /** The JPEG quality used; null for PNG. */
  quality: number | null;
}

/**
 * Encodes at `target`, stepping the JPEG quality down and then the size until the file is under `budget`.
 * Each smaller size is estimated from the last file's bytes per pixel, with a tenth to spare.
 */
export async function encodeWithinBudget(
  encode: ImageEncoder,
  target: Size,
  type: ReencodedType,
  budget: number,
): Promise<Encoded> {
  const qualities = type === 'image/jpeg' ? JPEG_QUALITIES : [null];
  let size = target;
  for (;;) {
    let smallest = Infinity;
    for (const quality of qualities) {
      const blob = await encode(size, type, quality);
      if (blob.size <= budget) return { blob, size, quality };
      smallest = Math.min(smallest, blob.size);
    }
    size = downscaledSize(size, (size.width * size.height * budget) / smallest / 1.1);
  }
}

/** The name the file goes by once re-encoded: its own when it stays a JPEG, else with the new extension. */
export function reencodedName(name: string, type: ReencodedType): string {
  if (type === 'image/jpeg' && /\.jpe?g$/i.test(name)) return name;
  return `${name.replace(/\.[^./]+$/, '')}.${type === 'image/jpeg' ? 'jpg' : 'png'}`;
}

/** Decodes with an <img>: it reads every format the browser knows (GIF, BMP, AVIF, SVG...) and applies EXIF orientation. */
async function decode(blob: Blob): Promise<HTMLImageElement | null> {
  const url = URL.createObjectURL(blob);
  const element = new Image();
  element.src = url;
  try {
    await element.decode();
    return element.naturalWidth > 0 ? element : null;
  } catch {
    return null;
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** The browser's encoder: an OffscreenCanvas drawn from the decoded (already upright) image. */
function canvasEncoder(source: HTMLImageElement): ImageEncoder {
  return (size, type, quality) => {
    const canvas = new OffscreenCanvas(size.width, size.height);
    const context = canvas.getContext('2d')!;
    context.imageSmoothingQuality = 'high';
    context.drawImage(source, 0, 0, size.width, size.height);
    return canvas.convertToBlob(quality === null ? { type } : { type, quality });
  };
}

function boardImage(name: string, blob: Blob, size: Size, notice: string | null): BoardImage {
  return {
    id: crypto.randomUUID(),
    name,
    blob,
    url: URL.createObjectURL(blob),
    ...size,
    notice,
    sourceImageId: null,
  };
}

export async function prepareBoardImage(file: Blob, name: string): Promise<PreparedImage> {
  const head = new Uint8Array(await file.slice(0, IMAGE_HEADER_BYTES).arrayBuffer());
  const sniffed = sniffImage(head);
  const orientation = sniffed?.mimeType === 'image/jpeg' ? exifOrientation(head) : 1;
  if (sniffed && orientation === 1 && sniffed.width * sniffed.height <= BOARD_MAX_PIXELS) {
    // The declared type is what the relay checks against the bytes, so it is set from the bytes.
    const blob = file.type === sniffed.mimeType ? file : new Blob([file], { type: sniffed.mimeType });
    return { ok: true, image: boardImage(name, blob, sniffed, null) };
  }

  const decoded = await decode(file);
  if (!decoded) {
    return { ok: false, message: `'${name}' is not an image this browser can read, so it was not added.` };
  }
  const shown = { width: decoded.naturalWidth, height: decoded.naturalHeight };
  const type = reencodedType(sniffed?.mimeType ?? null);
  // No byte budget on the board: an edit fits what it sends to the upload limit when it sends it.
  const encoded = await encodeWithinBudget(
    canvasEncoder(decoded),
    downscaledSize(shown, BOARD_MAX_PIXELS),
    type,
    Infinity,
  );
  const changes = preparationChanges({
    sniffedMimeType: sniffed?.mimeType ?? null,
    orientation,
    shown,
    encoded,
  });
  const notice = `'${name}' was ${changes.join(', ')}.`;
  return { ok: true, image: boardImage(reencodedName(name, type), encoded.blob, encoded.size, notice) };
}

/** What was done to a file on its way to the board, in the designer's words, for its notice. */
export function preparationChanges(prepared: {
  sniffedMimeType: string | null;
  orientation: number;
  shown: Size;
  encoded: Encoded;
}): string[] {
  const { sniffedMimeType, orientation, shown, encoded } = prepared;
  const target = encoded.size;
  const changes: string[] = [];
  if (!sniffedMimeType) changes.push('converted to PNG');
  else if (orientation !== 1) changes.push('turned upright as its EXIF orientation says');
  if (target.width !== shown.width || target.height !== shown.height) {
    const pixels = formatMegapixels(shown.width * shown.height);
    changes.push(
      `scaled down from ${shown.width}×${shown.height} to ${target.width}×${target.height} (${pixels} is over the ${formatMegapixels(BOARD_MAX_PIXELS)} the board holds)`,
    );
  }
  const format = encoded.quality === null ? 'PNG' : `JPEG at ${Math.round(encoded.quality * 100)}% quality`;
  changes.push(`saved as ${format} (${formatBytes(encoded.blob.size)})`);
  return changes;
}

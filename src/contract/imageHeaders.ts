/**
 * What an image file's first bytes say: its format, size, alpha and orientation (image-size does the
 * reading). Kept apart from the input rules (images.ts) so that the studio's first page load, which needs
 * the rules but no header reading, does not carry the reader: the studio imports this module when it first
 * reads a header. The relay and the engine import it as they like.
 */
import { imageSize } from 'image-size';
import { PNG_SIGNATURE, ascii, startsWith } from './bytes.ts';
import type { InputImageMimeType } from './images.ts';

export interface SniffedImage {
  mimeType: InputImageMimeType;
  width: number;
  height: number;
  /** Whether the pixels can carry transparency: an alpha channel or a tRNS chunk (PNG), an alpha flag (WebP). */
  hasAlpha: boolean;
}

function detectMimeType(bytes: Uint8Array): InputImageMimeType | null {
  if (startsWith(bytes, PNG_SIGNATURE)) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return 'image/webp';
  return null;
}

/** PNG colour types 4 and 6 carry alpha; a tRNS chunk before IDAT adds transparency to the others. */
function pngHasAlpha(bytes: Uint8Array): boolean {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const colourType = bytes[25];
  if (colourType === 4 || colourType === 6) return true;
  let offset = 8;
  while (offset + 8 <= bytes.length) {
    const length = view.getUint32(offset);
    const type = ascii(bytes, offset + 4, 4);
    if (type === 'tRNS') return true;
    if (type === 'IDAT' || type === 'IEND') return false;
    offset += 12 + length;
  }
  return false;
}

function webpHasAlpha(bytes: Uint8Array): boolean {
  const chunk = ascii(bytes, 12, 4);
  if (chunk === 'VP8X') return ((bytes[20] ?? 0) & 0x10) !== 0;
  if (chunk === 'VP8L') return ((bytes[24] ?? 0) & 0x10) !== 0;
  return false;
}

/** Reads format, dimensions and alpha from the first bytes of a file, or null if it is not PNG/JPEG/WebP. */
export function sniffImage(head: Uint8Array): SniffedImage | null {
  const mimeType = detectMimeType(head);
  if (!mimeType) return null;
  let width: number | undefined;
  let height: number | undefined;
  try {
    // image-size reads through a DataView over the whole underlying ArrayBuffer, so a view into a larger
    // one (Node's pooled small Buffers) would let a truncated header borrow its neighbours' bytes as its
    // dimensions. A copy ends where the header ends.
    ({ width, height } = imageSize(new Uint8Array(head)));
  } catch {
    return null;
  }
  if (!width || !height) return null;
  const hasAlpha =
    mimeType === 'image/png' ? pngHasAlpha(head) : mimeType === 'image/webp' && webpHasAlpha(head);
  return { mimeType, width, height, hasAlpha };
}

/**
 * The natural size of an image the API made, in any output format (GIF and SVG included), from its first
 * bytes; null when they cannot be read. Input files go through sniffImage, which accepts fewer formats.
 */
export function outputImageSize(head: Uint8Array): { width: number; height: number } | null {
  try {
    // A copy for the reason sniffImage gives: image-size reads the whole underlying ArrayBuffer.
    const { width, height } = imageSize(new Uint8Array(head));
    return width && height ? { width, height } : null;
  } catch {
    return null;
  }
}

/** The EXIF orientation (1-8) a JPEG's header declares; 1 (as stored) when it declares none. */
export function exifOrientation(head: Uint8Array): number {
  try {
    return imageSize(head).orientation ?? 1;
  } catch {
    return 1;
  }
}

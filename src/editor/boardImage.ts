/**
 * Turns a file the designer adds into an image the API accepts: PNG, JPEG and WebP go as they are; any
 * other format the browser decodes becomes PNG; EXIF orientation is baked in, so the pixels the mask is
 * painted on are the pixels that are sent; images over the size or pixel limits are scaled down.
 * Every change is reported back as a notice.
 */
import {
  IMAGE_HEADER_BYTES,
  MAX_INPUT_IMAGE_BYTES,
  MAX_INPUT_IMAGE_PIXELS,
  exifOrientation,
  formatBytes,
  sniffImage,
} from '../contract/index.ts';
import type { BoardImage } from '../state/board.ts';
import type { Size } from './viewport.ts';

export type PreparedImage = { ok: true; image: BoardImage } | { ok: false; message: string };

/** The largest size at or under both limits, keeping the aspect ratio. */
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

function pngName(name: string): string {
  return `${name.replace(/\.[^./]+$/, '')}.png`;
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

async function encodePng(source: HTMLImageElement, size: Size): Promise<Blob> {
  const canvas = new OffscreenCanvas(size.width, size.height);
  const context = canvas.getContext('2d')!;
  context.imageSmoothingQuality = 'high';
  context.drawImage(source, 0, 0, size.width, size.height);
  return canvas.convertToBlob({ type: 'image/png' });
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
  if (
    sniffed &&
    orientation === 1 &&
    file.size <= MAX_INPUT_IMAGE_BYTES &&
    sniffed.width * sniffed.height <= MAX_INPUT_IMAGE_PIXELS
  ) {
    // The declared type is what the relay checks against the bytes, so it is set from the bytes.
    const blob = file.type === sniffed.mimeType ? file : new Blob([file], { type: sniffed.mimeType });
    return { ok: true, image: boardImage(name, blob, sniffed, null) };
  }

  const decoded = await decode(file);
  if (!decoded) {
    return { ok: false, message: `'${name}' is not an image this browser can read, so it was not added.` };
  }
  const shown = { width: decoded.naturalWidth, height: decoded.naturalHeight };
  let target = downscaledSize(shown, MAX_INPUT_IMAGE_PIXELS);
  let png = await encodePng(decoded, target);
  // A PNG under the pixel ceiling is nearly always under 50 MB; noise-like content can still exceed it.
  while (png.size > MAX_INPUT_IMAGE_BYTES) {
    target = downscaledSize(target, (target.width * target.height * MAX_INPUT_IMAGE_BYTES) / png.size / 1.1);
    png = await encodePng(decoded, target);
  }

  const changes: string[] = [];
  if (!sniffed) changes.push('converted to PNG');
  else if (orientation !== 1) changes.push('turned upright as its EXIF orientation says');
  const overBytes = `the file was ${formatBytes(file.size)}, over the ${formatBytes(MAX_INPUT_IMAGE_BYTES)} limit`;
  if (target.width !== shown.width || target.height !== shown.height) {
    const why =
      file.size > MAX_INPUT_IMAGE_BYTES
        ? overBytes
        : `${formatMegapixels(shown.width * shown.height)} is over the ${formatMegapixels(MAX_INPUT_IMAGE_PIXELS)} limit`;
    changes.push(
      `scaled down from ${shown.width}×${shown.height} to ${target.width}×${target.height} (${why})`,
    );
  } else if (file.size > MAX_INPUT_IMAGE_BYTES) {
    changes.push(`re-encoded as PNG (${overBytes})`);
  }
  const notice = `'${name}' was ${changes.join(' and ')}.`;
  return { ok: true, image: boardImage(pngName(name), png, target, notice) };
}

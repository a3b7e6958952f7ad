/** Saving an image as a file, as stored or re-encoded in the browser. */
import { MIME_TYPE_OF_FORMAT } from '../../contract/index.ts';

export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoking at once can cancel the download in Chromium before it has read the blob.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The lossy formats a lossless result can also be saved as. */
export type LossyFormat = 'jpeg' | 'webp';
export const LOSSY_FORMATS: readonly LossyFormat[] = ['jpeg', 'webp'];
/** Visually indistinguishable from the PNG at a fraction of its size (the browsers' own default is 0.92). */
export const LOSSY_QUALITY = 0.92;

/**
 * The image re-encoded as JPEG or WebP, made on demand (only the PNG is stored). JPEG has no alpha, so a
 * transparent result is laid on white rather than the black a canvas would give it.
 */
export async function reencodeImage(blob: Blob, format: LossyFormat): Promise<Blob> {
  const bitmap = await createImageBitmap(blob);
  try {
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d')!;
    if (format === 'jpeg') {
      context.fillStyle = '#fff';
      context.fillRect(0, 0, bitmap.width, bitmap.height);
    }
    context.drawImage(bitmap, 0, 0);
    const type = MIME_TYPE_OF_FORMAT[format];
    const made = await canvas.convertToBlob({ type, quality: LOSSY_QUALITY });
    // A browser that cannot encode a type hands back a PNG instead of saying so (Safari, for WebP).
    // https://html.spec.whatwg.org/multipage/canvas.html#serialising-bitmaps-to-a-file
    if (made.type !== type)
      throw new Error(`This browser cannot save ${format === 'jpeg' ? 'JPEG' : 'WebP'} files.`);
    return made;
  } finally {
    bitmap.close();
  }
}

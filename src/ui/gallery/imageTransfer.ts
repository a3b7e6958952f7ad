/** Getting a stored image out of the studio onto the clipboard (as a file: kit/download.ts). */
import { bitmapSource } from '../../studio/index.ts';

async function asPng(blob: Blob): Promise<Blob> {
  if (blob.type === 'image/png') return blob;
  const bitmap = await createImageBitmap(await bitmapSource(blob));
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0);
  bitmap.close();
  return canvas.convertToBlob({ type: 'image/png' });
}

/**
 * Chromium's async clipboard writes only image/png (https://developer.chrome.com/blog/web-custom-formats-for-the-async-clipboard-api), so JPEG and WebP are
 * re-encoded first (a GIF as its first frame, an SVG rasterised at its size). The PNG is handed over as a promise so the write starts inside the click's user
 * activation, which Safari requires.
 */
export async function copyImageToClipboard(blob: Blob): Promise<void> {
  if (typeof ClipboardItem === 'undefined' || !navigator.clipboard?.write) {
    throw new Error('This browser cannot put images on the clipboard; use Download instead.');
  }
  await navigator.clipboard.write([new ClipboardItem({ 'image/png': asPng(blob) })]);
}

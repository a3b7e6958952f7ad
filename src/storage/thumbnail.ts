/**
 * Small previews for grids, so a gallery of hundreds of 4K images decodes kilobytes per card, not
 * megabytes. Made off the main thread's canvas path: createImageBitmap resizes while decoding.
 */

/** Wide enough for a sharp card on a 2x screen. */
const THUMBNAIL_EDGE_PX = 384;
const THUMBNAIL_QUALITY = 0.82;

/** `size` is the image's natural size (from its header), so it is decoded only once, already resized. */
export async function makeThumbnail(
  image: Blob,
  size: { width: number; height: number },
): Promise<Blob | null> {
  if (typeof createImageBitmap !== 'function' || typeof OffscreenCanvas !== 'function') return null;
  if (size.width === 0 || size.height === 0) return null;
  const scale = Math.min(1, THUMBNAIL_EDGE_PX / Math.max(size.width, size.height));
  const width = Math.max(1, Math.round(size.width * scale));
  const height = Math.max(1, Math.round(size.height * scale));
  const bitmap = await createImageBitmap(image, {
    resizeWidth: width,
    resizeHeight: height,
    resizeQuality: 'high',
  });
  const canvas = new OffscreenCanvas(width, height);
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0);
  bitmap.close();
  return canvas.convertToBlob({ type: 'image/webp', quality: THUMBNAIL_QUALITY });
}

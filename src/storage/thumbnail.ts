/**
 * Small previews for grids, so a gallery of hundreds of 4K images decodes kilobytes per card, not
 * megabytes. Made off the main thread's canvas path: createImageBitmap resizes while decoding.
 */

import { isRasterFormat, type OutputFormat } from '../contract/index.ts';

/**
 * Whether an image of `format` keeps a thumbnail. Grids show the image itself where none is kept
 * (ui/gallery/GalleryCard.tsx), which a GIF needs, since a thumbnail would freeze its animation; an SVG is
 * small and sharp at any size.
 */
export function keepsThumbnail(format: OutputFormat): boolean {
  return isRasterFormat(format);
}

/** Wide enough for a sharp card on a 2x screen. */
const THUMBNAIL_EDGE_PX = 384;
const THUMBNAIL_QUALITY = 0.82;

/**
 * What createImageBitmap can decode the blob from. Chromium's cannot decode an SVG blob (it has no intrinsic
 * bitmap), so an SVG is drawn through an <img>, which rasterises it at its own width and height; anything
 * else is decoded from the blob itself (a GIF gives its first frame).
 */
export async function bitmapSource(blob: Blob): Promise<Blob | HTMLImageElement> {
  if (blob.type !== 'image/svg+xml') return blob;
  const url = URL.createObjectURL(blob);
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    return image;
  } finally {
    URL.revokeObjectURL(url);
  }
}

/**
 * `headerSize` is the image's natural size (from its header), so it is decoded only once, already resized;
 * an SVG's comes from the <img> it is drawn through.
 */
export async function makeThumbnail(
  blob: Blob,
  headerSize: { width: number; height: number },
): Promise<Blob | null> {
  if (typeof createImageBitmap !== 'function' || typeof OffscreenCanvas !== 'function') return null;
  const image = await bitmapSource(blob);
  const size =
    image instanceof Blob ? headerSize : { width: image.naturalWidth, height: image.naturalHeight };
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

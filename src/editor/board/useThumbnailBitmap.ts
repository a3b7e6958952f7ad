import { useEffect, useState } from 'react';
import { coverCrop, previewRect } from './boardLayout.ts';

/**
 * The preview, cover-cropped and scaled once to the device's pixels: a 3000x2000 source redrawn on
 * every frame of a drag would cost far more than the strip is worth.
 */
export function useThumbnailBitmap(url: string): ImageBitmap | null {
  const [bitmap, setBitmap] = useState<ImageBitmap | null>(null);
  useEffect(() => {
    let live = true;
    let made: ImageBitmap | null = null;
    const image = new Image();
    image.src = url;
    const box = previewRect();
    const ratio = window.devicePixelRatio || 1;
    image
      .decode()
      .then(() => {
        const crop = coverCrop({ width: image.naturalWidth, height: image.naturalHeight }, box);
        return createImageBitmap(image, crop.x, crop.y, crop.width, crop.height, {
          resizeWidth: Math.round(box.width * ratio),
          resizeHeight: Math.round(box.height * ratio),
          resizeQuality: 'high',
        });
      })
      .then((result) => {
        made = result;
        if (live) setBitmap(result);
        else result.close();
      })
      .catch(() => undefined);
    return () => {
      live = false;
      made?.close();
    };
  }, [url]);
  return bitmap;
}

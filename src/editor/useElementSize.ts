import { useEffect, useState, type RefObject } from 'react';
import type { Size } from './viewport.ts';

/** The element's content-box size, kept current with a ResizeObserver. */
export function useElementSize(ref: RefObject<HTMLElement | null>): Size | null {
  const [size, setSize] = useState<Size | null>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      const box = entry!.contentRect;
      setSize({ width: Math.round(box.width), height: Math.round(box.height) });
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return size;
}

/** An <img> once decoded (for Konva, or to learn its natural size); null while it loads, or for no URL. */
export function useDecodedImage(url: string | null): HTMLImageElement | null {
  const [loaded, setLoaded] = useState<{ url: string; image: HTMLImageElement } | null>(null);
  useEffect(() => {
    if (url === null) return;
    let live = true;
    const image = new Image();
    image.src = url;
    image
      .decode()
      .then(() => {
        if (live) setLoaded({ url, image });
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [url]);
  return url !== null && loaded?.url === url ? loaded.image : null;
}

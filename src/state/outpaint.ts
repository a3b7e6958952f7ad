/**
 * Outpainting: the first image placed on a larger canvas of another shape, the new area masked for the
 * model and the original's pixels locked, so the composite keeps every one of them exactly.
 */
import type { MaskOperation, PixelBox } from './mask.ts';

type Size = { width: number; height: number };

export interface AspectChoice {
  label: string;
  width: number;
  height: number;
}

/** The shapes designers reframe to most: screens, prints and the common social formats. */
export const OUTPAINT_ASPECTS: readonly AspectChoice[] = [
  { label: '16:9', width: 16, height: 9 },
  { label: '21:9', width: 21, height: 9 },
  { label: '3:2', width: 3, height: 2 },
  { label: '4:3', width: 4, height: 3 },
  { label: '1:1', width: 1, height: 1 },
  { label: '4:5', width: 4, height: 5 },
  { label: '2:3', width: 2, height: 3 },
  { label: '9:16', width: 9, height: 16 },
];

export interface ExtendedCanvas {
  canvas: Size;
  /** Where the original sits on the canvas: the pixels the composite keeps exactly. */
  original: PixelBox;
}

/**
 * The smallest canvas of the aspect that holds the image, the image centred on it; null when the image
 * already has that shape (to the pixel), since there is nothing to extend.
 */
export function extendedCanvas(
  image: Size,
  aspect: { width: number; height: number },
): ExtendedCanvas | null {
  const ratio = aspect.width / aspect.height;
  const canvas =
    image.width / image.height < ratio
      ? { width: Math.round(image.height * ratio), height: image.height }
      : { width: image.width, height: Math.round(image.width / ratio) };
  if (canvas.width <= image.width && canvas.height <= image.height) return null;
  return {
    canvas,
    original: {
      left: Math.floor((canvas.width - image.width) / 2),
      top: Math.floor((canvas.height - image.height) / 2),
      width: image.width,
      height: image.height,
    },
  };
}

/** The mask of an outpaint: everything painted but the original. */
export function outpaintMask(original: PixelBox): MaskOperation[] {
  return [
    { kind: 'fill-all', id: crypto.randomUUID() },
    { kind: 'shape', id: crypto.randomUUID(), shape: 'rectangle', mode: 'erase', ...original },
  ];
}

/**
 * How the first image is framed for the next edit, as the designer set it on the canvas: where the region
 * frame was placed (a region edit then sends that crop) and the larger canvas Extend canvas would make.
 * Both belong to one image and its mask, not to the settings, so each keeps the id of the image it was set
 * on and means nothing for any other: a new first image starts from the studio's own frame and no pending
 * extension, and the mask's image brought back first finds them as they were, as its mask is.
 */
import type { PixelBox } from './mask.ts';
import type { ExtendedCanvas } from './outpaint.ts';
import type { SliceCreator } from './slice.ts';

export interface PlacedFrame {
  imageId: string;
  /** As the designer left it, in natural pixels; the plan grows it to hold a mask painted since. */
  box: PixelBox;
}

export interface PendingExtension extends ExtendedCanvas {
  imageId: string;
  /** The shape it was picked as ('16:9'), or null when an edge was dragged. */
  aspect: string | null;
}

export interface FramingSlice {
  placedFrame: PlacedFrame | null;
  extension: PendingExtension | null;
  placeFrame: (imageId: string, box: PixelBox) => void;
  /** Back to the frame the studio places around the mask with the padding setting. */
  resetFrame: () => void;
  /** The canvas Extend canvas makes for that image; null when nothing is to be extended. */
  setExtension: (imageId: string, extended: ExtendedCanvas | null, aspect: string | null) => void;
}

export const createFramingSlice: SliceCreator<FramingSlice> = (set) => ({
  placedFrame: null,
  extension: null,
  placeFrame: (imageId, box) => set({ placedFrame: { imageId, box } }),
  resetFrame: () => set({ placedFrame: null }),
  setExtension: (imageId, extended, aspect) =>
    set({ extension: extended && { imageId, aspect, canvas: extended.canvas, original: extended.original } }),
});

/** The frame the designer placed on this image, or null when it has the studio's own. */
export function placedFrameOn(framing: Pick<FramingSlice, 'placedFrame'>, imageId: string): PixelBox | null {
  return framing.placedFrame?.imageId === imageId ? framing.placedFrame.box : null;
}

/** The extension pending for this image, or null. */
export function extensionOf(
  framing: Pick<FramingSlice, 'extension'>,
  imageId: string,
): PendingExtension | null {
  return framing.extension?.imageId === imageId ? framing.extension : null;
}

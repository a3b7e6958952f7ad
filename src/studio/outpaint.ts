/**
 * Outpainting: the edit target placed on a larger canvas of the shape the designer picks, the new area
 * masked and the original locked (state/outpaint.ts), so the next edit fills the new area and its
 * composite keeps every pixel of the original exactly.
 */
import type { EditPixels } from '../editor/inpaint/work.ts';
import { BOARD_MAX_PIXELS, type BoardImage } from '../state/board.ts';
import { ownerOf, type PixelBox } from '../state/mask.ts';
import { extendedCanvas, outpaintMask, type AspectChoice } from '../state/outpaint.ts';
import type { StudioStore } from '../state/store.ts';

const megapixels = (pixels: number) => `${(pixels / 1_000_000).toFixed(1)} MP`;

export async function extendCanvas(
  store: StudioStore,
  loadPixels: () => Promise<EditPixels | null>,
  aspect: AspectChoice,
  notLoaded: string,
): Promise<void> {
  const first = store.getState().board.images[0];
  const { notices } = store.getState();
  if (!first) return;
  const extended = extendedCanvas(first, aspect);
  if (!extended) {
    notices.post(
      'board',
      'info',
      `'${first.name}' already has the shape ${aspect.label}: nothing to extend.`,
    );
    return;
  }
  const { canvas, original } = extended;
  if (canvas.width * canvas.height > BOARD_MAX_PIXELS) {
    notices.post(
      'board',
      'error',
      `A ${aspect.label} canvas for '${first.name}' would be ${canvas.width} × ${canvas.height} (${megapixels(canvas.width * canvas.height)}), over the ${megapixels(BOARD_MAX_PIXELS)} the board holds.`,
    );
    return;
  }
  const pixels = await loadPixels();
  if (!pixels) {
    notices.post('board', 'error', `The canvas was not extended: ${notLoaded}`);
    return;
  }
  const blob = await pixels
    .extend({ source: first.blob, canvas, original })
    .catch((error: unknown) => error as Error);
  if (blob instanceof Error) {
    notices.post('board', 'error', `The canvas was not extended: ${blob.message}.`);
    return;
  }
  // The designer may have moved on while the canvas was made: only the image it was made from is replaced.
  if (store.getState().board.images[0]?.id !== first.id) return;
  const image = extendedImage(first, blob, canvas, original, aspect.label);
  placeOnCanvas(store, image, original);
  notices.post(
    'board',
    'info',
    `'${first.name}' is on a ${aspect.label} canvas, ${canvas.width} × ${canvas.height}: the new area is masked for the model and the original's pixels are locked.`,
  );
}

/** The board image of an extended canvas: named after the original and its new shape, the original locked. */
export function extendedImage(
  first: BoardImage,
  blob: Blob,
  canvas: { width: number; height: number },
  original: PixelBox,
  shape: string,
): BoardImage {
  const stem = first.name.replace(/\.[^./]+$/, '');
  return {
    id: crypto.randomUUID(),
    name: `${stem}-${shape.replace(':', 'x')}.png`,
    blob,
    url: URL.createObjectURL(blob),
    ...canvas,
    notice: null,
    sourceImageId: null,
    lockedBox: original,
  };
}

/** The extended canvas first on the board, the new area masked around the original. */
export function placeOnCanvas(store: StudioStore, image: BoardImage, original: PixelBox): void {
  const { board, mask } = store.getState();
  board.replaceFirst(image);
  // The extended canvas holds the original's pixels exactly, so nothing of it is kept aside.
  board.releaseSetAside();
  mask.restore({ operations: outpaintMask(original), undone: [] }, ownerOf(image));
}

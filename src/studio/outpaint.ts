/**
 * Outpainting: the edit target placed on a larger canvas, the shape the designer picked or the edges they
 * dragged (state/outpaint.ts, one pending extension either way), the new area masked and the original locked,
 * so the next edit fills the new area and its composite keeps every pixel of the original exactly.
 */
import type { SizeRule } from '../contract/index.ts';
import type { EditPixels } from '../editor/inpaint/work.ts';
import type { BoardImage } from '../state/board.ts';
import { extensionOf } from '../state/framingSlice.ts';
import { ownerOf, type PixelBox } from '../state/mask.ts';
import { canvasProblem, outpaintMask } from '../state/outpaint.ts';
import type { StudioStore } from '../state/store.ts';

/** Makes the extension pending for the first image (the framing slice's) and puts it first on the board. */
export async function extendCanvas(
  store: StudioStore,
  loadPixels: () => Promise<EditPixels | null>,
  rule: SizeRule,
  notLoaded: string,
): Promise<void> {
  const first = store.getState().board.images[0];
  const { notices, framing } = store.getState();
  if (!first) return;
  const extension = extensionOf(framing, first.id);
  if (!extension) {
    notices.post(
      'board',
      'info',
      `Pick a shape or drag an edge of '${first.name}' first: nothing to extend.`,
    );
    return;
  }
  const { canvas, original } = extension;
  const shape = extension.aspect ?? `${canvas.width}x${canvas.height}`;
  const problem = canvasProblem(first, canvas, rule);
  if (problem) {
    notices.post('board', 'error', `'${first.name}' was not extended: ${problem}`);
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
  const image = extendedImage(first, blob, canvas, original, shape);
  placeOnCanvas(store, image, original);
  const named = extension.aspect ? `a ${extension.aspect} canvas, ` : 'a canvas of ';
  notices.post(
    'board',
    'info',
    `'${first.name}' is on ${named}${canvas.width} × ${canvas.height}: the new area is masked for the model and the original's pixels are locked.`,
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

/**
 * Masks saved under a name, to put back on an image of the size they were painted at: pure transitions
 * over the list the mask slice keeps. Apart from the slice so the first load does not carry them: only the
 * mask editor and the saving of settings use them.
 */
import type { MaskHistory, MaskOperation, MaskOwner, PaintOperation } from './mask.ts';
import { paintOperations } from './mask.ts';

type Size = { width: number; height: number };

/** A mask the designer saved under a name, to put back on an image of the size it was painted at. */
export interface SavedMask {
  id: string;
  name: string;
  /** The natural size of the image it was painted on: it fits only an image of that size. */
  width: number;
  height: number;
  operations: PaintOperation[];
  savedAt: number;
}

/** How many saved masks are kept; the oldest goes first. */
export const SAVED_MASK_LIMIT = 50;

/** The list with `saved` first; one of the same name is replaced, and the oldest beyond the limit go. */
export function withSavedMask(list: readonly SavedMask[], saved: SavedMask): SavedMask[] {
  const name = saved.name.trim().toLowerCase();
  return [saved, ...list.filter((other) => other.name.trim().toLowerCase() !== name)].slice(
    0,
    SAVED_MASK_LIMIT,
  );
}

/** Why a saved mask cannot go on `image`, in the designer's words; null when it can. */
export function savedMaskMismatch(saved: SavedMask, image: Size | null): string | null {
  if (!image) return 'no image to put it on';
  return saved.width === image.width && saved.height === image.height
    ? null
    : `painted at ${saved.width} × ${saved.height}`;
}

/** The saved mask of what is painted now, at its owner's size; null when there is no owner or no name. */
export function savedMaskOf(
  mask: { history: MaskHistory; owner: MaskOwner | null },
  name: string,
  id: string,
  savedAt: number,
): SavedMask | null {
  const trimmed = name.trim();
  if (!mask.owner || !trimmed) return null;
  const { width, height } = mask.owner;
  return { id, name: trimmed, width, height, operations: paintOperations(mask.history.operations), savedAt };
}

/** The one history entry that makes the mask `saved`, or null when it does not fit `image`. */
export function replacementBy(saved: SavedMask, image: Size | null, id: string): MaskOperation | null {
  if (savedMaskMismatch(saved, image) !== null) return null;
  return { kind: 'replace', id, name: saved.name, operations: saved.operations };
}

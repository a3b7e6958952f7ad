/**
 * The mask document: its operations with undo history, the board image they are painted on (its owner),
 * and the shape a shape tool has selected for filling.
 */
import type { BoardImage } from './board.ts';
import {
  EMPTY_MASK_HISTORY,
  commitOperation,
  ownerOf,
  redoOperation,
  undoOperation,
  type MaskHistory,
  type MaskOperation,
  type MaskOwner,
  type MaskSelection,
  type StrokeMode,
} from './mask.ts';
import type { SavedMask } from './savedMasks.ts';
import type { SliceCreator } from './slice.ts';

type OwnerImage = Pick<BoardImage, 'id' | 'name' | 'width' | 'height'>;

export interface MaskSlice {
  history: MaskHistory;
  /** The board image the operations are painted on, in whose natural pixels they are; null with no image. */
  owner: MaskOwner | null;
  /** The shape selected for filling (by a shape tool), in the owner's pixels; no part of the history. */
  selection: MaskSelection | null;
  commit: (operation: MaskOperation) => void;
  undo: () => void;
  redo: () => void;
  /** Forgets every operation; the mask stays with its image. */
  reset: () => void;
  /** A blank mask belongs to the new edit target (or to none): nothing painted is lost. */
  follow: (image: OwnerImage | null) => void;
  /**
   * The painted mask moves to `image` as it is, which only an image of the owner's exact size may take (a
   * mask is never stretched); any other is refused, and nothing changes.
   */
  carryOver: (image: OwnerImage) => void;
  select: (selection: MaskSelection | null) => void;
  /** Fills the selection into the mask (paint), or cuts it out (erase), as one history entry. */
  fillSelection: (mode: StrokeMode) => void;
  /** Puts back a saved mask (on start-up). */
  restore: (history: MaskHistory, owner: MaskOwner | null) => void;
  /** Masks saved under a name, newest first, kept across reloads. */
  saved: SavedMask[];
  /** Keeps a new list of saved masks (savedMasks.ts makes them). */
  setSaved: (saved: SavedMask[]) => void;
}

export const createMaskSlice: SliceCreator<MaskSlice> = (set, get) => ({
  history: EMPTY_MASK_HISTORY,
  owner: null,
  selection: null,
  commit: (operation) => set((slice) => ({ history: commitOperation(slice.history, operation) })),
  undo: () => set((slice) => ({ history: undoOperation(slice.history) })),
  redo: () => set((slice) => ({ history: redoOperation(slice.history) })),
  reset: () => set({ history: EMPTY_MASK_HISTORY }),
  follow: (image) => set({ history: EMPTY_MASK_HISTORY, owner: image && ownerOf(image), selection: null }),
  carryOver: (image) => {
    const { owner } = get();
    if (!owner || owner.width !== image.width || owner.height !== image.height) return;
    set({ owner: ownerOf(image) });
  },
  select: (selection) => set({ selection }),
  fillSelection: (mode) => {
    const { selection } = get();
    if (!selection) return;
    get().commit({ kind: 'shape', id: crypto.randomUUID(), mode, ...selection });
  },
  restore: (history, owner) => set({ history, owner, selection: null }),
  saved: [],
  setSaved: (saved) => set({ saved }),
});

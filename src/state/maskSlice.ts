/** The mask document: its operations with undo history, and the natural size they are drawn at. */
import {
  EMPTY_MASK_HISTORY,
  commitOperation,
  redoOperation,
  scaleOperations,
  undoOperation,
  type MaskHistory,
  type MaskOperation,
} from './mask.ts';
import type { SliceCreator } from './slice.ts';

export interface MaskSlice {
  history: MaskHistory;
  /** The natural size of the image the operations are drawn on, once one is shown. */
  natural: { width: number; height: number } | null;
  /** Makes the mask fit a (new) first image: the operations are scaled when its size differs. */
  adoptSize: (natural: { width: number; height: number }) => void;
  commit: (operation: MaskOperation) => void;
  undo: () => void;
  redo: () => void;
  reset: () => void;
  /** Puts back a saved mask (on start-up). */
  restore: (history: MaskHistory, natural: { width: number; height: number } | null) => void;
}

export const createMaskSlice: SliceCreator<MaskSlice> = (set) => ({
  history: EMPTY_MASK_HISTORY,
  natural: null,
  adoptSize: (natural) =>
    set((slice) => {
      const from = slice.natural;
      if (from && from.width === natural.width && from.height === natural.height) return {};
      if (!from) return { natural };
      const { operations, undone } = slice.history;
      return {
        natural,
        history: {
          operations: scaleOperations(operations, from, natural),
          undone: scaleOperations(undone, from, natural),
        },
      };
    }),
  commit: (operation) => set((slice) => ({ history: commitOperation(slice.history, operation) })),
  undo: () => set((slice) => ({ history: undoOperation(slice.history) })),
  redo: () => set((slice) => ({ history: redoOperation(slice.history) })),
  reset: () => set({ history: EMPTY_MASK_HISTORY }),
  restore: (history, natural) => set({ history, natural }),
});

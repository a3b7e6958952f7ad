import { create } from 'zustand';
import {
  EMPTY_MASK_HISTORY,
  commitOperation,
  redoOperation,
  undoOperation,
  type MaskHistory,
  scaleOperations,
  type MaskOperation,
} from './mask.ts';

export type MaskToolId = 'brush' | 'eraser';

export const MIN_BRUSH_SIZE = 4;
export const MAX_BRUSH_SIZE = 400;

interface MaskStore {
  history: MaskHistory;
  /** The natural size of the image the operations are drawn on, once one is shown. */
  natural: { width: number; height: number } | null;
  /** Makes the mask fit a (new) first image: the operations are scaled when its size differs. */
  adoptSize: (natural: { width: number; height: number }) => void;
  tool: MaskToolId;
  /** Brush diameter in screen pixels, so a brush feels the same at any zoom. */
  brushSize: number;
  commit: (operation: MaskOperation) => void;
  undo: () => void;
  redo: () => void;
  reset: () => void;
  /** Puts back a saved mask (on start-up). */
  restore: (history: MaskHistory, natural: { width: number; height: number } | null) => void;
  setTool: (tool: MaskToolId) => void;
  setBrushSize: (size: number) => void;
}

export const clampBrushSize = (size: number) =>
  Math.round(Math.min(MAX_BRUSH_SIZE, Math.max(MIN_BRUSH_SIZE, size)));

export const useMaskStore = create<MaskStore>()((set) => ({
  history: EMPTY_MASK_HISTORY,
  natural: null,
  adoptSize: (natural) =>
    set((store) => {
      const from = store.natural;
      if (from && from.width === natural.width && from.height === natural.height) return {};
      if (!from) return { natural };
      const { operations, undone } = store.history;
      return {
        natural,
        history: {
          operations: scaleOperations(operations, from, natural),
          undone: scaleOperations(undone, from, natural),
        },
      };
    }),
  tool: 'brush',
  brushSize: 48,
  commit: (operation) => set((store) => ({ history: commitOperation(store.history, operation) })),
  undo: () => set((store) => ({ history: undoOperation(store.history) })),
  redo: () => set((store) => ({ history: redoOperation(store.history) })),
  reset: () => set({ history: EMPTY_MASK_HISTORY }),
  restore: (history, natural) => set({ history, natural }),
  setTool: (tool) => set({ tool }),
  setBrushSize: (size) => set({ brushSize: clampBrushSize(size) }),
}));

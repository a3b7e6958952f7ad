/** How the designer likes the mask editor set: the tool in hand and the brush size. */
import type { SliceCreator } from './slice.ts';

export type MaskToolId = 'brush' | 'eraser' | 'rectangle' | 'ellipse' | 'lasso';

export const MIN_BRUSH_SIZE = 4;
export const MAX_BRUSH_SIZE = 400;

export const clampBrushSize = (size: number) =>
  Math.round(Math.min(MAX_BRUSH_SIZE, Math.max(MIN_BRUSH_SIZE, size)));

export interface EditorPrefsSlice {
  tool: MaskToolId;
  /** Brush diameter in screen pixels, so a brush feels the same at any zoom. */
  brushSize: number;
  setTool: (tool: MaskToolId) => void;
  setBrushSize: (size: number) => void;
}

export const createEditorPrefsSlice: SliceCreator<EditorPrefsSlice> = (set) => ({
  tool: 'brush',
  brushSize: 48,
  setTool: (tool) => set({ tool }),
  setBrushSize: (size) => set({ brushSize: clampBrushSize(size) }),
});

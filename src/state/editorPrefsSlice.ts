/** How the designer likes the mask editor set: the tool in hand, the brush, and how the mask is shown. */
import type { SliceCreator } from './slice.ts';

export type MaskToolId = 'brush' | 'eraser' | 'rectangle' | 'ellipse' | 'lasso';

/** Whether a lasso or a filled selection adds to the painted area or takes from it. */
export type SelectionMode = 'add' | 'subtract';

/** The painted area as a tint over it, or as its outline in marching ants. */
export type MaskDisplay = 'tint' | 'outline';

export const MIN_BRUSH_SIZE = 4;
export const MAX_BRUSH_SIZE = 400;
/** Grow, shrink and feather amounts the toolbar offers, in natural pixels. */
export const MIN_ADJUST_AMOUNT = 1;
export const MAX_ADJUST_AMOUNT = 200;

export const clampBrushSize = (size: number) =>
  Math.round(Math.min(MAX_BRUSH_SIZE, Math.max(MIN_BRUSH_SIZE, size)));

export const clampPercent = (value: number) => Math.round(Math.min(100, Math.max(0, value)));

export const clampAdjustAmount = (px: number) =>
  Math.round(Math.min(MAX_ADJUST_AMOUNT, Math.max(MIN_ADJUST_AMOUNT, px)));

/** The preferences kept across reloads. */
export interface StoredEditorPrefs {
  hardness: number;
  maskDisplay: MaskDisplay;
}

export interface EditorPrefsSlice extends StoredEditorPrefs {
  tool: MaskToolId;
  /** Brush diameter in screen pixels, so a brush feels the same at any zoom. */
  brushSize: number;
  /** Brush hardness in percent: 100 is a hard edge, 0 fades from the centre. */
  hardness: number;
  selectionMode: SelectionMode;
  /** How far grow, shrink and feather reach, in natural pixels. */
  adjustAmount: number;
  setTool: (tool: MaskToolId) => void;
  setBrushSize: (size: number) => void;
  setHardness: (percent: number) => void;
  setSelectionMode: (mode: SelectionMode) => void;
  setMaskDisplay: (display: MaskDisplay) => void;
  setAdjustAmount: (px: number) => void;
  restore: (prefs: StoredEditorPrefs) => void;
}

export const createEditorPrefsSlice: SliceCreator<EditorPrefsSlice> = (set) => ({
  tool: 'brush',
  brushSize: 48,
  hardness: 100,
  selectionMode: 'add',
  maskDisplay: 'tint',
  adjustAmount: 10,
  setTool: (tool) => set({ tool }),
  setBrushSize: (size) => set({ brushSize: clampBrushSize(size) }),
  setHardness: (percent) => set({ hardness: clampPercent(percent) }),
  setSelectionMode: (selectionMode) => set({ selectionMode }),
  setMaskDisplay: (maskDisplay) => set({ maskDisplay }),
  setAdjustAmount: (px) => set({ adjustAmount: clampAdjustAmount(px) }),
  restore: (prefs) => set({ hardness: prefs.hardness, maskDisplay: prefs.maskDisplay }),
});

/**
 * The draft the next run is made from, and the mode it runs in (generate, or edit the board's images).
 * Generate and Edit each keep their own prompt (describing a picture and describing a change are different
 * texts); the settings are shared. Edits take and return raster images only (SVG is for generations; GIF
 * from an edit is unconfirmed), and so does the Responses API's image tool, so entering Edit or that API with
 * GIF or SVG chosen moves the format to PNG and says so, rather than leaving the format row with nothing
 * checked.
 */
import { NOT_IN_IMAGE_TOOL, isRasterFormat } from '../contract/index.ts';
import { INITIAL_DRAFT, type Draft } from './draft.ts';
import type { SliceCreator } from './slice.ts';

export type StudioMode = 'generate' | 'edit';

export interface DraftSlice {
  draft: Draft;
  mode: StudioMode;
  /** The prompt of the mode not in use; switching mode swaps it with the draft's. */
  otherModePrompt: string;
  /** The designer's own change: what the studio last said it changed for them no longer applies. */
  update: (patch: Partial<Draft>) => void;
  /**
   * Changes the draft for the designer (a retired model replaced, a quality the new model lacks lowered),
   * saying what changed and why in the `draft` notice (null: nothing worth saying).
   */
  adjust: (patch: Partial<Draft>, notice: string | null) => void;
  /**
   * Puts a whole draft in place (reused from a result), in `mode` when one is given: the draft's prompt
   * becomes that mode's, and the other mode keeps its own.
   */
  replace: (draft: Draft, mode?: StudioMode) => void;
  /** Puts back a draft saved on an earlier visit: its mode, and the other mode's prompt. */
  restore: (draft: Draft, mode: StudioMode, otherModePrompt: string) => void;
  setMode: (mode: StudioMode) => void;
}

export const createDraftSlice: SliceCreator<DraftSlice> = (set, get, root) => {
  /**
   * Edits and runs through the Responses API's image tool return raster images only: a GIF or SVG draft
   * entering either moves to PNG, saying so.
   */
  const keepRaster = () => {
    const { mode, draft, adjust } = get();
    if (isRasterFormat(draft.output_format)) return;
    const was = draft.output_format.toUpperCase();
    if (mode === 'edit') {
      adjust(
        { output_format: 'png' },
        `Edits return PNG, JPEG or WebP, so the format is now PNG (it was ${was}).`,
      );
    } else if (draft.api === 'responses') {
      adjust(
        { output_format: 'png' },
        `${NOT_IN_IMAGE_TOOL.output_format} The format is now PNG (it was ${was}).`,
      );
    }
  };
  const enter = (mode: StudioMode) => {
    const { mode: current, draft, otherModePrompt } = get();
    if (mode === current) return;
    set({ mode, otherModePrompt: draft.prompt, draft: { ...draft, prompt: otherModePrompt } });
  };
  return {
    draft: INITIAL_DRAFT,
    mode: 'generate',
    otherModePrompt: '',
    update: (patch) => {
      // Cleared first: the change itself may lead the studio to say something new (see studio/modelSwitch.ts).
      root().notices.clear('draft');
      set((slice) => ({ draft: { ...slice.draft, ...patch } }));
      if (patch.api) keepRaster();
    },
    adjust: (patch, notice) => {
      set((slice) => ({ draft: { ...slice.draft, ...patch } }));
      if (notice === null) root().notices.clear('draft');
      else root().notices.post('draft', 'info', notice);
    },
    replace: (draft, mode) => {
      if (mode) enter(mode);
      set({ draft });
      keepRaster();
    },
    restore: (draft, mode, otherModePrompt) => {
      set({ draft, mode, otherModePrompt });
      keepRaster();
    },
    setMode: (mode) => {
      enter(mode);
      keepRaster();
    },
  };
};

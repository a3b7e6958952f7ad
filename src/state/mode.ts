/**
 * Switching between generating and editing. Edits take and return raster images only (SVG is for
 * generations; GIF from an edit is unconfirmed), so entering Edit with GIF or SVG chosen moves the format
 * to PNG and says so, rather than leaving the format row with nothing checked.
 */
import { isRasterFormat } from '../contract/index.ts';
import { useBoardStore, type StudioMode } from './boardStore.ts';
import { useDraftStore } from './draftStore.ts';

export function setStudioMode(mode: StudioMode): void {
  useBoardStore.getState().setMode(mode);
  const { draft, adjust } = useDraftStore.getState();
  if (mode === 'edit' && !isRasterFormat(draft.output_format)) {
    adjust(
      { output_format: 'png' },
      `Edits return PNG, JPEG or WebP, so the format is now PNG (it was ${draft.output_format.toUpperCase()}).`,
    );
  }
}

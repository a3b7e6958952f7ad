/**
 * The studio's one store, built from slices and created per app (each mounted studio, and each test, has
 * its own). Every slice is a key of the state with its data and the actions that change only it.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { createBoardSlice, type BoardSlice } from './boardSlice.ts';
import { createBudgetSlice, type BudgetSlice } from './budgetSlice.ts';
import { createDraftSlice, type DraftSlice } from './draftSlice.ts';
import { createEditorPrefsSlice, type EditorPrefsSlice } from './editorPrefsSlice.ts';
import { createFramingSlice, type FramingSlice } from './framingSlice.ts';
import { createGallerySlice, type GallerySlice } from './gallerySlice.ts';
import { createInpaintSlice, type InpaintSlice } from './inpaintSlice.ts';
import { createMaskSlice, type MaskSlice } from './maskSlice.ts';
import { createNoticesSlice, type NoticesSlice } from './noticesSlice.ts';
import { createRelaySlice, type RelaySlice } from './relaySlice.ts';
import { createSessionSlice, type SessionSlice } from './sessionSlice.ts';
import { createStagingSlice, type StagingSlice } from './stagingSlice.ts';
import type { SliceCreator } from './slice.ts';

export interface StudioState {
  relay: RelaySlice;
  draft: DraftSlice;
  board: BoardSlice;
  mask: MaskSlice;
  editorPrefs: EditorPrefsSlice;
  inpaint: InpaintSlice;
  framing: FramingSlice;
  session: SessionSlice;
  staging: StagingSlice;
  gallery: GallerySlice;
  budget: BudgetSlice;
  notices: NoticesSlice;
}

export type StudioStore = StoreApi<StudioState>;

export function createStudioStore(): StudioStore {
  return createStore<StudioState>()((set, get) => {
    const slice = <K extends keyof StudioState>(key: K, create: SliceCreator<StudioState[K]>) =>
      create(
        (change) =>
          set((state) => {
            const patch = typeof change === 'function' ? change(state[key]) : change;
            return { [key]: { ...state[key], ...patch } } as Partial<StudioState>;
          }),
        () => get()[key],
        get,
      );
    return {
      relay: slice('relay', createRelaySlice),
      draft: slice('draft', createDraftSlice),
      board: slice('board', createBoardSlice),
      mask: slice('mask', createMaskSlice),
      editorPrefs: slice('editorPrefs', createEditorPrefsSlice),
      inpaint: slice('inpaint', createInpaintSlice),
      framing: slice('framing', createFramingSlice),
      session: slice('session', createSessionSlice),
      staging: slice('staging', createStagingSlice),
      gallery: slice('gallery', createGallerySlice),
      budget: slice('budget', createBudgetSlice),
      notices: slice('notices', createNoticesSlice),
    };
  });
}

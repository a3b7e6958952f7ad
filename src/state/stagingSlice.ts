/**
 * Staging: an edit's variants shown one at a time on its source (studio/staging.ts). Only which variant of
 * which run is staged on which source lives here; the stepping rules live with the studio's actions.
 */
import type { SliceCreator } from './slice.ts';

export interface Staged {
  runId: string;
  /** The first image the run is staged on: a new source ends staging. */
  sourceId: string;
  /** The variant on show; null when none has an image to show. */
  variantId: string | null;
}

export interface StagingSlice {
  staged: Staged | null;
  setStaged: (staged: Staged | null) => void;
}

export const createStagingSlice: SliceCreator<StagingSlice> = (set) => ({
  staged: null,
  setStaged: (staged) => set({ staged }),
});

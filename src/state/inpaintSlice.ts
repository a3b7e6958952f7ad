/** The designer's inpainting settings (state/inpaint.ts), kept across visits by the studio. */
import {
  DEFAULT_INPAINT_SETTINGS,
  clampFeather,
  clampGrow,
  clampRegionPadding,
  type InpaintSettings,
} from './inpaint.ts';
import type { SliceCreator } from './slice.ts';

export interface InpaintSlice {
  settings: InpaintSettings;
  /** Changes some settings; numbers are kept within their limits. */
  change: (patch: Partial<InpaintSettings>) => void;
  restore: (settings: InpaintSettings) => void;
}

export const createInpaintSlice: SliceCreator<InpaintSlice> = (set, get) => ({
  settings: DEFAULT_INPAINT_SETTINGS,
  change: (patch) => {
    const next = { ...get().settings, ...patch };
    set({
      settings: {
        ...next,
        growPx: clampGrow(next.growPx),
        featherPx: clampFeather(next.featherPx),
        regionPaddingPx: next.regionPaddingPx === null ? null : clampRegionPadding(next.regionPaddingPx),
      },
    });
  },
  restore: (settings) => set({ settings }),
});

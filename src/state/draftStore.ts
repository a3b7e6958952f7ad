import { create } from 'zustand';
import { INITIAL_DRAFT, type Draft } from './draft.ts';

/** Whether the size comes from the preset list or from the designer's own WxH text. */
export type SizeEntry = 'preset' | 'custom';

interface DraftStore {
  draft: Draft;
  sizeEntry: SizeEntry;
  update: (patch: Partial<Draft>) => void;
  setSizeEntry: (entry: SizeEntry) => void;
}

export const useDraftStore = create<DraftStore>()((set) => ({
  draft: INITIAL_DRAFT,
  sizeEntry: 'preset',
  update: (patch) => set((store) => ({ draft: { ...store.draft, ...patch } })),
  setSizeEntry: (sizeEntry) => set({ sizeEntry }),
}));

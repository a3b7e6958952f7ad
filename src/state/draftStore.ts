import { create } from 'zustand';
import { INITIAL_DRAFT, type Draft } from './draft.ts';

interface DraftStore {
  draft: Draft;
  update: (patch: Partial<Draft>) => void;
}

export const useDraftStore = create<DraftStore>()((set) => ({
  draft: INITIAL_DRAFT,
  update: (patch) => set((store) => ({ draft: { ...store.draft, ...patch } })),
}));

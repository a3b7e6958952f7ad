import { create } from 'zustand';
import { INITIAL_DRAFT, type Draft } from './draft.ts';

interface DraftStore {
  draft: Draft;
  /**
   * What the studio last changed in the draft on the designer's behalf, and why (a retired model replaced,
   * a quality the new model lacks lowered); null once they change the draft themselves.
   */
  notice: string | null;
  update: (patch: Partial<Draft>) => void;
  /** Changes the draft for the designer, saying what changed and why (null: nothing worth saying). */
  adjust: (patch: Partial<Draft>, notice: string | null) => void;
}

export const useDraftStore = create<DraftStore>()((set) => ({
  draft: INITIAL_DRAFT,
  notice: null,
  update: (patch) => set((store) => ({ draft: { ...store.draft, ...patch }, notice: null })),
  adjust: (patch, notice) => set((store) => ({ draft: { ...store.draft, ...patch }, notice })),
}));

import { create } from 'zustand';
import { INITIAL_DRAFT, type Draft } from './draft.ts';

interface DraftStore {
  draft: Draft;
  /** Why the draft's model was last switched for the designer (a retired one replaced), or null. */
  modelNotice: string | null;
  update: (patch: Partial<Draft>) => void;
  /** Changes the draft for another model, saying what had to change and why (null: nothing to say). */
  switchModel: (patch: Partial<Draft> & { model: string }, notice: string | null) => void;
}

export const useDraftStore = create<DraftStore>()((set) => ({
  draft: INITIAL_DRAFT,
  modelNotice: null,
  update: (patch) =>
    set((store) => ({
      draft: { ...store.draft, ...patch },
      // Picking a model by hand answers the notice.
      modelNotice: patch.model === undefined ? store.modelNotice : null,
    })),
  switchModel: (patch, notice) =>
    set((store) => ({ draft: { ...store.draft, ...patch }, modelNotice: notice })),
}));

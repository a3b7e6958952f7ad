/**
 * What went wrong with the studio's own storage (a full disk, a quota, a browser that refuses IndexedDB),
 * so it is shown plainly instead of failing silently. Images that could not be stored stay in the tab.
 */
import { create } from 'zustand';

interface StorageStore {
  problem: string | null;
  report: (error: unknown) => void;
  dismiss: () => void;
}

export const useStorageStore = create<StorageStore>()((set) => ({
  problem: null,
  report: (error) =>
    set({
      problem:
        error instanceof Error && error.message
          ? error.message
          : `The studio could not save to the browser's storage: ${String(error)}.`,
    }),
  dismiss: () => set({ problem: null }),
}));

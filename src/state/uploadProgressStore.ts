/**
 * How far the running edit's upload has gone, kept beside the session store so the run model stays about
 * images: it lives only from the first byte sent until the first partial arrives or the run ends.
 */
import { create } from 'zustand';

export interface UploadProgress {
  runId: string;
  sentBytes: number;
  totalBytes: number;
}

interface UploadProgressStore {
  progress: UploadProgress | null;
  set: (progress: UploadProgress) => void;
  /** Clears the run's progress; a newer run's is left alone. */
  clear: (runId: string) => void;
}

export const useUploadProgressStore = create<UploadProgressStore>()((set) => ({
  progress: null,
  set: (progress) => set({ progress }),
  clear: (runId) => set((store) => (store.progress?.runId === runId ? { progress: null } : {})),
}));

/**
 * This session's runs and the problem on show. The streams' driver calls these actions; the transitions
 * themselves are the pure functions of run.ts. Runs restored from storage join at the end on start-up.
 */
import { create } from 'zustand';
import type { ImageRequest, ImageStreamEvent } from '../contract/index.ts';
import {
  applyImageEvent,
  cancelVariant,
  failVariant,
  finishVariant,
  startRun,
  type Run,
  type RunProblem,
  type StudioImage,
} from './run.ts';

/** Long enough for the partial's crossfade to finish before its object URL goes. */
const SUPERSEDED_PARTIAL_GRACE_MS = 2_000;

interface SessionStore {
  runs: Run[];
  /** The run shown on the canvas: the newest unless the designer picked one from the strip. */
  selectedRunId: string | null;
  /** A refusal or failure on show; its `param` highlights the control at fault. */
  problem: RunProblem | null;
  /** Variants the designer deleted in the gallery (undo brings them back): a run of only these is hidden. */
  deletedVariantIds: ReadonlySet<string>;
  setDeleted: (variantIds: readonly string[], deleted: boolean) => void;
  begin: (id: string, request: ImageRequest, variantIds: readonly string[]) => void;
  receive: (id: string, variantId: string, event: ImageStreamEvent, image: StudioImage) => void;
  finish: (id: string, variantId: string) => void;
  fail: (id: string, variantId: string, problem: RunProblem) => void;
  cancel: (id: string, variantId: string) => void;
  /** Adds runs restored from storage after this page's own, leaving out any already present. */
  restore: (runs: readonly Run[]) => void;
  refuse: (problem: RunProblem) => void;
  /** Clears the problem when the designer changes the field it names (or any, for problems without one). */
  clearProblemFor: (fields: readonly string[]) => void;
  dismissProblem: () => void;
  select: (id: string) => void;
}

function updateRun(runs: Run[], id: string, change: (run: Run) => Run): Run[] {
  return runs.map((run) => (run.id === id ? change(run) : run));
}

export const useSessionStore = create<SessionStore>()((set, get) => ({
  runs: [],
  selectedRunId: null,
  problem: null,
  deletedVariantIds: new Set(),
  setDeleted: (variantIds, deleted) =>
    set((store) => {
      const next = new Set(store.deletedVariantIds);
      for (const id of variantIds) {
        if (deleted) next.add(id);
        else next.delete(id);
      }
      return { deletedVariantIds: next };
    }),
  begin: (id, request, variantIds) =>
    set((store) => ({
      runs: [startRun(id, request, variantIds, Date.now()), ...store.runs],
      selectedRunId: id,
      problem: null,
    })),
  receive: (id, variantId, event, image) => {
    const before = get()
      .runs.find((run) => run.id === id)
      ?.variants.find((variant) => variant.id === variantId);
    set((store) => ({
      runs: updateRun(store.runs, id, (run) => applyImageEvent(run, variantId, event, image)),
    }));
    // The variant keeps its newest partial; the one it replaced is no longer shown anywhere.
    const superseded = before?.partial?.url;
    if (superseded) setTimeout(() => URL.revokeObjectURL(superseded), SUPERSEDED_PARTIAL_GRACE_MS);
  },
  finish: (id, variantId) =>
    set((store) => ({
      runs: updateRun(store.runs, id, (run) => finishVariant(run, variantId, Date.now())),
    })),
  fail: (id, variantId, problem) =>
    set((store) => ({
      runs: updateRun(store.runs, id, (run) => failVariant(run, variantId, problem, Date.now())),
      problem,
    })),
  cancel: (id, variantId) =>
    set((store) => ({
      runs: updateRun(store.runs, id, (run) => cancelVariant(run, variantId, Date.now())),
    })),
  restore: (restored) =>
    set((store) => {
      const present = new Set(store.runs.map((run) => run.id));
      return { runs: [...store.runs, ...restored.filter((run) => !present.has(run.id))] };
    }),
  refuse: (problem) => set({ problem }),
  clearProblemFor: (fields) =>
    set((store) =>
      store.problem && (store.problem.param === null || fields.includes(store.problem.param))
        ? { problem: null }
        : {},
    ),
  dismissProblem: () => set({ problem: null }),
  select: (selectedRunId) => set({ selectedRunId }),
}));

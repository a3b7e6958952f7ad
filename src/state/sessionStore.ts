/**
 * This session's runs (in memory for now) and the problem on show. The stream's driver calls these
 * actions; the transitions themselves are the pure functions of run.ts.
 */
import { create } from 'zustand';
import type { ImageRequest, ImageStreamEvent } from '../contract/index.ts';
import {
  applyImageEvent,
  cancelRun,
  failRun,
  finishRun,
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
  begin: (id: string, request: ImageRequest) => void;
  receive: (id: string, event: ImageStreamEvent, image: StudioImage) => void;
  finish: (id: string) => void;
  fail: (id: string, problem: RunProblem) => void;
  cancel: (id: string) => void;
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
  begin: (id, request) =>
    set((store) => ({
      runs: [startRun(id, request, Date.now()), ...store.runs],
      selectedRunId: id,
      problem: null,
    })),
  receive: (id, event, image) => {
    const before = get().runs.find((run) => run.id === id);
    set((store) => ({ runs: updateRun(store.runs, id, (run) => applyImageEvent(run, event, image)) }));
    const superseded = before?.partial?.url;
    if (superseded) setTimeout(() => URL.revokeObjectURL(superseded), SUPERSEDED_PARTIAL_GRACE_MS);
  },
  finish: (id) => set((store) => ({ runs: updateRun(store.runs, id, (run) => finishRun(run, Date.now())) })),
  fail: (id, problem) =>
    set((store) => ({
      runs: updateRun(store.runs, id, (run) => failRun(run, problem, Date.now())),
      problem,
    })),
  cancel: (id) => set((store) => ({ runs: updateRun(store.runs, id, (run) => cancelRun(run, Date.now())) })),
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

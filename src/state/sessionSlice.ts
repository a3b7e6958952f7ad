/**
 * This session's runs, the problem on show and the running edit's upload. The studio's run driver calls
 * these actions with the run and variant it means; the transitions themselves are the pure functions of
 * run.ts. Runs restored from storage join at the end on start-up.
 */
import type { ImageRequest, ImageStreamEvent, Problem, ProviderProgressEvent } from '../contract/index.ts';
import {
  applyImageEvent,
  applyProgress,
  cancelVariant,
  failVariant,
  finishVariant,
  startRun,
  type Run,
  type StudioImage,
} from './run.ts';
import type { SliceCreator } from './slice.ts';

/** Long enough for the partial's crossfade to finish before its object URL goes. */
const SUPERSEDED_PARTIAL_GRACE_MS = 2_000;

/** How far an edit's upload has gone: from the first byte sent until the first partial or the run's end. */
export interface UploadProgress {
  runId: string;
  sentBytes: number;
  totalBytes: number;
}

export interface SessionSlice {
  runs: Run[];
  /** The run shown on the canvas: the newest unless the designer picked one from the strip. */
  selectedRunId: string | null;
  /** A refusal or failure on show; its `param` highlights the control at fault. */
  problem: Problem | null;
  /** Variants the designer deleted in the gallery (undo brings them back): a run of only these is hidden. */
  deletedVariantIds: ReadonlySet<string>;
  uploadProgress: UploadProgress | null;
  setDeleted: (variantIds: readonly string[], deleted: boolean) => void;
  /**
   * Times come from the run driver, which measures each once and stores the same figures: what the
   * session shows is what a reload shows.
   */
  begin: (
    runId: string,
    request: ImageRequest,
    variantIds: readonly string[],
    startedAt: number,
    seeds?: readonly (number | null)[],
  ) => void;
  receive: (runId: string, variantId: string, event: ImageStreamEvent, image: StudioImage) => void;
  /** A provider's progress on the variant, while it works before any image (a task gateway). */
  reportProgress: (runId: string, variantId: string, progress: ProviderProgressEvent) => void;
  finish: (runId: string, variantId: string, finishedAt: number) => void;
  fail: (runId: string, variantId: string, problem: Problem, finishedAt: number) => void;
  cancel: (runId: string, variantId: string, finishedAt: number) => void;
  /**
   * The variant's final is now `image` (a touch-up, or the composite back): every view of the session shows,
   * downloads and sends it from here on.
   */
  replaceFinal: (variantId: string, image: StudioImage) => void;
  /** Adds runs restored from storage after this page's own, leaving out any already present. */
  restore: (runs: readonly Run[]) => void;
  refuse: (problem: Problem) => void;
  /** Clears the problem when the designer changes the field it names (or any, for problems without one). */
  clearProblemFor: (fields: readonly string[]) => void;
  dismissProblem: () => void;
  select: (runId: string) => void;
  setUploadProgress: (progress: UploadProgress) => void;
  /** Clears the run's upload progress; a newer run's is left alone. */
  clearUploadProgress: (runId: string) => void;
}

function updateRun(runs: Run[], id: string, change: (run: Run) => Run): Run[] {
  return runs.map((run) => (run.id === id ? change(run) : run));
}

export const createSessionSlice: SliceCreator<SessionSlice> = (set, get) => ({
  runs: [],
  selectedRunId: null,
  problem: null,
  deletedVariantIds: new Set(),
  uploadProgress: null,
  setDeleted: (variantIds, deleted) =>
    set((slice) => {
      const next = new Set(slice.deletedVariantIds);
      for (const id of variantIds) {
        if (deleted) next.add(id);
        else next.delete(id);
      }
      return { deletedVariantIds: next };
    }),
  begin: (runId, request, variantIds, startedAt, seeds) =>
    set((slice) => ({
      runs: [startRun(runId, request, variantIds, startedAt, seeds), ...slice.runs],
      selectedRunId: runId,
      problem: null,
    })),
  receive: (runId, variantId, event, image) => {
    const before = get()
      .runs.find((run) => run.id === runId)
      ?.variants.find((variant) => variant.id === variantId);
    set((slice) => ({
      runs: updateRun(slice.runs, runId, (run) => applyImageEvent(run, variantId, event, image)),
    }));
    // The variant keeps its newest partial; the one it replaced is no longer shown anywhere.
    const superseded = before?.partial?.url;
    if (superseded) setTimeout(() => URL.revokeObjectURL(superseded), SUPERSEDED_PARTIAL_GRACE_MS);
  },
  reportProgress: (runId, variantId, progress) =>
    set((slice) => ({
      runs: updateRun(slice.runs, runId, (run) => applyProgress(run, variantId, progress)),
    })),
  finish: (runId, variantId, finishedAt) =>
    set((slice) => ({
      runs: updateRun(slice.runs, runId, (run) => finishVariant(run, variantId, finishedAt)),
    })),
  fail: (runId, variantId, problem, finishedAt) =>
    set((slice) => ({
      runs: updateRun(slice.runs, runId, (run) => failVariant(run, variantId, problem, finishedAt)),
      problem,
    })),
  cancel: (runId, variantId, finishedAt) =>
    set((slice) => ({
      runs: updateRun(slice.runs, runId, (run) => cancelVariant(run, variantId, finishedAt)),
    })),
  replaceFinal: (variantId, image) =>
    set((slice) => ({
      runs: slice.runs.map((run) =>
        run.variants.some((variant) => variant.id === variantId)
          ? {
              ...run,
              variants: run.variants.map((variant) =>
                variant.id === variantId ? { ...variant, final: image } : variant,
              ),
            }
          : run,
      ),
    })),
  restore: (restored) =>
    set((slice) => {
      const present = new Set(slice.runs.map((run) => run.id));
      return { runs: [...slice.runs, ...restored.filter((run) => !present.has(run.id))] };
    }),
  refuse: (problem) => set({ problem }),
  clearProblemFor: (fields) =>
    set((slice) =>
      slice.problem && (slice.problem.param === null || fields.includes(slice.problem.param))
        ? { problem: null }
        : {},
    ),
  dismissProblem: () => set({ problem: null }),
  select: (selectedRunId) => set({ selectedRunId }),
  setUploadProgress: (uploadProgress) => set({ uploadProgress }),
  clearUploadProgress: (runId) =>
    set((slice) => (slice.uploadProgress?.runId === runId ? { uploadProgress: null } : {})),
});

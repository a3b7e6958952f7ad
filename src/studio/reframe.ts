/**
 * Reframing one master to several sizes: for each target the master goes onto a canvas of the target's
 * shape (outpaint.ts), the new area masked and the master locked, and a masked edit at the target's valid
 * size fills it; the composite keeps every pixel of the master. The targets run one after another, each a
 * normal run with its lineage; the studio's cancel stops the batch, and the board ends as it began.
 * Loaded with the first reframe (the dialog's chunk shares it), so none of it is in the first load.
 */
import {
  MAX_INPUT_IMAGE_PIXELS,
  formatSize,
  type CostRequest,
  type ModelCapabilities,
  type Problem,
} from '../contract/index.ts';
import { wholeImagePlan } from '../editor/inpaint/region.ts';
import type { EditPixels } from '../editor/inpaint/work.ts';
import type { Size } from '../editor/viewport.ts';
import { BOARD_MAX_PIXELS, type BoardImage } from '../state/board.ts';
import type { Draft } from '../state/draft.ts';
import { planReframe, type ReframePlan, type ReframeTarget } from '../state/outpaint.ts';
import { runStatus } from '../state/run.ts';
import type { StudioState, StudioStore } from '../state/store.ts';
import { extendedImage, placeOnCanvas } from './outpaint.ts';

export type ReframeStatus = 'waiting' | 'extending' | 'running' | 'done' | 'cancelled' | 'failed' | 'skipped';

export interface ReframeProgress {
  plan: ReframePlan;
  status: ReframeStatus;
  /** The run made for the target, once it has started: its partials and finals are the session's. */
  runId: string | null;
  /** Why it failed or was skipped. */
  message: string | null;
}

/** The model the draft would send an edit to, for its size rule and prices. */
export function draftModel(state: StudioState): ModelCapabilities | null {
  const { registry, config } = state.relay;
  return registry?.get(state.draft.draft.model ?? config?.defaultModel ?? '') ?? null;
}

/** Each target's plan for the board's first image and the draft's model; empty without either. */
export function reframePlans(state: StudioState, targets: readonly ReframeTarget[]): ReframePlan[] {
  const master = state.board.images[0];
  const model = draftModel(state);
  if (!master || !model) return [];
  return targets.map((target) => planReframe(master, target, model.sizeRule, BOARD_MAX_PIXELS));
}

/**
 * The request a target's edit makes, for its estimate: the draft's settings at the target's valid size,
 * paying for reading the canvas (sent whole) and the other board images at the sizes they are sent.
 */
export function reframeCostRequest(
  draft: Draft,
  referenceSizes: readonly Size[],
  plan: Extract<ReframePlan, { kind: 'extend' }>,
): CostRequest {
  return {
    size: formatSize(plan.size),
    quality: draft.quality,
    n: draft.n,
    partialImages: draft.partial_images,
    prompt: draft.prompt,
    referenceImages: [wholeImagePlan(plan.canvas, MAX_INPUT_IMAGE_PIXELS).sent, ...referenceSizes],
    inputFidelity: draft.input_fidelity,
    // The studio sends one single-image stream per variant.
    oneRequestPerImage: true,
  };
}

export interface ReframeDeps {
  store: StudioStore;
  loadPixels: () => Promise<EditPixels | null>;
  /** The studio's own Apply edit, which sends the board's first image with its mask. */
  edit: () => Promise<void>;
  isRunning: () => boolean;
  /** Aborted by the studio's cancel: the batch stops between runs as well as during one. */
  signal: AbortSignal;
  notLoaded: string;
}

const SAME_SHAPE =
  'The master already has this shape: scaling it is all it needs, so nothing is sent and nothing is paid.';

export async function runReframe(
  deps: ReframeDeps,
  targets: readonly ReframeTarget[],
  onProgress: (progress: readonly ReframeProgress[]) => void,
): Promise<void> {
  const { store, signal } = deps;
  const master = store.getState().board.images[0];
  if (!master || deps.isRunning()) return;
  let progress: ReframeProgress[] = reframePlans(store.getState(), targets).map((plan) => ({
    plan,
    status: plan.kind === 'extend' ? 'waiting' : 'skipped',
    runId: null,
    message:
      plan.kind === 'same-shape'
        ? SAME_SHAPE
        : plan.kind === 'too-large'
          ? `A ${plan.canvas.width} × ${plan.canvas.height} canvas is more than the board holds.`
          : null,
  }));
  const update = (index: number, patch: Partial<ReframeProgress>) => {
    progress = progress.map((item, at) => (at === index ? { ...item, ...patch } : item));
    onProgress(progress);
  };
  const stopWaiting = (status: ReframeStatus, message: string | null) => {
    progress = progress.map((item) => (item.status === 'waiting' ? { ...item, status, message } : item));
    onProgress(progress);
  };
  onProgress(progress);
  const pixels = await deps.loadPixels();
  if (!pixels) {
    stopWaiting('failed', `Not sent: ${deps.notLoaded}`);
    return;
  }
  const { mask } = store.getState();
  const kept = { history: mask.history, owner: mask.owner };
  // The image first on the board now: the master, then each target's canvas in turn.
  let current: BoardImage = master;
  try {
    for (const [index, item] of progress.entries()) {
      const { plan } = item;
      if (plan.kind !== 'extend') continue;
      if (signal.aborted) break;
      update(index, { status: 'extending' });
      const blob = await pixels
        .extend({ source: master.blob, canvas: plan.canvas, original: plan.original })
        .catch((error: unknown) => error as Error);
      if (blob instanceof Error) {
        update(index, { status: 'failed', message: `The canvas was not made: ${blob.message}.` });
        continue;
      }
      // The designer may have changed the board meanwhile: the batch stops and leaves the board alone.
      if (store.getState().board.images[0]?.id !== current.id || signal.aborted) break;
      const image: BoardImage = {
        ...extendedImage(master, blob, plan.canvas, plan.original, formatSize(plan.target)),
        // The result's parent is the master when it is a stored result: the canvas is only the master, extended.
        sourceImageId: master.sourceImageId,
      };
      placeOnCanvas(store, image, plan.original);
      current = image;
      update(index, { status: 'running' });
      const runId = await sendEdit(deps, plan, (started) => update(index, { runId: started }));
      if (!runId) {
        const problem: Problem | null = store.getState().session.problem;
        update(index, { status: 'failed', message: problem?.message ?? 'The edit was not sent.' });
        // What refused this edit would refuse the rest.
        stopWaiting('skipped', 'Not sent: the edit before it was refused.');
        break;
      }
      const run = store.getState().session.runs.find((candidate) => candidate.id === runId);
      const status = run ? runStatus(run) : 'error';
      const error = run?.variants.find((variant) => variant.error)?.error ?? null;
      update(index, {
        status: status === 'done' ? 'done' : status === 'cancelled' ? 'cancelled' : 'failed',
        message: status === 'done' || status === 'cancelled' ? null : (error?.message ?? 'No image came.'),
      });
      if (status === 'cancelled') break;
    }
  } finally {
    stopWaiting('cancelled', null);
    bringMasterBack(store, master, current, kept);
  }
}

/**
 * One target's edit: the draft asks for the target's size and sends the whole canvas (a region would ask
 * for another size), both only for this call; Apply edit reads them before its first wait. Resolves, once
 * the run ends, to its id, or null when the edit was refused before a run began.
 */
async function sendEdit(
  deps: ReframeDeps,
  plan: Extract<ReframePlan, { kind: 'extend' }>,
  onStarted: (runId: string) => void,
): Promise<string | null> {
  const { store } = deps;
  const before = new Set(store.getState().session.runs.map((run) => run.id));
  const newRun = () => store.getState().session.runs.find((run) => !before.has(run.id))?.id ?? null;
  const stop = store.subscribe((now, then) => {
    const started = now.session.runs !== then.session.runs ? newRun() : null;
    if (started) {
      stop();
      onStarted(started);
    }
  });
  const { draft, inpaint } = store.getState();
  const { size } = draft.draft;
  const { region } = inpaint.settings;
  draft.update({ size: formatSize(plan.size) });
  inpaint.change({ region: 'never' });
  const running = deps.edit();
  store.getState().draft.update({ size });
  store.getState().inpaint.change({ region });
  await running.finally(stop);
  return newRun();
}

/** The master first again with the mask it had, unless the designer has put something else first. */
function bringMasterBack(
  store: StudioStore,
  master: BoardImage,
  current: BoardImage,
  kept: Pick<StudioState['mask'], 'history' | 'owner'>,
) {
  if (current === master || store.getState().board.images[0]?.id !== current.id) return;
  // The master's object URL went with it when the first canvas replaced it.
  store.getState().board.replaceFirst({ ...master, url: URL.createObjectURL(master.blob) });
  store.getState().mask.restore(kept.history, kept.owner);
}

/**
 * Staging (issue 13): an edit of n variants shown on its source one at a time, each as it arrives, so the
 * designer judges them in place; one is accepted as the new source (as "Use as source" with "Keep the
 * mask" does), or staging is left. Nothing is deleted either way: every variant stays in the gallery.
 * Loaded with the first staging (createStudio.ts), so none of it is in the first load.
 */
import type { Run, Variant } from '../state/run.ts';
import type { StudioStore } from '../state/store.ts';
import { takeResultAsSource, type PrepareImage } from './intake.ts';

/** A variant that has, or may yet have, an image to stage: one still streaming, or one done with its final. */
export const isStageable = (variant: Variant) =>
  variant.status === 'streaming' || (variant.status === 'done' && variant.final !== null);

/**
 * The index of the variant to show for `variantId`: itself while it can be staged, else (it failed while
 * on show) the next one that can, else the one before; -1 when none can.
 */
export function stagedIndex(run: Run, variantId: string | null): number {
  const at = run.variants.findIndex((variant) => variant.id === variantId);
  const from = Math.max(0, at);
  const after = run.variants.findIndex((variant, index) => index >= from && isStageable(variant));
  if (after !== -1) return after;
  return run.variants.findLastIndex((variant, index) => index < from && isStageable(variant));
}

/** The stageable variant `direction` steps from `index` (failed and cancelled ones skipped), or -1 at an end. */
export function stepIndex(run: Run, index: number, direction: 1 | -1): number {
  for (let next = index + direction; next >= 0 && next < run.variants.length; next += direction) {
    if (isStageable(run.variants[next]!)) return next;
  }
  return -1;
}

/** "Variant 3 failed: …", for each variant staging skips, numbered as in the run. */
export function skippedNotes(run: Run): string[] {
  return run.variants.flatMap((variant, index) => {
    if (isStageable(variant)) return [];
    const name = `Variant ${index + 1}`;
    switch (variant.status) {
      case 'error':
        return [`${name} failed${variant.error ? `: ${variant.error.message}` : '.'}`];
      case 'cancelled':
        return [`${name} was cancelled.`];
      case 'interrupted':
        return [`${name} was interrupted.`];
      default:
        return [`${name} made no image.`];
    }
  });
}

/** The name a staged variant takes on the board: the run's, numbered when it has several. */
export function stagedName(run: Run, index: number): string {
  const final = run.variants[index]?.final;
  const number = run.variants.length > 1 ? `-${index + 1}` : '';
  return `edit-${run.id.slice(0, 8)}${number}.${final?.format ?? 'png'}`;
}

export interface Staging {
  /** Stages `runId` on the first image, from its first variant with an image (or on its way). */
  stage: (runId: string) => void;
  /** To the next (1) or previous (-1) variant that can be staged; false at an end. */
  step: (direction: 1 | -1) => boolean;
  /**
   * The staged variant, once its final is here, becomes the first image with the mask kept (a new source);
   * the others stay in the gallery. Resolves to whether it did.
   */
  accept: () => Promise<boolean>;
  /** Leaves staging: nothing is deleted. */
  leave: () => void;
}

export function createStaging(store: StudioStore, prepare: PrepareImage): Staging {
  const state = () => store.getState();
  const current = () => {
    const { staged } = state().staging;
    const run = staged && state().session.runs.find((candidate) => candidate.id === staged.runId);
    if (!staged || !run || state().board.images[0]?.id !== staged.sourceId) return null;
    return { staged, run, index: stagedIndex(run, staged.variantId) };
  };
  return {
    stage: (runId) => {
      const run = state().session.runs.find((candidate) => candidate.id === runId);
      const source = state().board.images[0];
      if (!run || !source) return;
      const index = stagedIndex(run, null);
      state().staging.setStaged({ runId, sourceId: source.id, variantId: run.variants[index]?.id ?? null });
    },
    step: (direction) => {
      const now = current();
      const next = now ? stepIndex(now.run, now.index, direction) : -1;
      if (!now || next === -1) return false;
      state().staging.setStaged({ ...now.staged, variantId: now.run.variants[next]!.id });
      return true;
    },
    accept: async () => {
      const now = current();
      const variant = now?.run.variants[now.index];
      const final = variant?.status === 'done' ? variant.final : null;
      if (!now || !final) return false;
      // As "Use as source" with "Keep the mask": a painted mask carries over (or, sizes differing, is asked about).
      const painted = state().mask.history.operations.length > 0;
      const name = stagedName(now.run, now.index);
      await takeResultAsSource(store, prepare, { id: final.id, url: final.url, name }, painted);
      const accepted = state().board.images[0]?.sourceImageId === final.id;
      if (accepted) state().staging.setStaged(null);
      return accepted;
    },
    leave: () => state().staging.setStaged(null),
  };
}

import { describe, expect, it } from 'vitest';
import {
  catalogueModel,
  costInDollars,
  createModelRegistry,
  PROGRESS_EVENT,
  validateGenerationBody,
  type CompletedImageEvent,
  type PartialImageEvent,
} from '../contract/index.ts';
import {
  applyImageEvent,
  applyProgress,
  cancelVariant,
  failVariant,
  finishVariant,
  leadImage,
  mayStillBeBilled,
  runCostInDollars,
  runElapsed,
  runLabel,
  runFinals,
  runProblem,
  runStatus,
  runUsage,
  startRun,
  variantCostsInDollars,
  type StudioImage,
} from './run.ts';
import type { Problem } from '../contract/index.ts';

const model = catalogueModel('gpt-image-2');
const fields = {
  b64_json: 'AA==',
  created_at: 1,
  size: '1024x1024',
  quality: 'low',
  background: 'opaque',
  output_format: 'png',
} as const;
const partialEvent = (index: number): PartialImageEvent => ({
  ...fields,
  type: 'image_generation.partial_image',
  partial_image_index: index,
});
const completedEvent = (text: number, image: number, output: number): CompletedImageEvent => ({
  ...fields,
  type: 'image_generation.completed',
  usage: {
    input_tokens: text + image,
    input_tokens_details: { text_tokens: text, image_tokens: image },
    output_tokens: output,
    total_tokens: text + image + output,
  },
});
const image = (url: string): StudioImage => ({ id: url, url, format: 'png', size: '1024x1024' });
const problem: Problem = {
  message: 'Upstream failed',
  param: null,
  code: null,
  status: 0,
  requestId: null,
  retryAfter: null,
  local: false,
};

const checked = validateGenerationBody({ prompt: 'p', model: 'gpt-image-2', n: 2 }, createModelRegistry());
if (!checked.ok) throw new Error(checked.error.body.error.message);
const request = checked.value;
const started = () => startRun('run-1', checked.value, ['v1', 'v2'], 1_000);

describe('a run of variants driven by their streams', () => {
  it('refines each variant in place, then collects finals and sums usage over the variants', () => {
    let run = started();
    run = applyImageEvent(run, 'v1', partialEvent(0), image('a0'));
    run = applyImageEvent(run, 'v2', partialEvent(0), image('b0'));
    run = applyImageEvent(run, 'v1', partialEvent(1), image('a1'));
    expect(run.variants.map((variant) => [variant.partial?.url, variant.partialCount])).toEqual([
      ['a1', 2],
      ['b0', 1],
    ]);
    expect(leadImage(run)?.url).toBe('a1');

    run = applyImageEvent(run, 'v2', completedEvent(10, 0, 200), image('b-final'));
    run = finishVariant(run, 'v2', 3_000);
    expect(runStatus(run)).toBe('streaming');
    expect(leadImage(run)?.url).toBe('b-final');
    run = applyImageEvent(run, 'v1', completedEvent(10, 0, 200), image('a-final'));
    run = finishVariant(run, 'v1', 4_500);

    expect(runStatus(run)).toBe('done');
    expect(runFinals(run).map((final) => final.url)).toEqual(['a-final', 'b-final']);
    expect(runUsage(run)).toEqual({ textInputTokens: 20, imageInputTokens: 0, outputTokens: 400 });
    const [first, second] = variantCostsInDollars(run);
    expect(first).toBeCloseTo((10 * 5 + 200 * 30) / 1e6, 10);
    expect(second).toBeCloseTo((10 * 5 + 200 * 30) / 1e6, 10);
    expect(runCostInDollars(run)).toBeCloseTo(
      costInDollars(model.pricing, { textInputTokens: 20, imageInputTokens: 0, outputTokens: 400 }),
    );
    expect(runElapsed(run, 99_999)).toEqual({ kind: 'measured', ms: 3_500 });
  });

  it('keeps the partial already shown when cancelled, and ignores events that arrive after', () => {
    let run = applyImageEvent(started(), 'v1', partialEvent(0), image('p0'));
    run = cancelVariant(run, 'v1', 2_000);
    run = cancelVariant(run, 'v2', 2_000);
    expect(runStatus(run)).toBe('cancelled');
    expect(leadImage(run)?.url).toBe('p0');
    expect(applyImageEvent(run, 'v1', completedEvent(1, 0, 1), image('late'))).toBe(run);
    expect(finishVariant(run, 'v1', 3_000)).toBe(run);
  });

  it("shows a provider's newest progress on its variant alone, and none after the variant ended", () => {
    let run = applyProgress(started(), 'v1', { type: PROGRESS_EVENT, stage: 'queued', progress: 0 });
    run = applyProgress(run, 'v1', { type: PROGRESS_EVENT, stage: 'working', progress: 40 });
    expect(run.variants.map((variant) => variant.progress)).toEqual([
      { stage: 'working', progress: 40 },
      undefined,
    ]);
    const ended = cancelVariant(run, 'v1', 2_000);
    expect(applyProgress(ended, 'v1', { type: PROGRESS_EVENT, stage: 'working', progress: 80 })).toBe(ended);
  });

  it('counts as done when one variant made its image and another failed, and keeps the problem', () => {
    let run = applyImageEvent(started(), 'v1', completedEvent(5, 0, 50), image('f0'));
    run = finishVariant(run, 'v1', 2_000);
    expect(runElapsed(run, 2_200)).toEqual({ kind: 'running', ms: 1_200 });
    run = failVariant(run, 'v2', problem, 2_500);
    expect(runStatus(run)).toBe('done');
    expect(runProblem(run)).toEqual(problem);
    expect(runFinals(run)).toHaveLength(1);
    expect(runElapsed(run, 10_000)).toEqual({ kind: 'measured', ms: 1_500 });
    expect(cancelVariant(run, 'v2', 3_000)).toBe(run);
  });

  it('reads as failed when no variant made an image, and as interrupted over cancelled', () => {
    let run = failVariant(started(), 'v1', problem, 2_000);
    run = cancelVariant(run, 'v2', 2_000);
    expect(runStatus(run)).toBe('error');
    const interrupted = {
      ...run,
      variants: run.variants.map((variant) => ({ ...variant, status: 'interrupted' as const })),
    };
    expect(runStatus(interrupted)).toBe('interrupted');
  });

  it("bills a gateway's run at its price for each image that arrived, not by the tokens it reports", () => {
    const gateway = { ...checked.value, model: { ...checked.value.model, pricePerImage: 0.006375 } };
    let run = startRun('run-1', gateway, ['v1', 'v2'], 1_000);
    run = applyImageEvent(run, 'v1', completedEvent(10, 0, 7000), image('a-final'));
    run = finishVariant(run, 'v1', 2_000);
    run = failVariant(run, 'v2', problem, 2_500);
    expect(variantCostsInDollars(run)).toEqual([0.006375, null]);
    expect(runCostInDollars(run)).toBe(0.006375);
  });

  it('has no cost before any usage is reported and ticks elapsed time while streaming', () => {
    const run = started();
    expect(runCostInDollars(run)).toBeNull();
    expect(variantCostsInDollars(run)).toEqual([null, null]);
    expect(runElapsed(run, 1_750)).toEqual({ kind: 'running', ms: 750 });
  });
});

type Outcome = 'streaming' | 'done' | 'error' | 'cancelled' | 'interrupted';

/** A run whose variants ended as `outcomes` say, each a tenth of a second after the one before. */
function runOf(outcomes: readonly Outcome[], kind: 'generation' | 'edit' = 'generation') {
  const ids = outcomes.map((_, index) => `v${index}`);
  const run = startRun('run', { ...request, kind, n: outcomes.length }, ids, 1_000);
  return {
    ...run,
    variants: run.variants.map((variant, index) => ({
      ...variant,
      status: outcomes[index]!,
      finishedAt: outcomes[index] === 'streaming' ? null : 2_000 + index * 100,
    })),
  };
}

describe('what a run is labelled by what happened to its variants', () => {
  it.each([
    { outcomes: ['done'], label: 'Done' },
    { outcomes: ['done', 'done', 'done', 'done'], label: 'Done' },
    { outcomes: ['error'], label: 'Failed' },
    { outcomes: ['interrupted'], label: 'Interrupted' },
    { outcomes: ['cancelled'], label: 'Cancelled' },
    {
      outcomes: ['done', 'done', ...Array<Outcome>(8).fill('interrupted')],
      label: '2 of 10 · 8 interrupted',
    },
    { outcomes: ['done', 'done', 'done', 'error'], label: '3 of 4 · 1 failed' },
    { outcomes: ['done', 'cancelled', 'cancelled', 'cancelled'], label: 'Cancelled · 1 of 4 done' },
    { outcomes: ['done', 'error', 'cancelled', 'cancelled'], label: 'Cancelled · 1 of 4 done · 1 failed' },
    { outcomes: ['error', 'error', 'error'], label: 'All 3 failed' },
    { outcomes: ['error', 'interrupted'], label: '0 of 2 · 1 failed · 1 interrupted' },
    { outcomes: ['done', 'error', 'interrupted', 'interrupted'], label: '1 of 4 · 1 failed · 2 interrupted' },
    { outcomes: ['streaming'], label: 'Generating' },
    { outcomes: ['done', 'streaming', 'error', 'streaming'], label: 'Generating · 1 of 4 done · 1 failed' },
  ] as const)('$outcomes → $label', ({ outcomes, label }) => {
    expect(runLabel(runOf(outcomes))).toBe(label);
  });

  it('says Editing for an edit that streams', () => {
    expect(runLabel(runOf(['streaming', 'done'], 'edit'))).toBe('Editing · 1 of 2 done');
  });
});

describe('billing and time of runs that stopped short', () => {
  it('may still bill a cancelled or interrupted variant whose usage never came, and nothing else', () => {
    expect(mayStillBeBilled(runOf(['done', 'error']).variants)).toBe(false);
    expect(mayStillBeBilled(runOf(['done', 'cancelled']).variants)).toBe(true);
    expect(mayStillBeBilled(runOf(['interrupted']).variants)).toBe(true);
    const cancelledAfterItsFinal = runOf(['cancelled']).variants.map((variant) => ({
      ...variant,
      usage: { textInputTokens: 1, imageInputTokens: 0, outputTokens: 1 },
    }));
    expect(mayStillBeBilled(cancelledAfterItsFinal)).toBe(false);
  });

  it('times an interrupted run up to its last image as a lower bound, and never as 0.0 s', () => {
    expect(runElapsed(runOf(['done', 'interrupted']), 99_999)).toEqual({ kind: 'atLeast', ms: 1_100 });
    const interruptedBeforeAnyImage = runOf(['interrupted']);
    interruptedBeforeAnyImage.variants[0]!.finishedAt = interruptedBeforeAnyImage.startedAt;
    expect(runElapsed(interruptedBeforeAnyImage, 99_999)).toEqual({ kind: 'unknown' });
    expect(runElapsed(runOf(['done', 'cancelled', 'error']), 99_999)).toEqual({
      kind: 'measured',
      ms: 1_200,
    });
  });
});

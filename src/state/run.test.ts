import { describe, expect, it } from 'vitest';
import {
  BASE_MODELS,
  costInDollars,
  createModelRegistry,
  validateGenerationBody,
  type CompletedImageEvent,
  type PartialImageEvent,
} from '../contract/index.ts';
import {
  applyImageEvent,
  cancelRun,
  elapsedMs,
  failRun,
  finishRun,
  imageCostsInDollars,
  leadImage,
  runCostInDollars,
  startRun,
  type RunProblem,
  type StudioImage,
} from './run.ts';

const model = BASE_MODELS['gpt-image-2'];
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
const image = (url: string): StudioImage => ({ url, format: 'png', size: '1024x1024' });
const problem: RunProblem = {
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
const started = () => startRun('run-1', checked.value, 1_000);

describe('a run driven by stream events', () => {
  it('refines partials in place, then collects finals and sums their usage', () => {
    let run = started();
    run = applyImageEvent(run, partialEvent(0), image('p0'));
    run = applyImageEvent(run, partialEvent(1), image('p1'));
    expect(run.partial?.url).toBe('p1');
    expect(run.partialCount).toBe(2);
    expect(leadImage(run)?.url).toBe('p1');

    run = applyImageEvent(run, completedEvent(10, 0, 200), image('f0'));
    expect(run.partial).toBeNull();
    run = applyImageEvent(run, partialEvent(0), image('p2'));
    run = applyImageEvent(run, completedEvent(0, 0, 200), image('f1'));
    run = finishRun(run, 4_500);

    expect(run.status).toBe('done');
    expect(run.finals.map((final) => final.url)).toEqual(['f0', 'f1']);
    expect(run.usage).toEqual({ textInputTokens: 10, imageInputTokens: 0, outputTokens: 400 });
    expect(run.imageUsages).toEqual([
      { textInputTokens: 10, imageInputTokens: 0, outputTokens: 200 },
      { textInputTokens: 0, imageInputTokens: 0, outputTokens: 200 },
    ]);
    const [first, second] = imageCostsInDollars(run);
    expect(first).toBeCloseTo((10 * 5 + 200 * 30) / 1e6, 10);
    expect(second).toBeCloseTo((200 * 30) / 1e6, 10);
    expect(runCostInDollars(run)).toBeCloseTo(
      costInDollars(model.pricing, { textInputTokens: 10, imageInputTokens: 0, outputTokens: 400 }),
    );
    expect(elapsedMs(run, 99_999)).toBe(3_500);
    expect(leadImage(run)?.url).toBe('f1');
  });

  it('keeps the partial already shown when cancelled, and ignores events that arrive after', () => {
    let run = applyImageEvent(started(), partialEvent(0), image('p0'));
    run = cancelRun(run, 2_000);
    expect(run.status).toBe('cancelled');
    expect(leadImage(run)?.url).toBe('p0');
    expect(applyImageEvent(run, completedEvent(1, 0, 1), image('late'))).toBe(run);
    expect(finishRun(run, 3_000)).toBe(run);
  });

  it('keeps finals and the problem when a stream fails midway', () => {
    let run = applyImageEvent(started(), completedEvent(5, 0, 50), image('f0'));
    run = failRun(run, problem, 2_500);
    expect(run.status).toBe('error');
    expect(run.error).toEqual(problem);
    expect(run.finals).toHaveLength(1);
    expect(elapsedMs(run, 10_000)).toBe(1_500);
    expect(cancelRun(run, 3_000)).toBe(run);
  });

  it('has no cost before any usage is reported and ticks elapsed time while streaming', () => {
    const run = started();
    expect(runCostInDollars(run)).toBeNull();
    expect(elapsedMs(run, 1_750)).toBe(750);
  });
});

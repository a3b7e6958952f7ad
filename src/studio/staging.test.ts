import { describe, expect, it } from 'vitest';
import { createModelRegistry, validateGenerationBody, type Problem } from '../contract/index.ts';
import type { MaskOperation } from '../state/mask.ts';
import { startRun, type Run, type Variant } from '../state/run.ts';
import { skippedNotes, stagedIndex, stagedName, stepIndex } from './staging.ts';
import { completedImageEvent, createTestStudio, pngBlob, type TestStudio } from './testing/testStudio.ts';

const checked = validateGenerationBody({ prompt: 'p', model: 'gpt-image-2' }, createModelRegistry());
if (!checked.ok) throw new Error(checked.error.body.error.message);
const request = checked.value;

const problem = (message: string): Problem => ({
  message,
  param: null,
  code: null,
  status: 0,
  requestId: null,
  retryAfter: null,
  local: false,
});

/** A run whose variants end as listed ('final' is done with its image). */
function runOf(...fates: ('final' | 'streaming' | 'error' | 'cancelled' | 'interrupted')[]): Run {
  const run = startRun(
    'run-abcdef123',
    request,
    fates.map((_, index) => `v${index + 1}`),
    0,
  );
  const variants = run.variants.map((variant, index): Variant => {
    const fate = fates[index]!;
    if (fate === 'final') {
      const final = { id: `f${index + 1}`, url: `u${index + 1}`, format: 'png' as const, size: '64x48' };
      return { ...variant, status: 'done', final };
    }
    if (fate === 'error') return { ...variant, status: 'error', error: problem('the model refused') };
    return { ...variant, status: fate };
  });
  return { ...run, variants };
}

describe('stepping through staged variants', () => {
  const run = runOf('final', 'error', 'streaming', 'cancelled', 'final');

  it.each([
    [0, 1, 2],
    [2, 1, 4],
    [4, 1, -1],
    [4, -1, 2],
    [2, -1, 0],
    [0, -1, -1],
  ] as const)('from %i by %i is %i, failed and cancelled variants skipped', (from, direction, to) => {
    expect(stepIndex(run, from, direction)).toBe(to);
  });

  it('shows the variant asked for, or the nearest after (then before) it once it cannot be shown', () => {
    expect(stagedIndex(run, null)).toBe(0);
    expect(stagedIndex(run, 'v3')).toBe(2);
    expect(stagedIndex(run, 'v2')).toBe(2);
    expect(stagedIndex(runOf('final', 'error'), 'v2')).toBe(0);
    expect(stagedIndex(runOf('error', 'cancelled'), null)).toBe(-1);
  });

  it('notes each skipped variant by its number in the run', () => {
    expect(skippedNotes(runOf('final', 'error', 'cancelled', 'interrupted'))).toEqual([
      'Variant 2 failed: the model refused',
      'Variant 3 was cancelled.',
      'Variant 4 was interrupted.',
    ]);
  });

  it('names an accepted variant after its run, numbered when there are several', () => {
    expect(stagedName(run, 4)).toBe('edit-run-abcd-5.png');
    expect(stagedName(runOf('final'), 0)).toBe('edit-run-abcd.png');
  });
});

const STROKE: MaskOperation = { kind: 'stroke', id: 'dab', points: [800, 600], size: 200, mode: 'paint' };

/** A masked edit of n = 3 on photo.png: variant 1 and 3 finish, variant 2 fails. */
async function stagedEdit(): Promise<TestStudio> {
  const test = createTestStudio();
  const { store } = test.studio;
  store.getState().draft.setMode('edit');
  test.studio.updateDraft({ prompt: 'a brass knocker', model: 'gpt-image-2.5-flare', quality: 'low', n: 3 });
  await test.studio.addFiles([{ blob: await pngBlob(1600, 1200), name: 'photo.png' }], 16);
  store.getState().mask.commit(STROKE);
  const running = test.studio.run();
  const requests = await test.received(3);
  for (const [index, request] of requests.entries()) {
    if (index === 1) {
      request.fail(new Error('upstream went away'));
      continue;
    }
    request.send(await completedImageEvent('1536x1024'));
    request.finish();
  }
  await running;
  await test.studio.settled();
  return test;
}

describe('staging an edit', () => {
  it('steps past the failed variant, and accepting makes the staged variant the source with its mask', async () => {
    const test = await stagedEdit();
    const { store } = test.studio;
    const run = store.getState().session.runs[0]!;
    const source = store.getState().board.images[0]!;
    const staging = await test.studio.staging();

    staging.stage(run.id);
    expect(store.getState().staging.staged).toEqual({
      runId: run.id,
      sourceId: source.id,
      variantId: run.variants[0]!.id,
    });
    expect(staging.step(-1)).toBe(false);
    expect(staging.step(1)).toBe(true);
    expect(store.getState().staging.staged?.variantId).toBe(run.variants[2]!.id);
    expect(staging.step(1)).toBe(false);

    expect(await staging.accept()).toBe(true);
    const first = store.getState().board.images[0]!;
    expect(first).toMatchObject({
      sourceImageId: run.variants[2]!.final!.id,
      name: stagedName(run, 2),
      width: 1600,
      height: 1200,
    });
    expect(store.getState().board.images).toHaveLength(1);
    // The mask carries over onto the composite, which has its source's size: nothing to ask.
    expect(store.getState().mask.history.operations).toEqual([STROKE]);
    expect(store.getState().mask.owner).toMatchObject({ imageId: first.id });
    expect(store.getState().staging.staged).toBeNull();
    // Nothing paid for is deleted: both results are still in the gallery.
    expect(await test.storage.listGallery()).toHaveLength(3);
    expect((await test.storage.listGallery()).filter((entry) => entry.final !== null)).toHaveLength(2);
  });

  it('is left by discarding, with the source and the results as they were', async () => {
    const test = await stagedEdit();
    const { store } = test.studio;
    const before = store.getState().board.images;
    const staging = await test.studio.staging();
    staging.stage(store.getState().session.runs[0]!.id);
    staging.leave();
    expect(store.getState().staging.staged).toBeNull();
    expect(store.getState().board.images).toBe(before);
    expect(await staging.accept()).toBe(false);
    expect((await test.storage.listGallery()).filter((entry) => entry.final !== null)).toHaveLength(2);
  });

  it('ends once the source changes under it', async () => {
    const test = await stagedEdit();
    const { store } = test.studio;
    const staging = await test.studio.staging();
    staging.stage(store.getState().session.runs[0]!.id);
    await test.studio.addFiles([{ blob: await pngBlob(800, 600), name: 'other.png' }], 16);
    store.getState().board.move(1, 0);
    expect(staging.step(1)).toBe(false);
    expect(await staging.accept()).toBe(false);
  });
});

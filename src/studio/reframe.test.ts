/**
 * Reframing through the whole studio (worker jobs from image headers, see testing/testStudio.ts): one
 * masked edit per target at its valid size, one after another, the board given back as it was.
 */
import { describe, expect, it } from 'vitest';
import { GPT_IMAGE_2_SIZE_RULE, estimateRequestCost, formatSize, sizeViolation } from '../contract/index.ts';
import { BOARD_MAX_PIXELS } from '../state/board.ts';
import { batchDollars, planReframe, REFRAME_PRESETS, type ReframeTarget } from '../state/outpaint.ts';
import { draftModel, reframeCostRequest, type ReframeProgress } from './reframe.ts';
import { completedImageEvent, createTestStudio, pngBlob } from './testing/testStudio.ts';

const presetOf = (id: string) => REFRAME_PRESETS.find((target) => target.id === id)!;
const story = presetOf('story');
const square = presetOf('square');
const threeByTwo: ReframeTarget = { id: 'custom-1500x1000', label: '1500 × 1000', width: 1500, height: 1000 };

async function reframeTest() {
  const test = createTestStudio();
  const { store } = test.studio;
  store.getState().draft.setMode('edit');
  test.studio.updateDraft({
    prompt: 'more of the beach',
    model: 'gpt-image-2.5-flare',
    quality: 'low',
    n: 1,
  });
  await test.studio.addFiles([{ blob: await pngBlob(1200, 800), name: 'beach.png' }], 16);
  const master = store.getState().board.images[0]!;
  const progress: (readonly ReframeProgress[])[] = [];
  const running = test.studio.reframe([story, threeByTwo, square], (now) => progress.push(now));
  return { test, master, progress, running };
}

const header = async (blob: Blob) => {
  const { outputImageSize } = await import('../contract/index.ts');
  return outputImageSize(new Uint8Array(await blob.arrayBuffer()));
};

describe('planReframe', () => {
  it.each([
    [story, { width: 1200, height: 2133 }, { left: 0, top: 666 }],
    [square, { width: 1200, height: 1200 }, { left: 0, top: 200 }],
    [presetOf('banner'), { width: 2400, height: 800 }, { left: 600, top: 0 }],
  ])(
    'extends a 1200 × 800 master to %o on a centred canvas, asking for a valid size of its shape',
    (target, canvas, at) => {
      const plan = planReframe({ width: 1200, height: 800 }, target, GPT_IMAGE_2_SIZE_RULE, BOARD_MAX_PIXELS);
      if (plan.kind !== 'extend') throw new Error(plan.kind);
      expect(plan.canvas).toEqual(canvas);
      expect(plan.original).toEqual({ ...at, width: 1200, height: 800 });
      expect(sizeViolation(GPT_IMAGE_2_SIZE_RULE, formatSize(plan.size))).toBeNull();
      const shape = (size: { width: number; height: number }) => size.width / size.height;
      expect(Math.abs(Math.log(shape(plan.size) / shape(canvas)))).toBeLessThan(0.02);
    },
  );

  it('needs no model call for the shape the master has, and refuses a canvas over the board limit', () => {
    expect(
      planReframe({ width: 1200, height: 800 }, threeByTwo, GPT_IMAGE_2_SIZE_RULE, BOARD_MAX_PIXELS).kind,
    ).toBe('same-shape');
    expect(
      planReframe({ width: 8000, height: 800 }, square, GPT_IMAGE_2_SIZE_RULE, BOARD_MAX_PIXELS).kind,
    ).toBe('too-large');
  });
});

describe('the batch cost', () => {
  it('sums each target’s range, and is unknown when one target is', () => {
    expect(
      batchDollars([{ dollars: { low: 0.01, high: 0.02 } }, { dollars: { low: 0.03, high: 0.05 } }]),
    ).toEqual({
      low: 0.04,
      high: 0.07,
    });
    expect(batchDollars([{ dollars: { low: 0.01, high: 0.02 } }, { dollars: null }])).toBeNull();
    expect(batchDollars([])).toEqual({ low: 0, high: 0 });
  });

  it('prices each target at its valid size, reading the canvas as it is sent', async () => {
    const test = createTestStudio();
    await test.studio.addFiles([{ blob: await pngBlob(1200, 800), name: 'beach.png' }], 16);
    const state = test.studio.store.getState();
    const model = draftModel(state)!;
    const plan = planReframe(state.board.images[0]!, story, model.sizeRule, BOARD_MAX_PIXELS);
    if (plan.kind !== 'extend') throw new Error(plan.kind);
    const request = reframeCostRequest(state.draft.draft, [{ width: 800, height: 600 }], plan);
    expect(request.size).toBe(formatSize(plan.size));
    expect(request.referenceImages).toEqual([plan.canvas, { width: 800, height: 600 }]);
    expect(estimateRequestCost(model, request).size).toEqual(plan.size);
  });
});

describe('a reframe batch', () => {
  it('sends one masked edit per target in turn, skips the master’s own shape and gives the board back', async () => {
    const { test, master, progress, running } = await reframeTest();
    const { store } = test.studio;
    const [first] = await test.received(1);
    if (first!.kind !== 'edit') throw new Error('not an edit');
    const storySize = first!.upload.fields.size!;
    expect(sizeViolation(GPT_IMAGE_2_SIZE_RULE, storySize)).toBeNull();
    expect(await header(first!.upload.images[0]!.blob)).toEqual({ width: 1200, height: 2133 });
    expect(first!.upload.mask).not.toBeNull();
    // Only the call asks for the target's size: the draft keeps the designer's.
    expect(store.getState().draft.draft.size).toBe('auto');
    expect(store.getState().board.images[0]).toMatchObject({ width: 1200, height: 2133 });
    expect(progress.at(-1)!.map((item) => item.status)).toEqual(['running', 'skipped', 'waiting']);
    expect(progress.at(-1)![0]!.runId).toBe(store.getState().session.runs[0]!.id);
    first!.send(await completedImageEvent(storySize));
    first!.finish();

    const [, second] = await test.received(2);
    if (second!.kind !== 'edit') throw new Error('not an edit');
    expect(await header(second!.upload.images[0]!.blob)).toEqual({ width: 1200, height: 1200 });
    second!.send(await completedImageEvent(second!.upload.fields.size!));
    second!.finish();
    await running;
    await test.studio.settled();

    expect(progress.at(-1)!.map((item) => item.status)).toEqual(['done', 'skipped', 'done']);
    expect(progress.at(-1)![1]!.message).toMatch(/already has this shape/);
    const finals = (await test.storage.listGallery()).map((entry) => [
      entry.final!.width,
      entry.final!.height,
    ]);
    expect(finals.sort()).toEqual([
      [1200, 1200],
      [1200, 2133],
    ]);
    // The master is first again, with the (blank) mask it had.
    const now = store.getState();
    expect(now.board.images).toHaveLength(1);
    expect(now.board.images[0]).toMatchObject({ id: master.id, width: 1200, height: 800 });
    expect(now.mask.history.operations).toEqual([]);
    expect(now.mask.owner?.imageId).toBe(master.id);
    expect(now.inpaint.settings.region).toBe('auto');
  });

  it('stops at the studio’s cancel: the run under way and the rest of the batch', async () => {
    const { test, master, progress, running } = await reframeTest();
    await test.received(1);
    test.studio.cancel();
    await running;
    expect(test.requests).toHaveLength(1);
    expect(progress.at(-1)!.map((item) => item.status)).toEqual(['cancelled', 'skipped', 'cancelled']);
    expect(test.studio.store.getState().board.images[0]!.id).toBe(master.id);
  });

  it('keeps a painted mask on the master through the batch', async () => {
    const { test, master, running } = await (async () => {
      const test = createTestStudio();
      const { store } = test.studio;
      store.getState().draft.setMode('edit');
      test.studio.updateDraft({ prompt: 'wider', model: 'gpt-image-2.5-flare', quality: 'low', n: 1 });
      await test.studio.addFiles([{ blob: await pngBlob(1200, 800), name: 'beach.png' }], 16);
      store
        .getState()
        .mask.commit({ kind: 'stroke', id: 'dab', points: [600, 400], size: 80, mode: 'paint' });
      return {
        test,
        master: store.getState().board.images[0]!,
        running: test.studio.reframe([square], () => undefined),
      };
    })();
    const [request] = await test.received(1);
    request!.send(await completedImageEvent(request!.kind === 'edit' ? request!.upload.fields.size! : ''));
    request!.finish();
    await running;
    const { board, mask } = test.studio.store.getState();
    expect(board.images[0]!.id).toBe(master.id);
    expect(mask.owner?.imageId).toBe(master.id);
    expect(mask.history.operations.map((operation) => operation.id)).toEqual(['dab']);
  });
});

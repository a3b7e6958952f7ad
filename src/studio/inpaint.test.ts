/**
 * A masked edit through the whole studio (worker jobs from image headers, see testing/testStudio.ts): what
 * is sent for the plan, and what is stored once the output is pasted back.
 */
import { describe, expect, it } from 'vitest';
import {
  GPT_IMAGE_2_SIZE_RULE,
  MAX_INPUT_IMAGE_PIXELS,
  outputImageSize,
  parseSize,
  sizeViolation,
} from '../contract/index.ts';
import type { ColourMatch } from '../editor/inpaint/colourMatch.ts';
import type { HeldRequest } from './testing/fakeTransport.ts';
import { DEFAULT_INPAINT_SETTINGS } from '../state/inpaint.ts';
import type { MaskOperation } from '../state/mask.ts';
import { sendPlanFor } from './inpaint.ts';
import {
  completedImageEvent,
  createTestStudio,
  headerEditPixels,
  photoInEditMode,
  pngBlob,
  type TestStudio,
} from './testing/testStudio.ts';

const dab = (x: number, y: number, size: number): MaskOperation => ({
  kind: 'stroke',
  id: `dab-${x}-${y}`,
  points: [x, y],
  size,
  mode: 'paint',
});

async function editOf(test: TestStudio, source: { width: number; height: number }, mask: MaskOperation) {
  await photoInEditMode(test, source);
  test.studio.store.getState().mask.commit(mask);
  const running = test.studio.run();
  const [request] = await test.received(1);
  if (request!.kind !== 'edit') throw new Error(`expected an edit, got ${request!.kind}`);
  return { request, running };
}

describe('sendPlanFor', () => {
  const photo = { width: 6000, height: 4000 };

  it('sends a region around a small mask on a photo larger than one output', () => {
    const plan = sendPlanFor(
      photo,
      [dab(3000, 2000, 400)],
      DEFAULT_INPAINT_SETTINGS,
      GPT_IMAGE_2_SIZE_RULE,
      'auto',
    );
    expect(plan.kind).toBe('region');
    expect(sizeViolation(GPT_IMAGE_2_SIZE_RULE, `${plan.sent.width}x${plan.sent.height}`)).toBeNull();
  });

  it('sends the whole photo when asked to, or when the mask covers most of it', () => {
    const never = { ...DEFAULT_INPAINT_SETTINGS, region: 'never' as const };
    expect(sendPlanFor(photo, [dab(3000, 2000, 400)], never, GPT_IMAGE_2_SIZE_RULE, 'auto').kind).toBe(
      'whole',
    );
    const most: MaskOperation = { kind: 'fill-all', id: 'all' };
    expect(sendPlanFor(photo, [most], DEFAULT_INPAINT_SETTINGS, GPT_IMAGE_2_SIZE_RULE, 'auto').kind).toBe(
      'whole',
    );
  });

  it('sends a photo within one output whole, as it is', () => {
    const small = { width: 2000, height: 1500 };
    const plan = sendPlanFor(
      small,
      [dab(100, 100, 50)],
      DEFAULT_INPAINT_SETTINGS,
      GPT_IMAGE_2_SIZE_RULE,
      '1536x1152',
    );
    expect(plan).toEqual({ kind: 'whole', box: { left: 0, top: 0, ...small }, sent: small });
  });

  it('scales a photo it must scale down straight to the size asked for, when that has its shape', () => {
    const whole = { ...DEFAULT_INPAINT_SETTINGS, region: 'never' as const };
    const at = (size: string) =>
      sendPlanFor(photo, [dab(3000, 2000, 400)], whole, GPT_IMAGE_2_SIZE_RULE, size).sent;
    // 3520x2352 is 3:2 to within 0.2%: the model answers on the grid it was given.
    expect(at('3520x2352')).toEqual({ width: 3520, height: 2352 });
    // Auto, another shape, or a size larger than the input limit keep the exact-ratio scaling.
    const exact = at('auto');
    expect(exact.width / exact.height).toBeCloseTo(1.5, 3);
    expect(at('2048x2048')).toEqual(exact);
    expect(at('1024x1536')).toEqual(exact);
  });
});

describe('a masked edit', () => {
  it('of a region sends the crop at a valid size with its mask, and asks for exactly that size', async () => {
    const test = createTestStudio();
    const { request, running } = await editOf(test, { width: 6000, height: 4000 }, dab(4500, 1000, 300));
    if (request!.kind !== 'edit') throw new Error('not an edit');
    const size = request!.upload.fields.size!;
    expect(sizeViolation(GPT_IMAGE_2_SIZE_RULE, size)).toBeNull();
    const sent = parseSize(size)!;
    const [first] = request!.upload.images;
    const header = async (blob: Blob) => outputImageSize(new Uint8Array(await blob.arrayBuffer()));
    expect(await header(first!.blob)).toEqual(sent);
    expect(await header(request!.upload.mask!.blob)).toEqual(sent);
    request!.send(await completedImageEvent(size));
    request!.finish();
    await running;
    await test.studio.settled();

    const [entry] = await test.storage.listGallery();
    expect(entry!.variant.inpaint).toMatchObject({
      kind: 'region',
      sent,
      source: { width: 6000, height: 4000 },
      driftShare: 0.25,
      notComposited: null,
    });
    // The final is the composite at the source's own size; the model's output and the drift map beside it.
    expect(entry!.final).toMatchObject({ role: 'final', format: 'png', width: 6000, height: 4000 });
    const raw = await test.storage.variantImage(entry!.variant.id, 'raw');
    expect(raw).toMatchObject({ role: 'raw', width: sent.width, height: sent.height });
    expect(await test.storage.variantImage(entry!.variant.id, 'drift')).not.toBeNull();
    // The lineage keeps the original at full size and the whole mask.
    const mask = await test.storage.getImage(entry!.variant.maskImageId!);
    expect(mask).toMatchObject({ width: 6000, height: 4000 });
    const input = await test.storage.getImage(entry!.variant.inputImageIds[0]!);
    expect(input).toMatchObject({ width: 6000, height: 4000 });
    // What is shown is what is stored.
    const [variant] = test.studio.store.getState().session.runs[0]!.variants;
    expect(variant!.final).toMatchObject({ id: entry!.final!.id, size: '6000x4000' });
  });

  it('keeps the output as the model made it when pasting back is off, and says so', async () => {
    const test = createTestStudio();
    test.studio.store.getState().inpaint.change({ composite: false });
    const { request, running } = await editOf(test, { width: 1600, height: 1200 }, dab(800, 600, 200));
    request!.send(await completedImageEvent('1536x1024'));
    request!.finish();
    await running;
    await test.studio.settled();
    const [entry] = await test.storage.listGallery();
    expect(entry!.final).toMatchObject({ width: 1536, height: 1024 });
    expect(entry!.variant.inpaint?.notComposited).toMatch(/off/);
    expect(await test.storage.variantImage(entry!.variant.id, 'raw')).toBeNull();
  });

  it('asks the worker for a colour match only while pasting back, and records what it applied', async () => {
    const pixels = headerEditPixels();
    const asked: boolean[] = [];
    const applied: ColourMatch = {
      kind: 'applied',
      offset: [-12, 0, 1.5],
      gain: [1, 1, 1.111],
      measuredPixels: 4096,
    };
    const test = createTestStudio(undefined, {
      editPixels: {
        ...pixels,
        prepare: (job) => {
          asked.push(job.colourMatch);
          return pixels.prepare(job);
        },
        composite: async (job) => {
          const outcome = await pixels.composite(job);
          return outcome.ok ? { ...outcome, colourMatch: applied } : outcome;
        },
      },
    });
    /** Answers the held edit request with a finished output and waits for the studio to store it. */
    const answer = async (request: HeldRequest, running: Promise<unknown>) => {
      request.send(await completedImageEvent('1536x1024'));
      request.finish();
      await running;
      await test.studio.settled();
    };
    test.studio.store.getState().inpaint.change({ colourMatch: true });
    const { request, running } = await editOf(test, { width: 1600, height: 1200 }, dab(800, 600, 200));
    await answer(request!, running);
    const [entry] = await test.storage.listGallery();
    expect(entry!.variant.inpaint).toMatchObject({ notComposited: null, colourMatch: applied });

    // With pasting back off there is nothing to match: the worker is not asked, and the record says none.
    test.studio.store.getState().inpaint.change({ composite: false });
    const second = test.studio.run();
    const [, again] = await test.received(2);
    await answer(again!, second);
    expect(asked).toEqual([true, false]);
    const latest = (await test.storage.listGallery()).find((item) => item.variant.id !== entry!.variant.id);
    expect(latest!.variant.inpaint).toMatchObject({ colourMatch: null });
  });

  it('keeps the output as its result when pasting back fails, with the reason', async () => {
    const pixels = headerEditPixels();
    const test = createTestStudio(undefined, {
      editPixels: { ...pixels, composite: () => Promise.reject(new Error('out of memory')) },
    });
    const { request, running } = await editOf(test, { width: 1600, height: 1200 }, dab(800, 600, 200));
    request!.send(await completedImageEvent('1536x1024'));
    request!.finish();
    await running;
    await test.studio.settled();
    const [entry] = await test.storage.listGallery();
    expect(entry!.variant.status).toBe('done');
    expect(entry!.final).toMatchObject({ width: 1536, height: 1024 });
    expect(entry!.variant.inpaint?.notComposited).toMatch(/could not be pasted back.*out of memory/);
    expect(await test.storage.variantImage(entry!.variant.id, 'drift')).toBeNull();
  });
});

describe('an edit without a mask', () => {
  it('sends images over the input limit scaled to it, in board order, and the originals to the lineage', async () => {
    const test = createTestStudio();
    const { store } = test.studio;
    store.getState().draft.setMode('edit');
    test.studio.updateDraft({ prompt: 'warmer light', model: 'gpt-image-2.5-flare', quality: 'low', n: 1 });
    await test.studio.addFiles(
      [
        { blob: await pngBlob(6000, 4000), name: 'photo.png' },
        { blob: await pngBlob(800, 600), name: 'small.png' },
        { blob: await pngBlob(4000, 4000), name: 'square.png' },
      ],
      16,
    );
    const running = test.studio.run();
    const [request] = await test.received(1);
    if (request!.kind !== 'edit') throw new Error('not an edit');
    const sizes = await Promise.all(
      request!.upload.images.map(async ({ blob }) =>
        outputImageSize(new Uint8Array(await blob.arrayBuffer())),
      ),
    );
    expect(sizes).toEqual([
      { width: 3527, height: 2351 },
      { width: 800, height: 600 },
      { width: 2880, height: 2880 },
    ]);
    expect(sizes.every((size) => size!.width * size!.height <= MAX_INPUT_IMAGE_PIXELS)).toBe(true);
    expect(request!.upload.mask).toBeNull();
    request!.send(await completedImageEvent('1536x1024'));
    request!.finish();
    await running;
    await test.studio.settled();
    const [entry] = await test.storage.listGallery();
    const inputs = await Promise.all(entry!.variant.inputImageIds.map((id) => test.storage.getImage(id)));
    expect(inputs.map((input) => input && [input.width, input.height])).toEqual([
      [6000, 4000],
      [800, 600],
      [4000, 4000],
    ]);
    // Without a mask there is nothing to paste back through: the model's output is the result.
    expect(entry!.variant.inpaint ?? null).toBeNull();
    expect(entry!.final).toMatchObject({ width: 1536, height: 1024 });
  });
});

describe('the inpainting settings', () => {
  it('come back after a reload, and what was saved in another shape falls back to the defaults', async () => {
    const before = createTestStudio();
    const stop = await before.studio.start();
    before.studio.store.getState().inpaint.change({ featherPx: 12, growPx: -3, region: 'always' });
    before.studio.store.getState().inpaint.change({ regionPaddingPx: 5_000 });
    // IndexedDB runs transactions on one store in the order they were made, so this read follows the writes.
    expect(await before.storage.loadSetting('inpaint')).toMatchObject({ regionPaddingPx: 1024 });
    stop();
    const after = createTestStudio(before);
    await after.studio.start();
    expect(after.studio.store.getState().inpaint.settings).toEqual({
      ...DEFAULT_INPAINT_SETTINGS,
      featherPx: 12,
      growPx: -3,
      region: 'always',
      regionPaddingPx: 1024,
    });

    await after.storage.saveSetting('inpaint', { featherPx: 'wide', region: 'sometimes', composite: false });
    const third = createTestStudio(after);
    await third.studio.start();
    expect(third.studio.store.getState().inpaint.settings).toEqual({
      ...DEFAULT_INPAINT_SETTINGS,
      composite: false,
    });
  });
});

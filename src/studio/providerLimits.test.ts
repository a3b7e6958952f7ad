/**
 * What a provider's model cannot take, through the whole studio: a mask for a model without masks is kept
 * on the canvas but not sent, with the contract's reason; a board fuller than the model takes is refused
 * before anything is uploaded.
 */
import { describe, expect, it } from 'vitest';
import { whyNoMask, type ConfiguredModel } from '../contract/index.ts';
import { latestNotice } from '../state/noticesSlice.ts';
import {
  completedImageEvent,
  createTestStudio,
  photoInEditMode,
  pngBlob,
  testConfig,
  type TestStudio,
} from './testing/testStudio.ts';

const MODEL = 'gpt-image-2.5-flare';

/** The test relay with the draft's model narrowed as a provider's entry may narrow it. */
function withModel(test: TestStudio, patch: Partial<ConfiguredModel>): ConfiguredModel {
  const config = testConfig();
  const models = config.models.map((model) => (model.id === MODEL ? { ...model, ...patch } : model));
  test.studio.configure({ ...config, models });
  return models.find((model) => model.id === MODEL)!;
}

describe('an edit for a model that takes no mask', () => {
  it('sends the images without the mask painted, keeps the mask, and says why', async () => {
    const test = createTestStudio();
    const model = withModel(test, { supportsMask: false });
    await photoInEditMode(test, { width: 640, height: 480 });
    const { mask } = test.studio.store.getState();
    mask.commit({ kind: 'fill-all', id: 'fill' });
    const painted = test.studio.store.getState().mask.history;

    const running = test.studio.run();
    const [request] = await test.received(1);
    if (request!.kind !== 'edit') throw new Error(`expected an edit, got ${request!.kind}`);
    expect(request!.upload.mask).toBeNull();
    expect(request!.upload.images.map((image) => image.filename)).toEqual(['photo.png']);
    request!.send(await completedImageEvent('1536x1024'));
    request!.finish();
    await running;
    await test.studio.settled();

    const state = test.studio.store.getState();
    expect(state.mask.history).toBe(painted);
    const reason = whyNoMask(model)!;
    expect(reason).toMatch(/takes no mask/);
    expect(latestNotice(state.notices.notices, 'draft')?.text).toBe(
      `${reason} The mask you painted stays on the canvas, unsent.`,
    );
    // Stored as the unmasked edit it was: no mask in its lineage, nothing pasted back.
    const [entry] = await test.storage.listGallery();
    expect(entry!.variant).toMatchObject({ kind: 'edit', maskImageId: null });
    expect(entry!.variant.inpaint ?? null).toBeNull();
  });

  it('says nothing of a mask when none was painted', async () => {
    const test = createTestStudio();
    withModel(test, { supportsMask: false });
    await photoInEditMode(test, { width: 640, height: 480 });
    const running = test.studio.run();
    const [request] = await test.received(1);
    request!.fail(new Error('not needed here'));
    await running;
    expect(latestNotice(test.studio.store.getState().notices.notices, 'draft')).toBeNull();
  });
});

describe('a board fuller than the model takes', () => {
  it('is refused before anything is sent, saying how many to remove', async () => {
    const test = createTestStudio();
    withModel(test, { maxReferenceImages: 2 });
    await photoInEditMode(test, { width: 64, height: 64 });
    const more = await Promise.all(
      ['b.png', 'c.png'].map(async (name) => ({ blob: await pngBlob(8, 8), name })),
    );
    await test.studio.addFiles(more, 16);
    await test.studio.run();
    expect(test.requests).toHaveLength(0);
    expect(test.studio.store.getState().session.problem).toMatchObject({
      param: 'image',
      message:
        'The board has 3 images and GPT Image 2.5 Flare takes at most 2: remove 1 from the board, or pick another model.',
    });
  });
});

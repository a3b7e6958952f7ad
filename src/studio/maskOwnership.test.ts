import { resolveObjectURL } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import type { MaskOperation } from '../state/mask.ts';
import { openMaskQuestion } from './maskOwnership.ts';
import { completedImageEvent, createTestStudio, pngBlob, type TestStudio } from './testing/testStudio.ts';

const STROKE: MaskOperation = {
  kind: 'stroke',
  id: 'stroke',
  points: [10, 10, 40, 30],
  size: 12,
  mode: 'paint',
};
const LIMIT = 16;

const state = (test: TestStudio) => test.studio.store.getState();
const boardNames = (test: TestStudio) => state(test).board.images.map((image) => image.name);
const question = (test: TestStudio) => openMaskQuestion(state(test));
/** Whether the board still holds the image's object URL (a released one no longer resolves). */
const alive = (url: string) => resolveObjectURL(url) !== undefined;

/** A studio in edit mode with these images (name, width, height) on the board, in order. */
async function boardOf(images: [string, number, number][], test = createTestStudio()) {
  // Each mode keeps a prompt of its own: the mode first, then its prompt.
  state(test).draft.setMode('edit');
  test.studio.updateDraft({ prompt: 'a brass compass rose', model: 'gpt-image-2.5-flare', quality: 'low' });
  const files = await Promise.all(
    images.map(async ([name, width, height]) => ({ blob: await pngBlob(width, height), name })),
  );
  await test.studio.addFiles(files, LIMIT);
  return test;
}

async function paintedBoard(images: [string, number, number][]) {
  const test = await boardOf(images);
  state(test).mask.commit(STROKE);
  return test;
}

/** One finished generation, stored: what "Edit this" and "Branch from here" start from. */
async function storedFinal(test: TestStudio) {
  state(test).draft.setMode('generate');
  test.studio.updateDraft({ prompt: 'a paper lantern' });
  const sent = test.requests.length;
  const running = test.studio.generate();
  const requests = await test.received(sent + 1);
  requests.at(-1)!.send(await completedImageEvent('1024x1024'));
  requests.at(-1)!.finish();
  await running;
  await test.studio.settled();
  state(test).draft.setMode('edit');
  const [entry] = await test.storage.listGallery();
  return entry!;
}

describe('a blank mask', () => {
  it('belongs to whatever image is first, and follows it without asking', async () => {
    const test = await boardOf([
      ['target.png', 64, 48],
      ['other.png', 32, 32],
    ]);
    expect(state(test).mask.owner).toMatchObject({ imageId: state(test).board.images[0]!.id, width: 64 });
    state(test).board.move(1, 0);
    expect(question(test)).toBeNull();
    expect(state(test).mask.owner).toMatchObject({ name: 'other.png', width: 32, height: 32 });
  });
});

describe('a painted mask whose image stops being first', () => {
  it('after a reorder, is kept on its image, which goes back first, and is exported at its size', async () => {
    const test = await paintedBoard([
      ['target.png', 64, 48],
      ['other.png', 32, 32],
    ]);
    state(test).board.move(0, 1);
    expect(question(test)).toMatchObject({
      owner: { name: 'target.png' },
      ownerPlace: 'board',
      first: { name: 'other.png' },
      canCarryOver: false,
    });
    // Carrying over onto another size is refused: a mask is never stretched.
    test.studio.carryMaskOver();
    expect(state(test).mask.owner).toMatchObject({ name: 'target.png' });

    test.studio.keepMaskOnItsImage(LIMIT);
    expect(question(test)).toBeNull();
    expect(boardNames(test)).toEqual(['target.png', 'other.png']);
    expect(state(test).mask.history.operations).toEqual([STROKE]);
    const running = test.studio.edit();
    const [request] = await test.received(1);
    if (request!.kind !== 'edit') throw new Error('expected an edit');
    expect(request!.upload.images[0]!.filename).toBe('target.png');
    expect(request!.upload.mask).not.toBeNull();
    test.studio.cancel();
    await running;
    const [entry] = await test.storage.listGallery();
    expect(await test.storage.getImage(entry!.variant.maskImageId!)).toMatchObject({ width: 64, height: 48 });
  });

  it('is not sent with another image while the question is open', async () => {
    const test = await paintedBoard([
      ['target.png', 64, 48],
      ['other.png', 64, 48],
    ]);
    state(test).board.move(0, 1);
    await test.studio.edit();
    expect(test.requests).toHaveLength(0);
    expect(state(test).session.problem).toMatchObject({ param: 'mask', local: true });
    expect(state(test).session.problem?.message).toMatch(/painted on 'target\.png', not on 'other\.png'/);
  });

  it('carries over, unchanged, onto an image of the same size', async () => {
    const test = await paintedBoard([
      ['target.png', 64, 48],
      ['twin.png', 64, 48],
    ]);
    state(test).board.move(1, 0);
    expect(question(test)).toMatchObject({ canCarryOver: true });
    test.studio.carryMaskOver();
    expect(question(test)).toBeNull();
    expect(state(test).mask.owner).toMatchObject({ name: 'twin.png' });
    expect(state(test).mask.history.operations).toEqual([STROKE]);
    expect(boardNames(test)).toEqual(['twin.png', 'target.png']);
  });

  it('is discarded on request, and the first image gets a blank one', async () => {
    const test = await paintedBoard([
      ['target.png', 64, 48],
      ['other.png', 32, 32],
    ]);
    state(test).board.move(1, 0);
    test.studio.discardMask();
    expect(question(test)).toBeNull();
    expect(state(test).mask.history.operations).toEqual([]);
    expect(state(test).mask.owner).toMatchObject({ name: 'other.png' });
  });

  it('when its image is removed, keeps the image aside to bring back; discarding releases it', async () => {
    const test = await paintedBoard([
      ['target.png', 64, 48],
      ['other.png', 32, 32],
    ]);
    const target = state(test).board.images[0]!;
    state(test).board.remove(target.id);
    expect(question(test)).toMatchObject({ ownerPlace: 'set-aside', first: { name: 'other.png' } });
    expect(alive(target.url)).toBe(true);
    test.studio.keepMaskOnItsImage(LIMIT);
    expect(boardNames(test)).toEqual(['target.png', 'other.png']);
    expect(state(test).board.setAside).toBeNull();

    state(test).board.remove(target.id);
    test.studio.discardMask();
    expect(state(test).board.setAside).toBeNull();
    expect(alive(target.url)).toBe(false);
    expect(boardNames(test)).toEqual(['other.png']);
  });

  it('when the only image is removed, still asks, with an empty board', async () => {
    const test = await paintedBoard([['target.png', 64, 48]]);
    state(test).board.remove(state(test).board.images[0]!.id);
    expect(question(test)).toMatchObject({ ownerPlace: 'set-aside', first: null, canCarryOver: false });
    test.studio.keepMaskOnItsImage(LIMIT);
    expect(boardNames(test)).toEqual(['target.png']);
  });

  it('after "Edit this", asks; kept, the stored image waits second', async () => {
    const test = await paintedBoard([['target.png', 64, 48]]);
    const entry = await storedFinal(test);
    const final = entry.final!;
    test.studio.editStoredImage(final, entry.variant);
    expect(question(test)).toMatchObject({ ownerPlace: 'board', first: { sourceImageId: final.id } });
    test.studio.keepMaskOnItsImage(LIMIT);
    expect(state(test).board.images.map((image) => image.sourceImageId ?? image.name)).toEqual([
      'target.png',
      final.id,
    ]);
  });

  it('after "Branch from here" replaced its image, can bring that image back', async () => {
    const test = await paintedBoard([
      ['target.png', 64, 48],
      ['reference.png', 32, 32],
    ]);
    const final = (await storedFinal(test)).final!;
    test.studio.branchFrom(final);
    expect(question(test)).toMatchObject({ ownerPlace: 'set-aside', canCarryOver: false });
    test.studio.keepMaskOnItsImage(LIMIT);
    expect(state(test).board.images.map((image) => image.sourceImageId ?? image.name)).toEqual([
      'target.png',
      final.id,
      'reference.png',
    ]);
  });
});

describe('"Use as source"', () => {
  async function asSource(sourceSize: [number, number], resultSize: [number, number], keepMask: boolean) {
    const test = await paintedBoard([['target.png', ...sourceSize]]);
    const source = state(test).board.images[0]!;
    const result = await pngBlob(...resultSize, 200);
    const url = URL.createObjectURL(result);
    await test.studio.takeAsSource({ id: 'result-1', url, name: 'edit-1.png' }, keepMask);
    return { test, source };
  }

  it('with "Keep the mask", carries it onto a result of its source’s size without asking', async () => {
    const { test, source } = await asSource([64, 48], [64, 48], true);
    expect(question(test)).toBeNull();
    expect(state(test).mask.owner).toMatchObject({ name: 'edit-1.png' });
    expect(state(test).mask.history.operations).toEqual([STROKE]);
    expect(alive(source.url)).toBe(false);
  });

  it('with "Keep the mask", asks when the result has another size, rather than stretch it', async () => {
    const { test } = await asSource([64, 48], [96, 48], true);
    expect(question(test)).toMatchObject({ ownerPlace: 'set-aside', canCarryOver: false });
    test.studio.keepMaskOnItsImage(LIMIT);
    expect(boardNames(test)).toEqual(['target.png', 'edit-1.png']);
  });

  it('without it, starts the result with a blank mask', async () => {
    const { test, source } = await asSource([64, 48], [64, 48], false);
    expect(question(test)).toBeNull();
    expect(state(test).mask.history.operations).toEqual([]);
    expect(state(test).mask.owner).toMatchObject({ name: 'edit-1.png' });
    expect(alive(source.url)).toBe(false);
  });
});

describe('a restored draft', () => {
  it('keeps the mask with its image across a reload, and asks when that image is not first', async () => {
    const before = await paintedBoard([
      ['target.png', 64, 48],
      ['other.png', 32, 32],
    ]);
    const stop = await before.studio.start();
    // Saved while the question was open: the mask's image is second.
    state(before).board.move(0, 1);
    stop();
    await before.studio.settled();

    const after = createTestStudio(before);
    await after.studio.start();
    expect(boardNames(after)).toEqual(['other.png', 'target.png']);
    expect(question(after)).toMatchObject({ owner: { name: 'target.png' }, ownerPlace: 'board' });
    after.studio.keepMaskOnItsImage(LIMIT);
    expect(boardNames(after)).toEqual(['target.png', 'other.png']);
    expect(state(after).mask.history.operations).toEqual([STROKE]);
  });

  it('whose mask image was set aside when the page went, offers only what needs no image', async () => {
    const before = await paintedBoard([
      ['target.png', 64, 48],
      ['twin.png', 64, 48],
    ]);
    const stop = await before.studio.start();
    state(before).board.remove(state(before).board.images[0]!.id);
    stop();
    await before.studio.settled();

    const after = createTestStudio(before);
    await after.studio.start();
    expect(question(after)).toMatchObject({ ownerPlace: 'gone', canCarryOver: true });
    after.studio.carryMaskOver();
    expect(state(after).mask.owner).toMatchObject({ name: 'twin.png' });
  });

  it('saved before masks had owners, gives the mask to the first image', async () => {
    const test = createTestStudio();
    await test.storage.saveDraft({
      key: 'current',
      mode: 'edit',
      params: {},
      board: [
        {
          id: 'old-first',
          name: 'old.png',
          blob: await pngBlob(64, 48),
          width: 64,
          height: 48,
          notice: null,
          sourceImageId: null,
        },
      ],
      mask: { operations: [STROKE], undone: [], natural: { width: 64, height: 48 } },
      savedAt: 1,
    });
    await test.studio.start();
    expect(state(test).mask.owner).toEqual({ imageId: 'old-first', name: 'old.png', width: 64, height: 48 });
    expect(question(test)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { RelayError } from '../api/relayError.ts';
import { latestNotice } from '../state/noticesSlice.ts';
import { runFinals, runStatus, type Run } from '../state/run.ts';
import {
  completedImageEvent,
  createTestStudio,
  partialImageEvent,
  pngBlob,
  type TestStudio,
} from './testing/testStudio.ts';

const PROMPT = 'a paper lantern over a night river';

function draftFor(test: TestStudio, patch: Parameters<TestStudio['studio']['updateDraft']>[0]) {
  test.studio.updateDraft({ prompt: PROMPT, model: 'gpt-image-2.5-flare', quality: 'low', ...patch });
}

const onlyRun = (test: TestStudio): Run => {
  const runs = test.studio.store.getState().session.runs;
  expect(runs).toHaveLength(1);
  return runs[0]!;
};

describe('generate', () => {
  it('fans a run of n out into n single-image streams, shows each image and stores it', async () => {
    const test = createTestStudio();
    draftFor(test, { n: 2, partial_images: 1 });
    const running = test.studio.generate();
    const requests = await test.received(2);
    expect(requests.map((request) => request.kind === 'generation' && request.body.n)).toEqual([1, 1]);
    expect(requests.map((request) => request.options.variantIndex)).toEqual([0, 1]);

    for (const request of requests) request.send(await partialImageEvent(0));
    expect(onlyRun(test).variants.map((variant) => variant.partialCount)).toEqual([1, 1]);
    for (const request of requests) {
      request.send(await completedImageEvent());
      request.finish();
    }
    await running;
    await test.studio.settled();

    const run = onlyRun(test);
    expect(runStatus(run)).toBe('done');
    expect(runFinals(run)).toHaveLength(2);
    const stored = await test.storage.listGallery();
    expect(stored.map((entry) => entry.variant.status)).toEqual(['done', 'done']);
    expect(new Set(stored.map((entry) => entry.variant.runId))).toEqual(new Set([run.id]));
    for (const entry of stored) {
      expect(entry.final).toMatchObject({ width: 1024, height: 1024, role: 'final' });
      expect(entry.variant.usage).toEqual({ textInputTokens: 12, imageInputTokens: 0, outputTokens: 196 });
      expect(entry.variant.costDollars).toBeGreaterThan(0);
    }
  });

  it('refuses a draft the contract refuses, in the studio’s own words, sending nothing', async () => {
    const test = createTestStudio();
    draftFor(test, { prompt: '' });
    await test.studio.generate();
    const problem = test.studio.store.getState().session.problem;
    expect(problem).toMatchObject({ param: 'prompt', local: true, requestId: null });
    expect(test.requests).toHaveLength(0);
    expect(test.studio.store.getState().session.runs).toHaveLength(0);
  });

  it('keeps the partial and the relay’s words when a stream fails, and stores both', async () => {
    const test = createTestStudio();
    draftFor(test, { partial_images: 1 });
    const running = test.studio.generate();
    const [request] = await test.received(1);
    request!.send(await partialImageEvent(0));
    request!.fail(
      new RelayError(502, 'The upstream broke off.', { code: 'upstream_error', requestId: 'req_1' }),
    );
    await running;
    await test.studio.settled();

    const run = onlyRun(test);
    expect(runStatus(run)).toBe('error');
    expect(run.variants[0]!.partial).not.toBeNull();
    expect(test.studio.store.getState().session.problem).toMatchObject({
      status: 502,
      local: false,
      requestId: 'req_1',
    });
    const [entry] = await test.storage.listGallery();
    expect(entry!.variant).toMatchObject({
      status: 'error',
      error: { message: 'The upstream broke off.' },
    });
    expect(entry!.lastPartial).not.toBeNull();
  });

  it('sends one run at a time', async () => {
    const test = createTestStudio();
    draftFor(test, {});
    const running = test.studio.generate();
    await test.received(1);
    await test.studio.generate();
    expect(test.requests).toHaveLength(1);
    test.studio.cancel();
    await running;
  });
});

describe('cancel', () => {
  it('aborts every stream of the run, keeping what arrived, and records the run as cancelled', async () => {
    const test = createTestStudio();
    draftFor(test, { n: 2, partial_images: 2 });
    const running = test.studio.generate();
    const requests = await test.received(2);
    requests[0]!.send(await partialImageEvent(0));
    test.studio.cancel();
    await running;
    await test.studio.settled();

    const run = onlyRun(test);
    expect(run.variants.map((variant) => variant.status)).toEqual(['cancelled', 'cancelled']);
    expect(run.variants[0]!.partial).not.toBeNull();
    expect(requests.every((request) => request.options.signal?.aborted)).toBe(true);
    const stored = await test.storage.listGallery();
    expect(stored.map((entry) => entry.variant.status)).toEqual(['cancelled', 'cancelled']);
  });
});

describe('edit', () => {
  it('sends the board’s images in order with the mask, shows the upload, and stores the lineage', async () => {
    const test = createTestStudio();
    // Each mode keeps a prompt of its own: the mode first, then its prompt.
    test.studio.store.getState().draft.setMode('edit');
    draftFor(test, { n: 1 });
    await test.studio.addFiles(
      [
        { blob: await pngBlob(640, 480), name: 'target.png' },
        { blob: await pngBlob(320, 320, 30), name: 'reference.png' },
      ],
      16,
    );
    test.studio.store.getState().mask.commit({ kind: 'fill-all', id: 'fill' });

    const running = test.studio.run();
    const [request] = await test.received(1);
    if (request!.kind !== 'edit') throw new Error(`expected an edit, got ${request!.kind}`);
    expect(request!.upload.fields).toMatchObject({ prompt: PROMPT, n: '1' });
    expect(request!.upload.images.map((image) => image.filename)).toEqual(['target.png', 'reference.png']);
    expect(request!.upload.mask?.filename).toBe('mask.png');

    const runId = onlyRun(test).id;
    request!.options.onUploadProgress?.(5_000, 10_000);
    expect(test.studio.store.getState().session.uploadProgress).toEqual({
      runId,
      sentBytes: 5_000,
      totalBytes: 10_000,
    });
    request!.send(await completedImageEvent('1536x1024'));
    expect(test.studio.store.getState().session.uploadProgress).toBeNull();
    request!.finish();
    await running;
    await test.studio.settled();

    const [entry] = await test.storage.listGallery();
    expect(entry!.variant.kind).toBe('edit');
    expect(entry!.variant.inputImageIds).toHaveLength(2);
    expect(entry!.variant.maskImageId).not.toBeNull();
    const mask = await test.storage.getImage(entry!.variant.maskImageId!);
    expect(mask).toMatchObject({ role: 'mask', width: 640, height: 480 });
  });

  it('asks for an image first when the board is empty', async () => {
    const test = createTestStudio();
    test.studio.store.getState().draft.setMode('edit');
    draftFor(test, {});
    await test.studio.run();
    expect(test.studio.store.getState().session.problem).toMatchObject({ param: 'image', local: true });
    expect(test.requests).toHaveLength(0);
  });

  it('says which files the board could not take', async () => {
    const test = createTestStudio();
    const files = await Promise.all(
      ['a.png', 'b.png', 'c.png'].map(async (name) => ({ blob: await pngBlob(8, 8), name })),
    );
    await test.studio.addFiles(files, 2);
    const { board, notices } = test.studio.store.getState();
    expect(board.images.map((image) => image.name)).toEqual(['a.png', 'b.png']);
    expect(latestNotice(notices.notices, 'board')?.text).toMatch(/c\.png/);
  });
});

/** One finished variant, stored, for the actions that start from a stored result. */
async function storedResult(
  test: TestStudio,
  patch: Parameters<TestStudio['studio']['updateDraft']>[0] = {},
) {
  draftFor(test, patch);
  const sent = test.requests.length;
  const running = test.studio.generate();
  const requests = await test.received(sent + 1);
  const request = requests.at(-1)!;
  request.send(await completedImageEvent());
  request.finish();
  await running;
  await test.studio.settled();
  const [entry] = await test.storage.listGallery();
  return entry!;
}

describe('restore after a reload', () => {
  it('brings back the draft, the board and the runs, and marks a stream the old tab left as interrupted', async () => {
    const before = createTestStudio();
    await storedResult(before);
    before.studio.store.getState().draft.setMode('edit');
    await before.studio.addFiles([{ blob: await pngBlob(64, 48), name: 'kept.png' }], 16);
    before.studio.store.getState().draft.setMode('generate');
    const stop = await before.studio.start();
    draftFor(before, { prompt: 'still streaming when the tab went' });
    void before.studio.generate();
    const [, streaming] = await before.received(2);
    streaming!.send(await partialImageEvent(0));
    stop(); // the page goes away: the draft is flushed, the stream never ends
    await before.studio.settled();

    const after = createTestStudio(before);
    await after.studio.start();
    const state = after.studio.store.getState();
    expect(state.draft.draft.prompt).toBe('still streaming when the tab went');
    expect(state.board.images.map((image) => image.name)).toEqual(['kept.png']);
    expect(state.session.runs.map((run) => [run.request.prompt, runStatus(run), run.restored])).toEqual([
      ['still streaming when the tab went', 'interrupted', true],
      [PROMPT, 'done', true],
    ]);
    expect(state.session.runs[0]!.variants[0]!.partial).not.toBeNull();
  });
});

describe('reuse and branch', () => {
  it('reuse puts the stored prompt and settings back, with as many variants as its run had', async () => {
    const test = createTestStudio();
    const entry = await storedResult(test, { quality: 'medium' });
    draftFor(test, { prompt: 'something else', quality: 'high' });
    test.studio.reuseSettings({ ...entry.variant, variantCount: 3 });
    const { draft, mode } = test.studio.store.getState().draft;
    expect(draft).toMatchObject({ prompt: PROMPT, quality: 'medium', n: 3 });
    expect(mode).toBe('generate');
  });

  it('"Edit this" puts the result first on the board, ahead of what is there', async () => {
    const test = createTestStudio();
    const entry = await storedResult(test);
    await test.studio.addFiles([{ blob: await pngBlob(32, 32), name: 'old-target.png' }], 16);
    test.studio.editStoredImage(entry.final!, entry.variant);
    const { board, draft } = test.studio.store.getState();
    expect(board.images.map((image) => image.sourceImageId ?? image.name)).toEqual([
      entry.final!.id,
      'old-target.png',
    ]);
    expect(draft.mode).toBe('edit');
  });

  it('"Edit this" and "Reuse" bring the prompt, settings and canvas of that result together', async () => {
    const test = createTestStudio();
    const entry = await storedResult(test, { prompt: PROMPT, quality: 'medium' });
    const other = await storedResult(test, { prompt: 'a later, different picture', quality: 'high' });
    expect(test.studio.store.getState().session.selectedRunId).toBe(other.variant.runId);

    test.studio.editStoredImage(entry.final!, entry.variant);
    let { draft, session } = test.studio.store.getState();
    expect(draft.mode).toBe('edit');
    expect(draft.draft).toMatchObject({ prompt: PROMPT, quality: 'medium', n: 1 });
    expect(session.selectedRunId).toBe(entry.variant.runId);

    test.studio.store.getState().session.select(other.variant.runId);
    test.studio.reuseSettings(entry.variant);
    ({ draft, session } = test.studio.store.getState());
    expect(draft.mode).toBe('generate');
    expect(draft.draft).toMatchObject({ prompt: PROMPT, quality: 'medium' });
    expect(session.selectedRunId).toBe(entry.variant.runId);
  });

  it('branching replaces the edit target and keeps the other references', async () => {
    const test = createTestStudio();
    const entry = await storedResult(test);
    await test.studio.addFiles(
      [
        { blob: await pngBlob(32, 32), name: 'old-target.png' },
        { blob: await pngBlob(16, 16), name: 'reference.png' },
      ],
      16,
    );
    test.studio.branchFrom(entry.final!);
    const { board, draft } = test.studio.store.getState();
    expect(board.images.map((image) => image.sourceImageId ?? image.name)).toEqual([
      entry.final!.id,
      'reference.png',
    ]);
    expect(draft.mode).toBe('edit');
  });
});

describe('delete and undo', () => {
  it('hides the result from the gallery and the session, and undo brings it back', async () => {
    const test = createTestStudio();
    const entry = await storedResult(test);
    const id = entry.variant.id;
    test.studio.store.getState().gallery.setSelected([id]);
    await test.studio.deleteResults([id]);

    let state = test.studio.store.getState();
    expect(await test.storage.listGallery()).toHaveLength(0);
    expect(state.session.deletedVariantIds.has(id)).toBe(true);
    expect(state.gallery.pendingDeletion?.variantIds).toEqual([id]);
    expect(state.gallery.selectedIds).toEqual([]);

    await test.studio.undoDelete();
    state = test.studio.store.getState();
    expect((await test.storage.listGallery()).map((each) => each.variant.id)).toEqual([id]);
    expect(state.session.deletedVariantIds.has(id)).toBe(false);
    expect(state.gallery.pendingDeletion).toBeNull();
  });

  it('purges the earlier deletion when a newer one replaces its undo', async () => {
    const test = createTestStudio();
    const first = await storedResult(test);
    const second = await storedResult(test, { prompt: 'a second lantern' });
    await test.studio.deleteResults([first.variant.id]);
    await test.studio.deleteResults([second.variant.id]);
    await test.studio.undoDelete();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect((await test.storage.listGallery()).map((each) => each.variant.id)).toEqual([second.variant.id]);
    expect(await test.storage.getVariant(first.variant.id)).toBeNull();
  });

  it('says so when storage refuses the deletion, and hides nothing', async () => {
    const test = createTestStudio();
    const entry = await storedResult(test);
    test.disk.full = true;
    await test.studio.deleteResults([entry.variant.id]);
    const state = test.studio.store.getState();
    expect(latestNotice(state.notices.notices, 'storage')?.text).toBeTruthy();
    expect(state.session.deletedVariantIds.size).toBe(0);
  });
});

describe('a draft that names a model the relay no longer serves', () => {
  it('moves to the named replacement and says why', () => {
    const test = createTestStudio();
    test.studio.updateDraft({ model: 'gpt-image-1.5' });
    const state = test.studio.store.getState();
    expect(state.draft.draft.model).not.toBe('gpt-image-1.5');
    expect(latestNotice(state.notices.notices, 'draft')?.text).toMatch(
      /was shut down on \d{4}-\d{2}-\d{2}, so this draft now uses/,
    );
  });

  it('moves an id the relay does not list to the default', () => {
    const test = createTestStudio();
    test.studio.updateDraft({ model: 'some-gateway-model' });
    const state = test.studio.store.getState();
    expect(state.draft.draft.model).toBe('gpt-image-2.5-flare');
    expect(latestNotice(state.notices.notices, 'draft')?.text).toMatch(/which this relay does not serve/);
  });
});

describe('a final on screen', () => {
  it('is already stored when it appears, and its variant is done only after that', async () => {
    const test = createTestStudio();
    draftFor(test, {});
    const readsWhenShown: Promise<unknown>[] = [];
    test.studio.store.subscribe((now) => {
      const variant = now.session.runs[0]?.variants[0];
      if (variant?.final && readsWhenShown.length === 0) {
        readsWhenShown.push(test.storage.getImage(variant.final.id));
        expect(variant.status).toBe('streaming');
      }
    });
    const running = test.studio.generate();
    const [request] = await test.received(1);
    request!.send(await completedImageEvent());
    request!.finish();
    await running;
    expect(readsWhenShown).toHaveLength(1);
    expect(await readsWhenShown[0]).toMatchObject({ role: 'final', width: 1024 });
    expect(runStatus(onlyRun(test))).toBe('done');
  });
});

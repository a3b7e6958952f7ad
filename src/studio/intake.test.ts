import { describe, expect, it } from 'vitest';
import { latestNotice } from '../state/noticesSlice.ts';
import { RESULT_DRAG_TYPE } from '../state/resultDrag.ts';
import { runFinals } from '../state/run.ts';
import { completedImageEvent, createTestStudio, pngBlob, type TestStudio } from './testing/testStudio.ts';

/**
 * Drops `data` (by type) and `files` on the board as the browser does: the DataTransfer gives them only
 * while the drop event is dispatched, which ends when the handler returns, before anything it awaits.
 */
async function drop(test: TestStudio, data: Record<string, string>, files: File[] = [], limit = 16) {
  let dispatching = true;
  const transfer = {
    get types() {
      return dispatching ? [...Object.keys(data), ...(files.length > 0 ? ['Files'] : [])] : [];
    },
    getData: (type: string) => (dispatching ? (data[type] ?? '') : ''),
    get files() {
      return dispatching ? files : [];
    },
  } as unknown as DataTransfer;
  const adding = test.studio.addTransfer(transfer, limit);
  dispatching = false;
  await adding;
}

/** Generates one image and finishes it: the session then shows it, as the canvas and the strip do. */
async function generatedImage(test: TestStudio) {
  test.studio.updateDraft({ prompt: 'a teal lighthouse at dusk', model: 'gpt-image-2.5-flare' });
  const sent = test.requests.length;
  const running = test.studio.generate();
  const request = (await test.received(sent + 1)).at(-1)!;
  request.send(await completedImageEvent('1024x1024'));
  request.finish();
  await running;
  await test.studio.settled();
  return runFinals(test.studio.store.getState().session.runs[0]!)[0]!;
}

/** What a result dragged from the canvas or the strip carries (ui/kit/resultDrag.ts). */
const resultDrag = (image: { id: string; url: string }) => ({
  'text/uri-list': image.url,
  'text/plain': image.url,
  [RESULT_DRAG_TYPE]: image.id,
});

describe('a result dropped on the board', () => {
  it('is its stored record, and the edit sent from it names it as the parent', async () => {
    const test = createTestStudio();
    const result = await generatedImage(test);
    const stored = (await test.storage.getImage(result.id))!;

    await drop(test, resultDrag(result));
    const [onBoard] = test.studio.store.getState().board.images;
    expect(onBoard).toMatchObject({ sourceImageId: result.id, width: 1024, height: 1024 });
    const bytes = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer());
    expect(await bytes(onBoard!.blob)).toEqual(await bytes(stored.blob));

    test.studio.store.getState().draft.setMode('edit');
    test.studio.updateDraft({ prompt: 'put a red boat on the water' });
    const running = test.studio.edit();
    const [, edit] = await test.received(2);
    edit!.send(await completedImageEvent('1024x1024'));
    edit!.finish();
    await running;
    await test.studio.settled();
    const [newest] = await test.storage.listGallery();
    expect(newest!.variant).toMatchObject({
      kind: 'edit',
      parentImageId: result.id,
      inputImageIds: [result.id],
    });
  });

  it('is refused by name when the board is full', async () => {
    const test = createTestStudio();
    const result = await generatedImage(test);
    await test.studio.addFiles([{ blob: await pngBlob(32, 32), name: 'only.png' }], 1);

    await drop(test, resultDrag(result), [], 1);
    const { board, notices } = test.studio.store.getState();
    expect(board.images.map((image) => image.name)).toEqual(['only.png']);
    expect(latestNotice(notices.notices, 'board')?.text).toMatch(
      /at most 1 images; 'atelier-.*\.png' was not added/,
    );
  });

  it('whose record is gone is taken as the bytes that came with it, without lineage', async () => {
    const test = createTestStudio();
    const file = new File([await pngBlob(48, 32)], 'dragged.png', { type: 'image/png' });
    await drop(test, { [RESULT_DRAG_TYPE]: 'purged-image-id' }, [file]);
    const [onBoard] = test.studio.store.getState().board.images;
    expect(onBoard).toMatchObject({ name: 'dragged.png', sourceImageId: null, width: 48, height: 32 });
  });
});

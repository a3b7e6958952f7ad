/**
 * The image code the studio loads on first use (file preparation, the inpainting worker) may fail to
 * arrive: the designer is told plainly, and nothing already on the board or in the draft is lost.
 */
import { describe, expect, it, vi } from 'vitest';
import { openTestStorage } from '../storage/testing/testStorage.ts';
import { createStudio } from './createStudio.ts';
import { tabLiveness } from './tabLiveness.ts';
import { createFakeTransport } from './testing/fakeTransport.ts';
import { pngBlob, testConfig } from './testing/testStudio.ts';

// As a dynamic import rejects when its chunk does not load.
vi.mock('../editor/boardImage.ts', () => {
  throw new Error('Failed to fetch dynamically imported module');
});
vi.mock('../editor/inpaint/browserPixels.ts', () => {
  throw new Error('Failed to fetch dynamically imported module');
});

function studioWithoutImageCode() {
  const { storage, library } = openTestStorage();
  const transport = createFakeTransport();
  const studio = createStudio({
    storage,
    library,
    transport: transport.transport,
    tabs: tabLiveness(undefined),
    onPageHidden: () => () => undefined,
    draftJournal: { read: () => null, write: () => undefined },
  });
  studio.configure(testConfig());
  return { studio, transport };
}

describe('image code that does not load', () => {
  it('refuses the file by name and keeps the board as it was', async () => {
    const { studio } = studioWithoutImageCode();
    await studio.addFiles([{ blob: await pngBlob(32, 32), name: 'photo.png' }], 16);
    const { board, notices } = studio.store.getState();
    expect(board.images).toEqual([]);
    expect(notices.notices.at(-1)).toMatchObject({
      source: 'board',
      text: expect.stringMatching(/^'photo\.png' was not added: the studio’s image code did not load/),
    });
  });

  it('refuses the edit plainly and keeps the board and the mask', async () => {
    const { studio, transport } = studioWithoutImageCode();
    const blob = await pngBlob(64, 48);
    const image = { id: 'photo', name: 'photo.png', blob, url: 'blob:photo', width: 64, height: 48 };
    studio.store.getState().board.restore([{ ...image, notice: null, sourceImageId: null }]);
    studio.store.getState().draft.setMode('edit');
    studio.updateDraft({ prompt: 'a red door', model: 'gpt-image-2.5-flare' });
    await studio.edit();
    const { board, session } = studio.store.getState();
    expect(board.images.map(({ id }) => id)).toEqual(['photo']);
    expect(session.problem?.message).toMatch(/^The edit was not sent: the studio’s image code did not load/);
    expect(transport.requests).toHaveLength(0);
  });
});

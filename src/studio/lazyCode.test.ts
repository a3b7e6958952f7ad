/**
 * The image code the studio loads on first use (file preparation, mask export) may fail to arrive: the
 * designer is told plainly, and nothing already on the board or in the draft is lost.
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

describe('image code that does not load', () => {
  it('refuses the file by name and keeps the board as it was', async () => {
    const { storage, library } = openTestStorage();
    const studio = createStudio({
      storage,
      library,
      transport: createFakeTransport().transport,
      tabs: tabLiveness(undefined),
      onPageHidden: () => () => undefined,
      draftJournal: { read: () => null, write: () => undefined },
    });
    studio.configure(testConfig());
    await studio.addFiles([{ blob: await pngBlob(32, 32), name: 'photo.png' }], 16);
    const { board, notices } = studio.store.getState();
    expect(board.images).toEqual([]);
    expect(notices.notices.at(-1)).toMatchObject({
      source: 'board',
      text: expect.stringMatching(/^'photo\.png' was not added: the studio’s image code did not load/),
    });
  });
});

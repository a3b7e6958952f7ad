import { describe, expect, it } from 'vitest';
import { fixtureEntry } from '../state/galleryFixtures.ts';
import { variantsOfNewestRuns, type DraftJournal } from './restore.ts';
import type { MaskOperation } from '../state/mask.ts';
import { createTestStudio, pngBlob, type TestStudio } from './testing/testStudio.ts';

describe('variantsOfNewestRuns', () => {
  const variant = (id: string, runId: string) => fixtureEntry(id, { runId }).variant;
  // Newest first; run b's variants are split by a variant of run c streamed meanwhile.
  const newest = [
    variant('a0', 'a'),
    variant('b0', 'b'),
    variant('c0', 'c'),
    variant('b1', 'b'),
    variant('d0', 'd'),
  ];

  it.each([
    [0, []],
    [1, ['a0']],
    [2, ['a0', 'b0', 'b1']],
    [3, ['a0', 'b0', 'c0', 'b1']],
    [9, ['a0', 'b0', 'c0', 'b1', 'd0']],
  ])('keeps the variants of the newest %i runs', (limit, ids) => {
    expect(variantsOfNewestRuns(newest, limit)).toEqual(ids);
  });
});

describe('a reload just after typing', () => {
  /** A journal kept in memory, as localStorage keeps it across the reload. */
  function memoryJournal(): DraftJournal {
    let text: string | null = null;
    return { read: () => text, write: (next) => (text = next) };
  }

  /** A started page whose IndexedDB writes never land, as with those begun while it unloads. */
  async function pageWhoseLastSaveIsLost(before: TestStudio, journal: DraftJournal) {
    let hide = () => {};
    const lossy = createTestStudio(
      { ...before, storage: { ...before.storage, saveDraft: () => new Promise<void>(() => {}) } },
      {
        draftJournal: journal,
        onPageHidden: (listener) => {
          hide = listener;
          return () => {};
        },
      },
    );
    await lossy.studio.start();
    return { lossy, pageHidden: () => hide() };
  }

  it('keeps the prompt and settings even when the IndexedDB write begun as the page went is lost', async () => {
    const journal = memoryJournal();
    const before = createTestStudio(undefined, { draftJournal: journal });
    const stop = await before.studio.start();
    before.studio.updateDraft({ prompt: 'saved a while ago', quality: 'low' });
    stop();
    await before.studio.settled();

    // The next page: the draft was written, and then the last keystrokes' write is dropped by the unload.
    const { lossy, pageHidden } = await pageWhoseLastSaveIsLost(before, journal);
    expect(lossy.studio.store.getState().draft.draft.prompt).toBe('saved a while ago');
    lossy.studio.updateDraft({ prompt: 'typed just before the reload', quality: 'high' });
    pageHidden();

    const after = createTestStudio(before, { draftJournal: journal });
    await after.studio.start();
    expect(after.studio.store.getState().draft.draft).toMatchObject({
      prompt: 'typed just before the reload',
      quality: 'high',
    });
  });

  it('keeps a mask stroke painted just before the reload, on the image it was painted on', async () => {
    const journal = memoryJournal();
    const before = createTestStudio(undefined, { draftJournal: journal });
    const stop = await before.studio.start();
    before.studio.store.getState().draft.setMode('edit');
    await before.studio.addFiles([{ blob: await pngBlob(64, 48), name: 'photo.png' }], 16);
    stop();
    await before.studio.settled();

    const { lossy, pageHidden } = await pageWhoseLastSaveIsLost(before, journal);
    const stroke: MaskOperation = { kind: 'stroke', id: 'dab', points: [20, 20], size: 9, mode: 'paint' };
    lossy.studio.store.getState().mask.commit(stroke);
    pageHidden();

    const after = createTestStudio(before, { draftJournal: journal });
    await after.studio.start();
    const { mask, board } = after.studio.store.getState();
    expect(mask.history.operations).toEqual([stroke]);
    expect(mask.owner).toEqual({ imageId: board.images[0]!.id, name: 'photo.png', width: 64, height: 48 });
  });

  it('writes a board change at once rather than after the pause that gathers keystrokes', async () => {
    const saved: number[] = [];
    const base = createTestStudio();
    const test = createTestStudio({
      ...base,
      storage: {
        ...base.storage,
        saveDraft: async (record) => void saved.push(record.board.length),
      },
    });
    await test.studio.start();
    test.studio.store.getState().draft.setMode('edit');
    await test.studio.addFiles([{ blob: await pngBlob(32, 32), name: 'a.png' }], 16);
    expect(saved).toContain(1);
  });

  it('prefers the stored draft when it is newer than the journal', async () => {
    const journal = memoryJournal();
    journal.write(
      JSON.stringify({ mode: 'generate', params: { prompt: 'old' }, otherModePrompt: '', savedAt: 1 }),
    );
    const before = createTestStudio(undefined, { draftJournal: journal });
    const stop = await before.studio.start();
    before.studio.updateDraft({ prompt: 'newer in IndexedDB' });
    stop();
    await before.studio.settled();

    const after = createTestStudio(before, { draftJournal: journal });
    await after.studio.start();
    expect(after.studio.store.getState().draft.draft.prompt).toBe('newer in IndexedDB');
  });

  it('ignores a journal it cannot read', async () => {
    const after = createTestStudio(undefined, { draftJournal: { read: () => '{not json', write: () => {} } });
    await after.studio.start();
    expect(after.studio.store.getState().draft.draft.prompt).toBe('');
  });
});

import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { StudioDb } from './db.ts';
import { StorageError } from './errors.ts';
import { createPromptLibrary, PROMPT_HISTORY_LIMIT } from './promptLibrary.ts';

function openLibrary() {
  const db = new StudioDb('atelier-library-test', { indexedDB: new IDBFactory(), IDBKeyRange });
  let clock = 1_000;
  return { db, library: createPromptLibrary(db, { now: () => ++clock }) };
}

const texts = (records: readonly { text: string }[]) => records.map((record) => record.text);

describe('the prompt history', () => {
  it('lists prompts newest first, one entry for a prompt sent again, counting its uses', async () => {
    const { library } = openLibrary();
    for (const prompt of ['a red kite', 'a blue fox', '  a red kite ', 'a green owl', ' ']) {
      await library.recordPrompt(prompt);
    }
    const listed = await library.listPrompts();
    expect(texts(listed)).toEqual(['a green owl', 'a red kite', 'a blue fox']);
    expect(listed.map((record) => record.uses)).toEqual([1, 2, 1]);
  });

  it('finds prompts holding every word searched for, in any case and order', async () => {
    const { library } = openLibrary();
    for (const prompt of ['Teal lighthouse at dusk', 'a lighthouse in fog', 'dusk over teal water']) {
      await library.recordPrompt(prompt);
    }
    expect(texts(await library.listPrompts('DUSK teal'))).toEqual([
      'dusk over teal water',
      'Teal lighthouse at dusk',
    ]);
    expect(texts(await library.listPrompts('lighthouse', 1))).toEqual(['a lighthouse in fog']);
    expect(await library.listPrompts('nowhere')).toEqual([]);
  });

  it(`keeps the newest ${PROMPT_HISTORY_LIMIT}, dropping the oldest`, async () => {
    const { db, library } = openLibrary();
    await db.prompts.bulkPut(
      Array.from({ length: PROMPT_HISTORY_LIMIT }, (_, index) => ({
        text: `prompt ${index}`,
        usedAt: index,
        uses: 1,
      })),
    );
    // Sending an old prompt again moves it up: it is not what goes.
    await library.recordPrompt('prompt 0');
    await library.recordPrompt('one more');
    const listed = texts(await library.listPrompts());
    expect(listed).toHaveLength(PROMPT_HISTORY_LIMIT);
    expect(listed.slice(0, 2)).toEqual(['one more', 'prompt 0']);
    expect(listed).not.toContain('prompt 1');
    expect(listed.at(-1)).toBe('prompt 2');
  });
});

describe('the presets', () => {
  it('are saved, listed by name, renamed and deleted; a name saved again takes the new settings', async () => {
    const { library } = openLibrary();
    const draft = await library.savePreset('Draft look', { quality: 'low' });
    await library.savePreset('Print', { quality: 'high' });
    await library.savePreset(' draft  LOOK', { quality: 'medium' });
    expect((await library.listPresets()).map(({ name, params }) => [name, params.quality])).toEqual([
      ['Draft look', 'medium'],
      ['Print', 'high'],
    ]);

    await library.renamePreset(draft.id, 'Sketch');
    await expect(library.renamePreset(draft.id, 'print')).rejects.toThrow(StorageError);
    await expect(library.savePreset('  ', {})).rejects.toThrow(/needs a name/);
    await library.deletePreset((await library.listPresets()).find((preset) => preset.name === 'Print')!.id);
    expect((await library.listPresets()).map((preset) => preset.name)).toEqual(['Sketch']);
  });
});

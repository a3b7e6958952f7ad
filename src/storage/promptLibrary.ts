/**
 * The designer's library, kept apart from the results it outlives: the prompts sent (for recall) and the
 * named presets of settings. Every read is a plain Dexie query, so a liveQuery over it re-runs when a
 * prompt is sent or a preset saved.
 */
import type { StudioDb } from './db.ts';
import { guarded } from './errors.ts';
import { containsEveryWord } from './textSearch.ts';
import type { PresetRecord, PromptRecord } from './records.ts';

/** Years of daily use for most designers, and still a list that filters as fast as it is typed. */
export const PROMPT_HISTORY_LIMIT = 500;

export interface PromptLibrary {
  /**
   * Records a prompt as sent now: a new entry, or the one already there moved to the top with one more
   * use. Only the newest PROMPT_HISTORY_LIMIT are kept. Blank prompts are not recorded.
   */
  recordPrompt(text: string): Promise<void>;
  /** Newest first; every word of `search` must appear (case-insensitive), an empty search matches all. */
  listPrompts(search?: string, limit?: number): Promise<PromptRecord[]>;
  /** In the order of their names. */
  listPresets(): Promise<PresetRecord[]>;
  /** Saves `params` under `name`; a preset of that name already there takes the new settings. */
  savePreset(name: string, params: Record<string, unknown>): Promise<PresetRecord>;
  renamePreset(id: string, name: string): Promise<void>;
  deletePreset(id: string): Promise<void>;
}

/** A preset's name as it is compared: two names that differ only in case or spacing are one. */
const nameKey = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();

export function createPromptLibrary(db: StudioDb, env: { now?: () => number } = {}): PromptLibrary {
  const now = env.now ?? Date.now;

  async function presetNamed(name: string, except: string | null): Promise<PresetRecord | undefined> {
    const all = await db.presets.toArray();
    return all.find((preset) => preset.id !== except && nameKey(preset.name) === nameKey(name));
  }

  return {
    recordPrompt: (text) => {
      // Surrounding spaces are no part of what was asked for: they must not make a second entry.
      const prompt = text.trim();
      if (prompt === '') return Promise.resolve();
      return guarded('the prompt history', 'save', () =>
        db.transaction('rw', db.prompts, async () => {
          const known = await db.prompts.get(prompt);
          await db.prompts.put({ text: prompt, usedAt: now(), uses: (known?.uses ?? 0) + 1 });
          const over = (await db.prompts.count()) - PROMPT_HISTORY_LIMIT;
          if (over > 0)
            await db.prompts.bulkDelete(await db.prompts.orderBy('usedAt').limit(over).primaryKeys());
        }),
      );
    },

    listPrompts: (search = '', limit = PROMPT_HISTORY_LIMIT) =>
      guarded('the prompt history', 'read', () =>
        db.prompts
          .orderBy('usedAt')
          .reverse()
          .filter((record) => containsEveryWord(record.text, search))
          .limit(limit)
          .toArray(),
      ),

    listPresets: () =>
      guarded('the presets', 'read', async () =>
        (await db.presets.toArray()).sort((a, b) => a.name.localeCompare(b.name)),
      ),

    savePreset: (name, params) =>
      guarded(`the preset “${name.trim()}”`, 'save', () =>
        db.transaction('rw', db.presets, async () => {
          if (name.trim() === '') throw new Error('a preset needs a name.');
          const same = await presetNamed(name, null);
          const preset: PresetRecord = same
            ? { ...same, params }
            : { id: crypto.randomUUID(), name: name.trim(), params, createdAt: now() };
          await db.presets.put(preset);
          return preset;
        }),
      ),

    renamePreset: (id, name) =>
      guarded(`the preset “${name.trim()}”`, 'save', () =>
        db.transaction('rw', db.presets, async () => {
          if (name.trim() === '') throw new Error('a preset needs a name.');
          if (await presetNamed(name, id))
            throw new Error(`another preset is already called “${name.trim()}”.`);
          const updated = await db.presets.update(id, { name: name.trim() });
          if (updated === 0) throw new Error('that preset was deleted meanwhile.');
        }),
      ),

    deletePreset: (id) =>
      guarded('the preset', 'delete', async () => {
        await db.presets.delete(id);
      }),
  };
}

/**
 * What the mask editor keeps across reloads beside the draft: the masks saved under a name, and how the
 * designer likes the editor (brush hardness, tint or marching ants). Both are settings, read back through
 * parsers here so an older or newer shape is dropped rather than trusted. Loaded beside the first screen,
 * not in it (restore.ts).
 */
import { z } from 'zod';
import { clampPercent, type StoredEditorPrefs } from '../state/editorPrefsSlice.ts';
import { paintOperations, parseMaskOperations } from '../state/mask.ts';
import { SAVED_MASK_LIMIT, type SavedMask } from '../state/savedMasks.ts';
import type { StudioStore } from '../state/store.ts';
import type { StudioStorage } from '../storage/studioStorage.ts';

const SavedMaskSchema = z.object({
  id: z.string(),
  name: z.string().min(1),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  operations: z.array(z.unknown()),
  savedAt: z.number(),
});

/** Saved masks read back from storage; anything unreadable is left out. */
export function storedSavedMasks(stored: unknown): SavedMask[] {
  if (!Array.isArray(stored)) return [];
  return stored
    .flatMap((entry) => {
      const parsed = SavedMaskSchema.safeParse(entry);
      if (!parsed.success) return [];
      const operations = paintOperations(parseMaskOperations(parsed.data.operations));
      return [{ ...parsed.data, operations }];
    })
    .slice(0, SAVED_MASK_LIMIT);
}

/** Stored preferences read back; anything unreadable keeps its default. */
export function storedEditorPrefs(stored: unknown): StoredEditorPrefs {
  const value = (stored ?? {}) as Partial<Record<keyof StoredEditorPrefs, unknown>>;
  return {
    hardness:
      typeof value.hardness === 'number' && Number.isFinite(value.hardness)
        ? clampPercent(value.hardness)
        : 100,
    maskDisplay: value.maskDisplay === 'outline' ? 'outline' : 'tint',
  };
}

export const SAVED_MASKS_SETTING = 'savedMasks';
export const EDITOR_PREFS_SETTING = 'editorPrefs';

export async function restoreMaskSettings(store: StudioStore, storage: StudioStorage): Promise<void> {
  const [saved, prefs] = await Promise.all([
    storage.loadSetting(SAVED_MASKS_SETTING),
    storage.loadSetting(EDITOR_PREFS_SETTING),
  ]);
  store.getState().mask.setSaved(storedSavedMasks(saved));
  store.getState().editorPrefs.restore(storedEditorPrefs(prefs));
}

/** Saves the saved masks and the kept editor preferences as they change; returns the stop. */
export function keepMaskSettingsSaved(
  store: StudioStore,
  storage: StudioStorage,
  report: (error: unknown) => void,
): () => void {
  return store.subscribe(({ mask, editorPrefs: prefs }, { mask: maskBefore, editorPrefs: before }) => {
    if (mask.saved !== maskBefore.saved) storage.saveSetting(SAVED_MASKS_SETTING, mask.saved).catch(report);
    if (prefs.hardness !== before.hardness || prefs.maskDisplay !== before.maskDisplay) {
      const kept = { hardness: prefs.hardness, maskDisplay: prefs.maskDisplay };
      storage.saveSetting(EDITOR_PREFS_SETTING, kept).catch(report);
    }
  });
}

import { describe, expect, it } from 'vitest';
import type { MaskOperation } from '../state/mask.ts';
import { createStudioStore } from '../state/store.ts';
import { openTestStorage } from '../storage/testing/testStorage.ts';
import {
  EDITOR_PREFS_SETTING,
  SAVED_MASKS_SETTING,
  keepMaskSettingsSaved,
  restoreMaskSettings,
  storedEditorPrefs,
  storedSavedMasks,
} from './savedMasks.ts';

const lasso: MaskOperation & { kind: 'lasso' } = {
  kind: 'lasso',
  id: 'l',
  points: [0, 0, 50, 0, 0, 50],
  mode: 'paint',
};
const door = { id: 'd', name: 'door', width: 300, height: 200, operations: [lasso], savedAt: 1 };

describe("the mask editor's settings across a reload", () => {
  it('saved masks and the kept preferences are saved as they change and come back', async () => {
    const { storage } = openTestStorage();
    const before = createStudioStore();
    const errors: unknown[] = [];
    const stop = keepMaskSettingsSaved(before, storage, (error) => errors.push(error));
    before.getState().mask.setSaved([door]);
    before.getState().editorPrefs.setHardness(40);
    before.getState().editorPrefs.setMaskDisplay('outline');
    // The brush size is not one of the kept preferences.
    before.getState().editorPrefs.setBrushSize(100);
    stop();
    await expect
      .poll(() => storage.loadSetting(EDITOR_PREFS_SETTING))
      .toEqual({
        hardness: 40,
        maskDisplay: 'outline',
      });

    const after = createStudioStore();
    await restoreMaskSettings(after, storage);
    expect(after.getState().mask.saved).toEqual([door]);
    expect(after.getState().editorPrefs).toMatchObject({
      hardness: 40,
      maskDisplay: 'outline',
      brushSize: 48,
    });
    expect(errors).toEqual([]);
    expect(await storage.loadSetting(SAVED_MASKS_SETTING)).toEqual([door]);
  });

  it('what cannot be read is dropped, and defaults stand', () => {
    expect(storedSavedMasks('nope')).toEqual([]);
    expect(storedSavedMasks([door, { ...door, width: -1 }, { name: 'x' }])).toEqual([door]);
    // An operation this studio cannot read is left out of the mask, not the whole mask.
    expect(storedSavedMasks([{ ...door, operations: [lasso, { kind: 'paint-bucket' }] }])).toEqual([door]);
    expect(storedEditorPrefs(undefined)).toEqual({ hardness: 100, maskDisplay: 'tint' });
    expect(storedEditorPrefs({ hardness: 140, maskDisplay: 'sparkles' })).toEqual({
      hardness: 100,
      maskDisplay: 'tint',
    });
  });
});

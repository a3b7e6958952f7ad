/**
 * Presets: the draft's settings saved under a name and put back on request. A preset holds every setting
 * of the draft but the prompt (the board and the mask are not settings). Applying one is the designer's
 * own change to the draft, so it meets the same checks as any other: a model the relay no longer serves
 * is replaced and the notice says so, and a combination the model refuses is named before Generate.
 */
import { draftFromParams, type Draft } from '../state/draft.ts';
import type { StudioStore } from '../state/store.ts';
import type { PromptLibrary } from '../storage/promptLibrary.ts';
import type { PresetRecord } from '../storage/records.ts';

export type PresetSettings = Omit<Draft, 'prompt'>;

/** The settings of a draft, as a preset keeps them. */
export function settingsOf(draft: Draft): PresetSettings {
  return Object.fromEntries(
    Object.entries(draft).filter(([field]) => field !== 'prompt'),
  ) as unknown as PresetSettings;
}

/** A preset's settings, read back with the draft's own parsing (a preset saved by an older studio too). */
export function presetSettings(preset: Pick<PresetRecord, 'params'>): PresetSettings {
  return settingsOf(draftFromParams(preset.params));
}

/** Whether the draft holds exactly the preset's settings: the preset the settings panel shows as in use. */
export function draftMatchesPreset(draft: Draft, preset: Pick<PresetRecord, 'params'>): boolean {
  const settings = presetSettings(preset);
  return (Object.keys(settings) as (keyof PresetSettings)[]).every((key) => settings[key] === draft[key]);
}

export interface PresetActions {
  /** Saves the draft's settings under `name` (a preset of that name takes them). */
  savePreset: (name: string) => Promise<void>;
  applyPreset: (preset: PresetRecord) => void;
  renamePreset: (id: string, name: string) => Promise<void>;
  deletePreset: (id: string) => Promise<void>;
}

export function createPresetActions(
  store: StudioStore,
  library: PromptLibrary,
  updateDraft: (patch: Partial<Draft>) => void,
  report: (error: unknown) => void,
): PresetActions {
  return {
    savePreset: async (name) => {
      const { draft, relay } = store.getState();
      // A draft that has not named its model yet runs on the relay's default: that is what it saves.
      const model = draft.draft.model ?? relay.config?.defaultModel ?? null;
      await library.savePreset(name, { ...settingsOf(draft.draft), model }).catch(report);
    },
    applyPreset: (preset) => updateDraft(presetSettings(preset)),
    renamePreset: (id, name) => library.renamePreset(id, name).catch(report),
    deletePreset: (id) => library.deletePreset(id).catch(report),
  };
}

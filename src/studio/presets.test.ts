import { describe, expect, it } from 'vitest';
import { latestNotice } from '../state/noticesSlice.ts';
import { checkVariant } from '../state/edit.ts';
import { invalidRequest, refusalProblem } from '../contract/index.ts';
import { draftMatchesPreset } from './presets.ts';
import { createTestStudio, type TestStudio } from './testing/testStudio.ts';

const state = (test: TestStudio) => test.studio.store.getState();

async function onlyPreset(test: TestStudio) {
  const presets = await test.library.listPresets();
  expect(presets).toHaveLength(1);
  return presets[0]!;
}

describe('presets', () => {
  it('save the settings but not the prompt, and put them back when applied', async () => {
    const test = createTestStudio();
    const settings = {
      model: 'gpt-image-2',
      size: '1536x1024',
      quality: 'high',
      output_format: 'webp',
      output_compression: 70,
      background: 'opaque',
      moderation: 'low',
      partial_images: 3,
      n: 2,
    } as const;
    test.studio.updateDraft({ prompt: 'a lighthouse', ...settings });
    await test.studio.savePreset('Print');
    const preset = await onlyPreset(test);
    expect(preset.params).not.toHaveProperty('prompt');

    test.studio.updateDraft({
      prompt: 'a harbour',
      model: 'gpt-image-2.5-flare',
      size: 'auto',
      quality: 'low',
      output_format: 'png',
      n: 1,
    });
    expect(draftMatchesPreset(state(test).draft.draft, preset)).toBe(false);
    test.studio.applyPreset(preset);
    expect(state(test).draft.draft).toMatchObject({ prompt: 'a harbour', ...settings });
    expect(draftMatchesPreset(state(test).draft.draft, preset)).toBe(true);
  });

  it('save the relay’s default model for a draft that has not named one', async () => {
    const test = createTestStudio();
    await test.studio.savePreset('Default');
    expect((await onlyPreset(test)).params.model).toBe('gpt-image-2.5-flare');
  });

  it('are applied through the draft’s checks, as a change made by hand would be', async () => {
    const test = createTestStudio();
    // A refusal aimed at a setting the preset sets is over once it is applied, as after a change by hand.
    state(test).session.refuse(refusalProblem(invalidRequest('quality', 'Not on this model.')));
    await test.library.savePreset('Old', { model: 'gpt-image-1', quality: 'high' });
    test.studio.applyPreset(await onlyPreset(test));
    expect(state(test).session.problem).toBeNull();
    // A model the relay no longer serves moves to its replacement, and the draft's notice says so.
    expect(state(test).draft.draft.model).not.toBe('gpt-image-1');
    expect(latestNotice(state(test).notices.notices, 'draft')?.text).toMatch(/shut down/);

    // A combination the model refuses is named before Generate, by the same check as any draft.
    await test.library.savePreset('Clear JPEG', {
      model: 'gpt-image-2.5-flare',
      output_format: 'jpeg',
      background: 'transparent',
    });
    const clearJpeg = (await test.library.listPresets()).find((preset) => preset.name === 'Clear JPEG')!;
    test.studio.updateDraft({ prompt: 'a glass bottle' });
    test.studio.applyPreset(clearJpeg);
    const { draft, mode } = state(test).draft;
    const checked = checkVariant(draft, mode, state(test).relay.registry!);
    expect(checked.ok ? null : checked.error.body.error.param).toBe('background');
  });

  it('are renamed and deleted', async () => {
    const test = createTestStudio();
    await test.studio.savePreset('Sketch');
    await test.studio.renamePreset((await onlyPreset(test)).id, 'Thumbnails');
    expect((await onlyPreset(test)).name).toBe('Thumbnails');
    await test.studio.deletePreset((await onlyPreset(test)).id);
    expect(await test.library.listPresets()).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { createModelRegistry, validateEditFields } from '../contract/index.ts';
import { INITIAL_DRAFT } from './draft.ts';
import { checkVariant, editFieldsFromDraft } from './edit.ts';
import { latestNotice } from './noticesSlice.ts';
import { createStudioStore } from './store.ts';

describe('editFieldsFromDraft', () => {
  it('sends the draft as multipart text without the fields edits do not take', () => {
    const fields = editFieldsFromDraft({
      ...INITIAL_DRAFT,
      prompt: 'a fox',
      model: 'gpt-image-2',
      output_format: 'webp',
    });
    expect(fields).toEqual({
      prompt: 'a fox',
      model: 'gpt-image-2',
      n: '1',
      size: 'auto',
      quality: 'auto',
      background: 'auto',
      output_format: 'webp',
      output_compression: '100',
      partial_images: '2',
      stream: 'true',
    });
    expect(validateEditFields(fields, createModelRegistry()).ok).toBe(true);
  });

  it('sends input_fidelity only when chosen, and the contract refuses it for a model that takes none', () => {
    // A gateway that still serves the gpt-image-1 family declares it; gpt-image-1-mini refuses the field.
    const registry = createModelRegistry([{ id: 'gpt-image-1.5' }, { id: 'gpt-image-1-mini' }]);
    const draft = { ...INITIAL_DRAFT, prompt: 'a fox', model: 'gpt-image-1.5' };
    expect(editFieldsFromDraft(draft)).not.toHaveProperty('input_fidelity');
    const high = editFieldsFromDraft({ ...draft, input_fidelity: 'high' });
    expect(high.input_fidelity).toBe('high');
    expect(validateEditFields(high, registry)).toMatchObject({ ok: true, value: { inputFidelity: 'high' } });
    const refused = validateEditFields({ ...high, model: 'gpt-image-1-mini' }, registry);
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error.body.error.param).toBe('input_fidelity');
  });
});

describe('checkVariant', () => {
  const registry = createModelRegistry();
  const draft = { ...INITIAL_DRAFT, prompt: 'a fox', model: 'gpt-image-2.6-sunburst' };

  it('judges each variant as the single-image request it is sent as', () => {
    const checked = checkVariant({ ...draft, output_format: 'svg', n: 3 }, 'generate', registry);
    expect(checked.ok && checked.value.caveats).toEqual([]);
  });

  it('judges an edit by the edit rules: SVG is for generations only', () => {
    const checked = checkVariant({ ...draft, output_format: 'svg' }, 'edit', registry);
    expect(!checked.ok && checked.error.body.error.param).toBe('output_format');
    expect(checkVariant({ ...draft, output_format: 'svg' }, 'generate', registry).ok).toBe(true);
  });
});

describe('the draft slice’s setMode', () => {
  it('moves a GIF or SVG draft to PNG on entering Edit, and says so', () => {
    const store = createStudioStore();
    const draft = () => store.getState().draft;
    draft().replace({ ...INITIAL_DRAFT, output_format: 'gif' });
    draft().setMode('edit');
    expect(draft().mode).toBe('edit');
    expect(draft().draft.output_format).toBe('png');
    expect(latestNotice(store.getState().notices.notices, 'draft')?.text).toMatch(
      /format is now PNG \(it was GIF\)/,
    );
    draft().setMode('generate');
    expect(draft().draft.output_format).toBe('png');
  });
});

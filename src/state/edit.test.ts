import { describe, expect, it } from 'vitest';
import { createModelRegistry, validateEditFields } from '../contract/index.ts';
import { INITIAL_DRAFT } from './draft.ts';
import { editFieldsFromDraft } from './edit.ts';

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
});

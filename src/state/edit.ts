import {
  EDIT_TEXT_FIELDS,
  STUDIO_POLICY,
  validateEditFields,
  type Checked,
  type ImageRequest,
  type ModelRegistry,
} from '../contract/index.ts';
import { checkDraft, generationBodyFromDraft, type Draft } from './draft.ts';
import type { StudioMode } from './draftSlice.ts';

/**
 * The draft as the text fields of a multipart edit: the generation body's values as text (multipart
 * carries no JSON types), with the one only edits take (`input_fidelity`) when the designer chose it.
 * `moderation` is left out: only the JSON edit body lists it, not the multipart form the SDKs send.
 */
export function editFieldsFromDraft(draft: Draft): Record<string, string> {
  return Object.fromEntries(
    Object.entries({ ...generationBodyFromDraft(draft), input_fidelity: draft.input_fidelity })
      .filter(
        ([field, value]) =>
          EDIT_TEXT_FIELDS.includes(field) && field !== 'moderation' && value !== undefined && value !== null,
      )
      .map(([field, value]) => [field, String(value)]),
  );
}

/**
 * The check one variant's request would meet in the current mode, before anything is sent: each variant
 * is its own single-image request, so it is judged with n = 1.
 */
export function checkVariant(draft: Draft, mode: StudioMode, registry: ModelRegistry): Checked<ImageRequest> {
  const single = { ...draft, n: 1 };
  return mode === 'edit'
    ? validateEditFields(editFieldsFromDraft(single), registry, STUDIO_POLICY)
    : checkDraft(single, registry);
}

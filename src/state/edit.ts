import { EDIT_TEXT_FIELDS } from '../contract/index.ts';
import { generationBodyFromDraft, type Draft } from './draft.ts';

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

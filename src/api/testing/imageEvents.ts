/** Image stream events as the API sends them, for the stream readers' unit tests. */
import type { CompletedImageEvent, PartialImageEvent } from '../../contract/index.ts';

const common = {
  created_at: 1_700_000_000,
  size: '1024x1024',
  quality: 'low',
  background: 'opaque',
  output_format: 'png',
} as const;

export function partialEvent(index: number, b64 = `cGFydGlhbA${index}`): PartialImageEvent {
  return { ...common, type: 'image_generation.partial_image', b64_json: b64, partial_image_index: index };
}

export function completedEvent(b64 = 'ZmluYWw='): CompletedImageEvent {
  return {
    ...common,
    type: 'image_generation.completed',
    b64_json: b64,
    usage: {
      input_tokens: 12,
      input_tokens_details: { image_tokens: 0, text_tokens: 12 },
      output_tokens: 196,
      total_tokens: 208,
    },
  };
}

import { describe, expect, it } from 'vitest';
import {
  createModelRegistry,
  validateEditFields,
  validateGenerationBody,
  type ImageRequest,
  type ImagesResponse,
} from './index.ts';
import { completedEventsFromJson } from './imagesAnswer.ts';

/** A 1×1 PNG. */
const TINY_PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

const registry = createModelRegistry();

function generation(fields: Record<string, unknown> = {}): ImageRequest {
  const checked = validateGenerationBody(
    { model: 'gpt-image-2', prompt: 'a lighthouse', stream: true, ...fields },
    registry,
  );
  if (!checked.ok) throw new Error(checked.error.body.error.message);
  return checked.value;
}

const usage = {
  input_tokens: 50,
  input_tokens_details: { image_tokens: 40, text_tokens: 10 },
  output_tokens: 392,
  total_tokens: 442,
  output_tokens_details: { image_tokens: 392, text_tokens: 0 },
};
const zeroUsage = {
  input_tokens: 0,
  input_tokens_details: { image_tokens: 0, text_tokens: 0 },
  output_tokens: 0,
  total_tokens: 0,
};

describe('completedEventsFromJson', () => {
  it('makes one completed event per image, from the answer, with its usage on the first only', () => {
    const answer: ImagesResponse = {
      created: 1767225600,
      data: [{ b64_json: TINY_PNG_BASE64 }, { b64_json: 'QUJD' }],
      background: 'opaque',
      output_format: 'webp',
      quality: 'high',
      size: '1536x1024',
      usage,
    };

    const events = completedEventsFromJson(JSON.stringify(answer), generation({ n: 2 }), 'gateway.test');

    expect(events).toEqual({
      ok: true,
      value: [
        {
          type: 'image_generation.completed',
          b64_json: TINY_PNG_BASE64,
          created_at: 1767225600,
          size: '1536x1024',
          quality: 'high',
          background: 'opaque',
          output_format: 'webp',
          usage,
        },
        {
          type: 'image_generation.completed',
          b64_json: 'QUJD',
          created_at: 1767225600,
          size: '1536x1024',
          quality: 'high',
          background: 'opaque',
          output_format: 'webp',
          // The answer's usage is for both images: counted once, so per-image sums stay right.
          usage: zeroUsage,
        },
      ],
    });
  });

  it('names edit events for an edit, and takes what the answer leaves out (or garbles) from the request', () => {
    const checked = validateEditFields(
      {
        model: 'gpt-image-2',
        prompt: 'a red door',
        stream: 'true',
        size: '1024x1536',
        quality: 'low',
        output_format: 'jpeg',
      },
      registry,
    );
    if (!checked.ok) throw new Error(checked.error.body.error.message);
    const json = JSON.stringify({ created: 1767225601, data: [{ b64_json: 'QUJD' }], quality: 'glossy' });

    const events = completedEventsFromJson(json, checked.value, 'gateway.test');

    expect(events).toEqual({
      ok: true,
      value: [
        {
          type: 'image_edit.completed',
          b64_json: 'QUJD',
          created_at: 1767225601,
          size: '1024x1536',
          quality: 'low',
          background: checked.value.background,
          output_format: 'jpeg',
          usage: zeroUsage,
        },
      ],
    });
  });

  it("passes on an API error that came with status 200 as the stream's error", () => {
    const body = {
      error: {
        message: 'Your request was rejected by the safety system.',
        type: 'image_generation_user_error',
        param: null,
        code: 'moderation_blocked',
      },
    };
    expect(completedEventsFromJson(JSON.stringify(body), generation(), 'gateway.test')).toEqual({
      ok: false,
      error: { status: 502, body },
    });
  });

  it.each([
    ['a body that is not JSON', '<html>Bad gateway</html>'],
    ['an answer without images', JSON.stringify({ created: 1767225600, data: [] })],
    [
      'an answer with URLs only',
      JSON.stringify({ created: 1767225600, data: [{ url: 'https://x.test/a' }] }),
    ],
    ['an empty body', ''],
  ])('refuses %s with a 502 naming the upstream, never an empty stream', (_name, body) => {
    expect(completedEventsFromJson(body, generation(), 'gateway.test')).toEqual({
      ok: false,
      error: {
        status: 502,
        body: {
          error: {
            message: 'gateway.test answered the streamed request with a body that holds no image.',
            type: 'upstream_error',
            param: null,
            code: 'upstream_invalid_answer',
          },
        },
      },
    });
  });
});

import { describe, expect, it } from 'vitest';
import { API_POLICY, ENGINE_POLICY } from './requests.ts';
import { createModelRegistry } from './registry.ts';
import { RESPONSE_ID_PATTERN, validateResponsesBody } from './responses.ts';

const registry = createModelRegistry();
const tool = (fields: Record<string, unknown> = {}) => ({
  type: 'image_generation',
  model: 'gpt-image-2',
  ...fields,
});
const body = (fields: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  model: 'gpt-5.4',
  input: 'a fox',
  tools: [{ type: 'web_search' }, tool(fields)],
  ...extra,
});

describe('validateResponsesBody', () => {
  it('reads the fields the relay acts on and the image tool with the API defaults', () => {
    const checked = validateResponsesBody(
      body(
        { size: '1536x1024', partial_images: 2 },
        { stream: true, background: true, previous_response_id: 'resp_1' },
      ),
      registry,
    );
    expect(checked.ok && checked.value).toMatchObject({
      model: 'gpt-5.4',
      stream: true,
      background: true,
      store: true,
      previousResponseId: 'resp_1',
      imageTools: [
        {
          index: 1,
          action: 'auto',
          mask: null,
          image: {
            size: '1536x1024',
            partialImages: 2,
            stream: true,
            quality: 'auto',
            outputFormat: 'png',
            kind: 'generation',
          },
        },
      ],
    });
  });

  it.each([
    ['a size off the 16 px grid', { size: '1000x1000' }, 'tools[1].size'],
    ['a quality the model lacks', { quality: 'xhigh' }, 'tools[1].quality'],
    ['an Images-API-only format', { output_format: 'svg' }, 'tools[1].output_format'],
    ['an unknown action', { action: 'paint' }, 'tools[1].action'],
    ['too many partial images', { partial_images: 4 }, 'tools[1].partial_images'],
    ['transparent JPEG', { background: 'transparent', output_format: 'jpeg' }, 'tools[1].background'],
    ['an empty mask', { input_image_mask: {} }, 'tools[1].input_image_mask'],
    [
      'a mask of the wrong type',
      { input_image_mask: { image_url: 3 } },
      'tools[1].input_image_mask.image_url',
    ],
    ['no model (the default is retired)', { model: undefined }, 'tools[1].model'],
    ['a retired model', { model: 'gpt-image-1' }, 'tools[1].model'],
  ])('refuses %s, naming the tool field', (_name, fields, param) => {
    const checked = validateResponsesBody(body(fields), registry);
    expect(checked.ok).toBe(false);
    if (!checked.ok)
      expect(checked.error).toMatchObject({
        status: 400,
        body: { error: { param, type: 'invalid_request_error' } },
      });
  });

  it('passes what only the API judges in front of OpenAI, and refuses unknown tool fields for the engine', () => {
    const unknown = body({ future_field: 1 }, { reasoning: { effort: 'low' }, include: ['x'] });
    expect(validateResponsesBody(unknown, registry, API_POLICY).ok).toBe(true);
    const engine = validateResponsesBody(unknown, registry, ENGINE_POLICY);
    expect(!engine.ok && engine.error.body.error.param).toBe('tools[1].future_field');
  });

  it('refuses a stream or background flag that is not a boolean', () => {
    const checked = validateResponsesBody(body({}, { background: 'yes' }), registry);
    expect(!checked.ok && checked.error.body.error).toMatchObject({
      param: 'background',
      code: 'invalid_type',
    });
  });

  it('finds the response id at the head of an answer, JSON or SSE', () => {
    expect(RESPONSE_ID_PATTERN.exec('{"id": "resp_abc123", "object": "response"}')?.[1]).toBe('resp_abc123');
    expect(
      RESPONSE_ID_PATTERN.exec(
        'event: response.created\ndata: {"type":"response.created","response":{"id":"resp_x9"',
      )?.[1],
    ).toBe('resp_x9');
  });
});

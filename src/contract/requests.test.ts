import { describe, expect, it } from 'vitest';
import { createModelRegistry, parseModelAliases } from './models.ts';
import { validateEditFields, validateGenerationBody } from './requests.ts';

const registry = createModelRegistry([{ id: 'gpt-image-2-c', base: 'gpt-image-2' }]);
const valid = { model: 'gpt-image-2', prompt: 'a teal lighthouse at dusk' };

describe('validateGenerationBody', () => {
  it('fills in the API defaults', () => {
    const result = validateGenerationBody(valid, registry);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({
      n: 1,
      size: 'auto',
      quality: 'auto',
      background: 'auto',
      outputFormat: 'png',
      outputCompression: 100,
      moderation: 'auto',
      stream: false,
      partialImages: 0,
      inputFidelity: null,
    });
    expect(result.value.model.id).toBe('gpt-image-2');
  });

  it('treats null as omitted, as the SDK may send it', () => {
    expect(validateGenerationBody({ ...valid, size: null, n: null, quality: null }, registry).ok).toBe(true);
  });

  it('accepts gateway aliases with their base model rules', () => {
    const result = validateGenerationBody({ ...valid, model: 'gpt-image-2-c', size: '1536x864' }, registry);
    expect(result.ok && result.value.model.base).toBe('gpt-image-2');
  });

  it.each([
    [{ prompt: 'x' }, 'model', /retired dall-e-2/],
    [{ ...valid, model: 'dall-e-3' }, 'model', /retired on 2026-05-12/],
    [{ ...valid, model: 'gpt-5' }, 'model', /Invalid value: 'gpt-5'.*'gpt-image-2'/],
    [{ model: 'gpt-image-2' }, 'prompt', /Missing required parameter: 'prompt'/],
    [{ ...valid, prompt: '   ' }, 'prompt', /empty/],
    [{ ...valid, prompt: 'x'.repeat(32_001) }, 'prompt', /32,001 characters; the maximum is 32,000/],
    [{ ...valid, prompt: 42 }, 'prompt', /expected a string, but got an integer/],
    [{ ...valid, n: 11 }, 'n', /from 1 to 10/],
    [{ ...valid, n: 0 }, 'n', /from 1 to 10/],
    [{ ...valid, n: 1.5 }, 'n', /expected an integer, but got a decimal/],
    [{ ...valid, n: '2' }, 'n', /expected an integer, but got a string/],
    [{ ...valid, size: '1000x1000' }, 'size', /multiples of 16/],
    [{ ...valid, size: '4096x2048' }, 'size', /longest edge/],
    [
      { ...valid, model: 'gpt-image-1', size: '2048x2048' },
      'size',
      /'1024x1024', '1536x1024', '1024x1536' and 'auto'/,
    ],
    [{ ...valid, quality: 'hd' }, 'quality', /'low', 'medium', 'high' and 'auto'/],
    [{ ...valid, background: 'transparent' }, 'background', /gpt-image-2 does not support transparent/],
    [
      { ...valid, model: 'gpt-image-1', background: 'transparent', output_format: 'jpeg' },
      'background',
      /png' or 'webp'/,
    ],
    [{ ...valid, output_format: 'gif' }, 'output_format', /'png', 'jpeg' and 'webp'/],
    [{ ...valid, output_compression: 101, output_format: 'jpeg' }, 'output_compression', /from 0 to 100/],
    [{ ...valid, output_compression: 80 }, 'output_compression', /not supported for PNG/],
    [{ ...valid, moderation: 'strict' }, 'moderation', /'low' and 'auto'/],
    [{ ...valid, stream: 'yes' }, 'stream', /expected a boolean/],
    [{ ...valid, partial_images: 4 }, 'partial_images', /from 0 to 3/],
    [{ ...valid, response_format: 'url' }, 'response_format', /base64/],
    [{ ...valid, style: 'vivid' }, 'style', /dall-e-3/],
    [{ ...valid, input_fidelity: 'high' }, 'input_fidelity', /Unrecognized request argument/],
    [{ ...valid, seed: 7 }, 'seed', /Unrecognized request argument supplied: seed/],
  ])('refuses %j on %s', (body, param, message) => {
    const result = validateGenerationBody(body, registry);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.status).toBe(400);
    expect(result.error.body.error.param).toBe(param);
    expect(result.error.body.error.type).toBe('invalid_request_error');
    expect(result.error.body.error.message).toMatch(message);
  });

  it.each([null, [], 'prompt', 7])('refuses a body that is not an object: %j', (body) => {
    const result = validateGenerationBody(body, registry);
    expect(!result.ok && result.error.body.error.message).toMatch(/JSON object/);
  });

  it('accepts every valid combination the UI can produce for gpt-image-1', () => {
    const result = validateGenerationBody(
      {
        model: 'gpt-image-1',
        prompt: 'logo',
        background: 'transparent',
        output_format: 'webp',
        output_compression: 80,
        size: '1024x1536',
        quality: 'high',
        stream: true,
        partial_images: 3,
        n: 10,
        moderation: 'low',
      },
      registry,
    );
    expect(result.ok).toBe(true);
  });
});

describe('validateEditFields (multipart text)', () => {
  it('coerces the text of numbers and booleans', () => {
    const result = validateEditFields(
      { prompt: 'add a moon', model: 'gpt-image-2', n: '2', stream: 'true', partial_images: '3' },
      registry,
    );
    expect(result.ok && [result.value.n, result.value.stream, result.value.partialImages]).toEqual([
      2,
      true,
      3,
    ]);
  });

  it('defaults the model to gpt-image-1.5 as the API does', () => {
    const result = validateEditFields({ prompt: 'x' }, registry);
    expect(result.ok && result.value.model.id).toBe('gpt-image-1.5');
  });

  it.each([
    [{ prompt: 'x', n: 'two' }, 'n', /expected an integer, but got a string/],
    [{ prompt: 'x', stream: 'yes' }, 'stream', /expected true or false/],
    [
      { prompt: 'x', model: 'gpt-image-2', input_fidelity: 'high' },
      'input_fidelity',
      /always uses high input fidelity/,
    ],
    [{ prompt: 'x', model: 'gpt-image-1-mini', input_fidelity: 'high' }, 'input_fidelity', /does not accept/],
    [{ prompt: 'x', model: 'gpt-image-1', input_fidelity: 'max' }, 'input_fidelity', /'low' and 'high'/],
    [{ prompt: 'x', moderation: 'low' }, 'moderation', /Unrecognized request argument/],
  ])('refuses %j on %s', (fields, param, message) => {
    const result = validateEditFields(fields as Record<string, string>, registry);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.body.error.param).toBe(param);
    expect(result.error.body.error.message).toMatch(message);
  });

  it('accepts input_fidelity where the model allows it', () => {
    const result = validateEditFields(
      { prompt: 'x', model: 'gpt-image-1', input_fidelity: 'high' },
      registry,
    );
    expect(result.ok && result.value.inputFidelity).toBe('high');
  });
});

describe('parseModelAliases', () => {
  it('reads id=base pairs', () => {
    expect(parseModelAliases(' gpt-image-2-c = gpt-image-2 ,img-fast=gpt-image-1-mini')).toEqual({
      aliases: [
        { id: 'gpt-image-2-c', base: 'gpt-image-2' },
        { id: 'img-fast', base: 'gpt-image-1-mini' },
      ],
      invalid: null,
    });
  });
  it('names the first entry it cannot read', () => {
    expect(parseModelAliases('a=gpt-image-2,b=dall-e-3').invalid).toBe('b=dall-e-3');
  });
});

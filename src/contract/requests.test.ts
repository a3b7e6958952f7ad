import { describe, expect, it } from 'vitest';
import { createModelRegistry, parseModelAliases, parseModelEntries } from './registry.ts';
import { ENGINE_POLICY, validateEditBody, validateEditFields, validateGenerationBody } from './requests.ts';

const registry = createModelRegistry([{ id: 'gpt-image-2-c', like: 'gpt-image-2' }]);
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
      complexity: null,
      frameCount: null,
      frameDurationMs: null,
      svg: null,
      safetyIdentifier: null,
      modelKnown: true,
      extraFields: [],
      caveats: [],
    });
    expect(result.value.model.id).toBe('gpt-image-2');
  });

  it('treats null as omitted, as the SDK may send it', () => {
    expect(validateGenerationBody({ ...valid, size: null, n: null, quality: null }, registry).ok).toBe(true);
  });

  it('accepts gateway entries with the rules of the model they are like', () => {
    const result = validateGenerationBody({ ...valid, model: 'gpt-image-2-c', size: '1536x864' }, registry);
    expect(result.ok && result.value.model.like).toBe('gpt-image-2');
  });

  it('accepts the dated snapshots with their model’s rules', () => {
    const result = validateGenerationBody(
      { ...valid, model: 'gpt-image-2.5-flare-2026-09-08', quality: 'xhigh' },
      registry,
    );
    expect(result.ok && result.value.model.snapshotOf).toBe('gpt-image-2.5-flare');
  });

  it('reads the new 2.6 fields', () => {
    const result = validateGenerationBody(
      {
        model: 'gpt-image-2.6-sunburst',
        prompt: 'a fox icon',
        output_format: 'svg',
        svg: { model: 'gpt-5.6-terra', reasoning: { effort: 'low' } },
        complexity: 'medium',
        safety_identifier: 'user-7f3a',
      },
      registry,
    );
    expect(result.ok && result.value).toMatchObject({
      outputFormat: 'svg',
      svg: { model: 'gpt-5.6-terra', reasoning: { effort: 'low' } },
      complexity: 'medium',
      safetyIdentifier: 'user-7f3a',
    });
  });

  it.each([
    [{ prompt: 'x' }, 'model', /explicit model choice.*'gpt-image-2.5-flare'/],
    [{ ...valid, model: 'dall-e-3' }, 'model', /shut down on 2026-05-12/],
    [{ ...valid, model: 'gpt-image-1.5' }, 'model', /shut down on 2026-12-01.*gpt-image-2.6-sunburst/],
    [{ ...valid, model: 'gpt-image-1' }, 'model', /shut down on 2026-10-23.*gpt-image-2.5-sunburst/],
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
    [{ ...valid, quality: 'hd' }, 'quality', /'low', 'medium', 'high', 'xhigh', 'max' and 'auto'/],
    [{ ...valid, quality: 'xhigh' }, 'quality', /for gpt-image-2 are: 'low', 'medium', 'high' and 'auto'/],
    [{ ...valid, background: 'transparent', output_format: 'jpeg' }, 'background', /png' or 'webp'/],
    [{ ...valid, output_format: 'gif' }, 'output_format', /for gpt-image-2 are: 'png', 'jpeg' and 'webp'/],
    [{ ...valid, output_compression: 101, output_format: 'jpeg' }, 'output_compression', /from 0 to 100/],
    [{ ...valid, moderation: 'strict' }, 'moderation', /'low' and 'auto'/],
    [{ ...valid, stream: 'yes' }, 'stream', /expected a boolean/],
    [{ ...valid, partial_images: 4 }, 'partial_images', /from 0 to 3/],
    [{ ...valid, svg: { model: 7 } }, 'svg.model', /expected a string, but got an integer/],
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

  it('passes unknown fields on in front of OpenAI, and the engine refuses them as the API does', () => {
    const body = { ...valid, negative_prompt: 'fog' };
    const passed = validateGenerationBody(body, registry);
    expect(passed.ok && passed.value.extraFields).toEqual(['negative_prompt']);
    const refused = validateGenerationBody(body, registry, ENGINE_POLICY);
    expect(!refused.ok && refused.error.body.error).toMatchObject({
      param: 'negative_prompt',
      code: 'unknown_parameter',
      message: 'Unrecognized request argument supplied: negative_prompt',
    });
  });

  it('knows `seed`, the extension the seeded providers share: sent on in front of OpenAI, taken by the engine', () => {
    const passed = validateGenerationBody({ ...valid, seed: 7 }, registry);
    expect(passed.ok && [passed.value.seed, passed.value.extraFields]).toEqual([7, []]);
    const engine = validateGenerationBody({ ...valid, seed: 4294967295 }, registry, ENGINE_POLICY);
    expect(engine.ok && engine.value.seed).toBe(4294967295);
    const edit = validateEditFields({ ...valid, seed: '12' }, registry, ENGINE_POLICY);
    expect(edit.ok && edit.value.seed).toBe(12);
    const unsent = validateGenerationBody(valid, registry);
    expect(unsent.ok && unsent.value.seed).toBeNull();
    const wrong = validateGenerationBody({ ...valid, seed: 1.5 }, registry);
    expect(!wrong.ok && wrong.error.body.error.param).toBe('seed');
  });

  it('passes a model the catalogue does not know on, checked by the API-wide rules only', () => {
    const passed = validateGenerationBody({ ...valid, model: 'gpt-image-3', size: '999x999' }, registry);
    expect(passed.ok && [passed.value.modelKnown, passed.value.model.id]).toEqual([false, 'gpt-image-3']);
    const refusedN = validateGenerationBody({ ...valid, model: 'gpt-image-3', n: 11 }, registry);
    expect(!refusedN.ok && refusedN.error.body.error.param).toBe('n');
    const engine = validateGenerationBody({ ...valid, model: 'gpt-image-3' }, registry, ENGINE_POLICY);
    expect(!engine.ok && engine.error.body.error.message).toMatch(/Invalid value: 'gpt-image-3'/);
  });

  it('reads shutdown dates against the policy’s day: the day before, gpt-image-1.5 still works', () => {
    const body = { ...valid, model: 'gpt-image-1.5' };
    expect(validateGenerationBody(body, registry, { ...ENGINE_POLICY, today: '2026-11-30' }).ok).toBe(true);
    expect(validateGenerationBody(body, registry, { ...ENGINE_POLICY, today: '2026-12-01' }).ok).toBe(false);
  });

  it('serves a retired model a gateway declares', () => {
    const gateway = createModelRegistry([{ id: 'gpt-image-1' }]);
    const result = validateGenerationBody({ ...valid, model: 'gpt-image-1', size: '1536x1024' }, gateway);
    expect(result.ok).toBe(true);
  });
});

describe('validateEditFields (multipart text)', () => {
  it('coerces the text of numbers and booleans', () => {
    const result = validateEditFields(
      {
        prompt: 'add a moon',
        model: 'gpt-image-2.6-flare',
        n: '2',
        stream: 'true',
        partial_images: '3',
        complexity: 'low',
      },
      registry,
    );
    expect(result.ok && [result.value.n, result.value.stream, result.value.partialImages]).toEqual([
      2,
      true,
      3,
    ]);
  });

  it('refuses an edit without a model: the API would fall back to the retired gpt-image-1.5', () => {
    const result = validateEditFields({ prompt: 'x' }, registry);
    expect(!result.ok && result.error.body.error).toMatchObject({
      param: 'model',
      code: 'missing_required_parameter',
    });
    expect(!result.ok && result.error.body.error.message).toMatch(/gpt-image-1\.5, which was shut down/);
  });

  it.each([
    [{ prompt: 'x', model: 'gpt-image-2', n: 'two' }, 'n', /expected an integer, but got a string/],
    [{ prompt: 'x', model: 'gpt-image-2', stream: 'yes' }, 'stream', /expected true or false/],
    [{ prompt: 'x', model: 'gpt-image-2', input_fidelity: 'max' }, 'input_fidelity', /'low' and 'high'/],
    [
      { prompt: 'x', model: 'gpt-image-2.6-flare', output_format: 'svg' },
      'output_format',
      /generations only/,
    ],
    [
      { prompt: 'x', model: 'gpt-image-2.6-flare', output_format: 'gif', stream: 'true' },
      'stream',
      /cannot be streamed/,
    ],
  ])('refuses %j on %s', (fields, param, message) => {
    const result = validateEditFields(fields as Record<string, string>, registry);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.body.error.param).toBe(param);
    expect(result.error.body.error.message).toMatch(message);
  });

  it('passes input_fidelity on gpt-image-2, which ignores it, with a caveat', () => {
    const result = validateEditFields(
      { prompt: 'x', model: 'gpt-image-2', input_fidelity: 'high' },
      registry,
    );
    expect(result.ok && result.value.inputFidelity).toBe('high');
    expect(result.ok && result.value.caveats.map((caveat) => caveat.param)).toEqual(['input_fidelity']);
  });

  it('takes moderation on edits (the JSON edit body has it)', () => {
    expect(validateEditFields({ prompt: 'x', model: 'gpt-image-2', moderation: 'low' }, registry).ok).toBe(
      true,
    );
  });
});

describe('validateEditBody (JSON edit)', () => {
  it('reads typed fields as a JSON body sends them', () => {
    const result = validateEditBody(
      { prompt: 'x', model: 'gpt-image-2.5-sunburst', n: 2, stream: true, input_fidelity: 'low' },
      registry,
    );
    expect(result.ok && [result.value.n, result.value.stream, result.value.kind]).toEqual([2, true, 'edit']);
  });
});

describe('model entries', () => {
  it('reads the deprecated id=like pairs as entries', () => {
    expect(parseModelAliases(' gpt-image-2-c = gpt-image-2 ,img-fast=gpt-image-1-mini')).toEqual({
      entries: [
        { id: 'gpt-image-2-c', like: 'gpt-image-2' },
        { id: 'img-fast', like: 'gpt-image-1-mini' },
      ],
      invalid: null,
    });
    expect(parseModelAliases('a=gpt-image-2,b=midjourney').invalid).toBe('b=midjourney');
  });

  it('names the entry, the field and why', () => {
    expect(
      parseModelEntries([
        { id: 'a', like: 'gpt-image-2' },
        { id: 'b', qualities: ['ultra'] },
      ]),
    ).toMatchObject({
      ok: false,
      problem: { path: '[1].qualities[0]' },
    });
    expect(parseModelEntries([{ id: 'gw-fast' }])).toMatchObject({
      ok: false,
      problem: { path: '[0].id', message: /needs 'like'/ },
    });
    expect(parseModelEntries([{ id: 'x', like: 'gpt-9' }])).toMatchObject({
      ok: false,
      problem: { path: '[0].like', message: /not a catalogue model/ },
    });
    expect(parseModelEntries({ id: 'x' })).toMatchObject({ ok: false, problem: { path: '' } });
  });

  it('overrides a capability and keeps the rest of the model it is like', () => {
    const parsed = parseModelEntries([
      { id: 'gw-2', like: 'gpt-image-2', maxImagesPerRequest: 4, label: 'GW 2' },
    ]);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const model = createModelRegistry(parsed.entries).get('gw-2')!;
    expect([model.label, model.maxImagesPerRequest, model.like, model.sizeRule.kind]).toEqual([
      'GW 2',
      4,
      'gpt-image-2',
      'flexible',
    ]);
  });
});

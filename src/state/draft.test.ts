import { describe, expect, it } from 'vitest';
import { catalogueModel, createModelRegistry, sizeViolation, type StudioConfig } from '../contract/index.ts';
import {
  INITIAL_DRAFT,
  checkDraft,
  draftForModel,
  draftForSending,
  draftFromParams,
  generationBodyFromDraft,
  randomSeed,
  registryFromConfig,
  sizeChoicesFor,
  variantSeed,
  type Draft,
} from './draft.ts';

const registry = createModelRegistry();
const draft = (patch: Partial<Draft>): Draft => ({
  ...INITIAL_DRAFT,
  prompt: 'a lighthouse at dusk',
  model: 'gpt-image-2',
  ...patch,
});

describe('generationBodyFromDraft', () => {
  it('sends streaming with the draft values under the API names', () => {
    expect(generationBodyFromDraft(draft({ output_format: 'webp', output_compression: 70, n: 3 }))).toEqual({
      prompt: 'a lighthouse at dusk',
      model: 'gpt-image-2',
      n: 3,
      size: 'auto',
      quality: 'auto',
      background: 'auto',
      output_format: 'webp',
      output_compression: 70,
      moderation: 'auto',
      partial_images: 2,
      stream: true,
    });
  });

  it('leaves compression out for PNG, which cannot be compressed', () => {
    const body = generationBodyFromDraft(draft({ output_format: 'png', output_compression: 40 }));
    expect(body).not.toHaveProperty('output_compression');
    expect(checkDraft(draft({ output_format: 'png', output_compression: 40 }), registry).ok).toBe(true);
  });
});

describe('checkDraft refuses what the relay refuses, naming the field', () => {
  it.each<[string, Partial<Draft>, string]>([
    ['an empty prompt', { prompt: '   ' }, 'prompt'],
    ['a size off the 16-pixel grid on gpt-image-2', { size: '1000x1000' }, 'size'],
    ['a retired model', { model: 'gpt-image-1' }, 'model'],
    ['quality xhigh on gpt-image-2', { quality: 'xhigh' }, 'quality'],
    [
      'transparency with JPEG',
      { model: 'gpt-image-2.5-flare', background: 'transparent', output_format: 'jpeg' },
      'background',
    ],
    ['more partial images than the model streams', { partial_images: 4 }, 'partial_images'],
    ['more images than a request may ask for', { n: 11 }, 'n'],
  ])('%s', (_label, patch, param) => {
    const checked = checkDraft(draft(patch), registry);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.error.body.error.param).toBe(param);
  });

  it('accepts a valid custom size, and transparency on 2.5 and (as a preview) on gpt-image-2', () => {
    expect(checkDraft(draft({ size: '1536x864' }), registry).ok).toBe(true);
    expect(
      checkDraft(
        draft({
          model: 'gpt-image-2.5-flare',
          background: 'transparent',
          output_format: 'webp',
          quality: 'max',
        }),
        registry,
      ).ok,
    ).toBe(true);
    const preview = checkDraft(draft({ background: 'transparent' }), registry);
    expect(preview.ok && preview.value.caveats.map((caveat) => caveat.param)).toEqual(['background']);
  });
});

describe('size choices', () => {
  it('offers the three fixed sizes for gpt-image-1', () => {
    expect(sizeChoicesFor(catalogueModel('gpt-image-1'))).toEqual([
      'auto',
      '1024x1024',
      '1536x1024',
      '1024x1536',
    ]);
  });

  it('offers only presets valid under gpt-image-2 rules', () => {
    const choices = sizeChoicesFor(catalogueModel('gpt-image-2'));
    expect(choices[0]).toBe('auto');
    expect(choices).toContain('3840x2160');
    const rule = catalogueModel('gpt-image-2').sizeRule;
    for (const size of choices.slice(1)) expect(sizeViolation(rule, size)).toBeNull();
  });
});

describe('registryFromConfig', () => {
  it('validates against exactly the models the relay serves', () => {
    const config = {
      models: [{ ...catalogueModel('gpt-image-2'), id: 'gpt-image-2-c', label: 'gateway' }],
    } as StudioConfig;
    const fromConfig = registryFromConfig(config);
    expect(checkDraft(draft({ model: 'gpt-image-2-c' }), fromConfig).ok).toBe(true);
    const unknown = checkDraft(draft({ model: 'gpt-image-1' }), fromConfig);
    expect(unknown.ok ? null : unknown.error.body.error.param).toBe('model');
  });
});

describe('draftFromParams', () => {
  it('reads JSON bodies and multipart text alike, and keeps defaults for what is missing or mistyped', () => {
    expect(draftFromParams({ prompt: 'a fox', model: 'gpt-image-1', n: 1, size: '1024x1536' })).toEqual({
      ...INITIAL_DRAFT,
      prompt: 'a fox',
      model: 'gpt-image-1',
      n: 1,
      size: '1024x1536',
    });
    expect(
      draftFromParams({ prompt: 'edit', n: '3', output_compression: '80', partial_images: 'x', quality: 7 }),
    ).toEqual({ ...INITIAL_DRAFT, prompt: 'edit', n: 3, output_compression: 80 });
  });
});

describe('draftForModel', () => {
  it('gives up what the new model cannot take, and says so', () => {
    const onTwoSix = draft({ quality: 'xhigh', output_format: 'gif', complexity: 'low' });
    expect(draftForModel(onTwoSix, catalogueModel('gpt-image-2'))).toEqual({
      patch: { quality: 'high', output_format: 'png', complexity: null },
      notice: 'Not on GPT Image 2: quality xhigh is now high; GIF output is now PNG.',
    });
    expect(draftForModel(onTwoSix, catalogueModel('gpt-image-2.6-sunburst'))).toEqual({
      patch: {},
      notice: null,
    });
  });
});

describe('the seed', () => {
  const seeded = createModelRegistry([], { supportsSeed: true });

  it('is sent only when set, under its API name, in the JSON body and the multipart fields alike', () => {
    expect(generationBodyFromDraft(draft({ seed: null }))).not.toHaveProperty('seed');
    expect(generationBodyFromDraft(draft({ seed: 0 }))).toMatchObject({ seed: 0 });
    const checked = checkDraft(draft({ seed: 4_294_967_295 }), seeded);
    expect(checked.ok && checked.value.seed).toBe(4_294_967_295);
  });

  it('is left out for a model without seeds, and kept for one with them', () => {
    expect(draftForSending(draft({ seed: 12 }), registry).seed).toBeNull();
    expect(draftForSending(draft({ seed: 12 }), seeded).seed).toBe(12);
    expect(draftForSending(draft({ model: 'no-such-model', seed: 12 }), seeded).seed).toBeNull();
  });

  it.each<[string, unknown, number | null]>([
    ['a saved number', 12345, 12345],
    ['multipart text', '12345', 12345],
    ['the largest', 4_294_967_295, 4_294_967_295],
    ['zero', '0', 0],
    ['one past the largest', 4_294_967_296, null],
    ['a negative number (a gateway’s “random”)', -1, null],
    ['a fraction', 1.5, null],
    ['text that is not a number', '12a', null],
    ['an exponent', '1e3', null],
    ['nothing', undefined, null],
  ])('is read back from %s as %s', (_label, stored, seed) => {
    expect(draftFromParams({ prompt: 'p', seed: stored }).seed).toBe(seed);
  });

  it('keeps how variants are seeded when it is one of the two ways, else varies', () => {
    expect(draftFromParams({ variant_seeds: 'same' }).variant_seeds).toBe('same');
    expect(draftFromParams({ variant_seeds: 'shuffle' }).variant_seeds).toBe('vary');
    expect(draftFromParams({}).variant_seeds).toBe('vary');
  });

  it('counts up per variant under "vary", wrapping past the largest, and is shared under "same"', () => {
    expect([0, 1, 2].map((index) => variantSeed(100, 'vary', index))).toEqual([100, 101, 102]);
    expect([0, 1, 2].map((index) => variantSeed(100, 'same', index))).toEqual([100, 100, 100]);
    expect(variantSeed(4_294_967_294, 'vary', 3)).toBe(1);
    expect(variantSeed(null, 'vary', 3)).toBeNull();
  });

  it('is picked at random from the whole range', () => {
    const picks = Array.from({ length: 64 }, randomSeed);
    for (const pick of picks) expect(Number.isInteger(pick) && pick >= 0 && pick <= 4_294_967_295).toBe(true);
    expect(new Set(picks).size).toBeGreaterThan(60);
  });
});

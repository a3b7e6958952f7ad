/** whyUnavailable as a table: one row per rule the settings panel asks about, open values included. */
import { describe, expect, it } from 'vitest';
import { checkEditFiles } from './images.ts';
import { createModelRegistry } from './registry.ts';
import {
  ENGINE_POLICY,
  STUDIO_POLICY,
  validateEditFields,
  validateGenerationBody,
  type ValidationPolicy,
} from './requests.ts';
import { whyNoMask, whyUnavailable, type OptionFields, type OptionParam } from './rules.ts';

/** Providers' entries for the capabilities no catalogue model lacks (an entry's label is its id). */
const registry = createModelRegistry([
  { id: 'no-transparency', like: 'gpt-image-2.5-flare', transparency: 'none' },
  { id: 'no-streaming', like: 'gpt-image-2.5-flare', supportsStreaming: false },
  { id: 'no-moderation', like: 'gpt-image-2.5-flare', supportsModeration: false },
  { id: 'fidelity-refused', like: 'gpt-image-2.5-flare', inputFidelity: 'refused' },
  { id: 'fidelity-honoured', like: 'gpt-image-1.5' },
  { id: 'two-complexities', like: 'gpt-image-2.6-flare', complexities: ['low', 'high'] },
  { id: 'url-results', like: 'gpt-image-2', resultKind: 'url', supportsStreaming: false },
]);
const TODAY = '2026-12-01';
const SVG_AUTHOR = { model: 'gpt-5.6-terra' };

/** One case: the model, the rest of the request, the value asked about, and the reason (null: offered). */
type Case = [model: string, fields: OptionFields, value: string | number, reason: string | null];

const gen = (fields: Omit<OptionFields, 'kind'> = {}): OptionFields => ({ kind: 'generation', ...fields });
const edit = (fields: Omit<OptionFields, 'kind'> = {}): OptionFields => ({ kind: 'edit', ...fields });

const PROMPT_ONLY = 'GIF and SVG are made from a prompt; edits return PNG, JPEG or WebP.';

// prettier-ignore
const CASES: Partial<Record<OptionParam, Case[]>> = {
  background: [
    ['gpt-image-2.5-flare', gen({ output_format: 'png' }), 'transparent', null],
    ['gpt-image-2', gen({ output_format: 'png' }), 'transparent', null],
    ['gpt-image-2.5-flare', gen({ output_format: 'jpeg' }), 'opaque', null],
    ['gpt-image-2.5-flare', gen({ output_format: 'jpeg' }), 'transparent', 'JPEG has no alpha: pick PNG or WebP.'],
    ['no-transparency', gen({ output_format: 'png' }), 'transparent', 'no-transparency does not make transparent backgrounds.'],
  ],
  response_format: [
    ['url-results', gen(), 'url', null],
    ['url-results', edit(), 'b64_json', null],
    ['gpt-image-2', gen(), 'url', 'GPT Image 2 always returns the image itself; only models that answer with links take a response format.'],
    ['gpt-image-2.5-flare', edit(), 'b64_json', 'GPT Image 2.5 Flare always returns the image itself; only models that answer with links take a response format.'],
  ],
  input_fidelity: [
    ['fidelity-honoured', edit(), 'high', null],
    ['gpt-image-2', edit(), 'high', 'GPT Image 2 ignores input fidelity: it always reads inputs at high fidelity.'],
    ['gpt-image-2.5-flare', edit(), 'low', 'Whether GPT Image 2.5 Flare honours input fidelity is undocumented, so the studio leaves it out.'],
    ['fidelity-refused', edit(), 'high', 'fidelity-refused does not accept input fidelity.'],
  ],
  partial_images: [
    ['gpt-image-2.5-flare', gen({ output_format: 'png' }), 2, null],
    ['no-streaming', gen({ output_format: 'png' }), 0, null],
    ['no-streaming', gen({ output_format: 'png' }), 2, 'no-streaming does not stream, so it sends no partial images.'],
    ['gpt-image-2.6-flare', gen({ output_format: 'gif' }), 0, null],
    ['gpt-image-2.6-flare', gen({ output_format: 'gif' }), 2, 'GIF is made whole, so there are no partial images.'],
    ['gpt-image-2.6-flare', gen({ output_format: 'svg', svg: SVG_AUTHOR }), 1, 'SVG is made whole, so there are no partial images.'],
  ],
  moderation: [
    ['gpt-image-2.5-flare', gen(), 'low', null],
    ['no-moderation', gen(), 'auto', null],
    ['no-moderation', gen(), 'low', 'no-moderation does not take a moderation setting.'],
    ['gpt-image-2.5-flare', edit(), 'auto', null],
    ['gpt-image-2.5-flare', edit(), 'low', 'Edits have no moderation setting; OpenAI applies its default.'],
    // The model's own lack comes first, as in the table.
    ['no-moderation', edit(), 'low', 'no-moderation does not take a moderation setting.'],
  ],
  output_format: [
    ['gpt-image-2.6-flare', gen(), 'gif', null],
    ['gpt-image-2.6-flare', gen({ svg: SVG_AUTHOR }), 'svg', null],
    ['gpt-image-2.6-flare', edit(), 'webp', null],
    ['gpt-image-2.6-flare', edit(), 'gif', PROMPT_ONLY],
    ['gpt-image-2.6-flare', edit(), 'svg', PROMPT_ONLY],
    ['gpt-image-2.5-flare', gen(), 'gif', "Invalid value: 'gif'. Supported values for gpt-image-2.5-flare are: 'png', 'jpeg' and 'webp'."],
  ],
  // The compression slider asks about its lowest value: whether any compression applies.
  output_compression: [
    ['gpt-image-2.5-flare', gen({ output_format: 'jpeg' }), 0, null],
    ['gpt-image-2.5-flare', gen({ output_format: 'webp' }), 0, null],
    ['gpt-image-2.5-flare', gen({ output_format: 'png' }), 100, null],
    ['gpt-image-2.5-flare', gen({ output_format: 'png' }), 0, 'PNG is lossless: compression applies to JPEG and WebP only.'],
    ['gpt-image-2.6-flare', gen({ output_format: 'gif' }), 0, 'GIF takes no compression: it applies to JPEG and WebP only.'],
    ['gpt-image-2.6-flare', gen({ output_format: 'svg', svg: SVG_AUTHOR }), 0, 'SVG takes no compression: it applies to JPEG and WebP only.'],
  ],
  quality: [
    ['gpt-image-2.5-flare', gen(), 'xhigh', null],
    ['gpt-image-2', gen(), 'xhigh', "Invalid value: 'xhigh'. Supported values for gpt-image-2 are: 'low', 'medium', 'high' and 'auto'."],
  ],
  // A free number: the seed field asks about what is typed; leaving it empty asks for a random image.
  seed: [
    ['gpt-image-2.5-flare', gen(), 0, null],
    ['gpt-image-2.5-flare', edit(), 4_294_967_295, null],
    ['gpt-image-2.5-flare', gen(), -1, 'A seed is a whole number from 0 to 4,294,967,295.'],
    ['gpt-image-2.5-flare', gen(), 4_294_967_296, 'A seed is a whole number from 0 to 4,294,967,295.'],
    ['gpt-image-2.5-flare', edit(), 1.5, 'A seed is a whole number from 0 to 4,294,967,295.'],
  ],
  complexity: [
    ['gpt-image-2.6-flare', gen(), 'low', null],
    ['two-complexities', gen(), 'low', null],
    ['gpt-image-2.5-flare', gen(), 'low', 'gpt-image-2.5-flare has no complexity setting (it is new in GPT Image 2.6); it would be ignored or refused.'],
    ['two-complexities', gen(), 'medium', "Invalid value: 'medium'. Supported values for two-complexities are: 'low' and 'high'."],
  ],
};

interface Row {
  model: string;
  fields: OptionFields;
  param: OptionParam;
  value: string | number;
  reason: string | null;
}

const ROWS: Row[] = Object.entries(CASES).flatMap(([param, cases]) =>
  cases.map(([model, fields, value, reason]) => ({
    model,
    fields,
    param: param as OptionParam,
    value,
    reason,
  })),
);

const label = (row: Row) => `${row.param} ${row.value} on ${row.model} (${row.fields.kind})`;
const named = (rows: Row[]) => rows.map((row) => [label(row), row] as const);

/** The request the row describes, as the validator of its kind reads it (multipart carries only text). */
function validateRow(row: Row, policy: ValidationPolicy) {
  const { kind, ...fields } = row.fields;
  const body = { prompt: 'a lighthouse', model: row.model, ...fields, [row.param]: row.value };
  const dated = { ...policy, today: TODAY };
  return kind === 'edit'
    ? validateEditFields(
        Object.fromEntries(Object.entries(body).map(([field, value]) => [field, String(value)])),
        registry,
        dated,
      )
    : validateGenerationBody(body, registry, dated);
}

describe('whyUnavailable', () => {
  it.each(named(ROWS))('%s', (_label, row) => {
    const model = registry.get(row.model)!;
    expect(whyUnavailable(model, row.fields, row.param, row.value)).toBe(row.reason);
  });
});

describe('whyUnavailable agrees with validation', () => {
  // The strictest reading of the contract (every rule at every certainty) refuses what the studio
  // withholds, or at least doubts it: the reason and the refusal or caveat rest on the same rule.
  it.each(named(ROWS.filter((row) => row.reason !== null)))(
    'a withheld %s is refused or caveated on that param',
    (_label, row) => {
      const checked = validateRow(row, ENGINE_POLICY);
      if (checked.ok) expect(checked.value.caveats.map((caveat) => caveat.param)).toContain(row.param);
      else expect(checked.error.body.error.param).toBe(row.param);
    },
  );

  it.each(named(ROWS.filter((row) => row.reason === null)))(
    'an offered %s passes the studio’s own check',
    (_label, row) => {
      expect(validateRow(row, STUDIO_POLICY).ok).toBe(true);
    },
  );
});

describe('a model that does not stream', () => {
  it('takes `stream` with a caveat: the relay streams its whole answer as the completed event', () => {
    const checked = validateGenerationBody(
      { prompt: 'a lighthouse', model: 'url-results', stream: true, partial_images: 2 },
      registry,
      { ...STUDIO_POLICY, today: TODAY },
    );
    expect(checked.ok && checked.value.caveats.map((caveat) => caveat.param)).toEqual([
      'stream',
      'partial_images',
    ]);
  });
});

describe('a model that takes no mask', () => {
  // A gateway's entry without `like` keeps the catalogue model's label, as a designer reads it.
  const gateway = createModelRegistry([{ id: 'gpt-image-2', supportsMask: false }]);
  const maskless = gateway.get('gpt-image-2')!;
  const reason =
    "This provider's GPT Image 2 takes no mask: its edits use the images as references only. Pick another model to paint a mask.";

  it('has the reason the studio shows over its disabled mask tools', () => {
    expect(whyNoMask(maskless)).toBe(reason);
    expect(whyUnavailable(maskless, edit(), 'mask', true)).toBe(reason);
    expect(whyNoMask(registry.get('fidelity-honoured')!)).toBeNull();
  });

  it('is refused a mask by the relay in the same words, and takes the edit without one', () => {
    const checked = validateEditFields({ prompt: 'a lighthouse', model: 'gpt-image-2' }, gateway, {
      ...STUDIO_POLICY,
      today: TODAY,
    });
    if (!checked.ok) throw new Error(checked.error.body.error.message);
    const image = { field: 'image', reference: 'file_id' } as const;
    const mask = { field: 'mask', reference: 'file_id' } as const;
    expect(checkEditFiles(checked.value, [image], mask)?.body.error).toMatchObject({
      param: 'mask',
      message: reason,
    });
    expect(checkEditFiles(checked.value, [image], null)).toBeNull();
  });
});

/** The strictness policy as a table: every current model × every case of testing/strictnessCases.ts. */
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from './catalogue.ts';
import { isRetired } from './models.ts';
import { createModelRegistry } from './registry.ts';
import {
  STRICTNESS_CASES,
  type Outcome,
  type StrictnessCase,
  type StrictnessFamily,
} from './testing/strictnessCases.ts';
import {
  API_POLICY,
  ENGINE_POLICY,
  validateEditFields,
  validateGenerationBody,
  type ValidationPolicy,
} from './requests.ts';

const registry = createModelRegistry();
const TODAY = '2026-12-01';
const CURRENT = [...registry.values()].filter((model) => !isRetired(model, TODAY));

function outcome(
  testCase: StrictnessCase,
  model: string,
  policy: ValidationPolicy,
): { outcome: Outcome; param?: string | null } {
  const fields = { prompt: 'a lighthouse', model, ...testCase.fields };
  const result =
    testCase.kind === 'edit'
      ? validateEditFields(
          Object.fromEntries(
            Object.entries(fields).map(([key, value]) => [
              key,
              typeof value === 'string' ? value : JSON.stringify(value),
            ]),
          ),
          registry,
          { ...policy, today: TODAY },
        )
      : validateGenerationBody(fields, registry, { ...policy, today: TODAY });
  if (!result.ok) return { outcome: 'refuse', param: result.error.body.error.param };
  return {
    outcome: result.value.caveats.some((caveat) => caveat.param === testCase.param) ? 'caveat' : 'pass',
  };
}

describe.each(CURRENT.map((model) => [model.id, model.family as StrictnessFamily] as const))(
  '%s',
  (id, family) => {
    it.each(STRICTNESS_CASES.map((testCase) => [testCase.name, testCase] as const))(
      '%s',
      (_name, testCase) => {
        const [api, engine] = testCase.expected[family];
        const inFront = outcome(testCase, id, API_POLICY);
        const offline = outcome(testCase, id, ENGINE_POLICY);
        expect({ api: inFront.outcome, engine: offline.outcome }).toEqual({ api, engine });
        // A refusal names the field at fault (a GIF/SVG case on a model without them names output_format).
        if (inFront.outcome === 'refuse') expect([testCase.param, 'output_format']).toContain(inFront.param);
      },
    );
  },
);

describe('retired models', () => {
  const retired = CATALOGUE.filter((model) => isRetired(model, TODAY));

  it('are the shut-down ones and only those', () => {
    expect(retired.map((model) => model.id).sort()).toEqual(
      [
        'chatgpt-image-latest',
        'dall-e-2',
        'dall-e-3',
        'gpt-image-1',
        'gpt-image-1-mini',
        'gpt-image-1.5',
      ].sort(),
    );
  });

  it.each(retired.map((model) => [model.id, model] as const))(
    '%s is refused under both policies, naming its shutdown date and replacement',
    (id, model) => {
      for (const policy of [API_POLICY, ENGINE_POLICY]) {
        const result = validateGenerationBody({ prompt: 'x', model: id }, registry, {
          ...policy,
          today: TODAY,
        });
        expect(!result.ok && result.error.body.error).toMatchObject({
          param: 'model',
          code: 'model_not_found',
        });
        const message = !result.ok ? result.error.body.error.message : '';
        expect(message).toContain(model.shutdownDate!);
        if (model.replacement) expect(message).toContain(model.replacement);
      }
    },
  );
});

import { describe, expect, it } from 'vitest';
import { createModelRegistry, validateGenerationBody, type CompletedImageEvent } from '../contract/index.ts';
import { budgetVerdict, parseBudget, sessionSpend } from './budget.ts';
import { applyImageEvent, startRun, type Run } from './run.ts';

const checked = validateGenerationBody({ prompt: 'p', model: 'gpt-image-2' }, createModelRegistry());
if (!checked.ok) throw new Error(checked.error.body.error.message);
const request = checked.value;

function runWithOutput(id: string, outputTokens: number): Run {
  const event: CompletedImageEvent = {
    type: 'image_generation.completed',
    b64_json: 'AA==',
    created_at: 1,
    size: '1024x1024',
    quality: 'high',
    background: 'opaque',
    output_format: 'png',
    usage: {
      input_tokens: 0,
      input_tokens_details: { text_tokens: 0, image_tokens: 0 },
      output_tokens: outputTokens,
      total_tokens: outputTokens,
    },
  };
  return applyImageEvent(startRun(id, request, [id], 0), id, event, {
    id,
    url: id,
    format: 'png',
    size: '1024x1024',
  });
}

describe('session spend', () => {
  it('adds up the reported usage of every run at its model’s prices, and nothing for runs without usage', () => {
    const runs = [runWithOutput('a', 7024), runWithOutput('b', 1756), startRun('c', request, ['c'], 0)];
    expect(sessionSpend(runs)).toBeCloseTo(((7024 + 1756) * 30) / 1e6, 10);
    expect(sessionSpend([...runs, { ...runWithOutput('d', 999), restored: true }])).toBeCloseTo(
      ((7024 + 1756) * 30) / 1e6,
      10,
    );
    expect(sessionSpend([])).toBe(0);
  });
});

describe('budgetVerdict', () => {
  it.each([
    [0.5, 0.2, null, { kind: 'unset' }],
    [0.5, 0.2, 1, { kind: 'within', remaining: 0.3 }],
    [0.5, 0.5, 1, { kind: 'within', remaining: 0 }],
    [0.5, 0.6, 1, { kind: 'would-cross', after: 1.1, budget: 1 }],
    [1, 0.01, 1, { kind: 'spent', budget: 1 }],
    [0.25, null, 1, { kind: 'unpriced', remaining: 0.75, budget: 1 }],
  ] as const)('spent %f, next up to %f, budget %s', (spent, next, budget, verdict) => {
    const result = budgetVerdict(spent, next, budget);
    expect(result.kind).toBe(verdict.kind);
    for (const [key, value] of Object.entries(verdict)) {
      if (typeof value === 'number') expect(result[key as keyof typeof result]).toBeCloseTo(value, 10);
    }
  });
});

describe('parseBudget', () => {
  it.each([
    ['2', 2],
    ['$1.50', 1.5],
    [' 0.25 ', 0.25],
    ['', null],
    ['0', null],
    ['-3', null],
    ['lots', null],
  ] as const)('%j → %s', (text, budget) => {
    expect(parseBudget(text)).toBe(budget);
  });
});

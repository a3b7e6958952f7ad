import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModelRegistry, validateGenerationBody, type CompletedImageEvent } from '../contract/index.ts';
import {
  budgetVerdict,
  parseBudget,
  periodSpend,
  periodStart,
  sessionSpend,
  storedBudget,
  storedSpendPeriod,
} from './budget.ts';
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

  it('counts a restored background variant that settles in this visit, and nothing else of its run', () => {
    const restored = { ...runWithOutput('e', 1756), restored: true };
    const settling = { ...restored, variants: [{ ...restored.variants[0]!, settlesHere: true }] };
    expect(sessionSpend([restored])).toBe(0);
    expect(sessionSpend([settling])).toBeCloseTo((1756 * 30) / 1e6, 10);
  });
});

describe('periodStart', () => {
  // A zone where the local day and month differ from UTC's for hours each day, and daylight saving starts
  // on 8 March 2026: the periods must follow the designer's calendar, not UTC's. Node reads TZ as it changes.
  const zone = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = 'America/New_York';
  });
  afterAll(() => {
    process.env.TZ = zone;
  });

  it.each([
    ['today', '2026-03-14T15:30:00-04:00', '2026-03-14T00:00:00-04:00'],
    ['today', '2026-03-14T23:30:00-04:00', '2026-03-14T00:00:00-04:00'],
    ['today', '2026-03-15T00:00:00-04:00', '2026-03-15T00:00:00-04:00'],
    ['today', '2026-03-14T23:59:59.999-04:00', '2026-03-14T00:00:00-04:00'],
    ['today', '2026-03-08T12:00:00-04:00', '2026-03-08T00:00:00-05:00'],
    ['month', '2026-03-14T15:30:00-04:00', '2026-03-01T00:00:00-05:00'],
    ['month', '2026-03-31T22:00:00-04:00', '2026-03-01T00:00:00-05:00'],
    ['month', '2026-04-01T00:00:00-04:00', '2026-04-01T00:00:00-04:00'],
    ['month', '2026-12-31T23:59:59.999-05:00', '2026-12-01T00:00:00-05:00'],
    ['month', '2027-01-01T00:00:00-05:00', '2027-01-01T00:00:00-05:00'],
  ] as const)('%s at %s starts at %s', (period, now, start) => {
    expect(periodStart(period, new Date(now))).toBe(Date.parse(start));
  });

  it('has no start for all time', () => {
    expect(periodStart('all', new Date('2026-03-14T15:30:00-04:00'))).toBeNull();
  });
});

describe('periodSpend', () => {
  const dollars = (outputTokens: number) => (outputTokens * 30) / 1e6;
  const finishedAt = (run: Run, at: number | null): Run => ({
    ...run,
    variants: run.variants.map((variant) => ({ ...variant, finishedAt: at })),
  });

  it('adds the ledger to what this session reported that the ledger does not hold yet', () => {
    const written = runWithOutput('a', 1000);
    const pending = runWithOutput('b', 2000);
    const ledger = [
      { variantId: 'a', dollars: dollars(1000) },
      { variantId: 'earlier-visit', dollars: 0.5 },
    ];
    expect(periodSpend(ledger, [written, pending], null)).toBeCloseTo(
      dollars(1000) + 0.5 + dollars(2000),
      10,
    );
  });

  it('leaves restored runs to the ledger, and counts nothing for an empty one', () => {
    const restored = { ...runWithOutput('c', 3000), restored: true };
    expect(periodSpend([], [restored], null)).toBe(0);
    expect(periodSpend([{ variantId: 'c', dollars: 0.09 }], [restored], null)).toBeCloseTo(0.09, 10);
    expect(periodSpend([], [], null)).toBe(0);
  });

  it('counts a session variant not yet in the ledger only if it ended in the period, or has not ended', () => {
    const since = 10_000;
    expect(periodSpend([], [finishedAt(runWithOutput('d', 1000), since - 1)], since)).toBe(0);
    expect(periodSpend([], [finishedAt(runWithOutput('e', 1000), since)], since)).toBeCloseTo(
      dollars(1000),
      10,
    );
    expect(periodSpend([], [finishedAt(runWithOutput('f', 1000), null)], since)).toBeCloseTo(
      dollars(1000),
      10,
    );
  });
});

describe('budgetVerdict', () => {
  it.each([
    [0.5, 0.2, null, { kind: 'unset' }],
    [null, 0.2, null, { kind: 'unset' }],
    [null, 0.2, 1, { kind: 'counting', budget: 1 }],
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

describe('stored settings', () => {
  it.each([
    [2, 2],
    [0.05, 0.05],
    [null, null],
    [undefined, null],
    [0, null],
    [-1, null],
    ['2', null],
    [Number.NaN, null],
    [Number.POSITIVE_INFINITY, null],
  ] as const)('budget %s → %s', (value, budget) => {
    expect(storedBudget(value)).toBe(budget);
  });

  it.each([
    ['today', 'today'],
    ['month', 'month'],
    ['all', 'all'],
    [undefined, 'month'],
    ['week', 'month'],
    [3, 'month'],
  ] as const)('period %s → %s', (value, period) => {
    expect(storedSpendPeriod(value)).toBe(period);
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

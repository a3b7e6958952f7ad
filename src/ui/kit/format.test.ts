import { describe, expect, it } from 'vitest';
import { describeSize, formatDollars, formatElapsed, statusBadge } from './format.ts';

describe('formatting for the studio', () => {
  it.each([
    ['1536x1024', '1536 × 1024 · 3:2'],
    ['3840x2160', '3840 × 2160 · 16:9'],
    ['1024x1024', '1024 × 1024 · 1:1'],
    ['1536x864', '1536 × 864 · 16:9'],
    ['1008x1520', '1008 × 1520'],
    ['auto', 'Auto'],
  ])('describes %s as %s', (size, text) => {
    expect(describeSize(size)).toBe(text);
  });

  it.each([
    [0, '$0.00'],
    [0.00123, '$0.0012'],
    [0.0421, '$0.042'],
    [1.5, '$1.500'],
  ])('shows %f dollars as %s', (dollars, text) => {
    expect(formatDollars(dollars)).toBe(text);
  });

  it.each([
    [{ kind: 'measured', ms: 0 }, '0.0 s'],
    [{ kind: 'running', ms: 3_456 }, '3.5 s'],
    [{ kind: 'measured', ms: 83_000 }, '1:23 min'],
    [{ kind: 'atLeast', ms: 5_200 }, 'at least 5.2 s'],
    [{ kind: 'unknown' }, 'time unknown'],
  ] as const)('shows %o as %s', (elapsed, text) => {
    expect(formatElapsed(elapsed)).toBe(text);
  });
});

describe('statusBadge', () => {
  it.each([
    { status: 'done', partial: true, label: null },
    { status: 'interrupted', partial: true, label: 'Interrupted — last partial kept' },
    { status: 'interrupted', partial: false, label: 'Interrupted' },
    { status: 'error', partial: true, label: 'Failed — last partial kept' },
    { status: 'cancelled', partial: false, label: 'Cancelled' },
    { status: 'streaming', partial: false, label: 'Streaming…' },
  ] as const)('$status (partial: $partial) → $label', ({ status, partial, label }) => {
    expect(statusBadge(status, partial)?.label ?? null).toBe(label);
  });

  it('hints that only cancelled and interrupted results may still be billed', () => {
    const hinted = (['streaming', 'error', 'cancelled', 'interrupted'] as const).filter(
      (status) => statusBadge(status, false)?.billingHint,
    );
    expect(hinted).toEqual(['cancelled', 'interrupted']);
  });
});

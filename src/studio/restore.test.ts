import { describe, expect, it } from 'vitest';
import { fixtureEntry } from '../state/galleryFixtures.ts';
import { variantsOfNewestRuns } from './restore.ts';

describe('variantsOfNewestRuns', () => {
  const variant = (id: string, runId: string) => fixtureEntry(id, { runId }).variant;
  // Newest first; run b's variants are split by a variant of run c streamed meanwhile.
  const newest = [
    variant('a0', 'a'),
    variant('b0', 'b'),
    variant('c0', 'c'),
    variant('b1', 'b'),
    variant('d0', 'd'),
  ];

  it.each([
    [0, []],
    [1, ['a0']],
    [2, ['a0', 'b0', 'b1']],
    [3, ['a0', 'b0', 'c0', 'b1']],
    [9, ['a0', 'b0', 'c0', 'b1', 'd0']],
  ])('keeps the variants of the newest %i runs', (limit, ids) => {
    expect(variantsOfNewestRuns(newest, limit)).toEqual(ids);
  });
});

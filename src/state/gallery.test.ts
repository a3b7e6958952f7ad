import { describe, expect, it } from 'vitest';
import {
  UNDO_DELETE_MS,
  purgeBoundary,
  startupPurgeBoundary,
  toggleInSelection,
  visibleSelection,
} from './gallery.ts';

describe('toggleInSelection', () => {
  it.each([
    { selected: [], id: 'a', expected: ['a'] },
    { selected: ['a'], id: 'b', expected: ['a', 'b'] },
    { selected: ['a', 'b'], id: 'a', expected: ['b'] },
    { selected: ['a', 'b', 'c'], id: 'b', expected: ['a', 'c'] },
  ])('toggles $id in $selected', ({ selected, id, expected }) => {
    expect(toggleInSelection(selected, id)).toEqual(expected);
  });
});

describe('visibleSelection', () => {
  it('keeps only listed ids, in selection order', () => {
    expect(visibleSelection(['c', 'a', 'gone'], new Set(['a', 'b', 'c']))).toEqual(['c', 'a']);
  });
});

describe('purge boundaries', () => {
  it('purges the withdrawn deletion itself but not a later one', () => {
    const before = purgeBoundary({ variantIds: ['a'], deletedAt: 1_000 });
    expect(1_000 < before).toBe(true);
    expect(1_001 < before).toBe(false);
  });

  it('spares deletions another tab may still undo on start', () => {
    const now = 100_000;
    const before = startupPurgeBoundary(now);
    expect(now - UNDO_DELETE_MS - 1 < before).toBe(true);
    expect(now - 1_000 < before).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import type { MaskOperation } from './mask.ts';
import {
  SAVED_MASK_LIMIT,
  replacementBy,
  savedMaskMismatch,
  savedMaskOf,
  withSavedMask,
  type SavedMask,
} from './savedMasks.ts';

const owner = { imageId: 'door.png', name: 'door.png', width: 300, height: 200 };
const lasso: MaskOperation = { kind: 'lasso', id: 'l', points: [0, 0, 50, 0, 0, 50], mode: 'paint' };
const saved = (name: string, savedAt = 0): SavedMask => ({
  id: name,
  name,
  width: 300,
  height: 200,
  operations: [lasso],
  savedAt,
});

describe('saved masks', () => {
  it("are saved at the owner's size, a saved one put back flattened", () => {
    const replace: MaskOperation = { kind: 'replace', id: 'r', name: 'a', operations: [lasso] };
    const history = { operations: [lasso, replace], undone: [] };
    expect(savedMaskOf({ history, owner }, '  door ', 'id', 5)).toEqual({
      id: 'id',
      name: 'door',
      width: 300,
      height: 200,
      operations: [lasso, { kind: 'clear', id: 'r:clear' }, lasso],
      savedAt: 5,
    });
    expect(savedMaskOf({ history, owner: null }, 'door', 'id', 5)).toBeNull();
    expect(savedMaskOf({ history, owner }, '   ', 'id', 5)).toBeNull();
  });

  it('keep the newest first, replace one of the same name and keep at most the limit', () => {
    const many = Array.from({ length: SAVED_MASK_LIMIT }, (_, index) => saved(`m${index}`));
    const list = withSavedMask(many, saved('M3', 9));
    expect(list).toHaveLength(SAVED_MASK_LIMIT);
    expect(list[0]!.name).toBe('M3');
    expect(list.filter((entry) => entry.name.toLowerCase() === 'm3')).toHaveLength(1);
    expect(withSavedMask(many, saved('new')).at(-1)!.name).toBe(`m${SAVED_MASK_LIMIT - 2}`);
  });

  it('go only on an image of the size they were painted at, as one replacing entry', () => {
    expect(savedMaskMismatch(saved('door'), { width: 300, height: 200 })).toBeNull();
    expect(savedMaskMismatch(saved('door'), { width: 3000, height: 2000 })).toBe('painted at 300 × 200');
    expect(replacementBy(saved('door'), { width: 3000, height: 2000 }, 'r')).toBeNull();
    expect(replacementBy(saved('door'), owner, 'r')).toEqual({
      kind: 'replace',
      id: 'r',
      name: 'door',
      operations: [lasso],
    });
  });
});

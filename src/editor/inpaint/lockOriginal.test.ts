import { describe, expect, it } from 'vitest';
import { lockOriginal } from './lockOriginal.ts';

describe('lockOriginal', () => {
  const size = { width: 40, height: 20 };
  const original = { left: 10, top: 0, width: 20, height: 20 };
  const at = (weights: Uint8Array, x: number, y: number) => weights[y * size.width + x]!;

  it('keeps every pixel of the original and fades the new area in beside it', () => {
    const weights = lockOriginal(new Uint8Array(size.width * size.height).fill(255), size, original, 4);
    for (let y = 0; y < size.height; y++) {
      for (let x = original.left; x < original.left + original.width; x++) expect(at(weights, x, y)).toBe(0);
    }
    // Leaving the original to the left: rising through the feather, full beyond it.
    const row = [9, 8, 7, 6].map((x) => at(weights, x, 10));
    expect(row[0]).toBeGreaterThan(0);
    for (let index = 1; index < row.length; index++) expect(row[index]).toBeGreaterThan(row[index - 1]!);
    expect(at(weights, 5, 10)).toBe(255);
    expect(at(weights, 34, 10)).toBe(255);
    expect(at(weights, 30, 10)).toBeGreaterThan(0);
    expect(at(weights, 30, 10)).toBeLessThan(255);
  });

  it('never raises a weight the mask gave, and with no feather cuts a hard edge', () => {
    const weights = lockOriginal(new Uint8Array(size.width * size.height).fill(100), size, original, 0);
    expect(at(weights, 9, 3)).toBe(100);
    expect(at(weights, 10, 3)).toBe(0);
    expect(at(weights, 30, 3)).toBe(100);
  });
});

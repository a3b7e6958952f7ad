import { describe, expect, it } from 'vitest';
import { leonardoCostUsd, leonardoCredits, leonardoDimensions, leonardoQuality } from './leonardoCost.ts';

describe('leonardoDimensions', () => {
  it.each([
    ['auto', 1024, 1024],
    ['1024x1024', 1024, 1024],
    ['1536x1024', 1536, 1024],
    ['1024x1536', 1024, 1536],
    ['2048x1152', 1536, 1024],
    ['1152x2048', 1024, 1536],
    ['1088x1024', 1024, 1024],
    ['3840x1280', 1536, 1024],
    ['not-a-size', 1024, 1024],
  ] as const)('%s → %ix%i', (size, width, height) => {
    expect(leonardoDimensions(size)).toEqual({ width, height });
  });
});

describe('leonardoQuality', () => {
  it.each([
    ['low', 'LOW'],
    ['medium', 'MEDIUM'],
    ['auto', 'MEDIUM'],
    ['high', 'HIGH'],
    ['xhigh', 'HIGH'],
    ['max', 'HIGH'],
  ] as const)('%s → %s', (quality, expected) => {
    expect(leonardoQuality(quality)).toBe(expected);
  });
});

describe('leonardoCredits (quantity × 1.23977e-5 × w × h × quality factor × 1.2 with references)', () => {
  it.each([
    [1, '1024x1024', 'low', 0, 13.0],
    [1, '1024x1024', 'medium', 0, 37.96],
    [1, '1024x1024', 'high', 0, 136.99],
    [2, '1536x1024', 'medium', 0, 113.88],
    [1, '1024x1536', 'high', 3, 246.59],
    [4, 'auto', 'low', 1, 62.4],
  ] as const)(
    '%i × %s %s with %i references: %f credits',
    (quantity, size, quality, referenceCount, credits) => {
      expect(leonardoCredits({ quantity, size, quality, referenceCount })).toBeCloseTo(credits, 1);
    },
  );

  it('prices in dollars at the provider’s rate per credit', () => {
    const input = { quantity: 1, size: '1024x1024', quality: 'medium', referenceCount: 0 } as const;
    expect(leonardoCostUsd(input, 0.001)).toBeCloseTo(leonardoCredits(input) / 1000, 10);
  });
});

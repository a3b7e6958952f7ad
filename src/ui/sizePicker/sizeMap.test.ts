import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { GPT_IMAGE_2_SIZE_RULE as rule, formatSize, sizeViolation } from '../../contract/index.ts';
import {
  constrainToRule,
  describeRatio,
  formatMegapixels,
  nudgeSize,
  parseEdge,
  pixelCurve,
  resolutionState,
  validRegionOutline,
} from './sizeMap.ts';

/** Even-odd ray casting; points on an edge may land either way, so callers keep off the boundary. */
function inside(polygon: [number, number][], [x, y]: [number, number]): boolean {
  let result = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i]!;
    const [xj, yj] = polygon[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) result = !result;
  }
  return result;
}

describe('the valid region outline', () => {
  const outline = validRegionOutline(rule);

  it('contains every valid size and none of the clearly invalid ones (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 240 }), fc.integer({ min: 1, max: 240 }), (across, down) => {
        const size = { width: across * 16, height: down * 16 };
        fc.pre(sizeViolation(rule, formatSize(size)) === null);
        // A size exactly on a limit lies on the outline itself; probe half a pixel towards the middle.
        const towards = Math.hypot(1900 - size.width, 1900 - size.height) || 1;
        const probe: [number, number] = [
          size.width + (0.5 * (1900 - size.width)) / towards,
          size.height + (0.5 * (1900 - size.height)) / towards,
        ];
        expect(inside(outline, probe)).toBe(true);
      }),
      { numRuns: 3000 },
    );
    for (const point of [
      [1000, 400],
      [3000, 3000],
      [3840, 1000],
      [500, 500],
      [3900, 2000],
    ] as [number, number][]) {
      expect(inside(outline, point)).toBe(false);
    }
  });

  it('draws the pixel band edges as width × height = constant', () => {
    for (const [width, height] of pixelCurve(rule, rule.minPixels)) {
      expect(width * height).toBeCloseTo(rule.minPixels, 3);
      expect(width).toBeLessThanOrEqual(rule.maxEdge + 1e-9);
    }
  });
});

describe('moving the point', () => {
  it('always lands on a valid size, and keeps a valid one where it is (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -500, max: 5000, noNaN: true }),
        fc.double({ min: -500, max: 5000, noNaN: true }),
        (width, height) => {
          const landed = constrainToRule(rule, { width, height });
          expect(sizeViolation(rule, formatSize(landed))).toBeNull();
        },
      ),
      { numRuns: 2000 },
    );
    expect(constrainToRule(rule, { width: 1530, height: 1020 })).toEqual({ width: 1536, height: 1024 });
  });

  it('nudges by one grid step and refuses to leave the region', () => {
    expect(nudgeSize(rule, { width: 1536, height: 1024 }, 1, -1)).toEqual({ width: 1552, height: 1008 });
    expect(nudgeSize(rule, { width: 3840, height: 2160 }, 1, 0)).toEqual({ width: 3840, height: 2160 });
    expect(nudgeSize(rule, { width: 1024, height: 640 }, 0, -1)).toEqual({ width: 1024, height: 640 });
    expect(nudgeSize(rule, { width: 2048, height: 1152 }, 10, 0)).toEqual({ width: 2208, height: 1152 });
  });
});

describe('reading and describing sizes', () => {
  it.each([
    ['1024', 1024],
    [' 1536 ', 1536],
    ['', null],
    ['0', null],
    ['1e3', null],
    ['1,024', null],
    ['-16', null],
    ['123456', null],
  ] as const)('parseEdge(%j) = %s', (text, edge) => {
    expect(parseEdge(text)).toBe(edge);
  });

  it.each([
    [{ width: 1920, height: 1080 }, '16:9'],
    [{ width: 2048, height: 880 }, '2.33:1'],
    [{ width: 880, height: 2048 }, '1:2.33'],
    [{ width: 1024, height: 1024 }, '1:1'],
  ])('describes %o as %s', (size, text) => {
    expect(describeRatio(size)).toBe(text);
  });

  it('gives pixel counts in megapixels', () => {
    expect(formatMegapixels({ width: 3840, height: 2160 })).toBe('8.29 MP');
  });
});

describe('the resolution chips follow the size', () => {
  it.each([
    // On a chip: its tier is lit, whatever tier was last remembered.
    { size: '1024x1024', remembered: '1K', lit: '1K', ratio: '1:1', tier: '1K' },
    { size: '2048x2048', remembered: '1K', lit: '2K', ratio: '1:1', tier: '2K' },
    { size: '3840x2160', remembered: '1K', lit: '4K', ratio: '16:9', tier: '4K' },
    // A custom size is at no tier: none is lit; a tier chip scales its nearest ratio, a ratio chip keeps
    // the remembered tier.
    { size: '2000x1504', remembered: '2K', lit: null, ratio: '4:3', tier: '2K' },
    { size: '1008x1520', remembered: '1K', lit: null, ratio: '2:3', tier: '1K' },
    // Auto has no shape to scale.
    { size: 'auto', remembered: '4K', lit: null, ratio: null, tier: '4K' },
  ] as const)('$size (remembered $remembered) → lit $lit', ({ size, remembered, lit, ratio, tier }) => {
    expect(resolutionState(rule, size, remembered)).toEqual({ lit, ratio, tier });
  });
});

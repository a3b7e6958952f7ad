import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  GPT_IMAGE_1_SIZE_RULE,
  GPT_IMAGE_2_SIZE_RULE,
  formatSize,
  isExperimentalSize,
  nearestValidSize,
  parseSize,
  resolveSize,
  sizeViolation,
} from './sizes.ts';

describe('gpt-image-2 size rule', () => {
  it.each([
    ['1024x1024', null],
    ['1024x640', null], // exactly the 655,360-pixel floor
    ['1008x640', /pixel count/],
    ['3840x1280', null], // exactly 3:1
    ['1280x3840', null],
    ['3840x1264', /aspect ratio/],
    ['3840x2160', null], // exactly the 8,294,400-pixel ceiling
    ['2160x3840', null],
    ['2880x2880', null], // 8,294,400 pixels, square
    ['2896x2896', /pixel count/],
    ['3856x2000', /longest edge/],
    ['1000x1000', /multiples of 16/],
    ['1024x1030', /multiples of 16/],
    ['1024', /WIDTHxHEIGHT/],
    ['1024X1024', /WIDTHxHEIGHT/],
    [' 1024x1024', /WIDTHxHEIGHT/],
    ['-1024x1024', /WIDTHxHEIGHT/],
    ['1024x1024x2', /WIDTHxHEIGHT/],
    ['', /WIDTHxHEIGHT/],
    ['widexhigh', /WIDTHxHEIGHT/],
    ['1536.0x1024', /WIDTHxHEIGHT/],
    ['0x0', /WIDTHxHEIGHT/],
    ['3856x1296', /longest edge/], // a multiple of 16, within 3:1 and the pixel band: only the edge is wrong
  ])('%s → %s', (size, expected) => {
    const violation = sizeViolation(GPT_IMAGE_2_SIZE_RULE, size);
    if (expected === null) expect(violation).toBeNull();
    else expect(violation).toMatch(expected);
  });

  it('flags sizes above 2560x1440 as experimental', () => {
    expect(isExperimentalSize(GPT_IMAGE_2_SIZE_RULE, '2560x1440')).toBe(false);
    expect(isExperimentalSize(GPT_IMAGE_2_SIZE_RULE, '2576x1440')).toBe(true);
    expect(isExperimentalSize(GPT_IMAGE_1_SIZE_RULE, '1536x1024')).toBe(false);
  });
});

describe('gpt-image-1 family size rule', () => {
  it.each(['1024x1024', '1536x1024', '1024x1536'])('accepts %s', (size) => {
    expect(sizeViolation(GPT_IMAGE_1_SIZE_RULE, size)).toBeNull();
  });
  it.each(['512x512', '2048x2048', '1792x1024'])('refuses %s and lists what is valid', (size) => {
    expect(sizeViolation(GPT_IMAGE_1_SIZE_RULE, size)).toBe(
      "Supported values are '1024x1024', '1536x1024', '1024x1536' and 'auto'.",
    );
  });
});

describe('nearestValidSize', () => {
  it('snaps 1000x1000 to 1008x1008', () => {
    expect(nearestValidSize(GPT_IMAGE_2_SIZE_RULE, { width: 1000, height: 1000 })).toEqual({
      width: 1008,
      height: 1008,
    });
  });

  it('keeps a valid size as it is', () => {
    expect(nearestValidSize(GPT_IMAGE_2_SIZE_RULE, { width: 1536, height: 864 })).toEqual({
      width: 1536,
      height: 864,
    });
  });

  it('always returns a valid size close to its input (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20_000 }),
        fc.integer({ min: 1, max: 20_000 }),
        (width, height) => {
          const nearest = nearestValidSize(GPT_IMAGE_2_SIZE_RULE, { width, height });
          expect(sizeViolation(GPT_IMAGE_2_SIZE_RULE, formatSize(nearest))).toBeNull();
          // The aspect ratio is kept unless it had to be clamped to 3:1.
          const wanted = Math.min(3, Math.max(1 / 3, width / height));
          expect(Math.abs(Math.log(nearest.width / nearest.height / wanted))).toBeLessThan(0.06);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('keeps the pixel count of its input, clamped to the band (property)', () => {
    const { minPixels, maxPixels } = GPT_IMAGE_2_SIZE_RULE;
    fc.assert(
      fc.property(
        fc.integer({ min: 16, max: 8_000 }),
        fc.integer({ min: 16, max: 8_000 }),
        (width, height) => {
          // Within 3:1 the edge limit and the pixel band are the only reasons to move far.
          fc.pre(Math.max(width, height) <= 3 * Math.min(width, height));
          const nearest = nearestValidSize(GPT_IMAGE_2_SIZE_RULE, { width, height });
          const wanted = Math.min(maxPixels, Math.max(minPixels, width * height));
          const edgeCap = (3840 / Math.max(width, height)) ** 2 * width * height;
          const target = Math.min(wanted, edgeCap);
          expect(Math.abs(Math.log((nearest.width * nearest.height) / target))).toBeLessThan(0.08);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('returns a valid size unchanged (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 240 }), fc.integer({ min: 1, max: 240 }), (across, down) => {
        const size = { width: across * 16, height: down * 16 };
        fc.pre(sizeViolation(GPT_IMAGE_2_SIZE_RULE, formatSize(size)) === null);
        expect(nearestValidSize(GPT_IMAGE_2_SIZE_RULE, size)).toEqual(size);
      }),
      { numRuns: 1000 },
    );
  });

  it('picks the fixed size with the closest aspect ratio', () => {
    expect(nearestValidSize(GPT_IMAGE_1_SIZE_RULE, { width: 3000, height: 2000 })).toEqual({
      width: 1536,
      height: 1024,
    });
    expect(nearestValidSize(GPT_IMAGE_1_SIZE_RULE, { width: 900, height: 1000 })).toEqual({
      width: 1024,
      height: 1024,
    });
  });
});

describe('resolveSize', () => {
  it('resolves auto to a square megapixel without a source image', () => {
    expect(resolveSize(GPT_IMAGE_2_SIZE_RULE, 'auto')).toEqual({ width: 1024, height: 1024 });
  });
  it("resolves auto to the source image's aspect ratio for edits", () => {
    const size = resolveSize(GPT_IMAGE_2_SIZE_RULE, 'auto', { width: 3000, height: 2000 });
    expect(size.width / size.height).toBeCloseTo(1.5, 1);
    expect(sizeViolation(GPT_IMAGE_2_SIZE_RULE, formatSize(size))).toBeNull();
  });
  it('passes concrete sizes through', () => {
    expect(resolveSize(GPT_IMAGE_2_SIZE_RULE, '1536x864')).toEqual(parseSize('1536x864'));
  });
});

import { describe, expect, it } from 'vitest';
import {
  ASPECT_RATIOS,
  SIZE_TIERS,
  aspectTierOf,
  sizeForAspectTier,
  sizeMatchingSource,
} from './aspectTiers.ts';
import { GPT_IMAGE_1_SIZE_RULE, GPT_IMAGE_2_SIZE_RULE, formatSize, sizeViolation } from './sizes.ts';

const flexible = (ratio: (typeof ASPECT_RATIOS)[number], tier: (typeof SIZE_TIERS)[number]) => {
  const mapped = sizeForAspectTier(GPT_IMAGE_2_SIZE_RULE, ratio, tier);
  return mapped.ok ? formatSize(mapped.size) : null;
};

describe('sizeForAspectTier on gpt-image-2', () => {
  it.each([
    ['1:1', '1K', '1024x1024'],
    ['4:3', '1K', '1024x768'],
    ['1:1', '2K', '2048x2048'],
    ['16:9', '2K', '2048x1152'],
    ['21:9', '2K', '2048x880'],
    ['16:9', '4K', '3840x2160'],
    ['9:16', '4K', '2160x3840'],
    ['2:1', '4K', '3840x1920'],
    ['21:9', '4K', '3840x1648'],
  ] as const)('%s at %s is %s', (ratio, tier, size) => {
    expect(flexible(ratio, tier)).toBe(size);
  });

  it('raises 1K frames under the pixel floor to it and says so', () => {
    const mapped = sizeForAspectTier(GPT_IMAGE_2_SIZE_RULE, '16:9', '1K');
    expect(mapped).toEqual({
      ok: true,
      size: { width: 1088, height: 608 },
      adjusted: 'Raised to 1088x608 to reach the 655,360-pixel minimum.',
    });
  });

  it('offers 4K only for the wide and tall ratios, as the gateways do', () => {
    const available = ASPECT_RATIOS.filter((ratio) => flexible(ratio, '4K') !== null);
    expect(available).toEqual(['16:9', '9:16', '2:1', '1:2', '21:9', '9:21']);
    expect(sizeForAspectTier(GPT_IMAGE_2_SIZE_RULE, '1:1', '4K')).toEqual({
      ok: false,
      reason: '4K at 1:1 needs 14.75 MP; the limit is 8.29 MP.',
    });
  });

  it('maps every reachable combination to a valid size within 2% of its ratio', () => {
    for (const tier of SIZE_TIERS) {
      for (const ratio of ASPECT_RATIOS) {
        const mapped = sizeForAspectTier(GPT_IMAGE_2_SIZE_RULE, ratio, tier);
        if (!mapped.ok) continue;
        expect(sizeViolation(GPT_IMAGE_2_SIZE_RULE, formatSize(mapped.size))).toBeNull();
        const [across, down] = ratio.split(':').map(Number) as [number, number];
        expect(Math.abs(mapped.size.width / mapped.size.height / (across / down) - 1)).toBeLessThan(0.02);
      }
    }
  });
});

describe('sizeForAspectTier on the fixed-size models', () => {
  it('offers only the ratios of the fixed sizes, at 1K', () => {
    const offered = ASPECT_RATIOS.flatMap((ratio) => {
      const mapped = sizeForAspectTier(GPT_IMAGE_1_SIZE_RULE, ratio, '1K');
      return mapped.ok ? [`${ratio}=${formatSize(mapped.size)}`] : [];
    });
    expect(offered).toEqual(['1:1=1024x1024', '3:2=1536x1024', '2:3=1024x1536']);
    expect(sizeForAspectTier(GPT_IMAGE_1_SIZE_RULE, '16:9', '1K')).toMatchObject({ ok: false });
    expect(sizeForAspectTier(GPT_IMAGE_1_SIZE_RULE, '1:1', '2K')).toMatchObject({ ok: false });
  });
});

describe('aspectTierOf', () => {
  it('finds the chip a size belongs to, and none for a size off the chips', () => {
    expect(aspectTierOf(GPT_IMAGE_2_SIZE_RULE, { width: 2048, height: 1152 })).toEqual({
      ratio: '16:9',
      tier: '2K',
    });
    expect(aspectTierOf(GPT_IMAGE_2_SIZE_RULE, { width: 1536, height: 864 })).toBeNull();
  });
});

describe('sizeMatchingSource', () => {
  it("takes the source's own size when the model accepts it", () => {
    expect(sizeMatchingSource(GPT_IMAGE_2_SIZE_RULE, { width: 1536, height: 1024 })).toEqual({
      size: { width: 1536, height: 1024 },
      why: "1536 × 1024 is the source's own size.",
    });
  });

  it('keeps a 3000 × 2000 photo at its shape and no larger, as experimental as the source already is', () => {
    const { size, why } = sizeMatchingSource(GPT_IMAGE_2_SIZE_RULE, { width: 3000, height: 2000 });
    expect(size).toEqual({ width: 2992, height: 2000 });
    expect(why).toMatch(/not a size this model makes, so 2992 × 2000.*no larger than the source/);
  });

  it('never goes into the experimental range for a source below it, nor above the source', () => {
    const { size } = sizeMatchingSource(GPT_IMAGE_2_SIZE_RULE, { width: 2000, height: 1001 });
    expect(size.width).toBeLessThanOrEqual(2000);
    expect(size.height).toBeLessThanOrEqual(1001);
    expect(size.width / size.height).toBeCloseTo(2000 / 1001, 1);
    expect(sizeViolation(GPT_IMAGE_2_SIZE_RULE, formatSize(size))).toBeNull();
    const large = sizeMatchingSource(GPT_IMAGE_2_SIZE_RULE, { width: 6000, height: 4000 }).size;
    expect(large.width * large.height).toBeLessThanOrEqual(GPT_IMAGE_2_SIZE_RULE.maxPixels);
  });

  it('goes up to the smallest valid size for a tiny source, and to the closest fixed size on older models', () => {
    const tiny = sizeMatchingSource(GPT_IMAGE_2_SIZE_RULE, { width: 600, height: 600 });
    expect(tiny.size).toEqual({ width: 816, height: 816 });
    expect(tiny.why).toMatch(/smallest the model allows/);
    expect(sizeMatchingSource(GPT_IMAGE_1_SIZE_RULE, { width: 900, height: 1600 }).size).toEqual({
      width: 1024,
      height: 1536,
    });
  });
});

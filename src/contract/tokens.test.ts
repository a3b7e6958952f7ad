import { describe, expect, it } from 'vitest';
import { costInDollars, estimateImageInputTokens, imageOutputTokens } from './tokens.ts';
import { catalogueModel } from './catalogue.ts';
import { parseSize } from './sizes.ts';

describe('gpt-image-2 output tokens (openai-images.md §5)', () => {
  it.each([
    ['1024x1024', 'low', 196],
    ['1024x1024', 'medium', 1756],
    ['1024x1024', 'high', 7024],
    ['1536x1024', 'high', 5488],
    ['1024x1536', 'medium', 1372],
    ['1792x1024', 'high', 5063],
    ['3584x2048', 'high', 12329],
    ['2048x2048', 'high', 14272],
    ['2048x1152', 'medium', 1413],
    ['2560x1440', 'low', 205],
    ['3840x2160', 'high', 13342],
    ['1536x864', 'high', 4312],
  ] as const)('%s %s = %i', (size, quality, tokens) => {
    expect(imageOutputTokens('gpt-image-2', parseSize(size)!, quality)).toBe(tokens);
  });
});

describe('gpt-image-1 family output tokens', () => {
  it.each([
    ['1024x1024', 'low', 272],
    ['1024x1536', 'low', 408],
    ['1536x1024', 'low', 400],
    ['1024x1024', 'medium', 1056],
    ['1024x1536', 'medium', 1584],
    ['1536x1024', 'medium', 1568],
    ['1024x1024', 'high', 4160],
    ['1024x1536', 'high', 6240],
    ['1536x1024', 'high', 6208],
  ] as const)('%s %s = %i for all three models', (size, quality, tokens) => {
    for (const id of ['gpt-image-1', 'gpt-image-1.5', 'gpt-image-1-mini']) {
      expect(imageOutputTokens(catalogueModel(id).tokenFormula, parseSize(size)!, quality)).toBe(tokens);
    }
  });
});

describe('costs', () => {
  it('reproduces the published per-image prices from tokens × rate', () => {
    const price = (model: string, tokens: number) =>
      costInDollars(catalogueModel(model).pricing, {
        textInputTokens: 0,
        imageInputTokens: 0,
        outputTokens: tokens,
      });
    expect(price('gpt-image-2', 7024)).toBeCloseTo(0.2107, 4);
    expect(price('gpt-image-1', 4160)).toBeCloseTo(0.167, 2); // published rounded to $0.167
    expect(price('gpt-image-1.5', 6208)).toBeCloseTo(0.2, 2);
  });

  it('estimates more input tokens for larger and high-fidelity references', () => {
    const small = estimateImageInputTokens({ width: 512, height: 512 }, false);
    const large = estimateImageInputTokens({ width: 3000, height: 2000 }, false);
    expect(small).toBe(85 + 170); // one 512px tile, as in the published vision tiling
    expect(large).toBeGreaterThan(small);
    expect(estimateImageInputTokens({ width: 3000, height: 2000 }, true)).toBe(2 * large);
  });
});

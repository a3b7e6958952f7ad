import { describe, expect, it } from 'vitest';
import { estimateRequestCost, variantBill } from './cost.ts';
import { costInDollars } from './tokens.ts';
import { catalogueModel } from './catalogue.ts';

const base = { n: 1, partialImages: 0, prompt: '' } as const;

describe('estimateRequestCost', () => {
  it.each([
    ['gpt-image-2', '1024x1024', 'high', 7024, 0.2107],
    ['gpt-image-2', '1536x1024', 'high', 5488, 0.1646],
    ['gpt-image-2', '1024x1024', 'low', 196, 0.0059],
    ['gpt-image-2.5-flare', '1024x1024', 'medium', 1756, 0.0527],
    ['gpt-image-2.5-sunburst', '1024x1024', 'high', 7024, 0.2107],
    ['gpt-image-1', '1024x1024', 'high', 4160, 0.1664],
    ['gpt-image-1.5', '1536x1024', 'high', 6208, 0.1987],
    ['gpt-image-1-mini', '1024x1536', 'medium', 1584, 0.0127],
  ] as const)('%s %s %s: %i output tokens, $%f', (model, size, quality, tokens, dollars) => {
    const estimate = estimateRequestCost(catalogueModel(model), { ...base, size, quality });
    expect(estimate.outputTokensPerImage).toBe(tokens);
    expect(estimate.outputTokens).toBe(tokens);
    expect(estimate.dollars!.low).toBeCloseTo(dollars, 4);
    expect(estimate.dollars!.high).toBe(estimate.dollars!.low);
  });

  it('multiplies by n and adds the partial-image allowance to the high end only', () => {
    const estimate = estimateRequestCost(catalogueModel('gpt-image-2'), {
      ...base,
      size: '1024x1024',
      quality: 'high',
      n: 3,
      partialImages: 2,
    });
    expect(estimate.partialImageTokens).toBe(3 * 2 * 100);
    expect(estimate.outputTokens).toBe(3 * 7024 + 600);
    expect(estimate.dollars!.low).toBeCloseTo((3 * 7024 * 30) / 1e6, 8);
    expect(estimate.dollars!.high).toBeCloseTo(((3 * 7024 + 600) * 30) / 1e6, 8);
  });

  it('charges the input once per request when each image is its own request', () => {
    const request = {
      ...base,
      prompt: 'a lighthouse at dusk, painted in gouache',
      size: '1024x1024',
      quality: 'low',
      n: 4,
      referenceImages: [{ width: 1024, height: 1024 }],
    } as const;
    const together = estimateRequestCost(catalogueModel('gpt-image-1'), request);
    const apart = estimateRequestCost(catalogueModel('gpt-image-1'), {
      ...request,
      oneRequestPerImage: true,
    });
    expect(apart.textInputTokens).toBe(4 * together.textInputTokens);
    expect(apart.imageInputTokens).toBe(4 * together.imageInputTokens);
    expect(apart.outputTokens).toBe(together.outputTokens);
    expect(apart.assumptions.join(' ')).toMatch(/4 requests/);
  });

  it('resolves auto size and quality the way the engine does, and says so', () => {
    const estimate = estimateRequestCost(catalogueModel('gpt-image-2'), {
      ...base,
      size: 'auto',
      quality: 'auto',
    });
    expect(estimate.size).toEqual({ width: 1024, height: 1024 });
    expect(estimate.quality).toBe('medium');
    expect(estimate.outputTokensPerImage).toBe(1756);
    expect(estimate.assumptions).toEqual([
      'Size auto is estimated as 1024 × 1024.',
      'Quality auto is estimated as medium.',
    ]);
  });

  it('adds text and reference-image input, at high fidelity on gpt-image-2 and when asked', () => {
    const request = {
      ...base,
      size: '1024x1024',
      quality: 'low',
      prompt: 'x'.repeat(400),
      referenceImages: [{ width: 512, height: 512 }],
    } as const;
    const two = estimateRequestCost(catalogueModel('gpt-image-2'), request);
    expect(two.textInputTokens).toBe(100);
    expect(two.imageInputTokens).toBe(2 * (85 + 170));
    const one = estimateRequestCost(catalogueModel('gpt-image-1'), request);
    expect(one.imageInputTokens).toBe(85 + 170);
    expect(
      estimateRequestCost(catalogueModel('gpt-image-1'), { ...request, inputFidelity: 'high' })
        .imageInputTokens,
    ).toBe(2 * (85 + 170));
    expect(one.dollars!.low).toBeCloseTo((100 * 5 + 255 * 10 + 272 * 40) / 1e6, 10);
  });

  it.each([
    ['gpt-image-2.5-flare', 'xhigh', /quality xhigh/],
    ['gpt-image-2.5-sunburst', 'max', /quality max/],
    ['gpt-image-2.6-flare', 'low', /GPT Image 2.6 Flare/],
    ['gpt-image-2.6-sunburst', 'auto', /GPT Image 2.6 Sunburst/],
  ] as const)('has no price before the run for %s at %s, and says why', (model, quality, why) => {
    const estimate = estimateRequestCost(catalogueModel(model), { ...base, size: '1024x1024', quality });
    expect(estimate.dollars).toBeNull();
    expect(estimate.outputTokensPerImage).toBeNull();
    expect(estimate.unpricedReason).toMatch(why);
    expect(estimate.unpricedReason).toMatch(/usage after the run/);
  });

  it('labels the 2.5 figure an estimate from the gpt-image-2 formula', () => {
    const estimate = estimateRequestCost(catalogueModel('gpt-image-2.5-flare'), {
      ...base,
      size: '1024x1024',
      quality: 'low',
    });
    expect(estimate.unpricedReason).toBeNull();
    expect(estimate.assumptions.join(' ')).toMatch(/gpt-image-2's token formula/);
  });

  it("notes that gpt-image-1-mini's published prices do not match its token rate", () => {
    const estimate = estimateRequestCost(catalogueModel('gpt-image-1-mini'), {
      ...base,
      size: '1024x1024',
      quality: 'low',
    });
    expect(estimate.assumptions.join(' ')).toMatch(/higher than its token rate/);
  });
});

describe('estimateRequestCost for providers that bill otherwise', () => {
  const request = { ...base, size: '1024x1024', quality: 'high', n: 3, partialImages: 2 } as const;

  it.each([
    // Seed 004's price list: gpt-image-2 per image, whatever the quality, partials free.
    [{ pricePerImage: 0.006375 }, 'high', 3, 0.019125],
    [{ pricePerImage: 0.09044 }, 'low', 1, 0.09044],
    // Leonardo: 1024² × 1.23977e-5 × 10.538 (high) credits each, at the provider's price of a credit.
    [{ usdPerCredit: 0.001 }, 'high', 1, 1024 * 1024 * 1.23977e-5 * 10.538 * 0.001],
  ] as const)('%j at %s × %i costs $%f, with no range', (billing, quality, n, dollars) => {
    const model = { ...catalogueModel('gpt-image-2'), ...billing };
    const estimate = estimateRequestCost(model, { ...request, quality, n });
    expect(estimate.dollars!.low).toBeCloseTo(dollars, 8);
    expect(estimate.dollars!.high).toBe(estimate.dollars!.low);
    expect(estimate.unpricedReason).toBeNull();
    expect(estimate.assumptions.join(' ')).not.toMatch(/partial image is counted/);
  });

  it('says what a per-image bill is made of', () => {
    const model = { ...catalogueModel('gpt-image-2'), pricePerImage: 0.006375 };
    expect(estimateRequestCost(model, request).billing).toEqual({
      kind: 'per-image',
      pricePerImage: 0.006375,
      images: 3,
    });
    expect(estimateRequestCost(catalogueModel('gpt-image-2'), request).billing).toEqual({ kind: 'tokens' });
  });

  it('prices a model with a price per image even where no token count is published', () => {
    const model = { ...catalogueModel('gpt-image-2.6-flare'), pricePerImage: 0.01 };
    expect(estimateRequestCost(catalogueModel('gpt-image-2.6-flare'), request).dollars).toBeNull();
    expect(estimateRequestCost(model, request).dollars).toEqual({ low: 0.03, high: 0.03 });
  });
});

describe('variantBill: what one image was billed once it ended', () => {
  const usage = { textInputTokens: 10, imageInputTokens: 0, outputTokens: 7024 };
  const input = {
    size: '1536x1024',
    quality: 'high',
    withReferences: false,
    usage,
    delivered: true,
  } as const;

  it('bills a token-billed model by its reported tokens, once they are reported', () => {
    const model = catalogueModel('gpt-image-2');
    expect(variantBill(model, input)).toBeCloseTo(costInDollars(model.pricing, usage), 10);
    expect(variantBill(model, { ...input, usage: null })).toBeNull();
  });

  it("bills a gateway's image at its price, whatever tokens it reports, and nothing for no image", () => {
    const model = { ...catalogueModel('gpt-image-2'), pricePerImage: 0.006375 };
    expect(variantBill(model, input)).toBe(0.006375);
    expect(variantBill(model, { ...input, usage: null })).toBe(0.006375);
    expect(variantBill(model, { ...input, delivered: false })).toBeNull();
  });

  it("bills Leonardo's image in credits at the size it was asked for, a fifth more with references", () => {
    const model = { ...catalogueModel('gpt-image-2'), usdPerCredit: 0.001 };
    const credits = 1536 * 1024 * 1.23977e-5 * 10.538;
    expect(variantBill(model, { ...input, usage: null })).toBeCloseTo(credits * 0.001, 10);
    expect(variantBill(model, { ...input, withReferences: true })).toBeCloseTo(credits * 1.2 * 0.001, 10);
    expect(variantBill(model, { ...input, delivered: false })).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import {
  estimateRequestCost,
  estimateTextTokens,
  imageOutputTokens,
  type CompletedImageEvent,
  type Dimensions,
  type EstimatedQuality,
} from '../contract/index.ts';
import { generate, registry } from './testing/engineHarness.ts';
import { ENGINE_USAGE_NOTE } from './usage.ts';

const SIZE: Dimensions = { width: 1536, height: 1024 };
const formula = (quality: EstimatedQuality) => imageOutputTokens('gpt-image-2', SIZE, quality);

async function outputTokens(model: string, quality: string): Promise<number> {
  const [event] = await generate({ model, quality, size: '1536x1024', prompt: 'a blue lake' });
  const { usage } = event as CompletedImageEvent;
  expect(usage.input_tokens).toBe(estimateTextTokens('a blue lake'));
  return usage.output_tokens;
}

describe('offline usage', () => {
  it.each([
    ['gpt-image-2', 'low'],
    ['gpt-image-2', 'high'],
    ['gpt-image-2.5-flare', 'low'],
    ['gpt-image-2.5-sunburst', 'medium'],
    ['gpt-image-2.5-flare-2026-09-08', 'high'],
  ] as const)('reports for %s at %s exactly the estimate shown before the run', async (model, quality) => {
    const estimate = estimateRequestCost(registry.get(model)!, {
      size: '1536x1024',
      quality,
      n: 1,
      partialImages: 0,
      prompt: 'a blue lake',
    });
    expect(estimate.outputTokensPerImage).toBe(formula(quality));
    expect(await outputTokens(model, quality)).toBe(estimate.outputTokens);
  });

  it.each([
    // The engine's own figures where OpenAI publishes none (usage.ts).
    ['gpt-image-2.5-flare', 'xhigh', Math.ceil(formula('high') * 1.5)],
    ['gpt-image-2.5-sunburst', 'max', formula('high') * 2],
    ['gpt-image-2.6-flare', 'low', formula('low') * 3],
    ['gpt-image-2.6-sunburst', 'medium', formula('medium') * 3],
    ['gpt-image-2.6-flare', 'high', formula('high')],
    ['gpt-image-2.6-sunburst', 'xhigh', Math.ceil(formula('high') * 1.5)],
    ['gpt-image-2.6-flare', 'max', formula('high') * 2],
  ] as const)('reports for %s at %s its own choice, %i output tokens', async (model, quality, expected) => {
    expect(await outputTokens(model, quality)).toBe(expected);
  });

  it('says in its note that those figures are its own choice', () => {
    expect(ENGINE_USAGE_NOTE).toMatch(/xhigh .*×1\.5.* max ×2/);
    expect(ENGINE_USAGE_NOTE).toMatch(/GPT Image 2\.6, low and medium are ×3/);
    expect(ENGINE_USAGE_NOTE).toContain('not published figures');
  });
});

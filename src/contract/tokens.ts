/**
 * Token and cost estimates (openai-images.md §5). Output tokens follow the community formula for
 * gpt-image-2 (it reproduces OpenAI's calculator: 1024x1024 high = 7024) and the published tables for the
 * gpt-image-1 family. The offline engine reports `usage` from these same functions, so the estimate shown
 * before a request and the figure after it come from one place.
 */
import type { Dimensions } from './sizes.ts';
import type {
  InputFidelity,
  ModelCapabilities,
  ModelPricing,
  ResolvedQuality,
  TokenFormula,
} from './models.ts';

/** The qualities whose output tokens have a published or community-derived formula. */
export type EstimatedQuality = Extract<ResolvedQuality, 'low' | 'medium' | 'high'>;

export function isEstimatedQuality(quality: ResolvedQuality): quality is EstimatedQuality {
  return quality === 'low' || quality === 'medium' || quality === 'high';
}

const GPT_IMAGE_2_QUALITY_FACTOR: Record<EstimatedQuality, number> = { low: 16, medium: 48, high: 96 };
const GPT_IMAGE_1_QUALITY_BLOCKS: Record<EstimatedQuality, number> = { low: 16, medium: 32, high: 64 };

/** Reported extra output tokens per streamed partial image (community measurement, unconfirmed). */
export const PARTIAL_IMAGE_OUTPUT_TOKENS = 100;

export function imageOutputTokens(
  formula: TokenFormula,
  { width, height }: Dimensions,
  quality: EstimatedQuality,
): number {
  if (formula === 'gpt-image-2') {
    const q = GPT_IMAGE_2_QUALITY_FACTOR[quality];
    const long = Math.max(width, height);
    const short = Math.min(width, height);
    const s = Math.floor((2 * q * short + long) / (2 * long));
    return Math.ceil((q * s * (2_000_000 + width * height)) / 4_000_000);
  }
  // The gpt-image-1 tables fit cols·rows + rows with cols/rows = edge/1024 · B (exact for all published sizes).
  const blocks = GPT_IMAGE_1_QUALITY_BLOCKS[quality];
  const cols = (width / 1024) * blocks;
  const rows = (height / 1024) * blocks;
  return Math.round(cols * rows + rows);
}

/** A rough text-token count (about four characters a token for English prose). */
export function estimateTextTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/**
 * A rough input-token count for one reference image: 85 base tokens plus 170 per 512px tile after fitting
 * into 2048x2048 and scaling the short edge to 768 (the published vision tiling). gpt-image-2 and
 * `input_fidelity=high` read inputs at high fidelity, which OpenAI bills higher; we double those.
 */
export function estimateImageInputTokens({ width, height }: Dimensions, highFidelity: boolean): number {
  const fit = Math.min(1, 2048 / Math.max(width, height));
  const shortEdge = Math.min(1, 768 / (Math.min(width, height) * fit));
  const scale = fit * shortEdge;
  const tiles = Math.ceil((width * scale) / 512) * Math.ceil((height * scale) / 512);
  const tokens = 85 + 170 * tiles;
  return highFidelity ? tokens * 2 : tokens;
}

/**
 * Whether inputs are billed at high fidelity: the 2.x models always read them so (gpt-image-2 by the SDK's
 * word; 2.5 and 2.6 are assumed to do the same), the gpt-image-1 family only when asked.
 */
export function readsInputsAtHighFidelity(
  model: ModelCapabilities,
  inputFidelity: InputFidelity | null,
): boolean {
  return model.tokenFormula === 'gpt-image-2' || inputFidelity === 'high';
}

export interface TokenUsage {
  textInputTokens: number;
  imageInputTokens: number;
  outputTokens: number;
}

export function costInDollars(pricing: ModelPricing, usage: TokenUsage): number {
  return (
    (usage.textInputTokens * pricing.textInput +
      usage.imageInputTokens * pricing.imageInput +
      usage.outputTokens * pricing.imageOutput) /
    1_000_000
  );
}

/**
 * The usage an offline image reports. Where the contract estimates a request before it is sent
 * (gpt-image-2, 2.5 at low, medium and high), the engine reports that estimate from the same token
 * functions, so the figure shown before the run equals the one after it. Where no source publishes token
 * counts (xhigh, max and every 2.6 request), the engine reports figures of its own choosing, below.
 */
import {
  PARTIAL_IMAGE_OUTPUT_TOKENS,
  estimateImageInputTokens,
  estimateTextTokens,
  imageOutputTokens,
  isEstimatedQuality,
  readsInputsAtHighFidelity,
  type Dimensions,
  type ImageRequest,
  type ImagesUsage,
  type ModelCapabilities,
  type ResolvedQuality,
} from '../contract/index.ts';

/**
 * The engine's own choice, not a published figure: xhigh and max are the model's `high` figure scaled up,
 * since OpenAI says only that higher quality "costs more" ([REPL]).
 */
const ABOVE_HIGH_FACTOR = { xhigh: 1.5, max: 2 } as const;

/**
 * The engine's own choice, not a published figure: one third-party relay reports that GPT Image 2.6 uses
 * 3–4× the tokens of 2.5 at low and medium and the same from high up ([LAOZ], trust D); we take 3×.
 */
const GPT_IMAGE_2_6_FACTOR: Readonly<Record<ResolvedQuality, number>> = {
  low: 3,
  medium: 3,
  high: 1,
  xhigh: 1,
  max: 1,
};

/** What the studio shows in the engine's notes: where its usage figures come from. */
export const ENGINE_USAGE_NOTE =
  'OpenAI publishes no token counts for quality xhigh and max or for GPT Image 2.6, so the offline engine ' +
  `reports its own: xhigh is the gpt-image-2 formula's high figure ×${ABOVE_HIGH_FACTOR.xhigh} and max ` +
  `×${ABOVE_HIGH_FACTOR.max}; on GPT Image 2.6, low and medium are ×${GPT_IMAGE_2_6_FACTOR.low} the formula's ` +
  'figure and high and above as on 2.5 (as one third-party relay reported); an animated GIF counts every ' +
  'frame as an image. These are the engine’s choice, not published figures. Other requests report the ' +
  'same formula as the estimate before the run.';

/** The output tokens of one finished image (without partial images). */
export function imageTokens(model: ModelCapabilities, size: Dimensions, quality: ResolvedQuality): number {
  const tokens = isEstimatedQuality(quality)
    ? imageOutputTokens(model.tokenFormula, size, quality)
    : Math.ceil(imageOutputTokens(model.tokenFormula, size, 'high') * ABOVE_HIGH_FACTOR[quality]);
  return model.family === 'gpt-image-2.6' ? tokens * GPT_IMAGE_2_6_FACTOR[quality] : tokens;
}

export interface UsageInput {
  request: ImageRequest;
  size: Dimensions;
  quality: ResolvedQuality;
  /** The input images' natural sizes (edits); empty for generations. */
  inputImages: readonly Dimensions[];
  partialsSent: number;
  /** How many pictures the image holds: an animated GIF's frames, else 1. */
  frames: number;
  /** Input tokens are billed once per request, on its first image. */
  includeInput: boolean;
}

export function offlineUsage({
  request,
  size,
  quality,
  inputImages,
  partialsSent,
  frames,
  includeInput,
}: UsageInput): ImagesUsage {
  const highFidelity = readsInputsAtHighFidelity(request.model, request.inputFidelity);
  const textTokens = includeInput ? estimateTextTokens(request.prompt) : 0;
  const imageInputTokens = includeInput
    ? inputImages.reduce((sum, dims) => sum + estimateImageInputTokens(dims, highFidelity), 0)
    : 0;
  const outputTokens =
    imageTokens(request.model, size, quality) * frames + PARTIAL_IMAGE_OUTPUT_TOKENS * partialsSent;
  const inputTokens = textTokens + imageInputTokens;
  return {
    input_tokens: inputTokens,
    input_tokens_details: { text_tokens: textTokens, image_tokens: imageInputTokens },
    output_tokens: outputTokens,
    total_tokens: inputTokens + outputTokens,
  };
}

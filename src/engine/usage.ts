/** The usage an offline image reports, from the contract's token formulas (the same ones the estimate uses). */
import {
  PARTIAL_IMAGE_OUTPUT_TOKENS,
  estimateImageInputTokens,
  estimateTextTokens,
  imageOutputTokens,
  type Dimensions,
  type ImageRequest,
  type ImagesUsage,
  type ResolvedQuality,
} from '../contract/index.ts';

export interface UsageInput {
  request: ImageRequest;
  size: Dimensions;
  quality: ResolvedQuality;
  /** The input images' natural sizes (edits); empty for generations. */
  inputImages: readonly Dimensions[];
  partialsSent: number;
  /** Input tokens are billed once per request, on its first image. */
  includeInput: boolean;
}

export function offlineUsage({
  request,
  size,
  quality,
  inputImages,
  partialsSent,
  includeInput,
}: UsageInput): ImagesUsage {
  const highFidelity = request.model.base === 'gpt-image-2' || request.inputFidelity === 'high';
  const textTokens = includeInput ? estimateTextTokens(request.prompt) : 0;
  const imageTokens = includeInput
    ? inputImages.reduce((sum, dims) => sum + estimateImageInputTokens(dims, highFidelity), 0)
    : 0;
  const outputTokens =
    imageOutputTokens(request.model.base, size, quality) + PARTIAL_IMAGE_OUTPUT_TOKENS * partialsSent;
  const inputTokens = textTokens + imageTokens;
  return {
    input_tokens: inputTokens,
    input_tokens_details: { text_tokens: textTokens, image_tokens: imageTokens },
    output_tokens: outputTokens,
    total_tokens: inputTokens + outputTokens,
  };
}

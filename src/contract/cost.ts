/**
 * What a request will cost, estimated before it is sent from the same token functions the offline engine
 * reports `usage` with (tokens.ts), so the figure before and the figure after agree: exactly when every
 * requested partial image arrives, and within the partial-image allowance when the server finishes early.
 */
import { leonardoCredits } from './leonardoCost.ts';
import { resolveQuality, type InputFidelity, type ModelCapabilities, type Quality } from './models.ts';
import { resolveSize, type Dimensions } from './sizes.ts';
import {
  PARTIAL_IMAGE_OUTPUT_TOKENS,
  costInDollars,
  estimateImageInputTokens,
  estimateTextTokens,
  imageOutputTokens,
  isEstimatedQuality,
  readsInputsAtHighFidelity,
  type TokenUsage,
} from './tokens.ts';

export interface CostRequest {
  size: string;
  quality: Quality;
  n: number;
  partialImages: number;
  prompt: string;
  /** Natural sizes of the input images of an edit, first image first; none for generations. */
  referenceImages?: readonly Dimensions[];
  inputFidelity?: InputFidelity | null;
  /**
   * True when the n images are made by n single-image requests (the studio fans a streamed run out so
   * each image streams its own partials): every request then pays for its input tokens again.
   */
  oneRequestPerImage?: boolean;
}

/**
 * How the provider bills the model: by tokens (OpenAI), a price per image (a gateway's price list), or in
 * credits (Leonardo), each declared in the provider's model entry (`pricePerImage`, `usdPerCredit`).
 */
export type Billing =
  | { kind: 'tokens' }
  | { kind: 'per-image'; pricePerImage: number; images: number }
  | { kind: 'credits'; credits: number; usdPerCredit: number };

export interface CostEstimate {
  billing: Billing;
  /** The size and quality the tokens were computed for (`auto` resolved the way the engine does). */
  size: Dimensions;
  quality: Exclude<Quality, 'auto'>;
  /** Null when no source gives this model and quality's output tokens (see `unpricedReason`). */
  outputTokensPerImage: number | null;
  /** Extra output tokens if every requested partial image is sent, over all images. */
  partialImageTokens: number;
  /** All output tokens, partial images included; null when unknown. */
  outputTokens: number | null;
  textInputTokens: number;
  imageInputTokens: number;
  /**
   * Without partial images (the least it should cost) and with all of them (the most); null when the
   * price is known only from the usage after the run.
   */
  dollars: { low: number; high: number } | null;
  /** Why there is no price before the run, in plain words; null when there is one. */
  unpricedReason: string | null;
  /** Where the estimate rests on an assumption rather than a published figure. */
  assumptions: string[];
}

function billingOf(
  model: ModelCapabilities,
  request: Pick<CostRequest, 'n' | 'size' | 'quality'> & { referenceCount: number },
): Billing {
  if (model.pricePerImage !== undefined) {
    return { kind: 'per-image', pricePerImage: model.pricePerImage, images: request.n };
  }
  if (model.usdPerCredit !== undefined) {
    const credits = leonardoCredits({
      quantity: request.n,
      size: request.size,
      quality: request.quality,
      referenceCount: request.referenceCount,
    });
    return { kind: 'credits', credits, usdPerCredit: model.usdPerCredit };
  }
  return { kind: 'tokens' };
}

/** The provider's own price for what `billing` covers; null for a model billed by its tokens. */
function providerPrice(billing: Billing): number | null {
  if (billing.kind === 'per-image') return billing.pricePerImage * billing.images;
  return billing.kind === 'credits' ? billing.credits * billing.usdPerCredit : null;
}

/** What one variant is billed for: one image of a request (the studio asks for each image on its own). */
export interface VariantBillInput {
  size: string;
  quality: Quality;
  /** Whether images went with it (an edit): Leonardo's credits are a fifth more with references. */
  withReferences: boolean;
  /** The tokens it reported, null before its usage arrived. */
  usage: TokenUsage | null;
  /** Whether its image arrived. */
  delivered: boolean;
}

/**
 * What one variant was billed, in dollars, by how its provider bills the model: its reported tokens at the
 * model's prices, or the provider's own price for its image (a gateway's per image, Leonardo's credits by
 * the same formula the estimate uses), whatever tokens it reports, once the image arrived. Null while
 * there is nothing to bill by: no usage yet, or no image from a provider that bills per image.
 */
export function variantBill(model: ModelCapabilities, input: VariantBillInput): number | null {
  const billing = billingOf(model, { ...input, n: 1, referenceCount: input.withReferences ? 1 : 0 });
  const price = providerPrice(billing);
  if (price !== null) return input.delivered ? price : null;
  return input.usage && costInDollars(model.pricing, input.usage);
}

export function estimateRequestCost(model: ModelCapabilities, request: CostRequest): CostEstimate {
  const billing = billingOf(model, { ...request, referenceCount: request.referenceImages?.length ?? 0 });
  const byTokens = billing.kind === 'tokens';
  const references = request.referenceImages ?? [];
  const size = resolveSize(model.sizeRule, request.size, references[0]);
  const quality = resolveQuality(request.quality);
  const outputTokensPerImage =
    isEstimatedQuality(quality) && model.estimatedQualities.includes(quality)
      ? imageOutputTokens(model.tokenFormula, size, quality)
      : null;
  const partialImageTokens = PARTIAL_IMAGE_OUTPUT_TOKENS * request.partialImages * request.n;
  const highFidelity = readsInputsAtHighFidelity(model, request.inputFidelity ?? null);
  const requests = request.oneRequestPerImage ? request.n : 1;
  const textInputTokens = estimateTextTokens(request.prompt) * requests;
  const imageInputTokens =
    references.reduce((sum, dims) => sum + estimateImageInputTokens(dims, highFidelity), 0) * requests;
  const baseOutput = outputTokensPerImage === null ? null : outputTokensPerImage * request.n;
  const dollarsFor = (outputTokens: number) =>
    costInDollars(model.pricing, { textInputTokens, imageInputTokens, outputTokens });

  // The tokens stay as the model's measure of the work; a provider's own price is the bill.
  const billedDollars = providerPrice(billing);
  const billed = billedDollars === null ? null : { low: billedDollars, high: billedDollars };

  const assumptions: string[] = [];
  if (request.size === 'auto') {
    assumptions.push(
      references.length > 0
        ? `Size auto is estimated at the first image's aspect ratio, about one megapixel.`
        : 'Size auto is estimated as 1024 × 1024.',
    );
  }
  if (request.quality === 'auto') assumptions.push('Quality auto is estimated as medium.');
  if (request.partialImages > 0 && byTokens) {
    assumptions.push(
      `Each partial image is counted as ${PARTIAL_IMAGE_OUTPUT_TOKENS} output tokens; the server may send fewer.`,
    );
  }
  if (requests > 1 && byTokens) {
    assumptions.push(
      `The ${requests} images are ${requests} requests, so the input is paid for ${requests} times.`,
    );
  }
  if (!byTokens) {
    assumptions.push(
      billing.kind === 'per-image'
        ? 'The provider bills a price per image, whatever the tokens: partial images and inputs cost nothing extra.'
        : "Credits follow Leonardo's published formula: pixels × quality factor, a fifth more with reference images.",
    );
  }
  if (model.family === 'gpt-image-2.5' && outputTokensPerImage !== null && byTokens) {
    assumptions.push(
      "GPT Image 2.5 is estimated with gpt-image-2's token formula; OpenAI publishes none for it.",
    );
  }
  if (model.family === 'gpt-image-1-mini' && byTokens) {
    assumptions.push("OpenAI's per-image prices for this model are higher than its token rate gives.");
  }

  return {
    billing,
    size,
    quality,
    outputTokensPerImage,
    partialImageTokens,
    outputTokens: baseOutput === null ? null : baseOutput + partialImageTokens,
    textInputTokens,
    imageInputTokens,
    dollars:
      billed ??
      (baseOutput === null
        ? null
        : { low: dollarsFor(baseOutput), high: dollarsFor(baseOutput + partialImageTokens) }),
    unpricedReason: billed || outputTokensPerImage !== null ? null : unpricedReason(model, quality),
    assumptions,
  };
}

function unpricedReason(model: ModelCapabilities, quality: Exclude<Quality, 'auto'>): string {
  if (model.estimatedQualities.length === 0) {
    return `OpenAI publishes no token counts for ${model.label}, so its price is known only from the usage after the run.`;
  }
  return `OpenAI publishes no token counts for quality ${quality}, so its price is known only from the usage after the run.`;
}

export type SourceCertainty = 'published' | 'community' | 'undocumented';

export interface CostSource {
  fact: string;
  source: string;
  certainty: SourceCertainty;
}

/** What the cost figures rest on and how sure each part is (openai-images.md §5, §7), for help text. */
export const COST_SOURCES: readonly CostSource[] = [
  {
    fact: 'GPT Image 2.5 and 2.6',
    source:
      'Same rates per token as gpt-image-2 (the 2.6 model page). 2.5 low, medium and high are estimated with the gpt-image-2 formula; xhigh, max and every 2.6 request have no published token counts and are priced from usage after the run.',
    certainty: 'community',
  },
  {
    fact: 'gpt-image-2 output tokens',
    source:
      "A formula the community reverse-engineered from OpenAI's pricing calculator; it reproduces every published figure (1024 × 1024 high = 7,024 tokens).",
    certainty: 'community',
  },
  {
    fact: 'gpt-image-1, 1.5 and 1-mini output tokens',
    source: "OpenAI's published tables for 1024 × 1024, 1536 × 1024 and 1024 × 1536.",
    certainty: 'published',
  },
  {
    fact: 'Prices per million tokens',
    source: "OpenAI's pricing page as quoted by third parties; gpt-image-2 output is $30.",
    certainty: 'published',
  },
  {
    fact: 'Partial images',
    source: `About ${PARTIAL_IMAGE_OUTPUT_TOKENS} extra output tokens each, measured by the community on gpt-image-1; unconfirmed for gpt-image-2.`,
    certainty: 'community',
  },
  {
    fact: 'Quality auto',
    source: 'How it is billed is undocumented; it is estimated as medium.',
    certainty: 'undocumented',
  },
  {
    fact: 'gpt-image-1-mini',
    source:
      "OpenAI's per-image prices for it do not match its $8 token rate; the estimate uses the token rate.",
    certainty: 'undocumented',
  },
  {
    fact: 'Input tokens',
    source:
      'Text at about four characters a token; reference images by the published vision tiling, doubled at high fidelity. Rough.',
    certainty: 'community',
  },
];

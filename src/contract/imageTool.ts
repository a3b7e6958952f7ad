/**
 * The Responses API's `image_generation` tool beside the Images API (openai-images-2026-12.md §6.1): what a
 * run sent through it takes and what it cannot carry, so the studio says so before sending and the relay's
 * check of the tool (responses.ts) reads the same list. Small and free of parsers: the first screen reads it.
 */
import type { ConfiguredModel, ConfiguredProvider } from './config.ts';
import { RASTER_FORMATS } from './models.ts';
import type { ProviderKind } from './providers.ts';

/**
 * The mainline models a designer picks from: text models the contract names for reading a conversation and
 * calling the tool (§6). The catalogue prices image models only, so their tokens are shown, not priced.
 */
export const MAINLINE_MODELS = ['gpt-5.4', 'gpt-5.6-terra'] as const;
export const DEFAULT_MAINLINE_MODEL = MAINLINE_MODELS[0];

/** The tool's types list png, webp and jpeg (B): none of the 2.6 Images API's gif or svg. */
export const IMAGE_TOOL_FORMATS = RASTER_FORMATS;

/** Images API settings the tool has no field for, each with why a run through it goes without. */
export const NOT_IN_IMAGE_TOOL = {
  output_format: 'The Responses API’s image tool writes PNG, JPEG or WebP only.',
  complexity:
    'The Responses API’s image tool has no complexity setting: the model plans as it does by default.',
  seed: 'The Responses API’s image tool takes no seed, so each image is random.',
} as const;

/**
 * The protocols whose providers answer `POST /v1/responses` through the relay (relay/responsesRoutes.ts):
 * OpenAI's own and the offline engine's. Task gateways and Leonardo have no Responses API.
 */
const RESPONSES_PROVIDER_KINDS: readonly ProviderKind[] = ['openai', 'openai-compatible', 'offline'];

/** Whether providers of `kind` answer the Responses API (the studio offers it, the relay builds for it). */
export const offersResponsesApi = (kind: ProviderKind): boolean => RESPONSES_PROVIDER_KINDS.includes(kind);

/** Why a run of `model` cannot go through the Responses API, or null when it can. */
export function whyNoResponsesApi(
  model: ConfiguredModel,
  providers: readonly ConfiguredProvider[],
): string | null {
  const provider = providers.find((candidate) => candidate.id === model.provider.id);
  if (!provider || offersResponsesApi(provider.kind)) return null;
  return `${provider.label} has no Responses API: runs of ${model.label} go through the Images API.`;
}

/**
 * The capability table: what each GPT Image model accepts (openai-images.md §2, §4–§7; gateways.md §1, §3).
 * The studio uses it to prevent what a model cannot do and the relay uses it to refuse the same requests.
 */
import { GPT_IMAGE_1_SIZE_RULE, GPT_IMAGE_2_SIZE_RULE, type SizeRule } from './sizes.ts';

export const QUALITIES = ['low', 'medium', 'high', 'auto'] as const;
export const OUTPUT_FORMATS = ['png', 'jpeg', 'webp'] as const;
export const BACKGROUNDS = ['transparent', 'opaque', 'auto'] as const;
export const MODERATIONS = ['low', 'auto'] as const;
export const INPUT_FIDELITIES = ['low', 'high'] as const;

export type Quality = (typeof QUALITIES)[number];
export type ResolvedQuality = Exclude<Quality, 'auto'>;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
export type Background = (typeof BACKGROUNDS)[number];
export type Moderation = (typeof MODERATIONS)[number];
export type InputFidelity = (typeof INPUT_FIDELITIES)[number];

/** The base models whose behaviour we know; gateway ids map onto one of these. */
export const BASE_MODEL_IDS = ['gpt-image-2', 'gpt-image-1.5', 'gpt-image-1', 'gpt-image-1-mini'] as const;
export type BaseModelId = (typeof BASE_MODEL_IDS)[number];

/** Prices in US dollars per million tokens (openai-images.md §5). */
export interface ModelPricing {
  textInput: number;
  imageInput: number;
  imageOutput: number;
}

export interface ModelCapabilities {
  /** The id sent upstream (a base model id, a dated snapshot or a gateway alias). */
  id: string;
  /** The base model whose rules and prices apply. */
  base: BaseModelId;
  label: string;
  sizeRule: SizeRule;
  qualities: readonly Quality[];
  outputFormats: readonly OutputFormat[];
  backgrounds: readonly Background[];
  /** Why transparent backgrounds are unavailable, when they are. */
  transparentUnavailableReason: string | null;
  /** Whether `input_fidelity` may be sent on edits. */
  inputFidelity: boolean;
  inputFidelityUnavailableReason: string | null;
  maxImagesPerRequest: number;
  maxReferenceImages: number;
  supportsMask: boolean;
  supportsStreaming: boolean;
  maxPartialImages: number;
  supportsModeration: boolean;
  maxPromptChars: number;
  pricing: ModelPricing;
  /**
   * Facts about this model the sources disagree on or do not state, each with the safe behaviour picked
   * (openai-images.md §7), for the studio's help text.
   */
  unconfirmed: readonly string[];
}

const GPT_IMAGE_COMMON = {
  qualities: QUALITIES,
  outputFormats: OUTPUT_FORMATS,
  maxImagesPerRequest: 10,
  maxReferenceImages: 16,
  supportsMask: true,
  supportsStreaming: true,
  maxPartialImages: 3,
  supportsModeration: true,
  maxPromptChars: 32_000,
} as const;

/** Open questions shared by every model (openai-images.md §5, §7). */
const SHARED_UNCONFIRMED = [
  'Partial images cost about 100 output tokens each by community measurement; estimates count them.',
  "How quality 'auto' is billed is undocumented; estimates treat it as medium.",
] as const;

export const BASE_MODELS: Readonly<Record<BaseModelId, ModelCapabilities>> = {
  'gpt-image-2': {
    ...GPT_IMAGE_COMMON,
    id: 'gpt-image-2',
    base: 'gpt-image-2',
    label: 'GPT Image 2',
    sizeRule: GPT_IMAGE_2_SIZE_RULE,
    // OpenAI's model notes say transparent backgrounds fail on gpt-image-2; a later SDK comment calls them
    // "preview". Refusing is the safe choice: a refused request costs nothing.
    backgrounds: ['opaque', 'auto'],
    transparentUnavailableReason: 'gpt-image-2 does not support transparent backgrounds.',
    // gpt-image-2 always reads inputs at high fidelity and the parameter must be omitted.
    inputFidelity: false,
    inputFidelityUnavailableReason:
      'gpt-image-2 always uses high input fidelity; the parameter must be omitted.',
    pricing: { textInput: 5, imageInput: 8, imageOutput: 30 },
    unconfirmed: [
      "Transparent backgrounds: OpenAI's model notes say they fail, a later SDK comment calls them a preview. Atelier refuses them, since a refused request costs nothing.",
      'input_fidelity: the SDK implies it is allowed, the model notes say it must be omitted. Atelier omits it; inputs are read at high fidelity either way.',
      'The pixel and edge limits (655,360 to 8,294,400 pixels, 3840 edge) come from OpenAI’s skill notes and calculators, not the API reference; Atelier enforces the strictest reading.',
      ...SHARED_UNCONFIRMED,
    ],
  },
  'gpt-image-1.5': {
    ...GPT_IMAGE_COMMON,
    id: 'gpt-image-1.5',
    base: 'gpt-image-1.5',
    label: 'GPT Image 1.5',
    sizeRule: GPT_IMAGE_1_SIZE_RULE,
    backgrounds: BACKGROUNDS,
    transparentUnavailableReason: null,
    inputFidelity: true,
    inputFidelityUnavailableReason: null,
    pricing: { textInput: 5, imageInput: 8, imageOutput: 32 },
    unconfirmed: SHARED_UNCONFIRMED,
  },
  'gpt-image-1': {
    ...GPT_IMAGE_COMMON,
    id: 'gpt-image-1',
    base: 'gpt-image-1',
    label: 'GPT Image 1',
    sizeRule: GPT_IMAGE_1_SIZE_RULE,
    backgrounds: BACKGROUNDS,
    transparentUnavailableReason: null,
    inputFidelity: true,
    inputFidelityUnavailableReason: null,
    pricing: { textInput: 5, imageInput: 10, imageOutput: 40 },
    unconfirmed: SHARED_UNCONFIRMED,
  },
  'gpt-image-1-mini': {
    ...GPT_IMAGE_COMMON,
    id: 'gpt-image-1-mini',
    base: 'gpt-image-1-mini',
    label: 'GPT Image 1 mini',
    sizeRule: GPT_IMAGE_1_SIZE_RULE,
    backgrounds: BACKGROUNDS,
    transparentUnavailableReason: null,
    inputFidelity: false,
    inputFidelityUnavailableReason: 'gpt-image-1-mini does not accept input_fidelity.',
    pricing: { textInput: 2, imageInput: 2.5, imageOutput: 8 },
    unconfirmed: [
      "OpenAI's per-image prices for this model are higher than its $8-per-million token rate gives; estimates use the token rate.",
      ...SHARED_UNCONFIRMED,
    ],
  },
};

/** Models OpenAI has retired; named so a request for them gets a specific refusal. */
export const RETIRED_MODELS: Readonly<Record<string, string>> = {
  'dall-e-2': 'dall-e-2 was retired on 2026-05-12.',
  'dall-e-3': 'dall-e-3 was retired on 2026-05-12.',
};

/** An extra model id served with a base model's capabilities, e.g. a gateway's `gpt-image-2-c`. */
export interface ModelAlias {
  id: string;
  base: BaseModelId;
  label?: string;
}

/** Ids that are always aliases of a base model: OpenAI's dated snapshot. */
const BUILT_IN_ALIASES: readonly ModelAlias[] = [{ id: 'gpt-image-2-2026-04-21', base: 'gpt-image-2' }];

export type ModelRegistry = ReadonlyMap<string, ModelCapabilities>;

export function createModelRegistry(aliases: readonly ModelAlias[] = []): ModelRegistry {
  const registry = new Map<string, ModelCapabilities>();
  for (const id of BASE_MODEL_IDS) registry.set(id, BASE_MODELS[id]);
  for (const alias of [...BUILT_IN_ALIASES, ...aliases]) {
    registry.set(alias.id, { ...BASE_MODELS[alias.base], id: alias.id, label: alias.label ?? alias.id });
  }
  return registry;
}

/**
 * Parses `id=base` pairs separated by commas (the `STUDIO_MODEL_ALIASES` setting), e.g.
 * `gpt-image-2-c=gpt-image-2`. Returns the aliases, or the first entry that cannot be read.
 */
export function parseModelAliases(text: string): { aliases: ModelAlias[]; invalid: string | null } {
  const aliases: ModelAlias[] = [];
  for (const entry of text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const [id, base] = entry.split('=').map((part) => part.trim());
    if (!id || !base || !(BASE_MODEL_IDS as readonly string[]).includes(base))
      return { aliases, invalid: entry };
    aliases.push({ id, base: base as BaseModelId });
  }
  return { aliases, invalid: null };
}

export const DEFAULT_MODEL: BaseModelId = 'gpt-image-2';
/** What the API uses on /images/edits when `model` is omitted (openai-images.md §2b). */
export const DEFAULT_EDIT_MODEL: BaseModelId = 'gpt-image-1.5';

/**
 * What `quality: 'auto'` resolves to. OpenAI does not document it; the offline engine and the cost
 * estimate both use medium so they agree with each other.
 */
export function resolveQuality(quality: Quality): ResolvedQuality {
  return quality === 'auto' ? 'medium' : quality;
}

/**
 * What a model is: its lifecycle, what it accepts, what it costs, and how sure we are of each of those
 * facts (openai-images-2026-12.md, "What Atelier builds to"). The catalogue itself is data in
 * catalogue.ts; this file holds the types and the few functions that read them.
 */
import type { SizeRule } from './sizes.ts';

export const QUALITIES = ['low', 'medium', 'high', 'xhigh', 'max', 'auto'] as const;
export const OUTPUT_FORMATS = ['png', 'jpeg', 'webp', 'gif', 'svg'] as const;
export const BACKGROUNDS = ['transparent', 'opaque', 'auto'] as const;
export const MODERATIONS = ['low', 'auto'] as const;
export const INPUT_FIDELITIES = ['low', 'high'] as const;
export const COMPLEXITIES = ['low', 'medium', 'high'] as const;

export type Quality = (typeof QUALITIES)[number];
export type ResolvedQuality = Exclude<Quality, 'auto'>;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
/** The formats every GPT Image model writes; GIF and SVG are GPT Image 2.6's additions. */
export const RASTER_FORMATS = ['png', 'jpeg', 'webp'] as const satisfies readonly OutputFormat[];
export function isRasterFormat(format: OutputFormat): format is (typeof RASTER_FORMATS)[number] {
  return (RASTER_FORMATS as readonly OutputFormat[]).includes(format);
}
export type Background = (typeof BACKGROUNDS)[number];
export type Moderation = (typeof MODERATIONS)[number];
export type InputFidelity = (typeof INPUT_FIDELITIES)[number];
export type Complexity = (typeof COMPLEXITIES)[number];

export type ModelFamily =
  | 'dall-e'
  | 'gpt-image-1'
  | 'gpt-image-1-mini'
  | 'gpt-image-1.5'
  | 'gpt-image-2'
  | 'gpt-image-2.5'
  | 'gpt-image-2.6';

/**
 * How sure we are of a fact. The contract notes grade their sources A–D; confirmed = A/B (official text),
 * reported = C (third parties citing the docs or live tests), unconfirmed = D or no source at all.
 * Only a confirmed rule is enforced by the relay; the others become caveats the studio shows.
 */
export type Certainty = 'confirmed' | 'reported' | 'unconfirmed';
export type Trust = 'A' | 'B' | 'C' | 'D';

export function certaintyOfTrust(trust: Trust | null): Certainty {
  if (trust === 'A' || trust === 'B') return 'confirmed';
  return trust === 'C' ? 'reported' : 'unconfirmed';
}

/** The facts a model entry states, each with its own certainty. */
export const FACT_KEYS = [
  'lifecycle',
  'sizes',
  'minPixels',
  'qualities',
  'outputFormats',
  'transparency',
  'complexity',
  'gif',
  'svg',
  'streaming',
  'mask',
  'referenceImages',
  'imagesPerRequest',
  'moderation',
  'inputFidelity',
  'responsesTool',
  'pricing',
] as const;
export type FactKey = (typeof FACT_KEYS)[number];

export interface FactNote {
  certainty: Certainty;
  /** The grade of the best source, or null where no source says anything. */
  trust: Trust | null;
  /** The source tags of the contract notes, e.g. "[PY-3.22]". */
  source: string;
  /** The fact in plain words, as the studio's model notes show it. */
  text: string;
}

export type ModelFacts = Readonly<Record<FactKey, FactNote>>;

/** Prices in US dollars per million tokens. */
export interface ModelPricing {
  textInput: number;
  imageInput: number;
  imageOutput: number;
}

export interface GifRule {
  minFrames: number;
  maxFrames: number;
  defaultFrames: number;
  minFrameDurationMs: number;
  maxFrameDurationMs: number;
  defaultFrameDurationMs: number;
}

/**
 * What happens to `input_fidelity`: sent and honoured; ignored by the API (gpt-image-2, [PY-3.22]);
 * refused; or unknown (2.5/2.6: no official word, so it is passed on and never sent by the studio).
 */
export type InputFidelitySupport = 'supported' | 'ignored' | 'refused' | 'unknown';

/** Transparent backgrounds: offered, offered as a preview (gpt-image-2), or not at all. */
export type TransparencySupport = 'supported' | 'preview' | 'none';

/**
 * Which token formula gives a model's output tokens: gpt-image-2's (the 2.x family, community-derived) or
 * the gpt-image-1 family's published tables.
 */
export type TokenFormula = 'gpt-image-2' | 'gpt-image-1';

export const RESULT_KINDS = ['b64', 'url'] as const;
export type ResultKind = (typeof RESULT_KINDS)[number];
/** The `response_format` values of the endpoint (openai-images.md §2a), taken only by `url` models. */
export const RESPONSE_FORMATS = ['url', 'b64_json'] as const;
export type ResponseFormat = (typeof RESPONSE_FORMATS)[number];

export interface ModelCapabilities {
  /** The id sent upstream: a catalogue id, a dated snapshot or a gateway's own id. */
  id: string;
  label: string;
  family: ModelFamily;
  /** The catalogue model whose facts this entry starts from (itself for a catalogue model). */
  like: string;
  /** For a dated snapshot, the model it pins; null otherwise. */
  snapshotOf: string | null;
  snapshots: readonly string[];
  /** ISO dates (YYYY-MM-DD); null where unknown or none. */
  released: string | null;
  shutdownDate: string | null;
  /** The model OpenAI names to move to after the shutdown. */
  replacement: string | null;
  sizeRule: SizeRule;
  qualities: readonly Quality[];
  outputFormats: readonly OutputFormat[];
  transparency: TransparencySupport;
  /** `complexity` values; empty where the model has none. */
  complexities: readonly Complexity[];
  gif: GifRule | null;
  /** Whether `output_format: 'svg'` (with the `svg` author object) is available. */
  svg: boolean;
  inputFidelity: InputFidelitySupport;
  maxImagesPerRequest: number;
  maxReferenceImages: number;
  supportsMask: boolean;
  /**
   * Whether the provider takes a `seed` that reproduces a result (a task gateway, Leonardo, the offline
   * engine); OpenAI's Image API has none, so the studio shows the seed field only where this is true.
   */
  supportsSeed: boolean;
  /**
   * Whether `stream: true` gets a stream. A model without (a gateway's, gateways.md Addendum §B) is sent
   * the flag anyway and answers whole; the relay streams that answer as one completed event per image.
   */
  supportsStreaming: boolean;
  maxPartialImages: number;
  /**
   * What its answers carry: the image bytes (`b64_json`, every OpenAI GPT image model), or a link to them
   * (`url`, a gateway's model such as gpt-image-2-c, gateways.md §3), which the relay downloads. Only a
   * `url` model takes `response_format`.
   */
  resultKind: ResultKind;
  supportsModeration: boolean;
  maxPromptChars: number;
  /** Whether it can be the Responses API image_generation tool's model. */
  responsesTool: boolean;
  pricing: ModelPricing;
  /** US dollars per image where the provider bills per image (a gateway's price list); tokens are then moot. */
  pricePerImage?: number;
  /** US dollars per credit where the provider bills in credits (Leonardo, gateways.md §C). */
  usdPerCredit?: number;
  tokenFormula: TokenFormula;
  /**
   * Qualities whose output tokens can be estimated before the run. Others (`xhigh`, `max`, every 2.6
   * request) are priced from the returned `usage` only: no source publishes their tokens.
   */
  estimatedQualities: readonly ResolvedQuality[];
  facts: ModelFacts;
}

/** Where a model stands today, as the model picker groups it. */
export type ModelStatus = 'current' | 'newer' | 'retired';

/** Today's date as YYYY-MM-DD (UTC), the form shutdown dates are written in. */
export function isoDay(date: Date = new Date()): string {
  return date.toISOString().slice(0, 10);
}

export function isRetired(model: ModelCapabilities, today: string): boolean {
  return model.shutdownDate !== null && model.shutdownDate <= today;
}

/**
 * Current: served, and what the size picker offers is confirmed. Newer: served, but its rules are only
 * reported so far (today the 2.6 models). Retired: past its shutdown date.
 */
export function modelStatus(model: ModelCapabilities, today: string): ModelStatus {
  if (isRetired(model, today)) return 'retired';
  return model.facts.sizes.certainty === 'confirmed' ? 'current' : 'newer';
}

/**
 * What `quality: 'auto'` resolves to. OpenAI does not document it; the offline engine and the cost
 * estimate both use medium so they agree with each other.
 */
export function resolveQuality(quality: Quality): ResolvedQuality {
  return quality === 'auto' ? 'medium' : quality;
}

/** The facts of a model the sources leave open (reported or unconfirmed), for its caveats. */
export function openFacts(model: ModelCapabilities): [FactKey, FactNote][] {
  return FACT_KEYS.map((key) => [key, model.facts[key]] as [FactKey, FactNote]).filter(
    ([, note]) => note.certainty !== 'confirmed',
  );
}

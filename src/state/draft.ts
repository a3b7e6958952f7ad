/**
 * The designer's draft of a generation, keyed by the API's own parameter names so a refusal's `param`
 * points straight at the control that owns it. Every rule comes from the contract.
 */
import {
  SIZE_PRESETS,
  STUDIO_POLICY,
  sizeViolation,
  parseSize,
  resolveQuality,
  validateGenerationBody,
  DEFAULT_MAINLINE_MODEL,
  DEFAULT_SVG_AUTHOR_MODEL,
  MAX_SEED,
  type Background,
  type Checked,
  type Complexity,
  type GenerationBody,
  type ImageRequest,
  type InputFidelity,
  type ModelCapabilities,
  type ModelRegistry,
  type Moderation,
  type OutputFormat,
  type Quality,
  type StudioConfig,
} from '../contract/index.ts';

/** How a run's variants are seeded: each with the draft's seed, or variant i with seed + i. */
export const VARIANT_SEEDS = ['same', 'vary'] as const;
export type VariantSeeds = (typeof VARIANT_SEEDS)[number];

/**
 * The API a run goes through: the Images API (the default), or the Responses API's image tool, where a
 * mainline model reads the prompt, may rewrite it, and each image starts a conversation (conversation.ts).
 */
export const RUN_APIS = ['images', 'responses'] as const;
export type RunApi = (typeof RUN_APIS)[number];

export interface Draft {
  prompt: string;
  /** Null until the relay's configuration names its default model. */
  model: string | null;
  quality: Quality;
  output_format: OutputFormat;
  output_compression: number;
  background: Background;
  moderation: Moderation;
  size: string;
  partial_images: number;
  n: number;
  /** Edits only; null leaves it out, so the model's own default applies. */
  input_fidelity: InputFidelity | null;
  /** GPT Image 2.6; null leaves it out (the model plans at high). */
  complexity: Complexity | null;
  /** GIF output only. */
  frame_count: number;
  frame_duration_ms: number;
  /** SVG output only: the text model that writes the SVG (`svg.model`). */
  svg_model: string;
  /**
   * Models with `supportsSeed` only: a whole number from 0 to MAX_SEED that reproduces a result; null
   * sends none, so each image is random. Kept while a model without seeds is chosen, and not sent to it.
   */
  seed: number | null;
  /** With a seed and several variants: whether they share it or count up from it. */
  variant_seeds: VariantSeeds;
  api: RunApi;
  /** Through the Responses API: the text model that reads the prompt and calls the image tool. */
  mainline_model: string;
  /**
   * Through the Responses API: whether each image renders as a background response, which goes on if the
   * tab closes and is re-attached to; null follows the default (backgroundByDefault).
   */
  keep_rendering: boolean | null;
}

export type DraftField = keyof Draft;

export const INITIAL_DRAFT: Draft = {
  prompt: '',
  model: null,
  quality: 'auto',
  output_format: 'png',
  output_compression: 100,
  background: 'auto',
  moderation: 'auto',
  size: 'auto',
  partial_images: 2,
  n: 1,
  input_fidelity: null,
  complexity: null,
  frame_count: 9,
  frame_duration_ms: 200,
  svg_model: DEFAULT_SVG_AUTHOR_MODEL,
  seed: null,
  // The same seed on every variant makes the same picture n times, which is rarely what n is for.
  variant_seeds: 'vary',
  api: 'images',
  mainline_model: DEFAULT_MAINLINE_MODEL,
  keep_rendering: null,
};

/** Qualities whose renders run long enough (a minute and more at 4K) that a dropped connection is likely. */
const LONG_QUALITIES: ReadonlySet<string> = new Set(['high', 'xhigh', 'max']);
/** Outputs above this many pixels (4 MP) render long at any quality. */
const LARGE_OUTPUT_PIXELS = 4_000_000;

/**
 * Whether a run through the Responses API goes as a background response unless the designer says otherwise
 * (backgroundRuns.ts follows one): long renders, where a dropped connection is likely.
 */
export function backgroundByDefault(request: Pick<ImageRequest, 'quality' | 'size'>): boolean {
  if (LONG_QUALITIES.has(resolveQuality(request.quality))) return true;
  // `auto` picks a size near a megapixel (contract/sizes.ts).
  const size = parseSize(request.size);
  return size !== null && size.width * size.height > LARGE_OUTPUT_PIXELS;
}

/** Whether the draft's run through the Responses API renders in the background: as chosen, else by default. */
export function rendersInBackground(draft: Pick<Draft, 'keep_rendering' | 'quality' | 'size'>): boolean {
  return draft.keep_rendering ?? backgroundByDefault(draft);
}

/**
 * Whether a draft's result is made whole: GIF and SVG are never streamed (the API refuses a streamed GIF;
 * SVG streaming is unknown), so those runs go as plain requests and show the image when it is done.
 */
export function makesWholeImage(draft: Pick<Draft, 'output_format'>): boolean {
  return draft.output_format === 'gif' || draft.output_format === 'svg';
}

/**
 * The body the relay receives. Compression is sent only for formats that compress, as the API wants; the
 * GIF and SVG fields only with their format; a whole-image format goes unstreamed.
 */
export function generationBodyFromDraft(draft: Draft): GenerationBody {
  const whole = makesWholeImage(draft);
  const format = draft.output_format;
  return {
    prompt: draft.prompt,
    ...(draft.model === null ? {} : { model: draft.model }),
    n: draft.n,
    size: draft.size,
    quality: draft.quality,
    background: draft.background,
    output_format: format,
    ...(format === 'jpeg' || format === 'webp' ? { output_compression: draft.output_compression } : {}),
    moderation: draft.moderation,
    ...(draft.complexity === null ? {} : { complexity: draft.complexity }),
    ...(format === 'gif'
      ? { frame_count: draft.frame_count, frame_duration_ms: draft.frame_duration_ms }
      : {}),
    ...(format === 'svg' ? { svg: { model: draft.svg_model } } : {}),
    ...(whole ? {} : { partial_images: draft.partial_images }),
    stream: !whole,
    ...(draft.seed === null ? {} : { seed: draft.seed }),
  };
}

/**
 * The draft as a run sends it: the seed goes only to a model that takes one (others have no seed field to
 * show it in, so it would be sent unseen); the draft keeps it for when the designer picks such a model again.
 */
export function draftForSending(draft: Draft, registry: ModelRegistry): Draft {
  const model = draft.model === null ? undefined : registry.get(draft.model);
  return draft.seed === null || model?.supportsSeed ? draft : { ...draft, seed: null };
}

/**
 * The seed variant `variantIndex` of a run is sent with: the run's own under "same", counting up from it
 * under "vary" (wrapping past MAX_SEED, so every variant's seed stays one the providers take).
 */
export function variantSeed(seed: number | null, mode: VariantSeeds, variantIndex: number): number | null {
  if (seed === null || mode === 'same') return seed;
  return (seed + variantIndex) % (MAX_SEED + 1);
}

/** A seed picked at random from the whole range the providers take (the dice beside the seed field). */
export function randomSeed(): number {
  // 2^32 values: MAX_SEED is the largest a Uint32 holds.
  return crypto.getRandomValues(new Uint32Array(1))[0]!;
}

/** Whether a value read back (a saved draft, a stored request, multipart text) is a seed the studio sends. */
function storedSeed(value: unknown): number | null {
  const number = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) && number >= 0 && number <= MAX_SEED
    ? number
    : null;
}

/**
 * What a draft must give up to suit another model, so no control is left holding a value the new model
 * cannot take (the picker would show nothing checked): a quality above its highest, a format it does not
 * write, a complexity it has none of. The notice says what changed; null when nothing did.
 */
export function draftForModel(
  draft: Draft,
  model: ModelCapabilities,
): { patch: Partial<Draft>; notice: string | null } {
  const patch: Partial<Draft> = {};
  const changes: string[] = [];
  if (!model.qualities.includes(draft.quality)) {
    patch.quality = model.qualities.includes('high') ? 'high' : 'auto';
    changes.push(`quality ${draft.quality} is now ${patch.quality}`);
  }
  if (!model.outputFormats.includes(draft.output_format)) {
    patch.output_format = 'png';
    changes.push(`${draft.output_format.toUpperCase()} output is now PNG`);
  }
  if (draft.complexity !== null && !model.complexities.includes(draft.complexity)) patch.complexity = null;
  return { patch, notice: changes.length ? `Not on ${model.label}: ${changes.join('; ')}.` : null };
}

/** The models the relay serves, as the registry the contract's validation reads. */
export function registryFromConfig(config: StudioConfig): ModelRegistry {
  return new Map(config.models.map((model) => [model.id, model]));
}

/** The same check the relay runs, applied before anything leaves the browser. */
export function checkDraft(draft: Draft, registry: ModelRegistry): Checked<ImageRequest> {
  return validateGenerationBody(generationBodyFromDraft(draft), registry, STUDIO_POLICY);
}

/** `auto` first, then the model's fixed sizes or the presets its flexible rule accepts. */
export function sizeChoicesFor(model: ModelCapabilities): string[] {
  const rule = model.sizeRule;
  const sizes =
    rule.kind === 'fixed'
      ? [...rule.sizes]
      : SIZE_PRESETS.filter((size) => sizeViolation(rule, size) === null);
  return ['auto', ...sizes];
}

/**
 * A draft from stored parameters (a saved draft, or a request to reuse): each known field is taken when it
 * has the right type (multipart text is read back as a number where the draft wants one), anything else
 * keeps its default. Values are not judged here: the contract's check names a stale one before sending.
 */
export function draftFromParams(params: Readonly<Record<string, unknown>>): Draft {
  const draft: Record<string, unknown> = { ...INITIAL_DRAFT };
  for (const [field, fallback] of Object.entries(INITIAL_DRAFT)) {
    const value = params[field];
    if (typeof fallback === 'number') {
      const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof number === 'number' && Number.isFinite(number)) draft[field] = number;
    } else if (typeof value === 'string') {
      draft[field] = value;
    }
  }
  // The SVG author is `svg.model` on the wire, recorded under that dotted name; the draft keeps it flat.
  const svgModel = params['svg.model'];
  if (typeof svgModel === 'string') draft.svg_model = svgModel;
  // Null by default, so the loop above cannot tell its type: a seed out of range is dropped, not kept.
  draft.seed = storedSeed(params.seed);
  if (!VARIANT_SEEDS.includes(draft.variant_seeds as VariantSeeds))
    draft.variant_seeds = INITIAL_DRAFT.variant_seeds;
  if (!RUN_APIS.includes(draft.api as RunApi)) draft.api = INITIAL_DRAFT.api;
  draft.keep_rendering = typeof params.keep_rendering === 'boolean' ? params.keep_rendering : null;
  return draft as unknown as Draft;
}

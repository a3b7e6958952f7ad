/**
 * The designer's draft of a generation, keyed by the API's own parameter names so a refusal's `param`
 * points straight at the control that owns it. Every rule comes from the contract.
 */
import {
  SIZE_PRESETS,
  sizeViolation,
  validateGenerationBody,
  type Background,
  type Checked,
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
};

/** The body the relay receives. Compression is sent only for formats that compress, as the API wants. */
export function generationBodyFromDraft(draft: Draft): GenerationBody {
  return {
    prompt: draft.prompt,
    ...(draft.model === null ? {} : { model: draft.model }),
    n: draft.n,
    size: draft.size,
    quality: draft.quality,
    background: draft.background,
    output_format: draft.output_format,
    ...(draft.output_format === 'png' ? {} : { output_compression: draft.output_compression }),
    moderation: draft.moderation,
    partial_images: draft.partial_images,
    stream: true,
  };
}

/** The models the relay serves, as the registry the contract's validation reads. */
export function registryFromConfig(config: StudioConfig): ModelRegistry {
  return new Map(config.models.map((model) => [model.id, model]));
}

/** The same check the relay runs, applied before anything leaves the browser. */
export function checkDraft(draft: Draft, registry: ModelRegistry): Checked<ImageRequest> {
  return validateGenerationBody(generationBodyFromDraft(draft), registry);
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
  return draft as unknown as Draft;
}

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

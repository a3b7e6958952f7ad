/**
 * The one table of parameter rules (design.md §2). Each rule names the field it guards and what it rests
 * on: 'api' for rules of the endpoint itself (its enums and ranges, confirmed for every model), a fact of
 * the model (whose certainty is the model's own, see catalogue.ts), or a certainty of its own where the
 * API's reaction rather than the feature is in doubt (complexity sent to a model that has none may be
 * ignored, not refused). Rules run in order; the first one that refuses wins and the others that break
 * become caveats. The studio asks the same table why an option is unavailable (`whyUnavailable`): a rule
 * whose API message would not explain it to a designer carries a reason in their words.
 */
import { accept, invalidRequest, refuse, type Checked } from './errors.ts';
import {
  BACKGROUNDS,
  COMPLEXITIES,
  INPUT_FIDELITIES,
  MODERATIONS,
  OUTPUT_FORMATS,
  QUALITIES,
  RESPONSE_FORMATS,
  type Certainty,
  type FactKey,
  type ModelCapabilities,
} from './models.ts';
import type { Caveat, ImageRequestKind, SvgAuthor } from './requests.ts';
import { listValues, sizeProblem, type SizeLimit } from './sizes.ts';

/** A request's fields as parsed, before defaults: what the rules judge. */
export interface RawRequest {
  prompt: string;
  model?: string | null;
  n?: number | null;
  size?: string | null;
  quality?: string | null;
  background?: string | null;
  output_format?: string | null;
  output_compression?: number | null;
  moderation?: string | null;
  stream?: boolean | null;
  partial_images?: number | null;
  response_format?: string | null;
  style?: string | null;
  user?: string | null;
  input_fidelity?: string | null;
  complexity?: string | null;
  frame_count?: number | null;
  frame_duration_ms?: number | null;
  svg?: Partial<SvgAuthor> | null;
  safety_identifier?: string | null;
  seed?: number | null;
  /**
   * Whether the edit sends a mask. The mask is a file, so the validators of text fields never see it; the
   * file checks (images.ts) and the studio ask the table about it through `whyNoMask`.
   */
  mask?: boolean | null;
}

type Basis = 'api' | FactKey | Certainty;

interface Rule {
  param: string;
  /** What the rule rests on; a function where it depends on how the request breaks it (sizes). */
  basis: Basis | ((request: RawRequest, model: ModelCapabilities) => Basis);
  /** Why the request breaks the rule, or null when it keeps it. */
  check(request: RawRequest, model: ModelCapabilities, kind: ImageRequestKind): string | null;
  code?: string;
  /** A note for the designer that never refuses: the API is known to accept the request. */
  caveatOnly?: true;
  /**
   * The studio offers a value that breaks this caveat and shows the caveat beside it. Without it the studio
   * leaves the value out: it sends nothing the API may refuse, ignore or not honour.
   */
  offeredWithCaveat?: true;
  /** Why the studio does not offer the value, in the designer's words; the API's message where absent. */
  reason?(request: RawRequest, model: ModelCapabilities): string;
}

const CERTAINTY_ORDER: Record<Certainty, number> = { confirmed: 0, reported: 1, unconfirmed: 2 };

function certaintyOf(basis: Basis, model: ModelCapabilities): Certainty {
  if (basis === 'api') return 'confirmed';
  if (basis === 'confirmed' || basis === 'reported' || basis === 'unconfirmed') return basis;
  return model.facts[basis].certainty;
}

/** The largest seed the seeded providers are known to take (Leonardo's, gateways.md §C): 2^32 - 1. */
export const MAX_SEED = 4_294_967_295;

const given = <T>(value: T | null | undefined): value is T => value !== null && value !== undefined;

function notOneOf(value: string | null | undefined, allowed: readonly string[], context = ''): string | null {
  if (!given(value) || allowed.includes(value)) return null;
  return `Invalid value: '${value}'. Supported values${context} are: ${listValues(allowed)}.`;
}

function outOfRange(
  param: string,
  value: number | null | undefined,
  min: number,
  max: number,
): string | null {
  if (!given(value) || (value >= min && value <= max)) return null;
  return `Invalid '${param}': ${value} is out of range. Expected an integer from ${min} to ${max}.`;
}

const isGif = (request: RawRequest) => request.output_format === 'gif';
const isSvg = (request: RawRequest) => request.output_format === 'svg';

const madeWhole = (format: string) => `${format} is made whole, so there are no partial images.`;
const takesNoCompression = (format: string) =>
  `${format} takes no compression: it applies to JPEG and WebP only.`;
/** GIF and SVG on an edit share one reason, so the format field says it once for both. */
const PROMPT_ONLY_FORMATS = 'GIF and SVG are made from a prompt; edits return PNG, JPEG or WebP.';

/**
 * The size limits the SDK states ([PY-3.22]) rest on the `sizes` fact, the minimum pixel count on its own;
 * a size that is not WIDTHxHEIGHT at all breaks the endpoint's own format.
 */
const SIZE_LIMIT_FACT: Record<SizeLimit, FactKey | 'api'> = {
  format: 'api',
  fixed: 'sizes',
  grid: 'sizes',
  edge: 'sizes',
  aspect: 'sizes',
  maxPixels: 'sizes',
  minPixels: 'minPixels',
};

const RULES: readonly Rule[] = [
  {
    param: 'prompt',
    basis: 'api',
    code: 'empty_string',
    check: (request) =>
      request.prompt.trim().length === 0
        ? "Invalid 'prompt': it is empty. Describe the image you want."
        : null,
  },
  {
    param: 'prompt',
    basis: 'api',
    code: 'string_above_max_length',
    check: (request, model) =>
      request.prompt.length > model.maxPromptChars
        ? `Invalid 'prompt': it has ${request.prompt.length.toLocaleString('en-US')} characters; the maximum is ${model.maxPromptChars.toLocaleString('en-US')}.`
        : null,
  },
  { param: 'n', basis: 'api', check: (request) => outOfRange('n', request.n, 1, 10) },
  {
    param: 'n',
    basis: 'imagesPerRequest',
    check: (request, model) => outOfRange('n', request.n, 1, model.maxImagesPerRequest),
  },
  {
    param: 'size',
    basis: (request, model) =>
      SIZE_LIMIT_FACT[sizeProblem(model.sizeRule, request.size ?? 'auto')?.limit ?? 'format'],
    check: (request, model) => {
      const size = request.size ?? 'auto';
      const problem = size === 'auto' ? null : sizeProblem(model.sizeRule, size);
      return problem ? `Invalid value: '${size}' for ${model.id}. ${problem.message}` : null;
    },
  },
  { param: 'quality', basis: 'api', check: (request) => notOneOf(request.quality, QUALITIES) },
  {
    param: 'quality',
    basis: 'qualities',
    check: (request, model) => notOneOf(request.quality, model.qualities, ` for ${model.id}`),
  },
  {
    param: 'output_format',
    basis: 'api',
    check: (request) => notOneOf(request.output_format, OUTPUT_FORMATS),
  },
  {
    param: 'output_format',
    basis: 'outputFormats',
    check: (request, model) => notOneOf(request.output_format, model.outputFormats, ` for ${model.id}`),
  },
  { param: 'background', basis: 'api', check: (request) => notOneOf(request.background, BACKGROUNDS) },
  {
    param: 'background',
    basis: 'transparency',
    check: (request, model) =>
      request.background === 'transparent' && model.transparency === 'none'
        ? `${model.id} does not support transparent backgrounds. Use 'opaque' or 'auto'.`
        : null,
    reason: (_request, model) => `${model.label} does not make transparent backgrounds.`,
  },
  {
    param: 'background',
    basis: 'transparency',
    caveatOnly: true,
    offeredWithCaveat: true,
    check: (request, model) =>
      request.background === 'transparent' && model.transparency === 'preview'
        ? `Transparent backgrounds are in preview on ${model.id}: the result may come back opaque.`
        : null,
  },
  {
    param: 'background',
    basis: 'api',
    check: (request) =>
      request.background === 'transparent' && request.output_format === 'jpeg'
        ? "A transparent background needs output_format 'png' or 'webp'; JPEG has no alpha."
        : null,
    reason: () => 'JPEG has no alpha: pick PNG or WebP.',
  },
  {
    param: 'output_compression',
    basis: 'api',
    check: (request) => outOfRange('output_compression', request.output_compression, 0, 100),
  },
  {
    param: 'output_compression',
    // Seen in client code, not in the spec: PNG is lossless, so a lower value has nothing to do.
    basis: 'unconfirmed',
    check: (request) =>
      given(request.output_compression) &&
      request.output_compression < 100 &&
      (request.output_format ?? 'png') === 'png'
        ? "Compression less than 100 is not supported for PNG output; use output_format 'jpeg' or 'webp' to compress."
        : null,
    reason: () => 'PNG is lossless: compression applies to JPEG and WebP only.',
  },
  { param: 'moderation', basis: 'api', check: (request) => notOneOf(request.moderation, MODERATIONS) },
  {
    param: 'moderation',
    // A provider's entry can say its model has no moderation; what its API does with 'low' is not known.
    basis: 'moderation',
    caveatOnly: true,
    check: (request, model) =>
      given(request.moderation) && request.moderation !== 'auto' && !model.supportsModeration
        ? `${model.id} has no moderation setting: '${request.moderation}' may be ignored.`
        : null,
    reason: (_request, model) => `${model.label} does not take a moderation setting.`,
  },
  {
    param: 'moderation',
    // The JSON edit body lists it, the SDKs' multipart edit does not (openai-images-2026-12.md §4.1, B/C).
    basis: 'unconfirmed',
    caveatOnly: true,
    check: (request, _model, kind) =>
      kind === 'edit' && given(request.moderation) && request.moderation !== 'auto'
        ? `The multipart edit form has no moderation field: '${request.moderation}' may be ignored.`
        : null,
    reason: () => 'Edits have no moderation setting; OpenAI applies its default.',
  },
  {
    param: 'partial_images',
    basis: 'api',
    check: (request) => outOfRange('partial_images', request.partial_images, 0, 3),
  },
  {
    param: 'stream',
    // A model that does not stream ignores the flag and answers whole (gateways.md Addendum §B, inferred);
    // the relay streams that answer on as one completed event per image, so nothing is refused.
    basis: 'streaming',
    caveatOnly: true,
    check: (request, model) =>
      request.stream && !model.supportsStreaming
        ? `${model.id} does not stream: each image arrives whole, as one final event.`
        : null,
  },
  {
    param: 'partial_images',
    // Partial images come only in a stream; whether the API refuses or ignores them without one is not known.
    basis: 'streaming',
    caveatOnly: true,
    check: (request, model) =>
      (request.partial_images ?? 0) > 0 && !model.supportsStreaming
        ? `${model.id} does not stream, so partial_images has no effect.`
        : null,
    reason: (_request, model) => `${model.label} does not stream, so it sends no partial images.`,
  },
  // GIF (openai-images-2026-12.md §4.1, trust B): a sheet of frames, made whole, so nothing streams.
  {
    param: 'stream',
    basis: 'gif',
    check: (request) =>
      isGif(request) && request.stream ? 'GIF output cannot be streamed; send it with stream false.' : null,
  },
  {
    param: 'partial_images',
    basis: 'gif',
    check: (request) =>
      isGif(request) && (request.partial_images ?? 0) > 0
        ? 'GIF output has no partial images; send 0.'
        : null,
    reason: () => madeWhole('GIF'),
  },
  {
    param: 'output_compression',
    basis: 'gif',
    check: (request) =>
      isGif(request) && given(request.output_compression) && request.output_compression !== 100
        ? 'GIF output takes no output_compression; leave it out.'
        : null,
    reason: () => takesNoCompression('GIF'),
  },
  {
    param: 'output_format',
    basis: 'unconfirmed',
    caveatOnly: true,
    check: (request, _model, kind) =>
      isGif(request) && kind === 'edit'
        ? 'GIF output from an edit is unconfirmed: the API may refuse it. To animate an existing GIF, send a sheet of equal frames.'
        : null,
    reason: () => PROMPT_ONLY_FORMATS,
  },
  {
    param: 'frame_count',
    basis: 'gif',
    check: (request) =>
      given(request.frame_count) && !isGif(request)
        ? "frame_count applies only to output_format 'gif'."
        : null,
  },
  {
    param: 'frame_duration_ms',
    basis: 'gif',
    check: (request) =>
      given(request.frame_duration_ms) && !isGif(request)
        ? "frame_duration_ms applies only to output_format 'gif'."
        : null,
  },
  {
    param: 'frame_count',
    basis: 'gif',
    check: (request, model) =>
      model.gif && outOfRange('frame_count', request.frame_count, model.gif.minFrames, model.gif.maxFrames),
  },
  {
    param: 'frame_duration_ms',
    basis: 'gif',
    check: (request, model) =>
      model.gif &&
      outOfRange(
        'frame_duration_ms',
        request.frame_duration_ms,
        model.gif.minFrameDurationMs,
        model.gif.maxFrameDurationMs,
      ),
  },
  // SVG: generations only (the guide, trust B); the author model and n = 1 are third-party reports (C).
  {
    param: 'output_format',
    basis: 'confirmed',
    check: (request, _model, kind) =>
      isSvg(request) && kind === 'edit'
        ? 'SVG output is for generations only; edits return raster images.'
        : null,
    reason: () => PROMPT_ONLY_FORMATS,
  },
  {
    param: 'svg.model',
    basis: 'svg',
    check: (request) =>
      isSvg(request) && !request.svg?.model
        ? 'SVG generation requires \'svg.model\': the text model that writes the SVG, e.g. { "model": "gpt-5.6-terra" }.'
        : null,
  },
  {
    param: 'n',
    basis: 'svg',
    check: (request) =>
      isSvg(request) && (request.n ?? 1) !== 1 ? 'SVG output makes one image per request; send n 1.' : null,
  },
  {
    param: 'svg',
    basis: 'svg',
    check: (request) =>
      given(request.svg) && !isSvg(request) ? "svg applies only to output_format 'svg'." : null,
  },
  // Whether SVG streams is unknown (openai-images-2026-12.md §8 C7), so the studio sends it whole.
  {
    param: 'partial_images',
    basis: 'svg',
    caveatOnly: true,
    check: (request) =>
      isSvg(request) && (request.partial_images ?? 0) > 0
        ? 'Whether SVG output streams is unknown: partial images may never come.'
        : null,
    reason: () => madeWhole('SVG'),
  },
  {
    param: 'output_compression',
    // A vector file has nothing to compress; what the API does with the field is not documented.
    basis: 'svg',
    caveatOnly: true,
    check: (request) =>
      isSvg(request) && given(request.output_compression) && request.output_compression !== 100
        ? 'SVG output has no output_compression; it may be ignored.'
        : null,
    reason: () => takesNoCompression('SVG'),
  },
  { param: 'complexity', basis: 'api', check: (request) => notOneOf(request.complexity, COMPLEXITIES) },
  {
    param: 'complexity',
    // The guide says 2.5 has no complexity; whether the API refuses or ignores it is not known.
    basis: 'reported',
    check: (request, model) =>
      given(request.complexity) && model.complexities.length === 0
        ? `${model.id} has no complexity setting (it is new in GPT Image 2.6); it would be ignored or refused.`
        : null,
  },
  {
    param: 'complexity',
    // A provider's entry may list only some complexities, as it may list only some qualities.
    basis: 'complexity',
    check: (request, model) =>
      model.complexities.length > 0
        ? notOneOf(request.complexity, model.complexities, ` for ${model.id}`)
        : null,
  },
  {
    param: 'input_fidelity',
    basis: 'api',
    check: (request) => notOneOf(request.input_fidelity, INPUT_FIDELITIES),
  },
  // The studio sends input_fidelity only where the API is known to honour it (openai-images-2026-12.md §8 C2).
  {
    param: 'input_fidelity',
    basis: 'inputFidelity',
    check: (request, model) =>
      given(request.input_fidelity) && model.inputFidelity === 'refused'
        ? `${model.id} does not accept input_fidelity.`
        : null,
    reason: (_request, model) => `${model.label} does not accept input fidelity.`,
  },
  {
    param: 'input_fidelity',
    basis: 'inputFidelity',
    caveatOnly: true,
    check: (request, model) =>
      given(request.input_fidelity) && model.inputFidelity === 'unknown'
        ? `Whether ${model.id} honours input_fidelity is not documented; it is sent on as it is.`
        : null,
    reason: (_request, model) =>
      `Whether ${model.label} honours input fidelity is undocumented, so the studio leaves it out.`,
  },
  {
    param: 'input_fidelity',
    basis: 'inputFidelity',
    caveatOnly: true,
    check: (request, model) =>
      given(request.input_fidelity) && model.inputFidelity === 'ignored'
        ? `${model.id} ignores input_fidelity: it always reads inputs at high fidelity.`
        : null,
    reason: (_request, model) =>
      `${model.label} ignores input fidelity: it always reads inputs at high fidelity.`,
  },
  {
    param: 'response_format',
    basis: 'api',
    check: (request) => notOneOf(request.response_format, RESPONSE_FORMATS),
  },
  {
    param: 'response_format',
    // The spec gives it to DALL·E only ([OAS], [N-img]: GPT image models always return base64), and the API
    // answers any value of it, 'b64_json' too, with this 400 for gpt-image-1, -1.5 and -2 alike (error
    // bodies recorded in public issue threads, 2026; gateways.md §3: only a URL model such as
    // gpt-image-2-c takes it).
    basis: 'confirmed',
    code: 'unknown_parameter',
    check: (request, model) =>
      given(request.response_format) && model.resultKind !== 'url'
        ? "Unknown parameter: 'response_format'."
        : null,
    reason: (_request, model) =>
      `${model.label} always returns the image itself; only models that answer with links take a response format.`,
  },
  {
    param: 'seed',
    // Leonardo takes a whole number up to 4294967295 (gateways.md §C); a task gateway reads -1 as random
    // (§A), and what other providers do with values outside that range is not known. So the relay passes
    // them on with a caveat, the engine refuses them, and the studio offers only this range (leaving the
    // seed out is how it asks for a random one).
    basis: 'unconfirmed',
    check: (request) =>
      given(request.seed) &&
      !(Number.isInteger(request.seed) && request.seed >= 0 && request.seed <= MAX_SEED)
        ? `Invalid 'seed': ${request.seed} is not a whole number from 0 to ${MAX_SEED}.`
        : null,
    reason: () => `A seed is a whole number from 0 to ${MAX_SEED.toLocaleString('en-US')}.`,
  },
  {
    param: 'mask',
    // A provider's entry says its model takes none (Leonardo's GPT route, gateways.md §C): its edits use the
    // images as references only. One sentence for the relay's refusal and the studio's note alike.
    basis: 'mask',
    check: (request, model) =>
      request.mask && !model.supportsMask
        ? `This provider's ${model.label} takes no mask: its edits use the images as references only. Pick another model to paint a mask.`
        : null,
  },
  {
    param: 'style',
    basis: 'unconfirmed',
    check: (request) =>
      given(request.style)
        ? "'style' was only accepted by the retired dall-e-3; describe the style in the prompt."
        : null,
  },
];

/**
 * Runs the table: the first rule that breaks with at least `enforce` certainty refuses the request;
 * every other broken rule becomes a caveat. For a model the catalogue does not know, only the API's own
 * rules apply.
 */
export function runRules(
  kind: ImageRequestKind,
  request: RawRequest,
  model: ModelCapabilities,
  modelKnown: boolean,
  enforce: Certainty,
): Checked<Caveat[]> {
  const caveats: Caveat[] = [];
  for (const rule of RULES) {
    const basis = typeof rule.basis === 'function' ? rule.basis(request, model) : rule.basis;
    if (!modelKnown && basis !== 'api') continue;
    const message = rule.check(request, model, kind);
    if (!message) continue;
    const certainty = certaintyOf(basis, model);
    if (!rule.caveatOnly && CERTAINTY_ORDER[certainty] <= CERTAINTY_ORDER[enforce]) {
      return refuse(invalidRequest(rule.param, message, rule.code));
    }
    if (!caveats.some((caveat) => caveat.param === rule.param)) {
      caveats.push({ param: rule.param, message, certainty });
    }
  }
  return accept(caveats);
}

/** A field of the request an option sets. */
export type OptionParam = Exclude<keyof RawRequest, 'prompt'>;

/** The rest of the request an option is judged in: its kind and the other fields as the draft has them. */
export type OptionFields = { kind: ImageRequestKind } & Partial<Omit<RawRequest, 'prompt'>>;

/**
 * Why the studio does not offer `value` for `param` on `model`, in a designer's words, or null when it
 * would send it. The rules on that param run in order and the first that breaks gives the reason, as in
 * validation; here every certainty counts (the studio sends nothing the sources doubt), and a caveat the
 * studio offers anyway does not. Which fields each form has is the schema's, checked by validation.
 */
export function whyUnavailable<P extends OptionParam>(
  model: ModelCapabilities,
  fields: OptionFields,
  param: P,
  value: NonNullable<RawRequest[P]>,
): string | null {
  const { kind, ...rest } = fields;
  const request: RawRequest = { prompt: '', ...rest, [param]: value };
  for (const rule of RULES) {
    if (rule.param !== param || rule.offeredWithCaveat) continue;
    const message = rule.check(request, model, kind);
    if (message) return rule.reason?.(request, model) ?? message;
  }
  return null;
}

/**
 * Why an edit on `model` cannot send a mask, or null when it can: what the relay refuses a mask with and
 * what the studio says over the mask tools it disables.
 */
export function whyNoMask(model: ModelCapabilities): string | null {
  return whyUnavailable(model, { kind: 'edit' }, 'mask', true);
}

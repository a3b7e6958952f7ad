/**
 * Request validation for /v1/images/generations (JSON) and /v1/images/edits (multipart text fields or a
 * JSON body), openai-images.md §2a/§2b and openai-images-2026-12.md §4. The shape is checked with zod, then
 * one table of rules (rules.ts) decides what the values may be. Each rule rests on a fact whose certainty
 * decides what a violation means under a policy: the relay in front of OpenAI refuses only what the API is
 * known to refuse and passes the rest on with caveats; the offline engine, which plays the API, refuses
 * every rule it knows. The studio runs the same functions to prevent and explain.
 */
// zod/mini, whose parts come into a bundle only as used: the studio checks the draft with these on its first
// screen, and the full build would come whole with them. Every message a refusal carries is written here
// (shapeError, the checks' own), never zod's default English, which the mini build does not load.
import { z } from 'zod/mini';
import { invalidRequest, accept, refuse, type ApiError, type Checked } from './errors.ts';
import {
  isRetired,
  isoDay,
  type Background,
  type Certainty,
  type Complexity,
  type InputFidelity,
  type ModelCapabilities,
  type Moderation,
  type OutputFormat,
  type Quality,
  type ResponseFormat,
} from './models.ts';
import type { ModelRegistry } from './registry.ts';
import { runRules, type RawRequest } from './rules.ts';
import { listValues } from './sizes.ts';

export type ImageRequestKind = 'generation' | 'edit';

/** The SVG author: a text model that writes the vector file (openai-images-2026-12.md §4.1, trust C). */
export interface SvgAuthor {
  model: string;
  reasoning?: { effort?: string };
}

/** A rule the request breaks that the sources are not sure of: sent on, and shown to the designer. */
export interface Caveat {
  param: string;
  message: string;
  certainty: Certainty;
}

/** A request that passed every rule the policy enforces, with the API's defaults filled in. */
export interface ImageRequest {
  kind: ImageRequestKind;
  model: ModelCapabilities;
  /** False when the model id is not in the catalogue: only API-wide rules were checked. */
  modelKnown: boolean;
  prompt: string;
  n: number;
  size: string;
  quality: Quality;
  background: Background;
  outputFormat: OutputFormat;
  outputCompression: number;
  moderation: Moderation;
  stream: boolean;
  partialImages: number;
  inputFidelity: InputFidelity | null;
  /** GPT Image 2.6; null when not sent (the model then plans at `high`). */
  complexity: Complexity | null;
  /** GIF output only; null when not sent (the API's defaults apply). */
  frameCount: number | null;
  frameDurationMs: number | null;
  svg: SvgAuthor | null;
  safetyIdentifier: string | null;
  /** Only for a model that answers with links (`resultKind: 'url'`); null when not sent. */
  responseFormat: ResponseFormat | null;
  user: string | null;
  /**
   * The seed that reproduces a result, null when not sent. Not an OpenAI field: the providers that take one
   * (task gateways, Leonardo, the offline engine) name it `seed`, and in front of OpenAI it goes on as sent.
   */
  seed: number | null;
  /** Fields this contract does not know, passed on untouched under a policy that allows them. */
  extraFields: readonly string[];
  caveats: readonly Caveat[];
}

/**
 * What a violation of a rule means. `enforce` is the least certainty a rule needs to refuse: 'confirmed'
 * is the relay in front of OpenAI (exactly as strict as the API is known to be); 'unconfirmed' refuses on
 * every rule, as the offline engine does. Unknown models and fields are passed on or refused.
 */
export interface ValidationPolicy {
  enforce: Certainty;
  unknownModels: 'pass' | 'refuse';
  unknownFields: 'pass' | 'refuse';
  /** YYYY-MM-DD; shutdown dates on or before it are in effect. */
  today?: string;
}

/** The relay in front of OpenAI or a gateway, and the studio checking a draft for it. */
export const API_POLICY: ValidationPolicy = {
  enforce: 'confirmed',
  unknownModels: 'pass',
  unknownFields: 'pass',
};
/**
 * The studio checking a draft before sending: the relay's own rules, but only the models the relay lists
 * can be chosen, so any other id is refused (a stale draft is moved to a served model before that).
 */
export const STUDIO_POLICY: ValidationPolicy = { ...API_POLICY, unknownModels: 'refuse' };
/** The offline engine: it plays the API, so it refuses every rule the contract knows. */
export const ENGINE_POLICY: ValidationPolicy = {
  enforce: 'unconfirmed',
  unknownModels: 'refuse',
  unknownFields: 'refuse',
};

const MISSING = Symbol('missing');

const SvgObject = z.looseObject({
  model: z.optional(z.string()),
  reasoning: z.nullish(z.looseObject({ effort: z.optional(z.string()) })),
});

const JSON_FIELDS = {
  prompt: z.string(),
  model: z.nullish(z.string()),
  n: z.nullish(z.int()),
  size: z.nullish(z.string()),
  quality: z.nullish(z.string()),
  background: z.nullish(z.string()),
  output_format: z.nullish(z.string()),
  output_compression: z.nullish(z.int()),
  moderation: z.nullish(z.string()),
  stream: z.nullish(z.boolean()),
  partial_images: z.nullish(z.int()),
  response_format: z.nullish(z.string()),
  style: z.nullish(z.string()),
  user: z.nullish(z.string()),
  complexity: z.nullish(z.string()),
  frame_count: z.nullish(z.int()),
  frame_duration_ms: z.nullish(z.int()),
  svg: z.nullish(SvgObject),
  safety_identifier: z.nullish(z.string()),
  seed: z.nullish(z.int()),
};

const GenerationBody = z.object(JSON_FIELDS);
/** The JSON edit body's scalar fields (its `images` and `mask` are spooled apart, see relay/jsonEdit.ts). */
const EditJsonBody = z.object({ ...JSON_FIELDS, input_fidelity: z.nullish(z.string()) });

// Multipart sends every scalar as text (openai-images.md §2b): numbers via String(), booleans as true/false.
const integerText = z.pipe(z.string().check(z.regex(/^-?\d+$/, 'expected an integer')), z.transform(Number));
const booleanText = z.pipe(
  z.enum(['true', 'false'], 'expected true or false'),
  z.transform((value) => value === 'true'),
);

const EditFields = z.object({
  prompt: z.string(),
  model: z.optional(z.string()),
  n: z.optional(integerText),
  size: z.optional(z.string()),
  quality: z.optional(z.string()),
  background: z.optional(z.string()),
  input_fidelity: z.optional(z.string()),
  output_format: z.optional(z.string()),
  output_compression: z.optional(integerText),
  moderation: z.optional(z.string()),
  stream: z.optional(booleanText),
  partial_images: z.optional(integerText),
  response_format: z.optional(z.string()),
  user: z.optional(z.string()),
  complexity: z.optional(z.string()),
  frame_count: z.optional(integerText),
  frame_duration_ms: z.optional(integerText),
  safety_identifier: z.optional(z.string()),
  seed: z.optional(integerText),
});

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a decimal';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

function shapeError(issue: z.core.$ZodIssue, body: Record<string, unknown>): ApiError {
  const param = issue.path.map(String).join('.');
  const top = String(issue.path[0] ?? '');
  const value = issue.path.reduce<unknown>(
    (object, key) =>
      typeof object === 'object' && object !== null && (key as string) in object
        ? (object as Record<string, unknown>)[key as string]
        : MISSING,
    body,
  );
  if (value === MISSING && !(top in body)) {
    return invalidRequest(param, `Missing required parameter: '${param}'.`, 'missing_required_parameter');
  }
  // Every numeric field of the API is an integer, so zod's 'number' reads as "an integer" here too.
  const expected =
    issue.code === 'invalid_type'
      ? issue.expected === 'int' || issue.expected === 'number'
        ? 'an integer'
        : `a ${issue.expected}`
      : issue.message.replace(/^expected /, '');
  return invalidRequest(
    param,
    `Invalid type for '${param}': expected ${expected}, but got ${typeName(value)} instead.`,
    'invalid_type',
  );
}

function checkShape<T extends object>(
  schema: z.ZodMiniObject,
  body: unknown,
  what: string,
  policy: ValidationPolicy,
): Checked<{ raw: T; extraFields: string[] }> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return refuse(invalidRequest(null, `The ${what} must be a JSON object with at least a 'prompt'.`));
  }
  const extraFields = Object.keys(body).filter((key) => !(key in schema.shape));
  if (extraFields.length > 0 && policy.unknownFields === 'refuse') {
    const key = extraFields[0]!;
    return refuse(invalidRequest(key, `Unrecognized request argument supplied: ${key}`, 'unknown_parameter'));
  }
  const parsed = schema.safeParse(body);
  if (parsed.success) return accept({ raw: parsed.data as T, extraFields });
  return refuse(shapeError(parsed.error.issues[0]!, body as Record<string, unknown>));
}

/** A model id the catalogue does not know, checked by API-wide rules only and sent on as it is. */
function unknownModel(id: string, like: ModelCapabilities): ModelCapabilities {
  return {
    ...like,
    id,
    label: id,
    like: id,
    snapshotOf: null,
    snapshots: [],
    shutdownDate: null,
    replacement: null,
  };
}

function servedIds(registry: ModelRegistry, today: string): string[] {
  return [...registry.values()]
    .filter((model) => !isRetired(model, today) && model.snapshotOf === null)
    .map((model) => model.id);
}

export function resolveModel(
  id: string | null | undefined,
  kind: ImageRequestKind,
  registry: ModelRegistry,
  policy: ValidationPolicy,
): Checked<{ model: ModelCapabilities; known: boolean }> {
  const today = policy.today ?? isoDay();
  if (id === null || id === undefined || id === '') {
    // Generations have no default any more ([W3C-ref]); the edit form's default is the retired gpt-image-1.5.
    const why =
      kind === 'edit'
        ? 'without it the API would use gpt-image-1.5, which was shut down on 2026-12-01'
        : 'the API needs an explicit model choice';
    return refuse(
      invalidRequest(
        'model',
        `Missing required parameter: 'model': ${why}. Supported values are: ${listValues(servedIds(registry, today))}.`,
        'missing_required_parameter',
      ),
    );
  }
  const model = registry.get(id);
  if (model && isRetired(model, today)) {
    const instead = model.replacement ? ` Use ${model.replacement} instead.` : '';
    return refuse(
      invalidRequest(
        'model',
        `The model '${id}' was shut down on ${model.shutdownDate} and can no longer be used.${instead}`,
        'model_not_found',
      ),
    );
  }
  if (model) return accept({ model, known: true });
  if (policy.unknownModels === 'pass') {
    const template = [...registry.values()].find((entry) => !isRetired(entry, today));
    if (template) return accept({ model: unknownModel(id, template), known: false });
  }
  return refuse(
    invalidRequest(
      'model',
      `Invalid value: '${id}'. Supported values are: ${listValues(servedIds(registry, today))}.`,
      'invalid_value',
    ),
  );
}

function validate(
  kind: ImageRequestKind,
  schema: z.ZodMiniObject,
  body: unknown,
  what: string,
  registry: ModelRegistry,
  policy: ValidationPolicy,
): Checked<ImageRequest> {
  const shape = checkShape<RawRequest>(schema, body, what, policy);
  if (!shape.ok) return shape;
  const { raw, extraFields } = shape.value;
  const resolved = resolveModel(raw.model, kind, registry, policy);
  if (!resolved.ok) return resolved;
  const { model, known } = resolved.value;
  const outcome = runRules(kind, raw, model, known, policy.enforce);
  if (!outcome.ok) return outcome;
  return accept({
    kind,
    model,
    modelKnown: known,
    prompt: raw.prompt,
    n: raw.n ?? 1,
    size: raw.size ?? 'auto',
    quality: (raw.quality ?? 'auto') as Quality,
    background: (raw.background ?? 'auto') as Background,
    outputFormat: (raw.output_format ?? 'png') as OutputFormat,
    outputCompression: raw.output_compression ?? 100,
    moderation: (raw.moderation ?? 'auto') as Moderation,
    stream: raw.stream ?? false,
    partialImages: raw.partial_images ?? 0,
    inputFidelity: (raw.input_fidelity ?? null) as InputFidelity | null,
    complexity: (raw.complexity ?? null) as Complexity | null,
    frameCount: raw.frame_count ?? null,
    frameDurationMs: raw.frame_duration_ms ?? null,
    svg: raw.svg
      ? { model: raw.svg.model ?? '', ...(raw.svg.reasoning ? { reasoning: raw.svg.reasoning } : {}) }
      : null,
    safetyIdentifier: raw.safety_identifier ?? null,
    responseFormat: (raw.response_format ?? null) as ResponseFormat | null,
    user: raw.user ?? null,
    seed: raw.seed ?? null,
    extraFields,
    caveats: outcome.value,
  });
}

/** Validates a parsed JSON body for POST /v1/images/generations. */
export function validateGenerationBody(
  body: unknown,
  registry: ModelRegistry,
  policy: ValidationPolicy = API_POLICY,
): Checked<ImageRequest> {
  return validate('generation', GenerationBody, body, 'request body', registry, policy);
}

/** Validates the text fields of a multipart POST /v1/images/edits (files are checked by checkEditFiles). */
export function validateEditFields(
  fields: Record<string, string>,
  registry: ModelRegistry,
  policy: ValidationPolicy = API_POLICY,
): Checked<ImageRequest> {
  return validate('edit', EditFields, fields, 'form', registry, policy);
}

/** Validates the scalar fields of a JSON POST /v1/images/edits (without its `images` and `mask`). */
export function validateEditBody(
  fields: Record<string, unknown>,
  registry: ModelRegistry,
  policy: ValidationPolicy = API_POLICY,
): Checked<ImageRequest> {
  return validate('edit', EditJsonBody, fields, 'request body', registry, policy);
}

/** The JSON body the API expects for a generation: only fields that differ from "omitted" are sent. */
export type GenerationBody = z.input<typeof GenerationBody>;

/** Text fields this contract knows on multipart edits, in the order the relay forwards them. */
export const EDIT_TEXT_FIELDS = Object.keys(EditFields.shape);

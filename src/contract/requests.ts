/**
 * Request validation for /v1/images/generations (JSON) and /v1/images/edits (multipart text fields),
 * openai-images.md §2a/§2b. The shape is checked with zod, then the model's capability table decides
 * what the values may be. Both the studio (to prevent) and the relay (to refuse) call these functions.
 */
import { z } from 'zod';
import { invalidRequest, accept, refuse, type ApiError, type Checked } from './errors.ts';
import {
  BACKGROUNDS,
  DEFAULT_EDIT_MODEL,
  INPUT_FIDELITIES,
  MODERATIONS,
  OUTPUT_FORMATS,
  RETIRED_MODELS,
  type Background,
  type InputFidelity,
  type ModelCapabilities,
  type ModelRegistry,
  type Moderation,
  type OutputFormat,
  type Quality,
} from './models.ts';
import { listValues, sizeViolation } from './sizes.ts';

export type ImageRequestKind = 'generation' | 'edit';

/** A request that passed every rule, with the API's defaults filled in. */
export interface ImageRequest {
  kind: ImageRequestKind;
  model: ModelCapabilities;
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
  user: string | null;
}

const MISSING = Symbol('missing');

const GENERATION_FIELDS = {
  prompt: z.string(),
  model: z.string().nullish(),
  n: z.int().nullish(),
  size: z.string().nullish(),
  quality: z.string().nullish(),
  background: z.string().nullish(),
  output_format: z.string().nullish(),
  output_compression: z.int().nullish(),
  moderation: z.string().nullish(),
  stream: z.boolean().nullish(),
  partial_images: z.int().nullish(),
  response_format: z.string().nullish(),
  style: z.string().nullish(),
  user: z.string().nullish(),
};

const GenerationBody = z.strictObject(GENERATION_FIELDS);

// Multipart sends every scalar as text (openai-images.md §2b): numbers via String(), booleans as true/false.
const integerText = z
  .string()
  .regex(/^-?\d+$/, 'expected an integer')
  .transform(Number);
const booleanText = z
  .enum(['true', 'false'], 'expected true or false')
  .transform((value) => value === 'true');

const EditFields = z.strictObject({
  prompt: z.string(),
  model: z.string().optional(),
  n: integerText.optional(),
  size: z.string().optional(),
  quality: z.string().optional(),
  background: z.string().optional(),
  input_fidelity: z.string().optional(),
  output_format: z.string().optional(),
  output_compression: integerText.optional(),
  stream: booleanText.optional(),
  partial_images: integerText.optional(),
  response_format: z.string().optional(),
  user: z.string().optional(),
});

type RawRequest = Partial<
  Record<keyof typeof GENERATION_FIELDS | 'input_fidelity', string | number | boolean | null | undefined>
>;

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a decimal';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

function shapeError(issue: z.core.$ZodIssue, body: Record<string, unknown>): ApiError {
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? null;
    return invalidRequest(key, `Unrecognized request argument supplied: ${key}`, 'unknown_parameter');
  }
  const param = String(issue.path[0] ?? '');
  const value = param in body ? body[param] : MISSING;
  if (value === MISSING) {
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

function checkShape<T>(schema: z.ZodType<T>, body: unknown, what: string): Checked<T> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return refuse(invalidRequest(null, `The ${what} must be a JSON object with at least a 'prompt'.`));
  }
  const parsed = schema.safeParse(body);
  if (parsed.success) return accept(parsed.data);
  return refuse(shapeError(parsed.error.issues[0]!, body as Record<string, unknown>));
}

function oneOf<T extends string>(
  param: string,
  value: string | null | undefined,
  allowed: readonly T[],
  fallback: T,
  context = '',
): Checked<T> {
  if (value === null || value === undefined) return accept(fallback);
  if ((allowed as readonly string[]).includes(value)) return accept(value as T);
  return refuse(
    invalidRequest(
      param,
      `Invalid value: '${value}'. Supported values${context} are: ${listValues(allowed)}.`,
    ),
  );
}

function intInRange(
  param: string,
  value: number | null | undefined,
  min: number,
  max: number,
  fallback: number,
): Checked<number> {
  if (value === null || value === undefined) return accept(fallback);
  if (value >= min && value <= max) return accept(value);
  return refuse(
    invalidRequest(
      param,
      `Invalid '${param}': ${value} is out of range. Expected an integer from ${min} to ${max}.`,
    ),
  );
}

export function resolveModel(
  id: string | null | undefined,
  kind: ImageRequestKind,
  registry: ModelRegistry,
): Checked<ModelCapabilities> {
  if (id === null || id === undefined) {
    // Without a model the API falls back to dall-e-2 for generations, which is retired; say so instead.
    if (kind === 'edit') return accept(registry.get(DEFAULT_EDIT_MODEL)!);
    return refuse(
      invalidRequest(
        'model',
        `Missing 'model': without it the API would use the retired dall-e-2. Supported values are: ${listValues([...registry.keys()])}.`,
        'missing_required_parameter',
      ),
    );
  }
  const model = registry.get(id);
  if (model) return accept(model);
  const retired = RETIRED_MODELS[id];
  return refuse(
    invalidRequest(
      'model',
      `${retired ? `${retired} ` : `Invalid value: '${id}'. `}Supported values are: ${listValues([...registry.keys()])}.`,
      retired ? 'model_not_found' : 'invalid_value',
    ),
  );
}

/** The rules that depend on the model, shared by both endpoints. */
function checkAgainstModel(
  kind: ImageRequestKind,
  raw: RawRequest,
  registry: ModelRegistry,
): Checked<ImageRequest> {
  const model = resolveModel(raw.model as string | null | undefined, kind, registry);
  if (!model.ok) return model;
  const capabilities = model.value;

  const prompt = raw.prompt as string;
  if (prompt.trim().length === 0) {
    return refuse(
      invalidRequest('prompt', "Invalid 'prompt': it is empty. Describe the image you want.", 'empty_string'),
    );
  }
  if (prompt.length > capabilities.maxPromptChars) {
    return refuse(
      invalidRequest(
        'prompt',
        `Invalid 'prompt': it has ${prompt.length.toLocaleString('en-US')} characters; the maximum is ${capabilities.maxPromptChars.toLocaleString('en-US')}.`,
        'string_above_max_length',
      ),
    );
  }

  const n = intInRange('n', raw.n as number | null | undefined, 1, capabilities.maxImagesPerRequest, 1);
  if (!n.ok) return n;

  const size = (raw.size as string | null | undefined) ?? 'auto';
  const sizeProblem = size === 'auto' ? null : sizeViolation(capabilities.sizeRule, size);
  if (sizeProblem) {
    return refuse(invalidRequest('size', `Invalid value: '${size}' for ${capabilities.id}. ${sizeProblem}`));
  }

  const quality = oneOf('quality', raw.quality as string | null | undefined, capabilities.qualities, 'auto');
  if (!quality.ok) return quality;

  const outputFormat = oneOf(
    'output_format',
    raw.output_format as string | null | undefined,
    OUTPUT_FORMATS,
    'png',
  );
  if (!outputFormat.ok) return outputFormat;

  const requestedBackground = raw.background as string | null | undefined;
  if (requestedBackground === 'transparent' && capabilities.transparentUnavailableReason) {
    return refuse(
      invalidRequest('background', `${capabilities.transparentUnavailableReason} Use 'opaque' or 'auto'.`),
    );
  }
  const background = oneOf('background', requestedBackground, BACKGROUNDS, 'auto');
  if (!background.ok) return background;
  if (background.value === 'transparent' && outputFormat.value === 'jpeg') {
    return refuse(
      invalidRequest(
        'background',
        "A transparent background needs output_format 'png' or 'webp'; JPEG has no alpha.",
      ),
    );
  }

  const outputCompression = intInRange(
    'output_compression',
    raw.output_compression as number | null | undefined,
    0,
    100,
    100,
  );
  if (!outputCompression.ok) return outputCompression;
  if (outputCompression.value < 100 && outputFormat.value === 'png') {
    return refuse(
      invalidRequest(
        'output_compression',
        `Compression less than 100 is not supported for PNG output; use output_format 'jpeg' or 'webp' to compress.`,
      ),
    );
  }

  const moderation = oneOf('moderation', raw.moderation as string | null | undefined, MODERATIONS, 'auto');
  if (!moderation.ok) return moderation;

  const stream = (raw.stream as boolean | null | undefined) ?? false;
  const partialImages = intInRange(
    'partial_images',
    raw.partial_images as number | null | undefined,
    0,
    capabilities.maxPartialImages,
    0,
  );
  if (!partialImages.ok) return partialImages;
  if (stream && !capabilities.supportsStreaming) {
    return refuse(invalidRequest('stream', `${capabilities.id} does not support streaming.`));
  }

  const responseFormat = raw.response_format as string | null | undefined;
  if (responseFormat !== null && responseFormat !== undefined && responseFormat !== 'b64_json') {
    return refuse(
      invalidRequest(
        'response_format',
        `Invalid value: '${responseFormat}'. GPT image models always return base64 ('b64_json'); 'url' is only for the retired DALL·E models.`,
      ),
    );
  }
  if (raw.style !== null && raw.style !== undefined) {
    return refuse(
      invalidRequest(
        'style',
        "'style' is only accepted by the retired dall-e-3; describe the style in the prompt.",
      ),
    );
  }

  let inputFidelity: InputFidelity | null = null;
  if (raw.input_fidelity !== undefined && raw.input_fidelity !== null) {
    if (!capabilities.inputFidelity) {
      return refuse(
        invalidRequest(
          'input_fidelity',
          capabilities.inputFidelityUnavailableReason ?? `${capabilities.id} does not accept input_fidelity.`,
        ),
      );
    }
    const fidelity = oneOf('input_fidelity', raw.input_fidelity as string, INPUT_FIDELITIES, 'low');
    if (!fidelity.ok) return fidelity;
    inputFidelity = fidelity.value;
  }

  return accept({
    kind,
    model: capabilities,
    prompt,
    n: n.value,
    size,
    quality: quality.value,
    background: background.value,
    outputFormat: outputFormat.value,
    outputCompression: outputCompression.value,
    moderation: moderation.value,
    stream,
    partialImages: partialImages.value,
    inputFidelity,
    user: (raw.user as string | null | undefined) ?? null,
  });
}

/** Validates a parsed JSON body for POST /v1/images/generations. */
export function validateGenerationBody(body: unknown, registry: ModelRegistry): Checked<ImageRequest> {
  const shape = checkShape(GenerationBody, body, 'request body');
  if (!shape.ok) return shape;
  return checkAgainstModel('generation', shape.value, registry);
}

/** Validates the text fields of a multipart POST /v1/images/edits (files are checked by checkEditFiles). */
export function validateEditFields(
  fields: Record<string, string>,
  registry: ModelRegistry,
): Checked<ImageRequest> {
  const shape = checkShape(EditFields, fields, 'form');
  if (!shape.ok) return shape;
  return checkAgainstModel('edit', shape.value, registry);
}

/** The JSON body the API expects for a generation: only fields that differ from "omitted" are sent. */
export type GenerationBody = z.input<typeof GenerationBody>;

/** Text fields accepted on multipart edits, in the order the relay forwards them. */
export const EDIT_TEXT_FIELDS = Object.keys(EditFields.shape);

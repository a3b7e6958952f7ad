/**
 * The Responses API as far as images go (openai-images.md §2e, openai-images-2026-12.md §6): the
 * `image_generation` tool's own fields, checked with the Images API's rules (requests.ts, rules.ts) so a
 * size, quality or format means the same on both routes; the request fields the relay acts on (`stream`,
 * `background`, `previous_response_id`); and the objects, events and errors both the offline engine and
 * the studio speak. Everything else in a Responses body belongs to the mainline model and is the API's to
 * judge: the relay passes it on.
 */
import { z } from 'zod';
import { accept, apiError, invalidRequest, refuse, type ApiError, type Checked } from './errors.ts';
import type { ImagesUsage } from './events.ts';
import { IMAGE_TOOL_FORMATS } from './imageTool.ts';
import type { Background, Quality } from './models.ts';
import type { ModelRegistry } from './registry.ts';
import {
  API_POLICY,
  validateEditBody,
  validateGenerationBody,
  type ImageRequest,
  type ValidationPolicy,
} from './requests.ts';
import { listValues } from './sizes.ts';

export const IMAGE_TOOL_ACTIONS = ['generate', 'edit', 'auto'] as const;
export type ImageToolAction = (typeof IMAGE_TOOL_ACTIONS)[number];

/**
 * The tool's documented default model ([N-0821], A), shut down on 2026-10-23 (openai-images-2026-12.md §2,
 * B): a tool without `model` would ask for a retired model, so the contract asks for one (C6).
 */
export const IMAGE_TOOL_DEFAULT_MODEL = 'gpt-image-1';

/** `input_image_mask` ([N-resp], A): a base64 data URL or a Files API id of a PNG mask. */
export interface ImageToolMask {
  imageUrl: string | null;
  fileId: string | null;
}

/** One `image_generation` tool of a request, with the Images API's defaults filled in. */
export interface ImageToolRequest {
  /** Its place in `tools`, for error params such as `tools[0].size`. */
  index: number;
  action: ImageToolAction;
  /**
   * The tool's image fields as the Images API would take them (size, quality, format, background,
   * compression, moderation, partial images, input fidelity); `prompt` is the mainline model's to write,
   * so it is empty here, and `kind` follows `action` ('edit' only when the tool says so).
   */
  image: Omit<ImageRequest, 'prompt'>;
  mask: ImageToolMask | null;
}

/** What the relay needs of a `POST /v1/responses` body; the rest goes on as it came. */
export interface ResponsesRequest {
  /** The mainline model (a text model such as gpt-5.4); null when missing, which the API refuses. */
  model: string | null;
  stream: boolean;
  background: boolean;
  /** The API keeps responses by default (`store` omitted = true). */
  store: boolean;
  previousResponseId: string | null;
  imageTools: readonly ImageToolRequest[];
}

/** Fields of the tool that are not Images API fields: checked here, kept away from the image rules. */
const IMAGE_TOOL_OWN_FIELDS = new Set(['type', 'action', 'input_image_mask', 'model']);

const ResponsesFields = z.looseObject({
  model: z.string().nullish(),
  stream: z.boolean().nullish(),
  background: z.boolean().nullish(),
  store: z.boolean().nullish(),
  previous_response_id: z.string().nullish(),
  tools: z.array(z.unknown()).nullish(),
});

const ImageToolOwn = z.looseObject({
  type: z.literal('image_generation'),
  model: z.string().nullish(),
  action: z.string().nullish(),
  input_image_mask: z
    .strictObject({ image_url: z.string().optional(), file_id: z.string().optional() })
    .nullish(),
});

function typeProblem(param: string, issue: z.core.$ZodIssue): ApiError {
  const path = [param, ...issue.path.map(String)].join('.');
  const expected = issue.message.replace(/^Invalid input: expected /, '').replace(/^expected /, '');
  return invalidRequest(path, `Invalid type for '${path}': expected ${expected}.`, 'invalid_type');
}

/** Puts an image rule's refusal on the tool's own field: `size` becomes `tools[0].size`. */
function onTool(error: ApiError, index: number): ApiError {
  const { param } = error.body.error;
  const toolParam = param ? `tools[${index}].${param}` : `tools[${index}]`;
  const message = error.body.error.message.replaceAll(`'${param}'`, `'${toolParam}'`);
  return { status: error.status, body: { error: { ...error.body.error, param: toolParam, message } } };
}

/**
 * The other way: a refusal of the tool's field as one of the Images API field it is (`tools[0].size` becomes
 * `size`), for the studio's draft, whose control of that name shows it as it would for the Images API.
 */
export function offTool(error: ApiError): ApiError {
  const { param } = error.body.error;
  const field = param?.match(/^tools\[\d+\]\.(.+)$/)?.[1];
  if (!field) return error;
  const message = error.body.error.message.replaceAll(`'${param}'`, `'${field}'`);
  return { status: error.status, body: { error: { ...error.body.error, param: field, message } } };
}

function validateImageTool(
  tool: Record<string, unknown>,
  index: number,
  stream: boolean,
  registry: ModelRegistry,
  policy: ValidationPolicy,
): Checked<ImageToolRequest> {
  const param = `tools[${index}]`;
  const own = ImageToolOwn.safeParse(tool);
  if (!own.success) return refuse(typeProblem(param, own.error.issues[0]!));
  const { action, input_image_mask: mask } = own.data;
  if (action != null && !(IMAGE_TOOL_ACTIONS as readonly string[]).includes(action)) {
    return refuse(
      invalidRequest(
        `${param}.action`,
        `Invalid value: '${action}'. Supported values are: ${listValues(IMAGE_TOOL_ACTIONS)}.`,
      ),
    );
  }
  if (mask && !mask.image_url && !mask.file_id) {
    return refuse(
      invalidRequest(
        `${param}.input_image_mask`,
        "Invalid 'input_image_mask': give the mask as 'image_url' (a base64 data URL of a PNG) or 'file_id'.",
        'missing_required_parameter',
      ),
    );
  }
  const imageFields = Object.fromEntries(
    Object.entries(tool).filter(([name, value]) => !IMAGE_TOOL_OWN_FIELDS.has(name) && value !== undefined),
  );
  const format = imageFields.output_format;
  if (typeof format === 'string' && !(IMAGE_TOOL_FORMATS as readonly string[]).includes(format)) {
    return refuse(
      invalidRequest(
        `${param}.output_format`,
        `Invalid value: '${format}'. Supported values are: ${listValues(IMAGE_TOOL_FORMATS)}.`,
      ),
    );
  }
  const model = own.data.model ?? null;
  if (model === null || model === '') {
    return refuse(
      invalidRequest(
        `${param}.model`,
        `Missing required parameter: '${param}.model': without it the tool would use ${IMAGE_TOOL_DEFAULT_MODEL}, which was shut down on 2026-10-23.`,
        'missing_required_parameter',
      ),
    );
  }
  // A placeholder prompt: the rules judge the fields, and the mainline model writes the real one.
  const body = { ...imageFields, model, prompt: 'image_generation tool', stream };
  // input_fidelity is an edit field of the Images API; the tool takes it whatever the action.
  const asEdit = action === 'edit' || imageFields.input_fidelity !== undefined;
  const checked = asEdit
    ? validateEditBody(body, registry, policy)
    : validateGenerationBody(body, registry, policy);
  if (!checked.ok) return refuse(onTool(checked.error, index));
  const image: Omit<ImageRequest, 'prompt'> & { prompt?: string } = { ...checked.value };
  delete image.prompt;
  return accept({
    index,
    action: (action ?? 'auto') as ImageToolAction,
    image: { ...image, kind: action === 'edit' ? 'edit' : 'generation' },
    mask: mask ? { imageUrl: mask.image_url ?? null, fileId: mask.file_id ?? null } : null,
  });
}

/**
 * Checks a parsed `POST /v1/responses` body: the fields the relay acts on must have their API types, and
 * every `image_generation` tool keeps the Images API's rules under `policy`. Other tools, input items and
 * mainline settings are not judged here.
 */
export function validateResponsesBody(
  body: unknown,
  registry: ModelRegistry,
  policy: ValidationPolicy = API_POLICY,
): Checked<ResponsesRequest> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return refuse(invalidRequest(null, 'The request body must be a JSON object.'));
  }
  const parsed = ResponsesFields.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const [top, ...rest] = issue.path.map(String);
    return refuse(typeProblem(top!, { ...issue, path: rest }));
  }
  const fields = parsed.data;
  const stream = fields.stream ?? false;
  const imageTools: ImageToolRequest[] = [];
  for (const [index, tool] of (fields.tools ?? []).entries()) {
    if (
      typeof tool !== 'object' ||
      tool === null ||
      (tool as { type?: unknown }).type !== 'image_generation'
    ) {
      continue;
    }
    const checked = validateImageTool(tool as Record<string, unknown>, index, stream, registry, policy);
    if (!checked.ok) return checked;
    imageTools.push(checked.value);
  }
  return accept({
    model: fields.model ?? null,
    stream,
    background: fields.background ?? false,
    store: fields.store ?? true,
    previousResponseId: fields.previous_response_id ?? null,
    imageTools,
  });
}

/** `ResponseStatus` ([N-7423], [DOC-bg]): queued → in_progress → one of the terminal four. */
export type ResponseStatus = 'queued' | 'in_progress' | 'completed' | 'failed' | 'cancelled' | 'incomplete';

export function isTerminalStatus(status: ResponseStatus): boolean {
  return status !== 'queued' && status !== 'in_progress';
}

/**
 * The tool's output item (openai-images-2026-12.md §6.3): the final image travels here, in
 * `response.output_item.done` and `response.completed`, never in `…image_generation_call.completed`.
 */
export interface ImageGenerationCallItem {
  type: 'image_generation_call';
  id: string;
  status: 'in_progress' | 'generating' | 'completed' | 'failed';
  result: string | null;
  action?: Exclude<ImageToolAction, 'auto'>;
  background?: Exclude<Background, 'auto'>;
  output_format?: string;
  quality?: Quality;
  revised_prompt?: string;
  size?: string;
}

/** `ResponseUsage` ([N-0821] L7677, A): the mainline model's tokens only. */
export interface ResponseUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number; cache_write_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

/** The Response object, with the fields this contract fills; the API's others may come with it. */
export interface ResponseObject {
  id: string;
  object: 'response';
  created_at: number;
  completed_at: number | null;
  status: ResponseStatus;
  background: boolean;
  model: string;
  previous_response_id: string | null;
  store: boolean;
  output: ImageGenerationCallItem[];
  output_text: string;
  error: { code: string; message: string } | null;
  incomplete_details: null;
  instructions: string | null;
  metadata: Record<string, string>;
  parallel_tool_calls: boolean;
  temperature: number | null;
  top_p: number | null;
  tool_choice: unknown;
  tools: unknown[];
  usage: ResponseUsage | null;
  /** The image tool's own usage: undocumented, seen in real traffic ([CAP], C; §6.5). */
  tool_usage?: { image_gen: ImagesUsage };
}

interface SequencedEvent {
  sequence_number: number;
}

/** The events of a Responses stream that an image turn produces ([N-0821] L3656–3800, A). */
export type ResponseStreamEvent = SequencedEvent &
  (
    | {
        type:
          | 'response.created'
          | 'response.queued'
          | 'response.in_progress'
          | 'response.completed'
          | 'response.failed';
        response: ResponseObject;
      }
    | {
        type: 'response.output_item.added' | 'response.output_item.done';
        output_index: number;
        item: ImageGenerationCallItem;
      }
    | {
        type:
          | 'response.image_generation_call.in_progress'
          | 'response.image_generation_call.generating'
          | 'response.image_generation_call.completed';
        output_index: number;
        item_id: string;
      }
    | {
        type: 'response.image_generation_call.partial_image';
        output_index: number;
        item_id: string;
        partial_image_b64: string;
        partial_image_index: number;
        size: string;
        quality: Quality;
        background: Background;
        output_format: string;
      }
    | { type: 'error'; code: string | null; message: string; param: string | null }
  );

/**
 * An unknown `previous_response_id`: 400 `previous_response_not_found` (bodies quoted in maximhq/bifrost
 * #2441 and bigduu/Bamboo-agent #513, C).
 */
export function previousResponseNotFound(id: string): ApiError {
  return apiError(400, `Previous response with id '${id}' not found.`, {
    param: 'previous_response_id',
    code: 'previous_response_not_found',
  });
}

/** `GET`/`cancel` of an id nobody keeps (expired, never stored, or another relay's). Shape inferred. */
export function responseNotFound(id: string): ApiError {
  return apiError(404, `Response with id '${id}' not found.`, { param: 'response_id', code: null });
}

/** Cancel is for background responses only ([N-0821] L217, A); the wording is third-party (C). */
export function cancelNeedsBackground(): ApiError {
  return apiError(400, 'Only responses created with background=true can be cancelled.', {
    param: 'response_id',
    code: null,
  });
}

/** An item reference in `input` that names no item of the conversation. Shape inferred. */
export function itemNotFound(id: string, param: string): ApiError {
  return invalidRequest(param, `Item with id '${id}' not found.`, 'item_not_found');
}

/** `action: 'edit'` with no image in the conversation (gateways.md §2: "error if no image is in context"). */
export function nothingToEdit(toolIndex: number): ApiError {
  return invalidRequest(
    `tools[${toolIndex}].action`,
    "The image_generation tool's action is 'edit', but the conversation has no image to edit. Attach an image, continue from a response that made one, or use 'auto' or 'generate'.",
  );
}

/**
 * The first response id in the first bytes of an answer, JSON or SSE (`response.created` carries the
 * response first), found without parsing: the answer may be megabytes of base64 that stay unread.
 */
export const RESPONSE_ID_PATTERN = /"id"\s*:\s*"(resp_[A-Za-z0-9_-]+)"/;

/**
 * Task-based gateways (gateways.md §4 and Addendum §A, seed 004) behind OpenAI's Image API: the request is
 * submitted as a task (`POST /v1/tasks`, the mode chosen by `action`, the size as aspect ratio × resolution,
 * images and mask as data URLs), then polled (`GET /v1/tasks/{id}`) with back-off until it completes, fails
 * or runs out of time. Meanwhile a streamed answer carries keep-alives and the gateway's percentage, as SSE
 * comments (`: progress 40`, which the SDKs skip) or, for a client that asks with PROGRESS_HEADER, as
 * PROGRESS_EVENT frames. The result links expire, so they are fetched the moment the task completes and the
 * client gets the bytes in OpenAI's shape: one `*.completed` event per image, or one ImagesResponse.
 *
 * A client that leaves stops the polling at once. A task still queued is cancelled (the gateway refunds
 * it); one already processing cannot be stopped, which is logged, and said to a client still there when
 * the relay gives up on a task itself (the poll time limit).
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { request as undiciRequest, type Dispatcher } from 'undici';
import {
  PROGRESS_EVENT,
  PROGRESS_EVENTS_VALUE,
  PROGRESS_HEADER,
  TASK_GATEWAY_MAX_IMAGE_BYTES,
  apiError,
  formatBytes,
  formatOfMimeType,
  formatSize,
  formatSseFrame,
  imageParam,
  invalidRequest,
  sniffImage,
  taskSizeFor,
  type ApiError,
  type CompletedImageEvent,
  type ImageRequest,
  type ImageStreamKind,
  type ModelRegistry,
  type ProviderProgressEvent,
} from '../../contract/index.ts';
import { newRequestId, sendApiError, sendJson } from '../http.ts';
import { isImageReference, type JsonEditImage } from '../jsonEdit.ts';
import type { SpooledFile } from '../multipart.ts';
import { imagesResponse } from './offline.ts';
import { bearerJsonHeaders, createUpstreamPool } from './httpExchange.ts';
import { fetchResultImage, resultHostsOf } from './resultFetch.ts';
import { formatDuration } from './silenceTimer.ts';
import { SseResponse } from './sseResponse.ts';
import type { RelayCall, Upstream } from './types.ts';

export const DEFAULT_TASK_POLL_INTERVAL_MS = 2000;
/** The vendor advises polling every 2-5 s: the interval grows to this. */
export const DEFAULT_TASK_MAX_POLL_INTERVAL_MS = 5000;
export const DEFAULT_TASK_POLL_TIMEOUT_MS = 5 * 60_000;
/** A 4K PNG is about 25 MB; a link serving more is not one image. */
export const DEFAULT_TASK_RESULT_MAX_BYTES = 64 * 1024 * 1024;
/** For each call to the gateway (submit, poll, cancel) and each result download. */
export const DEFAULT_TASK_FETCH_TIMEOUT_MS = 60_000;
/** Each poll waits this much longer than the last, up to the maximum interval. */
const POLL_BACKOFF = 1.5;
/** A task ticket or status is a few hundred bytes; an answer beyond this is no status. */
const MAX_STATUS_BYTES = 1024 * 1024;

/** The task's modes (Addendum §A); `generate` is the gateway's default. */
export const TASK_ACTIONS = ['generate', 'image2image', 'edit', 'reference', 'inpaint'] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];

export interface TaskGatewaySettings {
  /** The provider's id, in log lines. */
  id: string;
  /** The studio's badge; default the base URL's host. */
  label?: string;
  /** e.g. https://gateway.example: the documented paths /v1/tasks… hang off it. */
  baseUrl: string;
  apiKey: string;
  /** The models this provider serves; a model's size rule decides the aspect ratio × resolution pairs. */
  models: ModelRegistry;
  /** The first wait between polls; each next one is longer, up to `maxPollIntervalMs`. */
  pollIntervalMs?: number;
  maxPollIntervalMs?: number;
  /** How long a task may take, submit to completion, before the relay gives up on it. */
  pollTimeoutMs?: number;
  resultMaxBytes?: number;
  fetchTimeoutMs?: number;
  /** Silence after which a streamed answer gets a keep-alive comment. */
  heartbeatMs: number;
  /** Hosts besides the base URL's that result links may point at (a CDN). */
  resultHosts?: readonly string[];
  /** What happened to tasks the client left; never receives the key. */
  log?: (line: string) => void;
  pool?: Dispatcher;
}

/** An input image or mask as the task takes it: a spooled file (sent as a data URL), or a URL as given. */
type TaskImage = { param: string } & ({ file: SpooledFile } | { url: string });

interface TaskInputs {
  images: TaskImage[];
  mask: TaskImage | null;
  /** The client's fields, unknown ones included: where the extension field `action` is read from. */
  raw: Record<string, unknown>;
}

/** A task's state as the last poll reported it. */
interface TaskState {
  id: string;
  status: string;
  progress: number;
  /** Set once the relay stops waiting for the task: what became of it. */
  fate?: Promise<string>;
}

interface GatewayAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: unknown;
  text: string;
}

const CODES = {
  taskFailed: 'task_failed',
  taskCancelled: 'task_cancelled',
  taskTimeout: 'task_timeout',
  invalidAnswer: 'upstream_invalid_answer',
  unreachable: 'upstream_unreachable',
  upstream: 'upstream_error',
} as const;

export function createTaskGatewayUpstream(settings: TaskGatewaySettings): Upstream {
  const base = settings.baseUrl.replace(/\/+$/, '');
  const host = new URL(base).host;
  const label = settings.label ?? host;
  const gateway = `the task gateway ${host}`;
  const pool = settings.pool ?? createUpstreamPool();
  const pollIntervalMs = settings.pollIntervalMs ?? DEFAULT_TASK_POLL_INTERVAL_MS;
  const maxPollIntervalMs = Math.max(
    pollIntervalMs,
    settings.maxPollIntervalMs ?? DEFAULT_TASK_MAX_POLL_INTERVAL_MS,
  );
  const pollTimeoutMs = settings.pollTimeoutMs ?? DEFAULT_TASK_POLL_TIMEOUT_MS;
  const fetchTimeoutMs = settings.fetchTimeoutMs ?? DEFAULT_TASK_FETCH_TIMEOUT_MS;
  const resultMaxBytes = settings.resultMaxBytes ?? DEFAULT_TASK_RESULT_MAX_BYTES;
  const resultHosts = resultHostsOf(base, settings.resultHosts);
  const log = (line: string) =>
    settings.log?.(`${settings.id}: ${line.split(settings.apiKey).join('[redacted]')}`);

  /** One call to the gateway, bounded by `fetchTimeoutMs`, and by the client's signal when given. */
  async function callGateway(
    method: 'GET' | 'POST',
    path: string,
    body: { stream: Readable; length: number } | null,
    clientSignal: AbortSignal | null,
  ): Promise<GatewayAnswer> {
    const timeout = AbortSignal.timeout(fetchTimeoutMs);
    const signal = clientSignal ? AbortSignal.any([clientSignal, timeout]) : timeout;
    const answer = await undiciRequest(`${base}${path}`, {
      method,
      dispatcher: pool,
      signal,
      headers: bearerJsonHeaders(settings.apiKey, body),
      body: body?.stream ?? null,
    });
    const text = await readLimitedText(answer.body, MAX_STATUS_BYTES);
    let json: unknown = undefined;
    try {
      json = JSON.parse(text);
    } catch {
      // Not JSON: an error page, described from its text.
    }
    return { status: answer.statusCode, headers: answer.headers, json, text };
  }

  /** Cancels a task the client left while it was queued; the quota is refunded. Never throws. */
  async function cancelLeftTask(task: TaskState, why: string): Promise<string> {
    try {
      const answer = await callGateway('POST', `/v1/tasks/${encodeURIComponent(task.id)}/cancel`, null, null);
      if (answer.status < 300) return `task ${task.id} was queued when ${why}, and is cancelled`;
      const said = gatewayWords(answer);
      return `task ${task.id} was queued when ${why}, but the gateway refused to cancel it (${answer.status}${said.message ? `: ${said.message}` : ''})`;
    } catch (error) {
      return `task ${task.id} was queued when ${why}, but the cancel did not reach the gateway (${networkReason(error)})`;
    }
  }

  /**
   * What becomes of a task the relay stops waiting for, in words for the log and the client. Once: a client
   * that leaves while the relay is giving up on its task has nothing more to cancel.
   */
  function abandon(task: TaskState, why: string): Promise<string> {
    task.fate ??= decideFate(task, why);
    return task.fate;
  }

  async function decideFate(task: TaskState, why: string): Promise<string> {
    if (task.status === 'queued') return cancelLeftTask(task, why);
    if (task.status === 'completed') return `task ${task.id} had completed when ${why}`;
    return `task ${task.id} was ${task.status} when ${why}; a running task cannot be stopped, so the gateway finishes (and bills) it anyway`;
  }

  async function run(call: RelayCall, inputs: TaskInputs): Promise<void> {
    const { req, res, signal, request } = call;
    if (signal.aborted) return;
    const streamed = request.stream;
    const requestId = newRequestId();
    const answer = new SseResponse(res, {
      heartbeatMs: settings.heartbeatMs,
      secrets: [settings.apiKey],
      ...(streamed ? { committedOnFirstByte: [['x-request-id', requestId]] } : {}),
    });
    const fail = (error: ApiError, headers: Record<string, string> = {}) =>
      answer.fail(error, { 'x-request-id': requestId, ...headers });

    const submission = submitFields(request, inputs, settings.models);
    if ('status' in submission) return fail(submission);

    // The submit runs to its end even if the client leaves meanwhile: a task it created must be cancelled.
    let ticket: GatewayAnswer;
    try {
      ticket = await callGateway('POST', '/v1/tasks', submitBody(submission.fields, inputs), null);
    } catch (error) {
      if (signal.aborted) return;
      return fail(
        apiError(502, `${capitalise(gateway)} could not be reached (${networkReason(error)}).`, {
          type: 'upstream_error',
          code: CODES.unreachable,
        }),
      );
    }
    if (ticket.status >= 300) {
      if (signal.aborted) return;
      return fail(gatewayRefusal(ticket, gateway), passedRetryHeaders(ticket.headers));
    }
    const task = taskStateOf(ticket.json, null);
    if (!task) {
      return fail(
        apiError(502, `${capitalise(gateway)} answered the submit without a task id.`, {
          type: 'upstream_error',
          code: CODES.invalidAnswer,
        }),
      );
    }
    log(`task ${task.id} submitted (${submission.action}, ${request.model.id})`);

    const progressAsEvents = req.headers[PROGRESS_HEADER] === PROGRESS_EVENTS_VALUE;
    let reported: string | null = null;
    const report = async (state: TaskState) => {
      if (!streamed || signal.aborted) return;
      const stage = state.status === 'queued' ? 'queued' : 'working';
      if (reported === `${stage} ${state.progress}`) return;
      reported = `${stage} ${state.progress}`;
      const event: ProviderProgressEvent = { type: PROGRESS_EVENT, stage, progress: state.progress };
      await answer.writeFrame(
        progressAsEvents ? formatSseFrame(PROGRESS_EVENT, event) : `: progress ${state.progress}\n\n`,
      );
      answer.restartHeartbeat();
    };

    try {
      await report(task);
      const finished = await pollUntilDone(task, signal, report);
      if (finished === null || signal.aborted) return;
      if ('status' in finished) return fail(finished);
      const events = await fetchImages(finished.urls, finished.createdAt, request, signal);
      if (signal.aborted) return;
      if (!Array.isArray(events)) return fail(events);
      if (!streamed) {
        const response = imagesResponse(events);
        // No usage: the gateway bills per image and reports no tokens.
        delete response.usage;
        return sendJson(res, 200, response, { 'x-request-id': requestId });
      }
      for (const event of events) await answer.writeFrame(formatSseFrame(event.type, event));
      answer.end();
    } catch (error) {
      if (!signal.aborted) throw error;
    } finally {
      answer.stopHeartbeat();
      if (signal.aborted) log(`${await abandon(task, 'the client left')}; polling stopped`);
    }
  }

  /**
   * Polls with back-off until the task completes (its result links and time), fails, or the time limit
   * passes; null, with the last state in `task`, once the client leaves: no poll starts after that, and the
   * one in flight is aborted. The time limit is checked after a poll, never instead of one, so what the
   * relay says of a task it gives up on is its state of a moment ago, and one that just completed is kept.
   */
  async function pollUntilDone(
    task: TaskState,
    signal: AbortSignal,
    report: (state: TaskState) => Promise<void>,
  ): Promise<{ urls: string[]; createdAt: number } | ApiError | null> {
    const deadline = performance.now() + pollTimeoutMs;
    let interval = pollIntervalMs;
    for (;;) {
      const left = deadline - performance.now();
      await sleep(Math.max(0, Math.min(interval, left)), undefined, { signal }).catch(() => undefined);
      if (signal.aborted) return null;
      interval = Math.min(maxPollIntervalMs, interval * POLL_BACKOFF);
      const polled = await pollOnce(task, signal);
      if (signal.aborted) return null;
      if ('error' in polled) return polled.error;
      if ('json' in polled) {
        const done = finishedTask(polled.json, task);
        if (done) return done;
        await report(task);
      }
      if (performance.now() >= deadline) {
        const fate = await abandon(task, 'the relay stopped waiting');
        log(fate);
        const trouble = 'trouble' in polled ? ` (its last poll: ${polled.trouble})` : '';
        return apiError(
          504,
          `${capitalise(gateway)} did not finish task ${task.id} within ${formatDuration(pollTimeoutMs)}${trouble}, so the relay stopped waiting: ${fate}.`,
          { type: 'upstream_error', code: CODES.taskTimeout },
        );
      }
    }
  }

  /**
   * One poll: the task's new state (written into `task`), trouble that the next poll may not have (no
   * answer, a 5xx, a 429), or an error that ends the request (the gateway no longer knows the task).
   */
  async function pollOnce(
    task: TaskState,
    signal: AbortSignal,
  ): Promise<{ json: unknown } | { trouble: string } | { error: ApiError }> {
    let polled: GatewayAnswer;
    try {
      polled = await callGateway('GET', `/v1/tasks/${encodeURIComponent(task.id)}`, null, signal);
    } catch (error) {
      return { trouble: networkReason(error) };
    }
    if (polled.status >= 500 || polled.status === 429) return { trouble: `${polled.status}` };
    // The request itself was accepted: whatever the gateway says of its task now is its failure, a 502.
    if (polled.status >= 300) return { error: { ...gatewayRefusal(polled, gateway), status: 502 } };
    const state = taskStateOf(polled.json, task.id);
    if (!state) {
      return {
        error: apiError(
          502,
          `${capitalise(gateway)} answered a poll of task ${task.id} without its status.`,
          {
            type: 'upstream_error',
            code: CODES.invalidAnswer,
          },
        ),
      };
    }
    Object.assign(task, state);
    return { json: polled.json };
  }

  /** What a task that has stopped came to: its result links, or the error it ended with; null while it runs. */
  function finishedTask(
    json: unknown,
    task: TaskState,
  ): { urls: string[]; createdAt: number } | ApiError | null {
    if (task.status === 'completed') return completedResult(json, task.id, gateway);
    if (task.status === 'failed') return taskFailure(json, task.id, gateway);
    if (task.status === 'cancelled') {
      return apiError(502, `Task ${task.id} was cancelled at ${gateway} before it finished.`, {
        type: 'upstream_error',
        code: CODES.taskCancelled,
      });
    }
    return null;
  }

  /** Downloads every result link at once (they expire) and makes each image its completed event. */
  async function fetchImages(
    urls: readonly string[],
    createdAt: number,
    request: ImageRequest,
    signal: AbortSignal,
  ): Promise<CompletedImageEvent[] | ApiError> {
    const fetched = await Promise.all(
      urls.map((url) =>
        fetchResultImage(url, {
          allowedHosts: resultHosts,
          maxBytes: resultMaxBytes,
          timeoutMs: fetchTimeoutMs,
          signal,
          dispatcher: pool,
          source: gateway,
        }),
      ),
    );
    const kind: ImageStreamKind = request.kind === 'edit' ? 'image_edit' : 'image_generation';
    const events: CompletedImageEvent[] = [];
    for (const image of fetched) {
      if (!image.ok) return image.error;
      const { bytes, width, height } = image.value;
      const sniffed = sniffImage(bytes.subarray(0, 64 * 1024));
      events.push({
        type: `${kind}.completed`,
        b64_json: bytes.toString('base64'),
        created_at: createdAt,
        size: formatSize({ width, height }),
        quality: request.quality,
        background: request.background,
        output_format: (sniffed && formatOfMimeType(sniffed.mimeType)) ?? request.outputFormat,
        // The gateway bills per image and reports no tokens; the SDKs' type requires the field.
        usage: {
          input_tokens: 0,
          input_tokens_details: { image_tokens: 0, text_tokens: 0 },
          output_tokens: 0,
          total_tokens: 0,
        },
      });
    }
    return events;
  }

  function spooled(file: SpooledFile, index: number): TaskImage {
    return { param: imageParam(file.field, index), file };
  }

  function jsonEditImage(image: JsonEditImage, index: number): TaskImage | ApiError {
    if (!isImageReference(image)) return spooled(image, index);
    if (image.kind === 'url') return { param: image.param, url: image.url };
    return invalidRequest(
      image.param,
      `${capitalise(gateway)} cannot read '${image.param}': it is a file id, and the gateway has no Files API. Send the image as a data URL, a URL, or upload it.`,
      'unsupported_image_reference',
    );
  }

  return {
    kind: 'task',
    label,
    host,
    generate(call, body) {
      return run(call, { images: [], mask: null, raw: parsedObject(body.toString('utf8')) });
    },
    edit(call, form) {
      return run(call, {
        images: form.images.map(spooled),
        mask: form.mask && spooled(form.mask, 0),
        raw: Object.fromEntries(form.fields),
      });
    },
    editJson(call, edit) {
      const images = edit.images.map(jsonEditImage);
      const mask = edit.mask && jsonEditImage(edit.mask, 0);
      const refused = [...images, mask].find(
        (image): image is ApiError => image !== null && 'status' in image,
      );
      if (refused) {
        sendApiError(call.res, refused);
        return Promise.resolve();
      }
      return run(call, { images: images as TaskImage[], mask: mask as TaskImage | null, raw: edit.fields });
    },
  };
}

function parsedObject(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * The task's mode from what the request carries: a mask makes it `inpaint`, several images `reference`,
 * one image `edit`, none `generate`. A client may name another mode that fits (`image2image` for one image)
 * with the extension field `action`.
 */
function chooseAction(inputs: TaskInputs): TaskAction | ApiError {
  const derived: TaskAction = inputs.mask
    ? 'inpaint'
    : inputs.images.length > 1
      ? 'reference'
      : inputs.images.length === 1
        ? 'edit'
        : 'generate';
  const asked = inputs.raw.action;
  if (asked === undefined || asked === null) return derived;
  if (typeof asked !== 'string' || !TASK_ACTIONS.includes(asked as TaskAction)) {
    return invalidRequest('action', `Invalid 'action': expected one of ${TASK_ACTIONS.join(', ')}.`);
  }
  const fits =
    derived === 'generate' || derived === 'inpaint'
      ? asked === derived
      : asked !== 'generate' && asked !== 'inpaint';
  if (!fits) {
    return invalidRequest(
      'action',
      `Invalid 'action': '${asked}' does not fit a request with ${describeInputs(inputs)}; it is '${derived}'.`,
    );
  }
  return asked as TaskAction;
}

function describeInputs({ images, mask }: TaskInputs): string {
  const count =
    images.length === 0 ? 'no image' : images.length === 1 ? 'one image' : `${images.length} images`;
  return mask ? `${count} and a mask` : count;
}

/** The submit's fields other than the images, or the refusal of the request. */
function submitFields(
  request: ImageRequest,
  inputs: TaskInputs,
  models: ModelRegistry,
): { fields: Record<string, unknown>; action: TaskAction } | ApiError {
  const action = chooseAction(inputs);
  if (typeof action !== 'string') return action;
  for (const image of [...inputs.images, ...(inputs.mask ? [inputs.mask] : [])]) {
    if ('file' in image && image.file.bytes > TASK_GATEWAY_MAX_IMAGE_BYTES) {
      return invalidRequest(
        image.param,
        `Invalid file '${image.param}': it is ${formatBytes(image.file.bytes)}; the task gateway takes images up to ${formatBytes(TASK_GATEWAY_MAX_IMAGE_BYTES)}.`,
        'image_too_large',
      );
    }
  }
  const rule = (models.get(request.model.id) ?? request.model).sizeRule;
  const size = taskSizeFor(rule, request.size);
  const fields: Record<string, unknown> = {
    model: request.model.id,
    action,
    prompt: request.prompt,
    n: request.n,
    aspect_ratio: size.aspectRatio,
    ...(size.resolution ? { resolution: size.resolution } : {}),
    ...(request.seed !== null ? { seed: request.seed } : {}),
    quality: request.quality,
    background: request.background,
    moderation: request.moderation,
    output_format: request.outputFormat,
  };
  return { fields, action };
}

const base64Length = (bytes: number) => 4 * Math.ceil(bytes / 3);

/**
 * The submit's JSON body, streamed: the images and mask go as data URLs encoded from their spooled files
 * piece by piece, so sixteen 30 MB references never sit in memory; its length is known up front.
 */
function submitBody(
  fields: Record<string, unknown>,
  inputs: TaskInputs,
): { stream: Readable; length: number } {
  const dataUrlHead = (file: SpooledFile) => `"data:${file.sniffed?.mimeType ?? 'image/png'};base64,`;
  const pieces: (string | SpooledFile)[] = [JSON.stringify(fields).slice(0, -1)];
  const addImage = (image: TaskImage) => {
    if ('url' in image) pieces.push(JSON.stringify(image.url));
    else pieces.push(dataUrlHead(image.file), image.file, '"');
  };
  if (inputs.images.length > 0) {
    pieces.push(',"image_urls":[');
    inputs.images.forEach((image, index) => {
      if (index > 0) pieces.push(',');
      addImage(image);
    });
    pieces.push(']');
  }
  if (inputs.mask) {
    pieces.push(',"mask_url":');
    addImage(inputs.mask);
  }
  pieces.push('}');
  const length = pieces.reduce(
    (sum, piece) => sum + (typeof piece === 'string' ? Buffer.byteLength(piece) : base64Length(piece.bytes)),
    0,
  );
  async function* chunks(): AsyncGenerator<Buffer> {
    for (const piece of pieces) {
      if (typeof piece === 'string') yield Buffer.from(piece);
      else yield* base64Chunks(piece.path);
    }
  }
  return { stream: Readable.from(chunks(), { objectMode: false }), length };
}

/** A file's base64, chunk by chunk: each chunk's bytes are cut to a multiple of 3, the rest carried on. */
async function* base64Chunks(path: string): AsyncGenerator<Buffer> {
  let carry: Buffer = Buffer.alloc(0);
  for await (const chunk of createReadStream(path, {
    highWaterMark: 3 * 64 * 1024,
  }) as AsyncIterable<Buffer>) {
    const bytes = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    const whole = bytes.length - (bytes.length % 3);
    carry = bytes.subarray(whole);
    yield Buffer.from(bytes.subarray(0, whole).toString('base64'));
  }
  if (carry.length) yield Buffer.from(carry.toString('base64'));
}

async function readLimitedText(body: Readable, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes > maxBytes) {
      body.destroy();
      break;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The id, status and progress of a task answer; null when it has none (or another task's id). */
function taskStateOf(json: unknown, expectedId: string | null): TaskState | null {
  if (typeof json !== 'object' || json === null) return null;
  const { task_id: id, status, progress } = json as Record<string, unknown>;
  if (typeof id !== 'string' || id === '' || typeof status !== 'string') return null;
  if (expectedId !== null && id !== expectedId) return null;
  const percent = typeof progress === 'number' && Number.isFinite(progress) ? progress : 0;
  return { id, status, progress: Math.round(Math.min(100, Math.max(0, percent))) };
}

/** The result links of a completed task: `result.images[].url` is an array even for one image. */
function completedResult(
  json: unknown,
  taskId: string,
  gateway: string,
): { urls: string[]; createdAt: number } | ApiError {
  const { result, completed_at: completedAt } = json as { result?: unknown; completed_at?: unknown };
  const images = (result as { images?: unknown } | undefined)?.images;
  const urls = Array.isArray(images)
    ? images.flatMap((image: unknown) => {
        const url = (image as { url?: unknown } | null)?.url;
        const list: unknown[] = Array.isArray(url) ? url : [url];
        return list.filter((item): item is string => typeof item === 'string');
      })
    : [];
  if (urls.length === 0) {
    return apiError(502, `${capitalise(gateway)} reported task ${taskId} completed without a result link.`, {
      type: 'upstream_error',
      code: CODES.invalidAnswer,
    });
  }
  const finishedMs = typeof completedAt === 'number' ? completedAt : Date.now();
  return { urls, createdAt: Math.floor(finishedMs / 1000) };
}

/** A failed task, with the gateway's words and code. */
function taskFailure(json: unknown, taskId: string, gateway: string): ApiError {
  const said = gatewayWords({ json, text: '' });
  return apiError(502, `Task ${taskId} failed at ${gateway}${said.message ? `: ${said.message}` : '.'}`, {
    type: 'upstream_error',
    code: said.code ?? CODES.taskFailed,
  });
}

/** The message and code of a gateway's error answer, whichever of the usual shapes it takes. */
function gatewayWords({ json, text }: Pick<GatewayAnswer, 'json' | 'text'>): {
  message: string | null;
  code: string | null;
} {
  const object = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
  const error = object.error;
  const nested = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {};
  const message = [nested.message, error, object.message, object.detail].find(
    (value): value is string => typeof value === 'string' && value.trim() !== '',
  );
  const code = [nested.code, object.code].find(
    (value) => typeof value === 'string' || typeof value === 'number',
  );
  const fallback = text.trim() && !/^\s*</.test(text) ? text.trim().slice(0, 300) : null;
  return { message: message?.slice(0, 500) ?? fallback, code: code === undefined ? null : String(code) };
}

/**
 * A refused submit or poll in OpenAI's shape. The status stays (a 429 must reach the SDKs as one, with its
 * retry-after, for their back-off) when it is one the SDKs know; anything else is a 502 naming it.
 */
function gatewayRefusal(answer: GatewayAnswer, gateway: string): ApiError {
  const said = gatewayWords(answer);
  const kept = answer.status >= 400 && answer.status < 600;
  const words = said.message ?? `an answer with no message`;
  if (answer.status === 429) {
    return apiError(429, `${capitalise(gateway)} is rate limiting requests: ${words}`, {
      type: 'requests',
      code: said.code ?? 'rate_limit_exceeded',
    });
  }
  return apiError(kept ? answer.status : 502, `${capitalise(gateway)} answered ${answer.status}: ${words}`, {
    type: answer.status < 500 && kept ? 'invalid_request_error' : 'upstream_error',
    code: said.code ?? CODES.upstream,
  });
}

/** The gateway's retry advice, for the SDKs' back-off. */
function passedRetryHeaders(headers: GatewayAnswer['headers']): Record<string, string> {
  const passed: Record<string, string> = {};
  for (const name of ['retry-after', 'retry-after-ms']) {
    const value = headers[name];
    const text = Array.isArray(value) ? value[0] : value;
    if (text) passed[name] = text;
  }
  return passed;
}

function networkReason(error: unknown): string {
  const { code, name } = error as { code?: unknown; name?: unknown };
  if (name === 'TimeoutError' || code === 'UND_ERR_ABORTED') return 'no answer in time';
  return typeof code === 'string' ? code : 'network error';
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

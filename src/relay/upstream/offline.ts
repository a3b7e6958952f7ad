/**
 * The offline engine as an upstream: its events become SSE frames exactly as OpenAI frames them, or one
 * ImagesResponse for a non-streamed request, so clients cannot tell the two apart.
 */
import type { IncomingMessage } from 'node:http';
import {
  VARIANT_INDEX_HEADER,
  apiError,
  formatSseFrame,
  imageParam,
  invalidRequest,
  isApiErrorBody,
  isCompletedImageEvent,
  resolveQuality,
  type ApiError,
  type CompletedImageEvent,
  type ImagesResponse,
  type ImagesUsage,
} from '../../contract/index.ts';
import type { EngineInputFile, EngineJob, OfflineEngine } from '../../engine/types.ts';
import { newRequestId, sendApiError, sendJson } from '../http.ts';
import { isImageReference, type ImageReference, type SpooledJsonEdit } from '../jsonEdit.ts';
import type { SpooledFile } from '../multipart.ts';
import { SseResponse } from './sseResponse.ts';
import type { RelayCall, Upstream } from './types.ts';

export const OFFLINE_LABEL = 'Offline engine';

/**
 * Which variant of its run a request makes, from VARIANT_INDEX_HEADER (the studio numbers a run's n
 * single-image requests 0, 1, …, so the engine paints n different pictures, not one n times); 0 when the
 * header is missing or malformed, as for a client that never sends it.
 */
export function variantIndexOf(req: IncomingMessage): number {
  const value = req.headers[VARIANT_INDEX_HEADER];
  if (typeof value !== 'string' || !/^\d+$/.test(value.trim())) return 0;
  const index = Number(value.trim());
  return Number.isSafeInteger(index) ? index : 0;
}

export interface OfflineUpstreamSettings {
  /** Silence after which a streamed answer gets a heartbeat comment (a high-quality image is slow). */
  heartbeatMs: number;
}

export function createOfflineUpstream(engine: OfflineEngine, settings: OfflineUpstreamSettings): Upstream {
  function run(call: RelayCall, files: Pick<EngineJob, 'images' | 'mask'>): Promise<void> {
    const job: EngineJob = { request: call.request, ...files, variantIndex: variantIndexOf(call.req) };
    return call.request.stream
      ? streamEvents(engine, call, job, settings.heartbeatMs)
      : respondOnce(engine, call, job);
  }
  return {
    kind: 'offline',
    label: OFFLINE_LABEL,
    host: null,
    generate(call) {
      return run(call, { images: [], mask: null });
    },
    edit(call, form) {
      return run(call, {
        images: form.images.map(engineInput),
        mask: form.mask && engineInput(form.mask, 0),
      });
    },
    editJson(call, edit) {
      const files = spooledFiles(edit);
      if ('kind' in files) {
        sendApiError(call.res, unreadableReference(files), { 'x-request-id': newRequestId() });
        return Promise.resolve();
      }
      return run(call, {
        images: files.images.map(engineInput),
        mask: files.mask && engineInput(files.mask, 0),
      });
    },
  };
}

function engineInput(file: SpooledFile, index: number): EngineInputFile {
  // The route only calls us after checkEditFiles accepted every file, so each one was sniffed.
  return { path: file.path, sniffed: file.sniffed!, param: imageParam(file.field, index) };
}

/** A JSON edit's spooled images and mask, or the first image it names only by URL or file id. */
function spooledFiles(
  edit: SpooledJsonEdit,
): { images: SpooledFile[]; mask: SpooledFile | null } | ImageReference {
  const images: SpooledFile[] = [];
  for (const image of edit.images) {
    if (isImageReference(image)) return image;
    images.push(image);
  }
  if (edit.mask && isImageReference(edit.mask)) return edit.mask;
  return { images, mask: edit.mask };
}

/**
 * The engine has only the bytes a request carries: it has no Files API, and the relay never fetches a URL
 * a request names (design.md §3, Security).
 */
function unreadableReference(reference: ImageReference): ApiError {
  const what = reference.kind === 'url' ? 'an image URL' : 'a file id';
  return invalidRequest(
    reference.param,
    `The offline engine cannot read '${reference.param}': it is ${what}, and the engine only has the images a request carries. Send the image as a data URL or upload it.`,
    'unsupported_image_reference',
  );
}

async function streamEvents(
  engine: OfflineEngine,
  { res, signal }: RelayCall,
  job: EngineJob,
  heartbeatMs: number,
): Promise<void> {
  const requestId = newRequestId();
  // The engine has no status to wait for: the first heartbeat or frame commits the answer to 200, and a
  // later refusal travels as an error frame.
  const answer = new SseResponse(res, { heartbeatMs, committedOnFirstByte: [['x-request-id', requestId]] });
  answer.restartHeartbeat();
  try {
    for await (const event of engine.run(job, signal)) {
      await answer.writeFrame(formatSseFrame(event.type, event));
      answer.restartHeartbeat();
    }
    answer.end();
  } catch (error) {
    if (signal.aborted) {
      answer.stopHeartbeat();
      res.destroy();
      return;
    }
    answer.fail(engineFailure(error), { 'x-request-id': requestId });
  }
}

async function respondOnce(engine: OfflineEngine, { res, signal }: RelayCall, job: EngineJob): Promise<void> {
  const requestId = newRequestId();
  const completed: CompletedImageEvent[] = [];
  try {
    for await (const event of engine.run(job, signal)) {
      if (isCompletedImageEvent(event)) completed.push(event);
    }
  } catch (error) {
    if (signal.aborted) return;
    sendApiError(res, engineFailure(error), { 'x-request-id': requestId });
    return;
  }
  if (signal.aborted) return;
  sendJson(res, 200, imagesResponse(completed), { 'x-request-id': requestId });
}

/** The non-streamed answer: what the completed events say, with their usage added up. */
export function imagesResponse(completed: readonly CompletedImageEvent[]): ImagesResponse {
  const first = completed[0];
  const response: ImagesResponse = {
    created: first?.created_at ?? Math.floor(Date.now() / 1000),
    data: completed.map((event) => ({ b64_json: event.b64_json })),
  };
  if (!first) return response;
  if (first.background !== 'auto') response.background = first.background;
  response.output_format = first.output_format;
  response.quality = resolveQuality(first.quality);
  response.size = first.size;
  response.usage = sumUsage(completed.map((event) => event.usage));
  return response;
}

function sumUsage(usages: readonly ImagesUsage[]): ImagesUsage {
  const total: Required<ImagesUsage> = {
    input_tokens: 0,
    input_tokens_details: { image_tokens: 0, text_tokens: 0 },
    output_tokens: 0,
    total_tokens: 0,
    output_tokens_details: { image_tokens: 0, text_tokens: 0 },
  };
  for (const usage of usages) {
    total.input_tokens += usage.input_tokens;
    total.input_tokens_details.image_tokens += usage.input_tokens_details.image_tokens;
    total.input_tokens_details.text_tokens += usage.input_tokens_details.text_tokens;
    total.output_tokens += usage.output_tokens;
    total.total_tokens += usage.total_tokens;
    // Stream events may leave the split out; their output is all image tokens then.
    total.output_tokens_details.image_tokens +=
      usage.output_tokens_details?.image_tokens ?? usage.output_tokens;
    total.output_tokens_details.text_tokens += usage.output_tokens_details?.text_tokens ?? 0;
  }
  return total;
}

/**
 * An engine refusal keeps its own status and body; anything else is the engine's fault, a 500 that names
 * none of its internals (a library's message can carry file paths and parser state).
 */
function engineFailure(error: unknown): ApiError {
  if (typeof error === 'object' && error !== null) {
    const candidate = (error as { apiError?: unknown }).apiError ?? error;
    const { status, body } = candidate as { status?: unknown; body?: unknown };
    if (typeof status === 'number' && isApiErrorBody(body)) return { status, body };
  }
  return apiError(500, 'The offline engine failed to make this image.', {
    type: 'server_error',
    code: 'engine_error',
  });
}

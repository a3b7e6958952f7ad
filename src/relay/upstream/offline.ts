/**
 * The offline engine as an upstream: its events become SSE frames exactly as OpenAI frames them, or one
 * ImagesResponse for a non-streamed request, so clients cannot tell the two apart.
 */
import {
  STREAM_ERROR_EVENT,
  apiError,
  formatSseFrame,
  isApiErrorBody,
  isCompletedImageEvent,
  resolveQuality,
  type ApiError,
  type CompletedImageEvent,
  type ImagesResponse,
  type ImagesUsage,
} from '../../contract/index.ts';
import type { EngineJob, OfflineEngine } from '../../engine/types.ts';
import { newRequestId, sendApiError, sendJson, writeWithBackpressure } from '../http.ts';
import { HEARTBEAT, SSE_HEADERS, onSilence } from './heartbeat.ts';
import type { RelayCall, Upstream } from './types.ts';

export const OFFLINE_LABEL = 'Offline engine';

export interface OfflineUpstreamSettings {
  /** Silence after which a streamed answer gets a heartbeat comment (a high-quality image is slow). */
  heartbeatMs: number;
}

export function createOfflineUpstream(engine: OfflineEngine, settings: OfflineUpstreamSettings): Upstream {
  function run(call: RelayCall, job: EngineJob): Promise<void> {
    return call.request.stream
      ? streamEvents(engine, call, job, settings.heartbeatMs)
      : respondOnce(engine, call, job);
  }
  return {
    kind: 'offline',
    label: OFFLINE_LABEL,
    host: null,
    generate(call) {
      return run(call, { request: call.request, images: [], mask: null });
    },
    edit(call, form) {
      const toInput = (file: { path: string; sniffed: EngineJob['images'][number]['sniffed'] | null }) => ({
        path: file.path,
        // The route only calls us after checkEditFiles accepted every file, so each one was sniffed.
        sniffed: file.sniffed!,
      });
      return run(call, {
        request: call.request,
        images: form.images.map(toInput),
        mask: form.mask ? toInput(form.mask) : null,
      });
    },
  };
}

async function streamEvents(
  engine: OfflineEngine,
  { res, signal }: RelayCall,
  job: EngineJob,
  heartbeatMs: number,
): Promise<void> {
  const requestId = newRequestId();
  const writeHead = () => {
    res.writeHead(200, { ...SSE_HEADERS, 'x-request-id': requestId });
    res.socket?.setNoDelay(true);
  };
  // Frames are written whole, so a heartbeat always falls between two. As with OpenAI (openai.ts), the
  // first one commits the answer to 200, and a later refusal travels as an error frame.
  const heartbeat = onSilence(heartbeatMs, () => {
    if (res.destroyed) return;
    if (!res.headersSent) writeHead();
    res.write(HEARTBEAT);
  });
  heartbeat.restart();
  try {
    for await (const event of engine.run(job, signal)) {
      if (!res.headersSent) writeHead();
      await writeWithBackpressure(res, formatSseFrame(event.type, event));
      heartbeat.restart();
    }
    heartbeat.stop();
    res.end();
  } catch (error) {
    heartbeat.stop();
    if (signal.aborted) {
      res.destroy();
      return;
    }
    const failure = engineFailure(error);
    if (!res.headersSent) {
      sendApiError(res, failure, { 'x-request-id': requestId });
      return;
    }
    // The form both official SDKs raise mid-stream (openai-images.md §2d).
    res.end(formatSseFrame(STREAM_ERROR_EVENT, failure.body));
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

/** An engine refusal keeps its own status and body; anything else is the engine's fault, a 500. */
function engineFailure(error: unknown): ApiError {
  if (typeof error === 'object' && error !== null) {
    const candidate = (error as { apiError?: unknown }).apiError ?? error;
    const { status, body } = candidate as { status?: unknown; body?: unknown };
    if (typeof status === 'number' && isApiErrorBody(body)) return { status, body };
  }
  const message = error instanceof Error ? error.message : String(error);
  return apiError(500, `The offline engine failed: ${message}`, {
    type: 'server_error',
    code: 'engine_error',
  });
}

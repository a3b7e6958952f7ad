/**
 * The studio's client for streamed generations: POST /v1/images/generations with `stream: true`, then the
 * SSE body read with eventsource-parser. Errors come out as RelayError whichever way they arrive (an HTTP
 * error body, an `event: error` frame, or a stream that stops before its final image).
 */
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import {
  PROGRESS_EVENT,
  PROGRESS_EVENTS_VALUE,
  PROGRESS_HEADER,
  STREAM_ENDED_EARLY_MESSAGE,
  STREAM_ERROR_EVENT,
  STREAM_INCOMPLETE_CODE,
  VARIANT_INDEX_HEADER,
  completedEventsFromJson,
  isApiErrorBody,
  isCompletedImageEvent,
  type GenerationBody,
  type ImageRequest,
  type ImageStreamEvent,
  type ProviderProgressEvent,
} from '../contract/index.ts';
import { accessTokenHeaders } from './accessToken.ts';
import { RelayError, relayErrorFromResponse } from './relayError.ts';

export const GENERATIONS_PATH = '/v1/images/generations';

export interface ImageStreamOptions {
  signal?: AbortSignal;
  /** Called for every partial and completed event, in stream order. */
  onEvent: (event: ImageStreamEvent) => void;
  /** Bytes of the request body sent so far, for transports that can tell (edits' uploads). */
  onUploadProgress?: (sentBytes: number, totalBytes: number) => void;
  /** Which variant of its run this request makes (see VARIANT_INDEX_HEADER). */
  variantIndex?: number;
  /** A provider's own progress while it works (a task gateway); asking for it sends PROGRESS_HEADER. */
  onProgress?: (progress: ProviderProgressEvent) => void;
}

/** The headers every image request carries: the access token, and the variant's index when known. */
export function imageRequestHeaders(options: ImageStreamOptions): Record<string, string> {
  return {
    accept: 'text/event-stream',
    ...accessTokenHeaders(),
    ...(options.variantIndex === undefined ? {} : { [VARIANT_INDEX_HEADER]: String(options.variantIndex) }),
    ...(options.onProgress ? { [PROGRESS_HEADER]: PROGRESS_EVENTS_VALUE } : {}),
  };
}

/** A mid-stream error frame: the SDKs read `data.error` when present, else the whole `data`. */
export function streamErrorFrom(data: string, requestId: string | null): RelayError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return new RelayError(0, data.trim() || 'The stream reported an error.', { requestId });
  }
  if (isApiErrorBody(parsed)) {
    const { message, param, code, type } = parsed.error;
    return new RelayError(0, message, { param, code, type, requestId });
  }
  const flat = parsed as { message?: unknown; param?: unknown; code?: unknown; type?: unknown } | null;
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  return new RelayError(0, text(flat?.message) ?? 'The stream reported an error.', {
    param: text(flat?.param),
    code: text(flat?.code),
    type: text(flat?.type) ?? 'api_error',
    requestId,
  });
}

/**
 * The SSE handling every transport shares: text goes in as it arrives, events come out in stream order, and
 * `finish` gives the stream's outcome once the text has ended (or reading stopped early).
 */
export interface SseEventReader<Outcome = void> {
  feed: (text: string) => void;
  /** True after an error frame or the stream's end: nothing more will be read, so the transport may stop. */
  readonly stopped: boolean;
  /** Throws the stream's RelayError (an error frame, an unreadable frame, no final image); else its outcome. */
  finish: () => Outcome;
}

export type ImageEventReader = SseEventReader;

/** One SSE message as both SDKs read it: an error (an error frame or an error body), not JSON, or its data. */
export type SseMessage =
  { kind: 'error'; error: RelayError } | { kind: 'unreadable' } | { kind: 'data'; parsed: unknown };

export function readSseMessage(message: EventSourceMessage, requestId: string | null): SseMessage {
  if (message.event === STREAM_ERROR_EVENT) {
    return { kind: 'error', error: streamErrorFrom(message.data, requestId) };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(message.data);
  } catch {
    return { kind: 'unreadable' };
  }
  // Like both SDKs: a truthy top-level `error` key is an error whatever the event is called.
  if (isApiErrorBody(parsed)) return { kind: 'error', error: streamErrorFrom(message.data, requestId) };
  return { kind: 'data', parsed };
}

export function createImageEventReader(
  onEvent: (event: ImageStreamEvent) => void,
  requestId: string | null,
  onProgress?: (progress: ProviderProgressEvent) => void,
): ImageEventReader {
  let completed = 0;
  let unreadable = false;
  let failure: RelayError | null = null;
  let done = false;

  const handleMessage = (message: EventSourceMessage) => {
    if (failure || done) return;
    if (message.data === '[DONE]') {
      done = true;
      return;
    }
    const read = readSseMessage(message, requestId);
    if (read.kind === 'error') {
      failure = read.error;
      return;
    }
    if (read.kind === 'unreadable') {
      // A frame torn by a broken connection; the relay follows it with an error frame saying why, which is
      // the message worth showing. Reading stops at the end of the stream either way.
      unreadable = true;
      return;
    }
    const { parsed } = read;
    // The relay's own frame, not an image event: it never counts as one, whoever reads it.
    if (message.event === PROGRESS_EVENT) {
      const { stage, progress } = (parsed ?? {}) as Partial<ProviderProgressEvent>;
      if (typeof progress === 'number' && (stage === 'queued' || stage === 'working')) {
        onProgress?.({ type: PROGRESS_EVENT, stage, progress });
      }
      return;
    }
    const event = parsed as ImageStreamEvent;
    if (typeof event?.type !== 'string') return;
    if (isCompletedImageEvent(event)) completed += 1;
    onEvent(event);
  };

  const parser = createParser({ onEvent: handleMessage });
  return {
    feed: (text) => parser.feed(text),
    get stopped() {
      return failure !== null || done;
    },
    finish: () => {
      if (failure) throw failure;
      if (unreadable) throw new RelayError(0, 'The stream sent an event that is not JSON.', { requestId });
      if (completed === 0) {
        throw new RelayError(0, STREAM_ENDED_EARLY_MESSAGE, { code: STREAM_INCOMPLETE_CODE, requestId });
      }
    },
  };
}

/**
 * Reads an SSE body of image events to its end. Resolves once a stream with at least one completed image
 * ends; rejects with a RelayError on an error frame or a stream without a final image, and with the
 * reader's own error (an AbortError when the fetch was aborted) if reading fails.
 */
export async function readImageStream(
  body: ReadableStream<Uint8Array>,
  onEvent: (event: ImageStreamEvent) => void,
  requestId: string | null = null,
  onProgress?: (progress: ProviderProgressEvent) => void,
): Promise<void> {
  const events = createImageEventReader(onEvent, requestId, onProgress);
  await feedSseBody(body, events);
  events.finish();
}

/** Feeds an SSE body's text to `events` as it arrives, until the body ends or the reader has stopped. */
export async function feedSseBody(
  body: ReadableStream<Uint8Array>,
  events: Pick<SseEventReader<unknown>, 'feed' | 'stopped'>,
): Promise<void> {
  const reader = body.getReader();
  // `stream: true` holds back a UTF-8 sequence cut between chunks until its last byte arrives.
  const decoder = new TextDecoder();
  try {
    while (!events.stopped) {
      const chunk = await reader.read();
      if (chunk.done) break;
      events.feed(decoder.decode(chunk.value, { stream: true }));
    }
  } finally {
    // Stops the body whichever way reading ended early (an error frame, [DONE], a throwing onEvent); on a
    // stream already closed or aborted this is a no-op.
    await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

/**
 * A generation made whole (GIF and SVG are not streamed): one ImagesResponse, fed to `onEvent` as the
 * completed events a stream would have carried, so the rest of the studio cannot tell the two apart.
 */
export async function fetchWholeImages(
  request: ImageRequest,
  body: GenerationBody,
  options: ImageStreamOptions,
): Promise<void> {
  const response = await fetch(GENERATIONS_PATH, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...imageRequestHeaders(options),
      accept: 'application/json',
    },
    body: JSON.stringify({ ...body, stream: false }),
    signal: options.signal,
  });
  if (!response.ok) throw await relayErrorFromResponse(response);
  const requestId = response.headers.get('x-request-id');
  const events = completedEventsFromJson(await response.text(), request, 'The relay');
  if (!events.ok) throw RelayError.fromApiError(events.error, requestId);
  for (const event of events.value) options.onEvent(event);
}

/** Starts a streamed generation and feeds its events to `onEvent` until the final image (or an error). */
export async function streamImages(request: GenerationBody, options: ImageStreamOptions): Promise<void> {
  const body: GenerationBody = { ...request, stream: true };
  const response = await fetch(GENERATIONS_PATH, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...imageRequestHeaders(options) },
    body: JSON.stringify(body),
    signal: options.signal,
  });
  if (!response.ok) throw await relayErrorFromResponse(response);
  if (!response.body) throw new RelayError(response.status, 'The relay answered without a body.');
  await readImageStream(
    response.body,
    options.onEvent,
    response.headers.get('x-request-id'),
    options.onProgress,
  );
}

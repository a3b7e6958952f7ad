/**
 * The studio's client for the Responses API through the relay (openai-images-2026-12.md §6): a turn created
 * as a stream, a stored response's stream re-attached after the last event seen (`starting_after`), and
 * cancel. The SSE bodies are read the way image streams are (imageStream.ts); errors come out as RelayError
 * whichever way they arrive (an HTTP error body, an `error` event, `response.failed`, or a stream that
 * stops before its response is complete).
 */
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import {
  STREAM_ENDED_EARLY_MESSAGE,
  STREAM_INCOMPLETE_CODE,
  VARIANT_INDEX_HEADER,
  type Background,
  type InputFidelity,
  type Moderation,
  type Quality,
  type RASTER_FORMATS,
} from '../contract/index.ts';
import {
  type ImageToolAction,
  type ResponseObject,
  type ResponseStreamEvent,
} from '../contract/responses.ts';
import { accessTokenHeaders } from './accessToken.ts';
import { feedSseBody, readSseMessage, streamErrorFrom, type SseEventReader } from './imageStream.ts';
import { RelayError, relayErrorFromResponse } from './relayError.ts';

export const RESPONSES_PATH = '/v1/responses';

/** The `image_generation` tool as the studio sends it: always with its `model` (responses.ts, C6). */
export interface ImageGenerationTool {
  type: 'image_generation';
  model: string;
  size?: string;
  quality?: Quality;
  background?: Background;
  output_format?: (typeof RASTER_FORMATS)[number];
  output_compression?: number;
  moderation?: Moderation;
  partial_images?: number;
  input_fidelity?: InputFidelity;
  action?: ImageToolAction;
  input_image_mask?: { image_url: string };
}

export type ResponseInputContent =
  { type: 'input_text'; text: string } | { type: 'input_image'; image_url: string };

export interface ResponseInputMessage {
  role: 'user';
  content: ResponseInputContent[];
}

/** A `POST /v1/responses` body of one image turn. */
export interface ResponsesBody {
  /** The mainline model, which reads the conversation and calls the tool. */
  model: string;
  input: ResponseInputMessage[];
  tools: ImageGenerationTool[];
  /** Forces the tool, so every turn makes an image rather than a reply in words. */
  tool_choice: { type: 'image_generation' };
  previous_response_id?: string;
  /** Kept upstream, so a later turn can continue from it (the API's default, said explicitly). */
  store: boolean;
  background?: boolean;
}

export interface ResponseStreamOptions {
  signal?: AbortSignal;
  /** Every event, in stream order (each carries its `sequence_number`). */
  onEvent: (event: ResponseStreamEvent) => void;
  /** Which variant of its run the turn makes (VARIANT_INDEX_HEADER), when it is one of several side by side. */
  variantIndex?: number;
}

function failureOf(response: ResponseObject, requestId: string | null): RelayError {
  const error = response.error;
  return new RelayError(0, error?.message ?? `The response ended ${response.status}.`, {
    code: error?.code ?? null,
    type: 'server_error',
    requestId,
  });
}

/** A Responses stream's reader (imageStream.ts): its outcome is the completed response. */
export type ResponseEventReader = SseEventReader<ResponseObject>;

export function createResponseEventReader(
  onEvent: (event: ResponseStreamEvent) => void,
  requestId: string | null,
): ResponseEventReader {
  let completed: ResponseObject | null = null;
  let failure: RelayError | null = null;
  let unreadable = false;

  const handleMessage = (message: EventSourceMessage) => {
    if (failure || completed) return;
    const read = readSseMessage(message, requestId);
    if (read.kind === 'unreadable') {
      // A frame torn by a broken connection: the stream ends without its completion, which says so.
      unreadable = true;
      return;
    }
    // Besides error frames and bodies, the Responses API's flat error event ({ type: 'error', … }).
    if (read.kind === 'error' || (read.parsed as { type?: unknown } | null)?.type === 'error') {
      failure = read.kind === 'error' ? read.error : streamErrorFrom(message.data, requestId);
      return;
    }
    const event = read.parsed as ResponseStreamEvent;
    if (typeof event?.type !== 'string') return;
    onEvent(event);
    if (event.type === 'response.completed') completed = event.response;
    else if (event.type === 'response.failed') failure = failureOf(event.response, requestId);
    else if ((event.type as string) === 'response.incomplete') {
      failure = failureOf((event as { response: ResponseObject }).response, requestId);
    }
  };

  const parser = createParser({ onEvent: handleMessage });
  return {
    feed: (text) => parser.feed(text),
    get stopped() {
      return failure !== null || completed !== null;
    },
    finish: () => {
      if (failure) throw failure;
      if (completed) return completed;
      const message = unreadable ? 'The stream sent an event that is not JSON.' : STREAM_ENDED_EARLY_MESSAGE;
      throw new RelayError(0, message, { code: STREAM_INCOMPLETE_CODE, requestId });
    },
  };
}

async function readResponseStream(response: Response, options: ResponseStreamOptions) {
  if (!response.ok) throw await relayErrorFromResponse(response);
  if (!response.body) throw new RelayError(response.status, 'The relay answered without a body.');
  const events = createResponseEventReader(options.onEvent, response.headers.get('x-request-id'));
  await feedSseBody(response.body, events);
  return events.finish();
}

const streamHeaders = () => ({ accept: 'text/event-stream', ...accessTokenHeaders() });

/** Starts a turn as a stream and feeds its events to `onEvent`; resolves with the completed response. */
export async function streamResponse(
  body: ResponsesBody,
  options: ResponseStreamOptions,
): Promise<ResponseObject> {
  const response = await fetch(RESPONSES_PATH, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...streamHeaders(),
      ...(options.variantIndex === undefined ? {} : { [VARIANT_INDEX_HEADER]: String(options.variantIndex) }),
    },
    body: JSON.stringify({ ...body, stream: true }),
    signal: options.signal,
  });
  return readResponseStream(response, options);
}

/**
 * Re-attaches to a stored response's stream: the events after `startingAfter` (a sequence number; -1 for
 * all of them), then the live ones, until it completes.
 */
export async function resumeResponseStream(
  id: string,
  startingAfter: number,
  options: ResponseStreamOptions,
): Promise<ResponseObject> {
  const query = new URLSearchParams({ stream: 'true', starting_after: String(startingAfter) });
  const response = await fetch(`${RESPONSES_PATH}/${encodeURIComponent(id)}?${query}`, {
    headers: streamHeaders(),
    signal: options.signal,
  });
  return readResponseStream(response, options);
}

async function answerOf(response: Response): Promise<ResponseObject> {
  if (!response.ok) throw await relayErrorFromResponse(response);
  return (await response.json()) as ResponseObject;
}

const jsonHeaders = () => ({ accept: 'application/json', ...accessTokenHeaders() });

/** A stored response as it stands now. */
export async function retrieveResponse(id: string, signal?: AbortSignal): Promise<ResponseObject> {
  return answerOf(
    await fetch(`${RESPONSES_PATH}/${encodeURIComponent(id)}`, { headers: jsonHeaders(), signal }),
  );
}

/** Cancels a background response; resolves with it as the cancel left it. */
export async function cancelResponse(id: string, signal?: AbortSignal): Promise<ResponseObject> {
  return answerOf(
    await fetch(`${RESPONSES_PATH}/${encodeURIComponent(id)}/cancel`, {
      method: 'POST',
      headers: jsonHeaders(),
      signal,
    }),
  );
}

/**
 * OpenAI and OpenAI-compatible gateways (design.md §3, Streaming): the validated request goes upstream with
 * the relay's key, and the answer comes back byte for byte — status, the headers clients act on, and the
 * body (SSE or JSON) chunk by chunk as it arrives, with backpressure. No SSE parsing, no frame size cap.
 * The upload is streamed from the spooled files at the upstream socket's pace (Node 20's fetch, by
 * contrast, read a 135 MB edit body into memory whole), over undici's keep-alive pool.
 *
 * Faults (issue 6): a 5xx is retried once while nothing has reached the client yet, unless the client
 * retries itself (retryPolicy.ts); an upstream that goes silent for `idleMs` is given up on; a stream that breaks or ends
 * without its final image ends with an SSE error frame in OpenAI's shape instead of a torn connection; and
 * a stream that goes quiet between frames gets SSE comment heartbeats so proxies with idle cut-offs keep
 * the connection (sseResponse.ts). Nothing reaches the client before the upstream's head, so its status always does.
 *
 * A gateway that answers a streamed request with one JSON body (it ignored `stream`) has that body
 * translated into the events the client asked for (contract/imagesAnswer.ts). A model that answers with
 * links (`resultKind: 'url'`, gateways.md §3) has them downloaded and its answer rewritten with the bytes
 * (inlineResults.ts), streamed or not, unless the client itself asked for `response_format: 'url'` without
 * a stream: then the links go on as they came. A stream always carries the image itself (OpenAI's events
 * have no link field), so a streamed request gets the bytes whatever it asked. These are the only answers
 * the relay reads; b64 streams pass byte for byte as ever.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import {
  MAX_JSON_ANSWER_BYTES,
  accept,
  apiError,
  completedEventsFromAnswer,
  formatBytes,
  formatSseFrame,
  isApiErrorBody,
  streamEndedEarlyError,
  type ApiError,
} from '../../contract/index.ts';
import type { RelayCall, Upstream } from './types.ts';
import { createUpstreamPool, headerValue, startExchange, type HeaderList } from './httpExchange.ts';
import { inlineResultImages } from './inlineResults.ts';
import { encodeMultipartBody } from './multipartBody.ts';
import { resultHostsOf, type ResultFetchOptions } from './resultFetch.ts';
import { retryDecision } from './retryPolicy.ts';
import { formatDuration, onSilence } from './silenceTimer.ts';
import { SseResponse } from './sseResponse.ts';

/**
 * Response headers the SDKs and their users read (request ids, retry advice, rate limits, the organisation
 * and project that were billed), passed on unchanged.
 */
const PASSED_RESPONSE_HEADERS =
  /^(x-request-id|retry-after|retry-after-ms|x-should-retry|openai-processing-ms|openai-version|openai-organization|openai-project|x-ratelimit-.+)$/;
/** More than any API error body; an error answer beyond it is a page of some proxy's, kept only in part. */
export const MAX_ERROR_BODY_BYTES = 64 * 1024;
/** What describes a body passed on byte for byte, so it goes with it; an SSE body gets the relay's head. */
const BODY_HEADERS = /^(content-type|content-length)$/;
/**
 * Client headers that go upstream: the organisation and project to bill, and the key that lets the API
 * recognise a retry. Everything else upstream is the relay's own, above all the key, which replaces the
 * client's Authorization; cookies and the client's other headers stay behind.
 */
const PASSED_REQUEST_HEADERS = ['openai-organization', 'openai-project', 'idempotency-key'] as const;

export interface OpenAIUpstreamSettings {
  apiKey: string;
  /** e.g. https://api.openai.com/v1, without a trailing slash. */
  baseUrl: string;
  /** Upstream silence after which a request is given up on. */
  idleMs: number;
  /** Silence after which an SSE answer gets a heartbeat comment, and the interval between them. */
  heartbeatMs: number;
  /** The connection pool (default: a keep-alive pool of its own). */
  pool?: Dispatcher;
  /**
   * Hosts besides the base URL's that the provider serves result images from (its CDN), for models that
   * answer with links; a link to any other host is refused.
   */
  resultHosts?: readonly string[];
  /** The largest image downloaded from a result link (default 64 MiB). */
  maxResultBytes?: number;
  /** The time limit for downloading one answer's result images (default 60 s). */
  resultTimeoutMs?: number;
}

/** More than a 4K PNG (about 25 MB at most), far less than what would strain the relay's memory. */
const DEFAULT_MAX_RESULT_BYTES = 64 * 1024 * 1024;
/** Result hosts are CDNs: a minute is generous for tens of megabytes, and the client is kept waiting. */
const DEFAULT_RESULT_TIMEOUT_MS = 60_000;

/** The request body for one attempt; a retry needs a fresh one, so bodies are opened per attempt. */
interface UpstreamBody {
  body: Buffer | Readable;
  contentType: string;
  length: number;
}

export function upstreamLabel(host: string): string {
  return host === 'api.openai.com' ? 'OpenAI' : host;
}

export function createOpenAIUpstream(settings: OpenAIUpstreamSettings): Upstream {
  const { apiKey, baseUrl, idleMs, heartbeatMs } = settings;
  const host = new URL(baseUrl).host;
  const pool = settings.pool ?? createUpstreamPool();
  const resultHosts = resultHostsOf(baseUrl, settings.resultHosts);

  function forward(
    call: RelayCall,
    path: string,
    openBody: (onProgress: () => void) => UpstreamBody,
  ): Promise<void> {
    const { res, signal } = call;
    // The client may have left while its upload was being checked; then nothing goes upstream.
    if (signal.aborted) return Promise.resolve();
    const streamed = call.request.stream;
    const url = new URL(`${baseUrl}${path}`);
    const answersWithLinks = call.request.model.resultKind === 'url';
    /** An unstreamed answer of a link-answering model is rewritten with its images, unless links were asked for. */
    const inlinesUnstreamed = answersWithLinks && call.request.responseFormat !== 'url';
    const resultFetch: ResultFetchOptions = {
      allowedHosts: resultHosts,
      maxBytes: settings.maxResultBytes ?? DEFAULT_MAX_RESULT_BYTES,
      timeoutMs: settings.resultTimeoutMs ?? DEFAULT_RESULT_TIMEOUT_MS,
      signal,
      dispatcher: pool,
      source: `the upstream ${host}`,
    };

    return new Promise((settle) => {
      /** The client's response, an SSE body (the upstream's or one the relay builds) or the upstream's JSON. */
      // A gateway may echo the key it was sent ("Incorrect API key provided: sk-…"); the client never sees it.
      const answer = new SseResponse(res, { heartbeatMs, secrets: [apiKey] });
      let attempt = 0;
      let attemptController = new AbortController();
      let finished = false;
      /**
       * What happens to the current answer's body: passed to the client; dropped because a retry follows;
       * collected, being one JSON answer to a streamed request, to go to the client as its events;
       * collected, being a link-answering model's JSON, to go on with its images in place of the links; or
       * collected, being an error answer, to go on as it is if it is in the API's shape, else normalised.
       */
      let mode: 'pass' | 'drop' | 'translate' | 'inline' | 'error' = 'pass';
      /** The head of an error answer, or of one whose images are downloaded first, sent once the body is read. */
      let heldHead: { status: number; headers: HeaderList } | null = null;
      let retryWaitMs = 0;
      const collected: Buffer[] = [];
      let collectedBytes = 0;
      let retryTimer: NodeJS.Timeout | undefined;
      const idle = onSilence(idleMs, onIdle);

      const stopClocks = () => {
        idle.stop();
        answer.stopHeartbeat();
      };
      const finish = () => {
        if (finished) return;
        finished = true;
        stopClocks();
        clearTimeout(retryTimer);
        signal.removeEventListener('abort', onClientGone);
        settle();
      };
      function onClientGone() {
        attemptController.abort();
        finish();
      }
      signal.addEventListener('abort', onClientGone, { once: true });

      /**
       * Restarts the idle clock and, once the client has an SSE body, the heartbeat clock: the upstream
       * spoke. Before the upstream's head there are no heartbeats (sseResponse.ts says why).
       */
      function heard() {
        // The request body may still report progress after the answer has ended.
        if (finished) return;
        idle.restart();
        answer.restartHeartbeat();
      }

      function onIdle() {
        attemptController.abort();
        failWith(
          apiError(
            504,
            `The upstream ${host} sent nothing for ${formatDuration(idleMs)}, so the relay gave up on this request.`,
            { type: 'upstream_error', code: 'upstream_timeout' },
          ),
        );
      }

      function failWith(error: ApiError) {
        answer.fail(error);
        finish();
      }

      function collectedJson(): unknown {
        try {
          return JSON.parse(Buffer.concat(collected, collectedBytes).toString('utf8'));
        } catch {
          return undefined;
        }
      }

      /** The answer with its result links downloaded, for a model that answers with links. */
      function withImages(json: unknown) {
        return answersWithLinks ? inlineResultImages(json, resultFetch) : Promise.resolve(accept(json));
      }

      /** Sends the collected JSON answer on as the events the client asked for. */
      async function endWithEvents() {
        const inlined = await withImages(collectedJson());
        // The client left while the images were downloading.
        if (finished) return;
        const events = inlined.ok
          ? completedEventsFromAnswer(inlined.value, call.request, upstreamLabel(host))
          : inlined;
        if (events.ok) answer.end(events.value.map((event) => formatSseFrame(event.type, event)).join(''));
        else answer.fail(events.error);
      }

      /**
       * Sends the collected JSON answer on with the images its links lead to, under the upstream's status and
       * headers. A body that is not an image answer (a gateway's error with status 200) goes on as it came.
       */
      async function endWithInlinedJson({ status, headers }: { status: number; headers: HeaderList }) {
        const json = collectedJson();
        const inlined = await withImages(json);
        if (finished) return;
        if (!inlined.ok) {
          answer.fail(inlined.error, Object.fromEntries(responseHeaders(headers, true)));
          return;
        }
        const text =
          inlined.value === json
            ? Buffer.concat(collected, collectedBytes).toString('utf8')
            : JSON.stringify(inlined.value);
        const type = headerValue(headers, 'content-type') ?? 'application/json';
        answer.commit(
          status,
          [
            ...responseHeaders(headers, true),
            ['content-type', type],
            ['content-length', String(Buffer.byteLength(text))],
          ],
          false,
        );
        answer.end(text);
      }

      /**
       * An error answer in the API's shape goes on as the upstream sent it; anything else (a proxy's HTML
       * page, a gateway's own JSON, a status outside 4xx/5xx) becomes an API error naming what came.
       */
      function endWithError({ status, headers }: { status: number; headers: HeaderList }) {
        const text = Buffer.concat(collected, collectedBytes).toString('utf8');
        answerUpstreamError(answer, host, { status, headers }, text, collectedBytes < MAX_ERROR_BODY_BYTES);
      }

      function start() {
        attempt += 1;
        mode = 'pass';
        collected.length = 0;
        collectedBytes = 0;
        attemptController = new AbortController();
        // Upload progress counts as the upstream being alive: a 600 MB edit may take minutes to send.
        const { body, contentType, length } = openBody(heard);
        heard();
        const exchange = startExchange(
          pool,
          url,
          requestHeaders(call.req.headers, apiKey, contentType, length),
          body,
          attemptController.signal,
          {
            head(status, headers) {
              const retry = retryDecision(attempt, { status, headers }, call.req.headers, Date.now());
              if (retry.retry) {
                mode = 'drop';
                retryWaitMs = retry.delayMs;
                heard();
                return;
              }
              if (status >= 300) {
                mode = 'error';
                heldHead = { status, headers };
                heard();
                return;
              }
              const isSse = (headerValue(headers, 'content-type') ?? '').startsWith('text/event-stream');
              // The SDKs read a streamed request's answer as SSE whatever its type (openai-images.md §1).
              if (streamed && status < 300 && !isSse) mode = 'translate';
              else if (!streamed && !isSse && inlinesUnstreamed) {
                // Its head waits for the images: a link that fails must still be able to answer 502.
                mode = 'inline';
                heldHead = { status, headers };
                heard();
                return;
              }
              const clientGetsSse = status < 300 && (isSse || mode === 'translate');
              answer.commit(status, responseHeaders(headers, clientGetsSse), clientGetsSse);
              heard();
            },
            data(chunk) {
              heard();
              // Finished: given up on (a JSON answer too large) while more bytes were on their way.
              if (finished || mode === 'drop') return true;
              if (mode === 'error') {
                if (collectedBytes < MAX_ERROR_BODY_BYTES) {
                  collected.push(chunk);
                  collectedBytes += chunk.length;
                }
                return true;
              }
              if (mode === 'translate' || mode === 'inline') {
                collectedBytes += chunk.length;
                collected.push(chunk);
                if (collectedBytes > MAX_JSON_ANSWER_BYTES) {
                  attemptController.abort();
                  failWith(
                    apiError(
                      502,
                      `The upstream ${host} answered ${streamed ? 'the streamed request ' : ''}with a JSON body over ${formatBytes(MAX_JSON_ANSWER_BYTES)}, more than any image answer.`,
                      { type: 'upstream_error', code: 'upstream_answer_too_large' },
                    ),
                  );
                }
                return true;
              }
              if (answer.write(chunk)) return true;
              // Paused by the client, not the upstream: no idle clock runs until it drains.
              stopClocks();
              res.once('drain', () => {
                if (finished) return;
                heard();
                exchange.resume();
              });
              return false;
            },
            end() {
              // Given up on while its last bytes were arriving.
              if (finished) return;
              if (mode === 'drop') {
                stopClocks();
                retryTimer = setTimeout(start, retryWaitMs);
                return;
              }
              if (mode === 'translate' || mode === 'inline') {
                // The upstream has said all it will; the downloads have a time limit of their own.
                idle.stop();
                const ending = mode === 'translate' ? endWithEvents() : endWithInlinedJson(heldHead!);
                void ending.then(finish, (error: unknown) =>
                  failWith(
                    apiError(502, `The relay could not read the answer of ${host} (${String(error)}).`, {
                      type: 'upstream_error',
                      code: 'upstream_invalid_answer',
                    }),
                  ),
                );
                return;
              }
              if (mode === 'error') endWithError(heldHead!);
              else if (answer.isSse && !answer.sawCompletedImage) {
                answer.fail(
                  streamEndedEarlyError(`${upstreamLabel(host)} ended the stream before the final image`),
                );
              } else answer.end();
              finish();
            },
            fail(error, answered) {
              const reason = describeNetworkError(error);
              const label = upstreamLabel(host);
              if (res.headersSent) {
                failWith(streamEndedEarlyError(`the connection to ${label} broke (${reason})`));
              } else if (answered) {
                // Broke while its answer (a 5xx being dropped for a retry) was still arriving.
                failWith(
                  apiError(502, `The connection to ${host} broke during its answer (${reason}).`, {
                    type: 'upstream_error',
                    code: 'upstream_connection_broken',
                  }),
                );
              } else {
                failWith(
                  apiError(502, `The upstream ${host} could not be reached (${reason}).`, {
                    type: 'upstream_error',
                    code: 'upstream_unreachable',
                  }),
                );
              }
            },
          },
        );
      }

      start();
    });
  }

  return {
    kind: 'openai',
    label: upstreamLabel(host),
    host,
    generate(call, body) {
      return forward(call, '/images/generations', () => ({
        body,
        contentType: 'application/json',
        length: body.length,
      }));
    },
    edit(call, form) {
      // Each attempt re-reads the spooled files, which stay on disk until the route's promise settles.
      return forward(call, '/images/edits', (onProgress) => {
        const multipart = encodeMultipartBody(form, onProgress);
        return { body: multipart.stream, contentType: multipart.contentType, length: multipart.length };
      });
    },
    editJson(call, edit) {
      // The body goes on byte for byte from its spooled copy: URL and file_id references included, which
      // OpenAI resolves itself (the relay never fetches a URL a request names).
      return forward(call, '/images/edits', (onProgress) => {
        const body = createReadStream(edit.bodyPath, { highWaterMark: 256 * 1024 });
        body.on('data', onProgress);
        return { body, contentType: 'application/json', length: edit.bodyBytes };
      });
    },
  };
}

export function requestHeaders(
  incoming: IncomingHttpHeaders,
  apiKey: string,
  contentType: string,
  contentLength: number,
): Record<string, string> {
  const passed = PASSED_REQUEST_HEADERS.flatMap((name) => {
    const value = incoming[name];
    return typeof value === 'string' ? [[name, value] as const] : [];
  });
  return {
    ...Object.fromEntries(passed),
    authorization: `Bearer ${apiKey}`,
    'content-type': contentType,
    'content-length': String(contentLength),
    accept: typeof incoming.accept === 'string' ? incoming.accept : 'application/json',
    // A compressed answer could not be passed on byte for byte without passing its encoding too.
    'accept-encoding': 'identity',
  };
}

/**
 * The upstream headers that go to the client. An SSE body, passed on or built from JSON, gets the relay's
 * SSE head instead of the upstream's type and length: heartbeats or an error frame may join it, so it has no
 * length. Any other answer goes on byte for byte, with its own type and length.
 */
export function responseHeaders(upstream: HeaderList, sse: boolean): HeaderList {
  return upstream.filter(([name]) => PASSED_RESPONSE_HEADERS.test(name) || (!sse && BODY_HEADERS.test(name)));
}

/**
 * Ends an answer with an upstream's error: one in the API's shape, whole, goes on as the upstream sent it;
 * anything else (a proxy's HTML page, a gateway's own JSON, a status outside 4xx/5xx) becomes an API error
 * naming what came.
 */
export function answerUpstreamError(
  answer: SseResponse,
  host: string,
  { status, headers }: { status: number; headers: HeaderList },
  text: string,
  whole: boolean,
): void {
  if (whole && status >= 400 && status < 600 && isApiErrorShaped(text)) {
    answer.commit(status, responseHeaders(headers, false), false);
    answer.end(text);
    return;
  }
  const passed = Object.fromEntries(responseHeaders(headers, true));
  answer.fail(normalisedUpstreamError(host, status, headerValue(headers, 'content-type'), text), passed);
}

function isApiErrorShaped(text: string): boolean {
  try {
    return isApiErrorBody(JSON.parse(text));
  } catch {
    return false;
  }
}

/** Up to `max` characters of an upstream's text, on one line, without control characters. */
function excerpt(text: string, max: number): string {
  const line = text
    .replace(/[\p{Cc}\p{Cs}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/**
 * An API error for an upstream answer that is not one: the status is kept when it is an error status the
 * SDKs know (4xx, 5xx); any other (a redirect to a login page, a 6xx) becomes 502, named in the message.
 */
export function normalisedUpstreamError(
  host: string,
  status: number,
  contentType: string | null,
  text: string,
): ApiError {
  let what: string;
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // Not JSON: described as HTML or text below.
  }
  const said = json && typeof json === 'object' ? (json as Record<string, unknown>) : null;
  const message = [
    said?.detail,
    said?.message,
    said?.error,
    (said?.error as { message?: unknown })?.message,
  ].find((value): value is string => typeof value === 'string' && value.trim() !== '');
  if (text.trim() === '') what = 'with no body';
  else if (/html/i.test(contentType ?? '') || /^\s*</.test(text)) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1];
    what = title?.trim() ? `with an HTML page ("${excerpt(title, 120)}")` : 'with an HTML page';
  } else if (message) what = `saying "${excerpt(message, 300)}"`;
  else what = `saying "${excerpt(text, 200)}"`;
  const kept = status >= 400 && status < 600;
  return apiError(
    kept ? status : 502,
    `The upstream ${host} answered ${status} ${what} instead of an API error.`,
    { type: 'upstream_error', code: 'upstream_error' },
  );
}

export function describeNetworkError(error: Error & { code?: string }): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'connection reset';
    case 'ETIMEDOUT':
      return 'connection timed out';
    case 'EPROTO':
      return `an unreadable answer: ${error.message}`;
    default:
      return error.code ?? 'network error';
  }
}

/**
 * OpenAI and OpenAI-compatible gateways (design.md §3, Streaming): the validated request goes upstream with
 * the relay's key, and the answer comes back byte for byte — status, the headers clients act on, and the
 * body (SSE or JSON) chunk by chunk as it arrives, with backpressure. No SSE parsing, no frame size cap.
 * The upload is streamed from the spooled files at the upstream socket's pace (Node 20's fetch, by
 * contrast, read a 135 MB edit body into memory whole), over undici's keep-alive pool.
 *
 * Faults (issue 6): a 5xx is retried once while nothing has reached the client yet; an upstream that goes
 * silent for `idleMs` is given up on; a stream that breaks or ends without its final image ends with an
 * SSE error frame in OpenAI's shape instead of a torn connection; and a streamed request waiting on a slow
 * upstream gets SSE comment heartbeats so proxies with idle cut-offs keep the connection.
 */
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import {
  STREAM_ERROR_EVENT,
  apiError,
  formatSseFrame,
  isApiErrorBody,
  isRetryableFailure,
  retryAfterMs,
  streamEndedEarlyError,
  type ApiError,
} from '../../contract/index.ts';
import { sendApiError } from '../http.ts';
import type { RelayCall, Upstream } from './types.ts';
import { createUpstreamPool, startExchange, type HeaderList } from './httpExchange.ts';
import { HEARTBEAT, SSE_HEADERS, onSilence } from './heartbeat.ts';
import { encodeMultipartBody } from './multipartBody.ts';
import { SseWatch } from './sseWatch.ts';

/** Response headers the SDKs read (request ids, retry advice, rate limits), passed on unchanged. */
const PASSED_RESPONSE_HEADERS =
  /^(content-type|x-request-id|retry-after|retry-after-ms|x-should-retry|openai-processing-ms|openai-version|x-ratelimit-.+)$/;

/** One retry: enough to ride out a blip, few enough that a failing upstream is reported promptly. */
const MAX_UPSTREAM_ATTEMPTS = 2;
/** The wait before the retry when the answer does not ask for one (the SDKs' first backoff step). */
const DEFAULT_RETRY_WAIT_MS = 500;
/** A longer wait than this is the designer's call: the answer goes to the studio, which counts it down. */
const MAX_RETRY_WAIT_MS = 5_000;
/** An error body reported in an SSE frame is read up to this size; error bodies are a few hundred bytes. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

export interface OpenAIUpstreamSettings {
  apiKey: string;
  /** e.g. https://api.openai.com/v1, without a trailing slash. */
  baseUrl: string;
  /** Upstream silence after which a request is given up on. */
  idleMs: number;
  /** Silence after which a streamed request gets a heartbeat comment, and the interval between them. */
  heartbeatMs: number;
  /** The connection pool (default: a keep-alive pool of its own). */
  pool?: Dispatcher;
}

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

    return new Promise((settle) => {
      const watch = new SseWatch();
      let attempt = 0;
      let attemptController = new AbortController();
      let finished = false;
      /** Whether the client's response is an SSE body (ours or the upstream's), so it can carry frames. */
      let clientGetsSse = false;
      /**
       * What happens to the current answer's body: passed to the client; dropped because a retry follows;
       * or collected to report as an error frame, because the relay's own 200 head already went out.
       */
      let mode: 'pass' | 'drop' | 'collect' = 'pass';
      let retryWaitMs = 0;
      let collectedStatus = 0;
      let collected: Buffer[] = [];
      let collectedBytes = 0;
      let retryTimer: NodeJS.Timeout | undefined;
      const heartbeat = onSilence(heartbeatMs, onHeartbeat);
      const idle = onSilence(idleMs, onIdle);

      const stopClocks = () => {
        idle.stop();
        heartbeat.stop();
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

      /** Restarts the idle clock and, on a streamed request, the heartbeat clock: the upstream spoke. */
      function heard() {
        // The request body may still report progress after the answer has ended.
        if (finished) return;
        idle.restart();
        if (streamed) heartbeat.restart();
      }

      /**
       * The upstream has been silent for `heartbeatMs`. Before its head, the relay commits to a 200 SSE
       * answer of its own (it knows the request is streamed), because a proxy waiting on headers cuts the
       * connection as readily as one waiting on a body. The price: if the upstream then answers with an
       * error status, that status can no longer be sent, so the error travels as an SSE error frame, which
       * the SDKs raise just the same. Waiting `heartbeatMs` first keeps that price off the usual case,
       * where OpenAI answers with its head within a few seconds. A comment only goes between frames, so
       * the upstream's bytes reach the client unchanged.
       */
      function onHeartbeat() {
        if (res.destroyed) return;
        if (!res.headersSent) {
          res.writeHead(200, SSE_HEADERS);
          clientGetsSse = true;
          res.socket?.setNoDelay(true);
        }
        if (watch.atFrameBoundary) res.write(HEARTBEAT);
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

      /** Ends the client's response with `error`, in the only form still open to it. */
      function failWith(error: ApiError) {
        if (!res.headersSent) sendApiError(res, error);
        else if (clientGetsSse) endWithErrorFrame(res, watch, error);
        // A JSON body cut short must not look complete.
        else res.destroy();
        finish();
      }

      function start() {
        attempt += 1;
        mode = 'pass';
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
              heard();
              const header = (name: string) => headers.find(([key]) => key === name)?.[1] ?? null;
              if (status >= 500 && attempt < MAX_UPSTREAM_ATTEMPTS && !res.headersSent) {
                const wait =
                  retryAfterMs(header('retry-after-ms'), header('retry-after'), Date.now()) ??
                  DEFAULT_RETRY_WAIT_MS;
                if (isRetryableFailure(status, null, header('x-should-retry')) && wait <= MAX_RETRY_WAIT_MS) {
                  mode = 'drop';
                  retryWaitMs = wait;
                  return;
                }
              }
              if (res.headersSent) {
                // Our heartbeat head went out first: a success streams on under it, a failure is collected.
                if (status >= 300) {
                  mode = 'collect';
                  collectedStatus = status;
                  collected = [];
                  collectedBytes = 0;
                }
                return;
              }
              clientGetsSse = status < 300 && (header('content-type') ?? '').startsWith('text/event-stream');
              res.writeHead(status, responseHeaders(headers).flat());
              res.flushHeaders();
              res.socket?.setNoDelay(true);
            },
            data(chunk) {
              heard();
              if (mode === 'drop') return true;
              if (mode === 'collect') {
                if (collectedBytes < MAX_ERROR_BODY_BYTES) collected.push(chunk);
                collectedBytes += chunk.length;
                return true;
              }
              if (clientGetsSse) watch.observe(chunk);
              if (res.write(chunk)) return true;
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
              if (mode === 'drop') {
                stopClocks();
                retryTimer = setTimeout(start, retryWaitMs);
                return;
              }
              if (mode === 'collect')
                endWithErrorFrame(res, watch, upstreamFailure(collectedStatus, collected));
              else if (clientGetsSse && !watch.sawCompletedImage) {
                endWithErrorFrame(
                  res,
                  watch,
                  streamEndedEarlyError(`${upstreamLabel(host)} ended the stream before the final image`),
                );
              } else res.end();
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

    function upstreamFailure(status: number, collected: Buffer[]): ApiError {
      let body: unknown = null;
      try {
        body = JSON.parse(Buffer.concat(collected).toString('utf8'));
      } catch {
        // Not the API's error JSON (a gateway's HTML page): described by its status below.
      }
      if (isApiErrorBody(body)) return { status, body };
      return apiError(status, `The upstream ${host} answered HTTP ${status}.`, { type: 'upstream_error' });
    }
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
  };
}

/**
 * Ends an SSE response with an error frame in the form both SDKs raise (openai-images.md §2d). A frame the
 * failure tore in half is closed first, so the error frame is read on its own; the torn frame fails to
 * parse in every client, which is right, as it carries no usable image.
 */
function endWithErrorFrame(res: ServerResponse, watch: SseWatch, error: ApiError): void {
  res.end(`${watch.atFrameBoundary ? '' : '\n\n'}${formatSseFrame(STREAM_ERROR_EVENT, error.body)}`);
}

function requestHeaders(
  incoming: IncomingHttpHeaders,
  apiKey: string,
  contentType: string,
  contentLength: number,
): Record<string, string> {
  return {
    authorization: `Bearer ${apiKey}`,
    'content-type': contentType,
    'content-length': String(contentLength),
    accept: typeof incoming.accept === 'string' ? incoming.accept : 'application/json',
    // A compressed answer could not be passed on byte for byte without passing its encoding too.
    'accept-encoding': 'identity',
  };
}

function responseHeaders(upstream: HeaderList): [string, string][] {
  // The upstream's own content-type is among the passed headers.
  const relayHeaders = Object.entries(SSE_HEADERS).filter(([name]) => name !== 'content-type');
  return [...relayHeaders, ...upstream.filter(([name]) => PASSED_RESPONSE_HEADERS.test(name))];
}

function formatDuration(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
}

function describeNetworkError(error: Error & { code?: string }): string {
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

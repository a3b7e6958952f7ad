/**
 * One request to the upstream through undici's dispatcher, with the answer's body handed on chunk by chunk
 * as the socket delivers it. The dispatcher API skips the stream layers of node:http's IncomingMessage and
 * of fetch's web streams (each a copy and a hop per chunk, and on 16 parallel 32 MB streams the difference
 * between keeping up with nginx and not), while undici keeps the HTTP/1.1 framing, TLS and a keep-alive
 * pool: no handshake per image against OpenAI.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { Agent, type Dispatcher } from 'undici';

export type HeaderList = [name: string, value: string][];

/** The first value of a header (`name` in lower case), or null when the list has none. */
export function headerValue(headers: HeaderList, name: string): string | null {
  return headers.find(([key]) => key === name)?.[1] ?? null;
}

/**
 * The headers of a JSON API call to a provider's own protocol (a task gateway, Leonardo): its key as a
 * bearer token, JSON asked for, and a JSON body's type (and length, when it is streamed) if there is one.
 */
export function bearerJsonHeaders(apiKey: string, body: { length?: number } | null): Record<string, string> {
  return {
    authorization: `Bearer ${apiKey}`,
    accept: 'application/json',
    ...(body ? { 'content-type': 'application/json' } : {}),
    ...(body?.length === undefined ? {} : { 'content-length': String(body.length) }),
  };
}

export interface ExchangeHandlers {
  /** The status line and headers (lower-case names). */
  head(status: number, headers: HeaderList): void;
  /** One piece of the body; return false to pause until `resume()` is called. */
  data(chunk: Buffer): boolean;
  /** The body arrived complete. */
  end(): void;
  /** The exchange failed; `answered` says whether `head` had been called. Not called after an abort. */
  fail(error: Error, answered: boolean): void;
}

export interface Exchange {
  resume(): void;
}

/**
 * The pool for one upstream. A high-quality image can take two minutes before its first byte, so undici's
 * own timeouts are off: a stalled upstream is the relay's concern (its configurable idle timeout), which
 * also knows when a pause is its own backpressure rather than the upstream's silence.
 */
export function createUpstreamPool(): Dispatcher {
  return new Agent({ keepAliveTimeout: 30_000, headersTimeout: 0, bodyTimeout: 0 });
}

function headerList(headers: IncomingHttpHeaders): HeaderList {
  return Object.entries(headers).flatMap(([name, value]): HeaderList => {
    if (value === undefined) return [];
    return Array.isArray(value) ? value.map((item): [string, string] => [name, item]) : [[name, value]];
  });
}

export function startExchange(
  pool: Dispatcher,
  url: URL,
  headers: Record<string, string>,
  body: Buffer | Readable | null,
  signal: AbortSignal,
  handlers: ExchangeHandlers,
  method: 'GET' | 'POST' = 'POST',
): Exchange {
  let controller: Dispatcher.DispatchController | null = null;
  let answered = false;
  const onAbort = () =>
    controller?.abort(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
  signal.addEventListener('abort', onAbort, { once: true });
  const settle = () => signal.removeEventListener('abort', onAbort);

  pool.dispatch(
    { origin: url.origin, path: `${url.pathname}${url.search}`, method, headers, body },
    {
      onRequestStart(start) {
        controller = start;
        if (signal.aborted) onAbort();
      },
      onResponseStart(_controller, status, responseHeaders) {
        // An interim 1xx answer is followed by the real one.
        if (status < 200) return;
        answered = true;
        handlers.head(status, headerList(responseHeaders));
      },
      onResponseData(dataController, chunk) {
        if (!handlers.data(chunk)) dataController.pause();
      },
      onResponseEnd() {
        settle();
        handlers.end();
      },
      onResponseError(_controller, error) {
        settle();
        if (!signal.aborted) handlers.fail(error, answered);
      },
    },
  );

  return { resume: () => controller?.resume() };
}

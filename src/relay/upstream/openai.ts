/**
 * OpenAI and OpenAI-compatible gateways (design.md §3, Streaming): the validated request goes upstream with
 * the relay's key, and the answer comes back byte for byte — status, the headers clients act on, and the
 * body (SSE or JSON) chunk by chunk as it arrives, with backpressure. No SSE parsing, no frame size cap.
 * The upload is streamed from the spooled files at the upstream socket's pace (Node 20's fetch, by
 * contrast, read a 135 MB edit body into memory whole), over undici's keep-alive pool.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { apiError } from '../../contract/index.ts';
import { sendApiError } from '../http.ts';
import type { RelayCall, Upstream } from './types.ts';
import { createUpstreamPool, startExchange, type HeaderList } from './httpExchange.ts';
import { encodeMultipartBody } from './multipartBody.ts';

/** Response headers the SDKs read (request ids, retry advice, rate limits), passed on unchanged. */
const PASSED_RESPONSE_HEADERS =
  /^(content-type|x-request-id|retry-after|retry-after-ms|x-should-retry|openai-processing-ms|openai-version|x-ratelimit-.+)$/;

export interface OpenAIUpstreamSettings {
  apiKey: string;
  /** e.g. https://api.openai.com/v1, without a trailing slash. */
  baseUrl: string;
}

export function upstreamLabel(host: string): string {
  return host === 'api.openai.com' ? 'OpenAI' : host;
}

export function createOpenAIUpstream({ apiKey, baseUrl }: OpenAIUpstreamSettings): Upstream {
  const host = new URL(baseUrl).host;
  const pool = createUpstreamPool();

  function forward(
    call: RelayCall,
    path: string,
    body: Buffer | Readable,
    contentType: string,
    contentLength: number,
  ): Promise<void> {
    const { res, signal } = call;
    // The client may have left while its upload was being checked; then nothing goes upstream.
    if (signal.aborted) return Promise.resolve();
    return new Promise((settle) => {
      signal.addEventListener('abort', () => settle(), { once: true });
      const exchange = startExchange(
        pool,
        new URL(`${baseUrl}${path}`),
        requestHeaders(call.req.headers, apiKey, contentType, contentLength),
        body,
        signal,
        {
          head(status, headers) {
            res.writeHead(status, responseHeaders(headers).flat());
            res.flushHeaders();
            res.socket?.setNoDelay(true);
          },
          data(chunk) {
            if (res.write(chunk)) return true;
            res.once('drain', () => exchange.resume());
            return false;
          },
          end() {
            res.end();
            settle();
          },
          fail(error, answered) {
            // After the head, a broken upstream must break the client's response too, so it never looks
            // complete; before it, the client gets a 502 naming the host (never the URL's secrets or key).
            if (answered) res.destroy();
            else {
              sendApiError(
                res,
                apiError(502, `The upstream ${host} could not be reached (${describeNetworkError(error)}).`, {
                  type: 'upstream_error',
                  code: 'upstream_unreachable',
                }),
              );
            }
            settle();
          },
        },
      );
    });
  }

  return {
    kind: 'openai',
    label: upstreamLabel(host),
    host,
    generate(call, body) {
      return forward(call, '/images/generations', body, 'application/json', body.length);
    },
    edit(call, form) {
      const multipart = encodeMultipartBody(form);
      return forward(call, '/images/edits', multipart.stream, multipart.contentType, multipart.length);
    },
  };
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
  return [
    ['cache-control', 'no-cache'],
    // Tells a reverse proxy in front of the relay not to buffer the stream.
    ['x-accel-buffering', 'no'],
    ...upstream.filter(([name]) => PASSED_RESPONSE_HEADERS.test(name)),
  ];
}

function describeNetworkError(error: Error & { code?: string }): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found';
    case 'ECONNRESET':
      return 'connection reset';
    case 'ETIMEDOUT':
      return 'connection timed out';
    case 'EPROTO':
      return `an unreadable answer: ${error.message}`;
    default:
      return error.code ?? 'network error';
  }
}

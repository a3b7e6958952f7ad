/**
 * Downloads one image a provider answered with as a URL (gateways.md §3, Addendum §A, §B), for every adapter
 * whose upstream hands out links instead of bytes: URL-result gateways, task gateways, Leonardo. The link
 * is the upstream's word, so it is followed only as far as the provider is trusted: http(s) only, only to
 * the hosts the provider is known to serve results from (redirects included, each hop checked), within a
 * size and a time limit, and the bytes must be an image. The provider's key never goes with it: result
 * links are presigned, and a link that pointed elsewhere would hand the key to whoever it names.
 *
 * Every failure is an OpenAI-shaped 502 naming what happened (not found, expired, too large, too slow,
 * a host the provider does not declare), so the SDKs raise it like any upstream error. The URL's query
 * (a signature) stays out of the message.
 */
import type { Readable } from 'node:stream';
import { request, type Dispatcher } from 'undici';
import {
  accept,
  apiError,
  formatBytes,
  outputImageSize,
  refuse,
  type ApiError,
  type Checked,
} from '../../contract/index.ts';
import { formatDuration } from './silenceTimer.ts';

/** Redirect hops followed before the link is given up on; a CDN hands over once or twice. */
const MAX_REDIRECTS = 3;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Error codes of a failed download, one per thing that can go wrong with the link. */
export const RESULT_FETCH_CODES = {
  refused: 'result_url_refused',
  notFound: 'result_url_not_found',
  expired: 'result_url_expired',
  failed: 'result_url_failed',
  tooLarge: 'result_too_large',
  timeout: 'result_timeout',
  unreachable: 'result_unreachable',
  notImage: 'result_not_image',
} as const;

export interface ResultFetchOptions {
  /**
   * The hosts (`URL.host`: name, and port when it is not the scheme's default) the image may come from:
   * the provider's own base URL host and the result hosts it declares. Compared case-insensitively.
   */
  allowedHosts: readonly string[];
  /** The largest image accepted, in bytes: announced (Content-Length) or counted as it arrives. */
  maxBytes: number;
  /** The whole download's time limit, redirects included. */
  timeoutMs: number;
  /** The client's: aborts the download the moment it goes away. */
  signal: AbortSignal;
  /** The connection pool (default: undici's global one). */
  dispatcher?: Dispatcher;
  /** Who answered with the link, for messages ("the gateway gw.example"); default "the provider". */
  source?: string;
}

export interface ResultImage {
  bytes: Buffer;
  width: number;
  height: number;
  /** The Content-Type the host sent, or null. */
  contentType: string | null;
}

/** The bytes of the image at `url`, or the 502 that says why they could not be had. */
export async function fetchResultImage(
  url: string,
  options: ResultFetchOptions,
): Promise<Checked<ResultImage>> {
  const source = options.source ?? 'the provider';
  const allowed = new Set(options.allowedHosts.map((host) => host.toLowerCase()));
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), options.timeoutMs);
  const signal = AbortSignal.any([options.signal, timeout.signal]);
  let target = url;
  try {
    for (let hop = 0; ; hop += 1) {
      const checked = checkedResultUrl(target, allowed, source);
      if (!checked.ok) return checked;
      const where = describeResultUrl(checked.value);
      let answer: Dispatcher.ResponseData;
      try {
        answer = await request(checked.value, {
          method: 'GET',
          signal,
          headers: { accept: 'image/*', 'accept-encoding': 'identity' },
          ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
        });
      } catch (error) {
        return refuse(networkFailure(error, where, source, timeout.signal.aborted, options.timeoutMs));
      }
      const { statusCode, headers, body } = answer;
      const location = headerText(headers.location);
      if (REDIRECT_STATUSES.has(statusCode) && location) {
        body.resume();
        if (hop === MAX_REDIRECTS) {
          return refuse(failure(`${where} redirected more than ${MAX_REDIRECTS} times`, 'failed', source));
        }
        target = new URL(location, checked.value).href;
        continue;
      }
      if (statusCode < 200 || statusCode >= 300) {
        const text = await readText(body);
        return refuse(statusFailure(statusCode, text, where, source));
      }
      const announced = Number(headerText(headers['content-length']) ?? Number.NaN);
      if (Number.isFinite(announced) && announced > options.maxBytes) {
        body.destroy();
        return refuse(tooLarge(where, source, options.maxBytes));
      }
      const read = await readLimited(body, options.maxBytes);
      if (read === 'too-large') return refuse(tooLarge(where, source, options.maxBytes));
      if (read instanceof Error) {
        return refuse(networkFailure(read, where, source, timeout.signal.aborted, options.timeoutMs));
      }
      const size = outputImageSize(read);
      if (!size) return refuse(failure(`${where} is not an image`, 'notImage', source));
      return accept({ bytes: read, ...size, contentType: headerText(headers['content-type']) });
    }
  } finally {
    clearTimeout(timer);
  }
}

/** The hosts a provider's results may come from: its base URL's own, then those it declares. */
export function resultHostsOf(baseUrl: string, declared: readonly string[] = []): string[] {
  return [new URL(baseUrl).host, ...declared];
}

function checkedResultUrl(text: string, allowed: ReadonlySet<string>, source: string): Checked<URL> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return refuse(failure(`its result link "${text.slice(0, 80)}" is not a URL`, 'refused', source));
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return refuse(failure(`its result link uses ${url.protocol}, not http(s)`, 'refused', source));
  }
  if (!allowed.has(url.host.toLowerCase())) {
    return refuse(
      failure(
        `its result link points at ${url.host}, a host it does not declare (allowed: ${[...allowed].join(', ')})`,
        'refused',
        source,
      ),
    );
  }
  return accept(url);
}

/** The link without its query, which may hold a signature. */
function describeResultUrl(url: URL): string {
  return `the result ${url.origin}${url.pathname}`;
}

function failure(what: string, kind: keyof typeof RESULT_FETCH_CODES, source: string): ApiError {
  const sentence = what.startsWith('its ') ? `${source}'s answer could not be used: ${what}` : what;
  return apiError(502, `${capitalise(sentence)}.`, {
    type: 'upstream_error',
    code: RESULT_FETCH_CODES[kind],
  });
}

function tooLarge(where: string, source: string, maxBytes: number): ApiError {
  return failure(`${where} from ${source} is larger than ${formatBytes(maxBytes)}`, 'tooLarge', source);
}

/**
 * 404 is a link that was never there (or is gone); 410, and a 403 that says so (S3's "Request has
 * expired"), a link past its validity: task gateways keep results 24 h to 3 days (Addendum §A).
 */
function statusFailure(status: number, text: string, where: string, source: string): ApiError {
  if (status === 404) return failure(`${where} from ${source} was not found (404)`, 'notFound', source);
  if (status === 410 || (status === 403 && /expired/i.test(text))) {
    return failure(`${where} from ${source} has expired (${status})`, 'expired', source);
  }
  return failure(`${where} from ${source} could not be downloaded (${status})`, 'failed', source);
}

function networkFailure(
  error: unknown,
  where: string,
  source: string,
  timedOut: boolean,
  timeoutMs: number,
): ApiError {
  if (timedOut) {
    return failure(
      `${where} from ${source} did not arrive within ${formatDuration(timeoutMs)}`,
      'timeout',
      source,
    );
  }
  const code = (error as { code?: unknown }).code;
  const reason = typeof code === 'string' ? code : 'network error';
  return failure(`${where} from ${source} could not be reached (${reason})`, 'unreachable', source);
}

/** The body whole, or 'too-large' (the rest is not read), or the error the connection broke with. */
async function readLimited(body: Readable, maxBytes: number): Promise<Buffer | 'too-large' | Error> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes > maxBytes) {
        body.destroy();
        return 'too-large';
      }
      chunks.push(chunk);
    }
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
  return Buffer.concat(chunks, bytes);
}

/** A little of an error answer's text, enough to tell an expired link from another refusal. */
async function readText(body: Readable): Promise<string> {
  let text = '';
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      text += chunk.toString('utf8');
      if (text.length > 4096) break;
    }
  } catch {
    // A broken error answer says nothing more.
  }
  body.destroy();
  return text;
}

function headerText(value: string | string[] | undefined): string | null {
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

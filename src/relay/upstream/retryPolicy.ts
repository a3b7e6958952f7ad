/**
 * When the relay tries a request to the upstream again (issue 6): a 5xx is retried once while nothing has
 * reached the client yet, unless the client retries itself, the answer says not to, or it asks for a wait
 * that is the designer's call. A pure function of the answer's head, so every branch is table-tested.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { isRetryableFailure, retryAfterMs } from '../../contract/index.ts';
import { headerValue, type HeaderList } from './httpExchange.ts';

/** One retry: enough to ride out a blip, few enough that a failing upstream is reported promptly. */
const MAX_UPSTREAM_ATTEMPTS = 2;
/**
 * Sent by the official SDKs on every request, their own retries included (openai-node `buildHeaders`;
 * openai-python likewise). Such a client retries a 5xx itself (twice by default), and a relay retry under
 * each of its attempts would double what reaches the upstream; the studio does not retry on its own.
 */
const CLIENT_RETRIES_HEADER = 'x-stainless-retry-count';
/** The wait before the retry when the answer does not ask for one (the SDKs' first backoff step). */
export const DEFAULT_RETRY_WAIT_MS = 500;
/** A longer wait than this is the designer's call: the answer goes to the studio, which counts it down. */
export const MAX_RETRY_WAIT_MS = 5_000;

export type RetryDecision = { retry: false } | { retry: true; delayMs: number };

/** The head of the upstream's answer to one attempt. */
export interface AnswerHead {
  status: number;
  headers: HeaderList;
}

/**
 * Whether the answer to attempt number `attempt` (1 for the first) is dropped and the request sent again
 * after `delayMs`. `requestHeaders` are the client's; `now` dates a `retry-after` given as an HTTP date.
 */
export function retryDecision(
  attempt: number,
  answer: AnswerHead,
  requestHeaders: IncomingHttpHeaders,
  now: number,
): RetryDecision {
  // The client's own retries replace the relay's, so one SDK call costs at most its own attempts.
  const maxAttempts = requestHeaders[CLIENT_RETRIES_HEADER] === undefined ? MAX_UPSTREAM_ATTEMPTS : 1;
  if (answer.status < 500 || attempt >= maxAttempts) return { retry: false };
  const header = (name: string) => headerValue(answer.headers, name);
  if (!isRetryableFailure(answer.status, null, header('x-should-retry'))) return { retry: false };
  const delayMs = retryAfterMs(header('retry-after-ms'), header('retry-after'), now) ?? DEFAULT_RETRY_WAIT_MS;
  return delayMs <= MAX_RETRY_WAIT_MS ? { retry: true, delayMs } : { retry: false };
}

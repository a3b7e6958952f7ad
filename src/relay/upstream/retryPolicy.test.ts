import type { IncomingHttpHeaders } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { HeaderList } from './httpExchange.ts';
import {
  DEFAULT_RETRY_WAIT_MS,
  MAX_RETRY_WAIT_MS,
  retryDecision,
  type RetryDecision,
} from './retryPolicy.ts';

const now = Date.parse('2026-11-22T05:00:00Z');
const studio: IncomingHttpHeaders = {};
const sdk: IncomingHttpHeaders = { 'x-stainless-retry-count': '0' };
const noRetry: RetryDecision = { retry: false };
const retryAfter = (delayMs: number): RetryDecision => ({ retry: true, delayMs });

describe('retryDecision: a kept answer goes to the client, a retried one is dropped', () => {
  it.each<[string, number, number, HeaderList, IncomingHttpHeaders, RetryDecision]>([
    ['keeps a success', 1, 200, [], studio, noRetry],
    ['keeps a 4xx, even a retryable 429', 1, 429, [['retry-after-ms', '10']], studio, noRetry],
    [
      'keeps a 4xx that x-should-retry calls retryable',
      1,
      400,
      [['x-should-retry', 'true']],
      studio,
      noRetry,
    ],
    [
      'retries a 5xx without advice after the default wait',
      1,
      500,
      [],
      studio,
      retryAfter(DEFAULT_RETRY_WAIT_MS),
    ],
    ['retries the last 5xx status', 1, 599, [], studio, retryAfter(DEFAULT_RETRY_WAIT_MS)],
    ['retries a 5xx after its retry-after-ms', 1, 503, [['retry-after-ms', '120']], studio, retryAfter(120)],
    ['retries a 5xx with retry-after-ms 0 at once', 1, 503, [['retry-after-ms', '0']], studio, retryAfter(0)],
    [
      'retries a 5xx after its retry-after in seconds',
      1,
      503,
      [['retry-after', '2']],
      studio,
      retryAfter(2000),
    ],
    [
      'retries a 5xx after its retry-after as an HTTP date',
      1,
      503,
      [['retry-after', new Date(now + 3000).toUTCString()]],
      studio,
      retryAfter(3000),
    ],
    [
      'retries a 5xx after retry-after-ms when both headers are there',
      1,
      503,
      [
        ['retry-after', '4'],
        ['retry-after-ms', '250'],
      ],
      studio,
      retryAfter(250),
    ],
    [
      'retries a 5xx with an unreadable retry-after after the default wait',
      1,
      503,
      [['retry-after', 'soon']],
      studio,
      retryAfter(DEFAULT_RETRY_WAIT_MS),
    ],
    [
      'retries a 5xx that asks for exactly the longest wait',
      1,
      503,
      [['retry-after-ms', String(MAX_RETRY_WAIT_MS)]],
      studio,
      retryAfter(MAX_RETRY_WAIT_MS),
    ],
    [
      'keeps a 5xx that asks for a longer wait',
      1,
      503,
      [['retry-after-ms', String(MAX_RETRY_WAIT_MS + 1)]],
      studio,
      noRetry,
    ],
    ['keeps a 5xx that asks for 7 s in retry-after', 1, 503, [['retry-after', '7']], studio, noRetry],
    ['keeps a 5xx with x-should-retry: false', 1, 503, [['x-should-retry', 'false']], studio, noRetry],
    [
      'retries a 5xx with x-should-retry: true',
      1,
      502,
      [['x-should-retry', 'true']],
      studio,
      retryAfter(DEFAULT_RETRY_WAIT_MS),
    ],
    ['keeps the 5xx to the second attempt', 2, 503, [['retry-after-ms', '10']], studio, noRetry],
    ['keeps a 5xx to a client that retries itself', 1, 503, [['retry-after-ms', '10']], sdk, noRetry],
  ])('%s (attempt %i, status %i)', (_case, attempt, status, headers, requestHeaders, expected) => {
    expect(retryDecision(attempt, { status, headers }, requestHeaders, now)).toEqual(expected);
  });
});

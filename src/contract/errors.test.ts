import { describe, expect, it } from 'vitest';
import { INSUFFICIENT_QUOTA_CODE, isRetryableFailure, retryAfterMs } from './errors.ts';

describe('isRetryableFailure (the SDK retry rules, openai-images.md §3)', () => {
  it.each([
    [408, true],
    [409, true],
    [429, true],
    [500, true],
    [503, true],
    [400, false],
    [401, false],
    [403, false],
    [404, false],
  ])('status %i retryable: %s', (status, expected) => {
    expect(isRetryableFailure(status, null)).toBe(expected);
  });

  it('lets x-should-retry decide, except for an exhausted quota, which no retry cures', () => {
    expect(isRetryableFailure(503, null, 'false')).toBe(false);
    expect(isRetryableFailure(400, null, 'true')).toBe(true);
    expect(isRetryableFailure(429, INSUFFICIENT_QUOTA_CODE)).toBe(false);
    expect(isRetryableFailure(429, INSUFFICIENT_QUOTA_CODE, 'true')).toBe(false);
  });
});

describe('retryAfterMs', () => {
  const now = Date.parse('2026-11-22T05:00:00Z');
  it('reads retry-after-ms first, then retry-after as seconds or an HTTP date', () => {
    expect(retryAfterMs('1500', '9', now)).toBe(1500);
    expect(retryAfterMs(null, '7', now)).toBe(7000);
    expect(retryAfterMs(null, '0.5', now)).toBe(500);
    expect(retryAfterMs(null, 'Sun, 22 Nov 2026 05:00:30 GMT', now)).toBe(30_000);
  });

  it('never asks for a negative wait, and says null when nothing usable was sent', () => {
    expect(retryAfterMs(null, 'Sun, 22 Nov 2026 04:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('-5', null, now)).toBe(0);
    expect(retryAfterMs(null, null, now)).toBeNull();
    expect(retryAfterMs('', ' ', now)).toBeNull();
    expect(retryAfterMs('soon', 'later', now)).toBeNull();
  });
});

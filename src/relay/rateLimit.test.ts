import { expect, it } from 'vitest';
import { createRateLimiter } from './rateLimit.ts';

it('allows N requests in any sliding minute per client, and says how long to wait for the next', () => {
  let now = 1_000_000;
  const limiter = createRateLimiter(2, () => now);

  expect(limiter.take('a')).toBeNull();
  now += 10_000;
  expect(limiter.take('a')).toBeNull();
  expect(limiter.take('a')).toBe(50_000);
  // Another client has an allowance of its own.
  expect(limiter.take('b')).toBeNull();

  now += 50_000;
  expect(limiter.take('a')).toBeNull();
  expect(limiter.take('a')).toBe(10_000);
  now += 10_000;
  expect(limiter.take('a')).toBeNull();
});

/**
 * The optional per-client limit (STUDIO_RATE_LIMIT): each client address may start at most `perMinute`
 * image requests in any sliding minute, so one open tab or script cannot spend the key without bound.
 */
const WINDOW_MS = 60_000;
/** Past this many tracked clients, everyone idle for a minute is forgotten. */
const SWEEP_AT_CLIENTS = 1024;

export interface RateLimiter {
  /** Counts a request from `client`; returns how long it must wait (ms) if over the limit, else null. */
  take(client: string): number | null;
}

export function createRateLimiter(perMinute: number, now: () => number = Date.now): RateLimiter {
  const recent = new Map<string, number[]>();
  return {
    take(client) {
      const at = now();
      const windowStart = at - WINDOW_MS;
      if (recent.size > SWEEP_AT_CLIENTS) {
        for (const [key, times] of recent) if (times.at(-1)! <= windowStart) recent.delete(key);
      }
      const times = (recent.get(client) ?? []).filter((time) => time > windowStart);
      if (times.length >= perMinute) {
        recent.set(client, times);
        return times[0]! + WINDOW_MS - at;
      }
      times.push(at);
      recent.set(client, times);
      return null;
    },
  };
}

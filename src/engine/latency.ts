/**
 * Simulated generation time for demos (`STUDIO_OFFLINE_LATENCY`): `none` (the default) answers as fast as
 * the pixels can be made; `realistic` takes roughly as long as the API does per quality; a number of
 * milliseconds waits that long before each partial and final image.
 */
import type { ResolvedQuality } from '../contract/index.ts';

export type OfflineLatency =
  { kind: 'none' } | { kind: 'realistic' } | { kind: 'fixed'; millisecondsPerStage: number };

/** The longest fixed wait per stage we accept: beyond this a demo looks hung, and it is surely a typo. */
export const MAX_FIXED_LATENCY_MS = 120_000;

/**
 * Reads the `STUDIO_OFFLINE_LATENCY` setting. Unset or empty means `none`. Throws an Error naming the
 * setting, the value and what is accepted when the value cannot be read, so the relay fails at start-up.
 */
export function parseOfflineLatency(text: string | undefined): OfflineLatency {
  const value = (text ?? '').trim().toLowerCase();
  if (value === '' || value === 'none') return { kind: 'none' };
  if (value === 'realistic') return { kind: 'realistic' };
  if (/^\d+$/.test(value) && Number(value) <= MAX_FIXED_LATENCY_MS) {
    return { kind: 'fixed', millisecondsPerStage: Number(value) };
  }
  throw new Error(
    `Invalid STUDIO_OFFLINE_LATENCY '${text}': expected 'none', 'realistic', or a whole number of milliseconds per stage from 0 to ${MAX_FIXED_LATENCY_MS}.`,
  );
}

/**
 * Roughly what the API takes for a one-megapixel image at each quality. No timings are published for
 * xhigh and max ("higher quality takes longer"), so they continue the climb from high.
 */
const REALISTIC_TOTAL_MS: Record<ResolvedQuality, number> = {
  low: 2_000,
  medium: 6_000,
  high: 15_000,
  xhigh: 25_000,
  max: 40_000,
};
const ONE_MEGAPIXEL = 1024 * 1024;

/**
 * How long one stage of an image should take in all. Realistic time grows with the square root of the
 * pixel count (a 4K image takes about 2.8x a 1024x1024 one) and is shared evenly between the stages.
 */
export function stageDuration(
  latency: OfflineLatency,
  quality: ResolvedQuality,
  pixels: number,
  stageCount: number,
): number {
  switch (latency.kind) {
    case 'none':
      return 0;
    case 'fixed':
      return latency.millisecondsPerStage;
    case 'realistic':
      return (REALISTIC_TOTAL_MS[quality] * Math.sqrt(pixels / ONE_MEGAPIXEL)) / stageCount;
  }
}

/** Waits, or rejects with the signal's reason as soon as it aborts. */
export function abortableDelay(milliseconds: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  if (milliseconds <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, milliseconds);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

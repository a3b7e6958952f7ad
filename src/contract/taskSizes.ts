/**
 * The task gateway's size fields (gateways.md Addendum §A): a size is asked for as `aspect_ratio` ×
 * `resolution` (1k, 2k, 4k), not WIDTHxHEIGHT. Which pixels a pair becomes is not documented; the reading
 * built to is aspectTiers.ts's (a tier names the long edge, snapped to the model's size rule), which
 * reproduces the gateway's list of pairs exactly. A model of fixed sizes (the older ones) gets the pairs its
 * sizes have: 1:1, 3:2 and 2:3 at 1k, as the gateway lists them.
 */
import {
  ASPECT_RATIOS,
  SIZE_TIERS,
  aspectTierOf,
  sizeForAspectTier,
  type AspectRatio,
  type SizeTier,
} from './aspectTiers.ts';
import { parseSize, type Dimensions, type SizeRule } from './sizes.ts';

export const TASK_RESOLUTIONS = ['1k', '2k', '4k'] as const;
export type TaskResolution = (typeof TASK_RESOLUTIONS)[number];

/** `auto` lets the gateway choose (the default); it is what OpenAI's `size: 'auto'` becomes. */
export type TaskAspectRatio = AspectRatio | 'auto';

/** The gateway's limit for each image and mask it is sent, by URL or as a data URL (Addendum §A). */
export const TASK_GATEWAY_MAX_IMAGE_BYTES = 30 * 1024 * 1024;

export interface TaskSize {
  aspectRatio: TaskAspectRatio;
  /** Null with `auto`: the gateway picks the tier too. */
  resolution: TaskResolution | null;
  /** What the pair is taken to make; null with `auto`. */
  size: Dimensions | null;
  /** Whether the pair makes exactly the size asked for; false when it is the nearest one. */
  exact: boolean;
}

const TIER_OF_RESOLUTION: Record<TaskResolution, SizeTier> = { '1k': '1K', '2k': '2K', '4k': '4K' };

function resolutionOf(tier: SizeTier): TaskResolution {
  return tier.toLowerCase() as TaskResolution;
}

/** The size a pair is taken to make under a model's size rule, or null where the model has no such pair. */
export function sizeOfTaskPair(
  rule: SizeRule,
  aspectRatio: AspectRatio,
  resolution: TaskResolution,
): Dimensions | null {
  const mapped = sizeForAspectTier(rule, aspectRatio, TIER_OF_RESOLUTION[resolution]);
  return mapped.ok ? mapped.size : null;
}

/** Every pair the model has, with the size each makes: what a ratio × tier picker offers for it. */
export function taskPairsOf(
  rule: SizeRule,
): { aspectRatio: AspectRatio; resolution: TaskResolution; size: Dimensions }[] {
  return SIZE_TIERS.flatMap((tier) =>
    ASPECT_RATIOS.flatMap((aspectRatio) => {
      const size = sizeOfTaskPair(rule, aspectRatio, resolutionOf(tier));
      return size ? [{ aspectRatio, resolution: resolutionOf(tier), size }] : [];
    }),
  );
}

/**
 * The pair to ask for an OpenAI `size` with: the pair that makes it exactly when there is one, else the
 * pair of the nearest aspect ratio and, among that ratio's tiers, the nearest pixel count (both compared
 * as logarithms, so 2:1 is as far from 1:1 as 1:2 is). The relay then reads the real size from the image.
 */
export function taskSizeFor(rule: SizeRule, size: string): TaskSize {
  const wanted = parseSize(size);
  if (!wanted) return { aspectRatio: 'auto', resolution: null, size: null, exact: false };
  const exact = aspectTierOf(rule, wanted);
  if (exact) {
    return { aspectRatio: exact.ratio, resolution: resolutionOf(exact.tier), size: wanted, exact: true };
  }
  const logRatio = (dims: Dimensions) => Math.log(dims.width / dims.height);
  const logPixels = (dims: Dimensions) => Math.log(dims.width * dims.height);
  const nearest = taskPairsOf(rule).reduce((best, pair) => {
    const aspectGap = Math.abs(logRatio(pair.size) - logRatio(wanted));
    const bestAspectGap = Math.abs(logRatio(best.size) - logRatio(wanted));
    // Sizes snapped to the grid differ a little in ratio within one chip; those count as the same ratio.
    if (Math.abs(aspectGap - bestAspectGap) > 0.02) return aspectGap < bestAspectGap ? pair : best;
    const pixelGap = Math.abs(logPixels(pair.size) - logPixels(wanted));
    return pixelGap < Math.abs(logPixels(best.size) - logPixels(wanted)) ? pair : best;
  });
  return { ...nearest, exact: false };
}

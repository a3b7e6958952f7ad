/**
 * Sizes picked as an aspect ratio × a resolution tier, as task-based gateways offer them (gateways.md §4).
 * A tier names the long edge (1K = 1024, 2K = 2048, 4K = 3840, the flexible rule's edge), which reproduces
 * that gateway's list exactly: 4K exists only for 16:9, 9:16, 2:1, 1:2, 21:9 and 9:21, because every
 * squarer 4K frame has more pixels than gpt-image-2 allows.
 */
import { formatSize, nearestValidSize, sizeViolation, type Dimensions, type SizeRule } from './sizes.ts';

export const ASPECT_RATIOS = [
  '1:1',
  '3:2',
  '2:3',
  '4:3',
  '3:4',
  '5:4',
  '4:5',
  '16:9',
  '9:16',
  '2:1',
  '1:2',
  '21:9',
  '9:21',
] as const;
export type AspectRatio = (typeof ASPECT_RATIOS)[number];

export const SIZE_TIERS = ['1K', '2K', '4K'] as const;
export type SizeTier = (typeof SIZE_TIERS)[number];

const TIER_LONG_EDGE: Record<SizeTier, number> = { '1K': 1024, '2K': 2048, '4K': 3840 };

/** A size's ratio may drift this much (relative) from the chip's after snapping to the grid. */
const RATIO_TOLERANCE = 0.02;

export type AspectTierSize =
  | {
      ok: true;
      size: Dimensions;
      /** Why the size differs from the tier's nominal long edge. */ adjusted: string | null;
    }
  | { ok: false; reason: string };

function ratioValue(ratio: AspectRatio): number {
  const [across, down] = ratio.split(':').map(Number) as [number, number];
  return across / down;
}

function millions(pixels: number): string {
  return `${(pixels / 1_000_000).toFixed(2)} MP`;
}

/**
 * The valid size for an aspect ratio at a tier, or why the model cannot make it. Flexible rules get the
 * tier's long edge at the exact ratio, snapped to the grid; a frame under the pixel floor is raised to
 * it (still a ~1K image), one over the ceiling is refused rather than quietly shrunk to another tier.
 * Fixed rules offer a chip only where one of their sizes has that exact ratio, at 1K.
 */
export function sizeForAspectTier(rule: SizeRule, ratio: AspectRatio, tier: SizeTier): AspectTierSize {
  const wanted = ratioValue(ratio);
  if (rule.kind === 'fixed') {
    const match = rule.sizes.find((size) => {
      const [width, height] = size.split('x').map(Number) as [number, number];
      return Math.abs(width / height / wanted - 1) < 1e-9;
    });
    if (!match) return { ok: false, reason: `No fixed size of this model is ${ratio}.` };
    if (tier !== '1K')
      return { ok: false, reason: `This model's ${ratio} size is ${match.replace('x', ' × ')} only.` };
    const [width, height] = match.split('x').map(Number) as [number, number];
    return { ok: true, size: { width, height }, adjusted: null };
  }
  if (Math.max(wanted, 1 / wanted) > rule.maxAspectRatio) {
    return { ok: false, reason: `${ratio} is beyond the ${rule.maxAspectRatio}:1 aspect limit.` };
  }
  const longEdge = Math.min(TIER_LONG_EDGE[tier], rule.maxEdge);
  const nominal =
    wanted >= 1
      ? { width: longEdge, height: longEdge / wanted }
      : { width: longEdge * wanted, height: longEdge };
  const nominalPixels = nominal.width * nominal.height;
  if (nominalPixels > rule.maxPixels) {
    return {
      ok: false,
      reason: `${tier} at ${ratio} needs ${millions(nominalPixels)}; the limit is ${millions(rule.maxPixels)}.`,
    };
  }
  const size = nearestValidSize(rule, nominal);
  if (Math.abs(size.width / size.height / wanted - 1) > RATIO_TOLERANCE) {
    return { ok: false, reason: `No valid size keeps ${ratio} at ${tier}.` };
  }
  const adjusted =
    nominalPixels < rule.minPixels
      ? `Raised to ${formatSize(size)} to reach the ${rule.minPixels.toLocaleString('en-US')}-pixel minimum.`
      : null;
  return { ok: true, size, adjusted };
}

/** The chip and tier whose size this is, if any: how a typed or preset size lights up the chips. */
export function aspectTierOf(
  rule: SizeRule,
  size: Dimensions,
): { ratio: AspectRatio; tier: SizeTier } | null {
  // Only ratios the size is already close to can map onto it, which spares mapping all the others.
  const candidates = ASPECT_RATIOS.filter(
    (ratio) => Math.abs(size.width / size.height / ratioValue(ratio) - 1) <= RATIO_TOLERANCE,
  );
  for (const tier of SIZE_TIERS) {
    for (const ratio of candidates) {
      const mapped = sizeForAspectTier(rule, ratio, tier);
      if (mapped.ok && mapped.size.width === size.width && mapped.size.height === size.height) {
        return { ratio, tier };
      }
    }
  }
  return null;
}

/** What "Match source" picked, and why, in words for the designer. */
export interface SourceMatch {
  size: Dimensions;
  why: string;
}

const times = ({ width, height }: Dimensions) => `${width} × ${height}`;

/**
 * "Match source" for edits: the first image's own size when the model accepts it; otherwise the valid
 * size nearest to it at its aspect ratio that is no larger than the source (an edit gains nothing from
 * upscaling), and never above the experimental threshold unless the source itself is. A model of fixed
 * sizes gets the one of closest aspect ratio.
 */
export function sizeMatchingSource(rule: SizeRule, source: Dimensions): SourceMatch {
  if (rule.kind === 'fixed') {
    const size = nearestValidSize(rule, source);
    return { size, why: `${times(size)} is this model's size closest to the source's shape.` };
  }
  if (sizeViolation(rule, formatSize(source)) === null) {
    return { size: source, why: `${times(source)} is the source's own size.` };
  }
  const sourcePixels = source.width * source.height;
  const ceiling = sourcePixels > rule.experimentalAbovePixels ? rule.maxPixels : rule.experimentalAbovePixels;
  const scale = Math.min(
    1,
    Math.sqrt(ceiling / sourcePixels),
    rule.maxEdge / Math.max(source.width, source.height),
  );
  const floored = {
    width: Math.floor((source.width * scale) / rule.multipleOf) * rule.multipleOf,
    height: Math.floor((source.height * scale) / rule.multipleOf) * rule.multipleOf,
  };
  // Too small a source (or too long a one) has no such size below it: the nearest valid one, larger.
  const size =
    sizeViolation(rule, formatSize(floored)) === null
      ? floored
      : nearestValidSize(rule, { width: source.width * scale, height: source.height * scale });
  return {
    size,
    why: `The source's ${times(source)} is not a size this model makes, so ${times(size)}: the nearest at its shape${
      size.width * size.height > sourcePixels
        ? ', the smallest the model allows'
        : ', no larger than the source'
    }.`,
  };
}

/**
 * Output size rules (openai-images.md §4, gateways.md §1).
 *
 * gpt-image-2 takes any WIDTHxHEIGHT with both edges multiples of 16, the long edge at most 3840, an aspect
 * ratio within 3:1, and 655,360..8,294,400 pixels; above 2560x1440 is "experimental". The numeric limits
 * come from OpenAI's own skill doc and calculators rather than the SDK text, which only says "max
 * 3840x2160": they are the strictest reading consistent with every source, so we enforce them.
 * The older GPT image models take three fixed sizes.
 */

export interface Dimensions {
  width: number;
  height: number;
}

export interface FlexibleSizeRule {
  kind: 'flexible';
  multipleOf: number;
  maxEdge: number;
  maxAspectRatio: number;
  minPixels: number;
  maxPixels: number;
  /** Sizes with more pixels than this are flagged experimental by OpenAI. */
  experimentalAbovePixels: number;
}

export interface FixedSizeRule {
  kind: 'fixed';
  sizes: readonly string[];
}

export type SizeRule = FlexibleSizeRule | FixedSizeRule;

export const GPT_IMAGE_2_SIZE_RULE: FlexibleSizeRule = {
  kind: 'flexible',
  multipleOf: 16,
  maxEdge: 3840,
  maxAspectRatio: 3,
  minPixels: 655_360,
  maxPixels: 8_294_400,
  experimentalAbovePixels: 2560 * 1440,
};

export const GPT_IMAGE_1_SIZE_RULE: FixedSizeRule = {
  kind: 'fixed',
  sizes: ['1024x1024', '1536x1024', '1024x1536'],
};

const SIZE_PATTERN = /^(\d{1,5})x(\d{1,5})$/;

export function parseSize(size: string): Dimensions | null {
  const match = SIZE_PATTERN.exec(size);
  if (!match) return null;
  return { width: Number(match[1]), height: Number(match[2]) };
}

export function formatSize({ width, height }: Dimensions): string {
  return `${width}x${height}`;
}

/**
 * The limits a size can break. They are told apart because the sources are not equally sure of each
 * (openai-images-2026-12.md §3): the grid, edge, ratio and maximum are in the SDK's own text, the minimum
 * pixel count only in OpenAI's skill notes and third-party calculators.
 */
export type SizeLimit = 'format' | 'fixed' | 'grid' | 'edge' | 'aspect' | 'minPixels' | 'maxPixels';

export interface SizeProblem {
  limit: SizeLimit;
  message: string;
}

/** Which limit a concrete size breaks and why, or null when it is valid. `auto` is handled by the caller. */
export function sizeProblem(rule: SizeRule, size: string): SizeProblem | null {
  if (rule.kind === 'fixed') {
    return rule.sizes.includes(size)
      ? null
      : { limit: 'fixed', message: `Supported values are ${listValues([...rule.sizes, 'auto'])}.` };
  }
  const dims = parseSize(size);
  if (!dims || dims.width === 0 || dims.height === 0) {
    return { limit: 'format', message: `Expected 'auto' or WIDTHxHEIGHT in pixels, e.g. '1536x1024'.` };
  }
  const { width, height } = dims;
  const { multipleOf, maxEdge, maxAspectRatio, minPixels, maxPixels } = rule;
  if (width % multipleOf !== 0 || height % multipleOf !== 0) {
    return { limit: 'grid', message: `Width and height must both be multiples of ${multipleOf}.` };
  }
  if (Math.max(width, height) > maxEdge)
    return { limit: 'edge', message: `The longest edge must be at most ${maxEdge} pixels.` };
  if (Math.max(width, height) > maxAspectRatio * Math.min(width, height)) {
    return {
      limit: 'aspect',
      message: `The aspect ratio must be between 1:${maxAspectRatio} and ${maxAspectRatio}:1.`,
    };
  }
  const pixels = width * height;
  if (pixels < minPixels || pixels > maxPixels) {
    return {
      limit: pixels < minPixels ? 'minPixels' : 'maxPixels',
      message: `The total pixel count must be between ${minPixels.toLocaleString('en-US')} and ${maxPixels.toLocaleString('en-US')} (this size has ${pixels.toLocaleString('en-US')}).`,
    };
  }
  return null;
}

/** Why a concrete size breaks a rule, or null when it is valid. `auto` is handled by the caller. */
export function sizeViolation(rule: SizeRule, size: string): string | null {
  return sizeProblem(rule, size)?.message ?? null;
}

export function isExperimentalSize(rule: SizeRule, size: string): boolean {
  if (rule.kind === 'fixed') return false;
  const dims = parseSize(size);
  return dims !== null && dims.width * dims.height > rule.experimentalAbovePixels;
}

/** The sizes a fixed rule offers, or a representative set of valid flexible sizes, for pickers. */
export const SIZE_PRESETS: readonly string[] = [
  '1024x1024',
  '1536x1024',
  '1024x1536',
  '2048x2048',
  '2048x1152',
  '3840x2160',
  '2160x3840',
];

export function listValues(values: readonly string[]): string {
  const quoted = values.map((value) => `'${value}'`);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}

/**
 * The valid size closest to the wanted dimensions: same aspect ratio (clamped to the rule's limits) and
 * pixel count (clamped to the band), edges snapped to the grid. For fixed rules, the size with the closest
 * aspect ratio, then the closest pixel count.
 */
export function nearestValidSize(rule: SizeRule, wanted: Dimensions): Dimensions {
  const width = Math.max(1, wanted.width);
  const height = Math.max(1, wanted.height);
  if (rule.kind === 'fixed') {
    const score = (size: string) => {
      const dims = parseSize(size)!;
      return [
        Math.abs(Math.log(dims.width / dims.height) - Math.log(width / height)),
        Math.abs(Math.log((dims.width * dims.height) / (width * height))),
      ] as const;
    };
    const best = [...rule.sizes].sort((a, b) => {
      const [aspectA, pixelsA] = score(a);
      const [aspectB, pixelsB] = score(b);
      return aspectA - aspectB || pixelsA - pixelsB;
    })[0]!;
    return parseSize(best)!;
  }
  const { multipleOf: step, maxEdge, maxAspectRatio, minPixels, maxPixels } = rule;
  const ratio = Math.min(maxAspectRatio, Math.max(1 / maxAspectRatio, width / height));
  const pixels = Math.min(maxPixels, Math.max(minPixels, width * height));
  let targetWidth = Math.sqrt(pixels * ratio);
  let targetHeight = Math.sqrt(pixels / ratio);
  const shrink = Math.min(1, maxEdge / Math.max(targetWidth, targetHeight));
  targetWidth *= shrink;
  targetHeight *= shrink;
  // Snapping to the grid can push a boundary size just outside the rule; the best valid neighbour wins.
  const baseWidth = Math.round(targetWidth / step);
  const baseHeight = Math.round(targetHeight / step);
  let best: Dimensions | null = null;
  let bestDistance = Infinity;
  for (let dw = -4; dw <= 4; dw++) {
    for (let dh = -4; dh <= 4; dh++) {
      const candidate = { width: (baseWidth + dw) * step, height: (baseHeight + dh) * step };
      if (candidate.width <= 0 || candidate.height <= 0) continue;
      if (sizeViolation(rule, formatSize(candidate)) !== null) continue;
      // Ties (1000 sits halfway between 992 and 1008) go to the plain rounding of the target.
      const distance =
        Math.abs(candidate.width - targetWidth) +
        Math.abs(candidate.height - targetHeight) +
        (Math.abs(dw) + Math.abs(dh)) * 1e-6;
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
  }
  return best ?? { width: 1024, height: 1024 };
}

/** About one megapixel: what `auto` resolves to before the aspect ratio of a source image is applied. */
const AUTO_PIXELS = 1024 * 1024;

/**
 * What `size: 'auto'` becomes: the first image's aspect ratio at about one megapixel for edits, square
 * otherwise. Concrete sizes pass through.
 */
export function resolveSize(rule: SizeRule, size: string, firstImage?: Dimensions): Dimensions {
  if (size !== 'auto') return parseSize(size)!;
  if (!firstImage) return { width: 1024, height: 1024 };
  const scale = Math.sqrt(AUTO_PIXELS / (firstImage.width * firstImage.height));
  return nearestValidSize(rule, { width: firstImage.width * scale, height: firstImage.height * scale });
}

/**
 * What a request costs on Leonardo's GPT route (gateways.md, Addendum §C), and the two mappings the cost
 * rests on: OpenAI's quality to Leonardo's, and OpenAI's `size` to the dimensions the route accepts. The
 * relay's adapter sends what these say, and the cost panel prices the same figures, so the two cannot
 * disagree.
 */
import { resolveQuality, type Quality } from './models.ts';
import { parseSize } from './sizes.ts';

export type LeonardoQuality = 'LOW' | 'MEDIUM' | 'HIGH';

/** Leonardo's GPT route takes 1024 or 1536 on each edge: 1:1, 3:2 and 2:3 (Addendum §C). */
export const LEONARDO_DIMENSIONS = [
  { width: 1024, height: 1024 },
  { width: 1536, height: 1024 },
  { width: 1024, height: 1536 },
] as const;

export interface LeonardoDimensions {
  width: number;
  height: number;
}

/** API credits per pixel of one low-quality image (Addendum §C). */
const CREDITS_PER_PIXEL = 1.23977e-5;
const QUALITY_FACTOR: Readonly<Record<LeonardoQuality, number>> = { LOW: 1, MEDIUM: 2.92, HIGH: 10.538 };
/** Reference images (init images passed as guidance) raise the price by a fifth. */
const REFERENCE_FACTOR = 1.2;

/**
 * OpenAI's quality as Leonardo's. `auto` is medium, as everywhere in the studio (resolveQuality); the
 * 2.x family's `xhigh` and `max` have no Leonardo step above HIGH.
 */
export function leonardoQuality(quality: Quality): LeonardoQuality {
  const resolved = resolveQuality(quality);
  if (resolved === 'low') return 'LOW';
  return resolved === 'medium' ? 'MEDIUM' : 'HIGH';
}

/**
 * The dimensions Leonardo is asked for: the accepted pair whose aspect is nearest the requested size's
 * (on a log scale, so 2:1 and 1:2 are equally far from square); `auto` and anything unreadable are square.
 */
export function leonardoDimensions(size: string): LeonardoDimensions {
  const parsed = size === 'auto' ? null : parseSize(size);
  if (!parsed) return LEONARDO_DIMENSIONS[0];
  const aspect = Math.log(parsed.width / parsed.height);
  const distance = (option: LeonardoDimensions) => Math.abs(Math.log(option.width / option.height) - aspect);
  return [...LEONARDO_DIMENSIONS].sort((a, b) => distance(a) - distance(b))[0]!;
}

export interface LeonardoCostInput {
  /** Images asked for (`n`, Leonardo's `quantity`). */
  quantity: number;
  /** OpenAI's `size`, mapped as the adapter maps it. */
  size: string;
  quality: Quality;
  /** How many reference images go with the request; any at all raises the price. */
  referenceCount: number;
}

/** The API credits Leonardo charges for a request (Addendum §C). */
export function leonardoCredits(input: LeonardoCostInput): number {
  const { width, height } = leonardoDimensions(input.size);
  const references = input.referenceCount > 0 ? REFERENCE_FACTOR : 1;
  return (
    input.quantity *
    CREDITS_PER_PIXEL *
    width *
    height *
    QUALITY_FACTOR[leonardoQuality(input.quality)] *
    references
  );
}

/** The request's price in US dollars, for a provider that declares what one credit costs it. */
export function leonardoCostUsd(input: LeonardoCostInput, usdPerCredit: number): number {
  return leonardoCredits(input) * usdPerCredit;
}

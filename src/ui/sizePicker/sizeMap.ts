/**
 * The geometry and movement rules of the size picker, kept pure so they can be tested without a DOM.
 * Every rule comes from the contract's flexible size rule; this only turns it into shapes and moves.
 */
import {
  ASPECT_RATIOS,
  aspectTierOf,
  formatSize,
  nearestValidSize,
  parseSize,
  sizeViolation,
  type AspectRatio,
  type Dimensions,
  type FlexibleSizeRule,
  type SizeTier,
} from '../../contract/index.ts';
import { simpleRatio } from '../kit/format.ts';

/**
 * The outline of the valid region as [width, height] points: along the widest-allowed heights from the
 * narrowest valid width to the widest, then back along the lowest-allowed heights. Between those two
 * boundaries every multiple of the grid is valid, so the shape is exactly what the rule accepts.
 */
export function validRegionOutline(rule: FlexibleSizeRule): [number, number][] {
  const { maxEdge, maxAspectRatio, minPixels, maxPixels, multipleOf } = rule;
  const lowest = (width: number) => Math.max(width / maxAspectRatio, minPixels / width);
  const highest = (width: number) => Math.min(width * maxAspectRatio, maxPixels / width, maxEdge);
  const upper: [number, number][] = [];
  const lower: [number, number][] = [];
  for (let width = multipleOf; width <= maxEdge; width += multipleOf / 2) {
    if (lowest(width) > highest(width)) continue;
    upper.push([width, highest(width)]);
    lower.push([width, lowest(width)]);
  }
  return [...upper, ...lower.reverse()];
}

/** Points of the curve width × height = pixels inside the map, for the pixel band's edges. */
export function pixelCurve(rule: FlexibleSizeRule, pixels: number): [number, number][] {
  const points: [number, number][] = [];
  const from = pixels / rule.maxEdge;
  for (let step = 0; step <= 48; step++) {
    const width = from * (rule.maxEdge / from) ** (step / 48);
    points.push([width, pixels / width]);
  }
  return points;
}

/** Where a dragged point lands: on the grid and inside the rule, as near the pointer as the rule allows. */
export function constrainToRule(rule: FlexibleSizeRule, wanted: Dimensions): Dimensions {
  const step = rule.multipleOf;
  const snapped = {
    width: Math.min(rule.maxEdge, Math.max(step, Math.round(wanted.width / step) * step)),
    height: Math.min(rule.maxEdge, Math.max(step, Math.round(wanted.height / step) * step)),
  };
  return sizeViolation(rule, formatSize(snapped)) === null ? snapped : nearestValidSize(rule, snapped);
}

/** One keyboard nudge: a grid step along an axis, refused (the size stays) when it would leave the rule. */
export function nudgeSize(
  rule: FlexibleSizeRule,
  size: Dimensions,
  across: number,
  down: number,
): Dimensions {
  const moved = {
    width: size.width + across * rule.multipleOf,
    height: size.height + down * rule.multipleOf,
  };
  return sizeViolation(rule, formatSize(moved)) === null ? moved : size;
}

/** A typed width or height: digits only, so "1,024" or "1e3" do not slip through as numbers. */
export function parseEdge(text: string): number | null {
  const trimmed = text.trim();
  return /^\d{1,5}$/.test(trimmed) && Number(trimmed) > 0 ? Number(trimmed) : null;
}

/** `1.57 MP`: how designers read a pixel count. */
export function formatMegapixels({ width, height }: Dimensions): string {
  return `${((width * height) / 1_000_000).toFixed(2)} MP`;
}

/** `16:9` when the ratio is a simple one, else `1.78:1`. */
export function describeRatio({ width, height }: Dimensions): string {
  return (
    simpleRatio({ width, height }) ??
    (width >= height ? `${(width / height).toFixed(2)}:1` : `1:${(height / width).toFixed(2)}`)
  );
}

/** The chip ratio nearest a size's own, by how many times wider or taller one is than the other. */
export function nearestAspectRatio({ width, height }: Dimensions): AspectRatio {
  const distance = (ratio: AspectRatio) => {
    const [across, down] = ratio.split(':').map(Number) as [number, number];
    return Math.abs(Math.log(width / height / (across / down)));
  };
  return ASPECT_RATIOS.reduce((best, ratio) => (distance(ratio) < distance(best) ? ratio : best));
}

/**
 * How the resolution chips stand for a size. `lit` is the tier the size is at, so the chip follows every
 * size change (preset, custom, map, Match source), and none is lit for a size off the tiers or for Auto.
 * `ratio` is what a tier chip applies to: the size's own chip ratio, or the nearest one for a custom size;
 * null for Auto, where there is no shape to scale. `tier` is what a ratio chip uses: the size's tier, else
 * the last one the designer had (`remembered`).
 */
export function resolutionState(
  rule: FlexibleSizeRule,
  size: string,
  remembered: SizeTier,
): { lit: SizeTier | null; ratio: AspectRatio | null; tier: SizeTier } {
  const dims = parseSize(size);
  if (!dims) return { lit: null, ratio: null, tier: remembered };
  const current = aspectTierOf(rule, dims);
  if (current) return { lit: current.tier, ratio: current.ratio, tier: current.tier };
  return { lit: null, ratio: nearestAspectRatio(dims), tier: remembered };
}

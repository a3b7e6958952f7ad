import { describe, expect, it } from 'vitest';
import type { Size } from '../viewport.ts';
import {
  GAIN_LIMITS,
  MIN_RING_PIXELS,
  RING_REACH,
  correctColours,
  isIdentity,
  measureColourMatch,
  ringAround,
  type ColourMatch,
} from './colourMatch.ts';
import { compositeArea, editWeights, protectedSentPixels, type CompositeShape } from './compositeMath.ts';
import { lockOriginal } from './lockOriginal.ts';

const SIZE: Size = { width: 96, height: 72 };
const SHAPE: CompositeShape = { growPx: 2, featherPx: 6 };

/** A deterministic stream of whole numbers in 0..range-1. */
function noise(seed: number): (range: number) => number {
  let state = seed;
  return (range) => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return (state >> 8) % range;
  };
}

/** An opaque RGBA image whose pixels `colour` gives. */
function imageOf(size: Size, colour: (x: number, y: number) => [number, number, number]): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(size.width * size.height * 4);
  for (let y = 0; y < size.height; y++) {
    for (let x = 0; x < size.width; x++) {
      const at = (y * size.width + x) * 4;
      rgba.set([...colour(x, y), 255], at);
    }
  }
  return rgba;
}

/** A photo-like source: gradients with per-pixel grain, every channel well inside 0..255. */
function photo(size: Size, seed = 7): Uint8ClampedArray {
  const grain = noise(seed);
  return imageOf(size, (x, y) => [50 + x + grain(21), 70 + y + grain(21), 80 + ((x + y) >> 1) + grain(21)]);
}

/** A mask raster in the API's polarity: transparent where `edited` holds, opaque white elsewhere. */
function maskOf(size: Size, edited: (x: number, y: number) => boolean): Uint8ClampedArray {
  return Uint8ClampedArray.from(
    imageOf(size, () => [255, 255, 255]),
    (value, index) =>
      index % 4 === 3 && edited((index >> 2) % size.width, Math.floor((index >> 2) / size.width)) ? 0 : value,
  );
}

/** What a model with a colour cast makes of `intended`: +12 red, blue at 0.9, green as it is. */
const castOf = (intended: Uint8ClampedArray) =>
  intended.map((value, index) => (index % 4 === 0 ? value + 12 : index % 4 === 2 ? value * 0.9 : value));

/** `intended` with `inside` painted where the mask edits (what the model meant to answer). */
function withNewContent(
  source: Uint8ClampedArray,
  mask: Uint8ClampedArray,
  inside: (x: number, y: number) => [number, number, number],
): Uint8ClampedArray {
  const out = source.slice();
  for (let index = 0; index < out.length / 4; index++) {
    if (mask[index * 4 + 3]! >= 128) continue;
    out.set(inside(index % SIZE.width, Math.floor(index / SIZE.width)), index * 4);
  }
  return out;
}

/**
 * The worker's composite step on a whole-image edit sent at its own size: the ring and the match measured
 * on the model's output against the source, the correction applied to the weighted pixels (when `match`),
 * and the blend; the whole composite returned.
 */
function compositeOf(
  source: Uint8ClampedArray,
  model: Uint8ClampedArray,
  weights: Uint8Array,
  size: Size,
  match: boolean,
): { composite: Uint8ClampedArray; colourMatch: ColourMatch } {
  const whole = { left: 0, top: 0, ...size };
  const ring = ringAround(protectedSentPixels(weights, size, whole, size), size);
  const colourMatch = measureColourMatch(source, model, ring, size);
  const pasted = model.slice();
  if (match && colourMatch.kind === 'applied') correctColours(pasted, weights, size, whole, colourMatch);
  compositeArea(pasted, source, weights, size, whole);
  return { composite: pasted, colourMatch };
}

/** The ring as one flag per pixel: 1 in it, 0 elsewhere. */
const flagsOf = (ring: Int32Array, size: Size) => {
  const flags = new Uint8Array(size.width * size.height);
  for (const index of ring) flags[index] = 1;
  return flags;
};

/** Per channel, the mean of `rgba` over the pixels `where` picks. */
function meanWhere(rgba: Uint8ClampedArray, where: (index: number) => boolean): number[] {
  const sums = [0, 0, 0];
  let count = 0;
  for (let index = 0; index < rgba.length / 4; index++) {
    if (!where(index)) continue;
    count++;
    for (let channel = 0; channel < 3; channel++) sums[channel]! += rgba[index * 4 + channel]!;
  }
  return sums.map((sum) => sum / count);
}

function expectProtectedKept(composite: Uint8ClampedArray, source: Uint8ClampedArray, weights: Uint8Array) {
  let differing = 0;
  let kept = 0;
  for (let index = 0; index < weights.length; index++) {
    if (weights[index] !== 0) continue;
    kept++;
    for (let channel = 0; channel < 4; channel++) {
      if (composite[index * 4 + channel] !== source[index * 4 + channel]) differing++;
    }
  }
  expect(kept).toBeGreaterThan(0);
  expect(differing).toBe(0);
}

describe('colour match of a masked edit', () => {
  const source = photo(SIZE);
  const mask = maskOf(SIZE, (x, y) => (x - 48) ** 2 + (y - 36) ** 2 < 16 ** 2);
  const { weights } = editWeights(mask, SIZE, SHAPE);
  const newContent = (x: number, y: number): [number, number, number] => [
    140 + (x % 7),
    110 + (y % 5),
    150 - (x % 9),
  ];
  const intended = withNewContent(source, mask, newContent);
  const model = castOf(intended);
  const fullyEdited = (index: number) => weights[index] === 255;

  it('undoes a cast of +12 red and blue at 0.9 inside the mask, to within a level of what was meant', () => {
    const { composite, colourMatch } = compositeOf(source, model, weights, SIZE, true);
    expect(colourMatch).toMatchObject({ kind: 'applied' });
    if (colourMatch.kind !== 'applied') return;
    expect(colourMatch.offset[0]).toBeCloseTo(-12, 0);
    expect(colourMatch.gain[0]).toBeCloseTo(1, 2);
    expect(colourMatch.gain[2]).toBeCloseTo(1 / 0.9, 1);
    expect(colourMatch.measuredPixels).toBeGreaterThan(MIN_RING_PIXELS);
    const matched = meanWhere(composite, fullyEdited);
    const meant = meanWhere(intended, fullyEdited);
    for (let channel = 0; channel < 3; channel++) {
      expect(Math.abs(matched[channel]! - meant[channel]!)).toBeLessThan(1);
    }
    // Without the match the cast is there in full: the test can tell.
    const unmatched = meanWhere(compositeOf(source, model, weights, SIZE, false).composite, fullyEdited);
    expect(unmatched[0]! - meant[0]!).toBeCloseTo(12, 0);
    expect(meant[2]! - unmatched[2]!).toBeGreaterThan(10);
  });

  it('keeps every protected pixel bit-identical to the source, and blends in the band', () => {
    const { composite } = compositeOf(source, model, weights, SIZE, true);
    expectProtectedKept(composite, source, weights);
    const band = weights.findIndex((weight) => weight > 0 && weight < 255);
    expect(band).toBeGreaterThanOrEqual(0);
  });

  it('reads the model’s own noise, which does not follow the source, as no cast', () => {
    const jitter = noise(42);
    const noisy = intended.map((value, index) => (index % 4 === 3 ? value : value + jitter(25) - 12));
    const { colourMatch } = compositeOf(source, noisy, weights, SIZE, true);
    if (colourMatch.kind !== 'applied') throw new Error(`skipped: ${colourMatch.reason}`);
    for (let channel = 0; channel < 3; channel++) {
      expect(Math.abs(colourMatch.gain[channel]! - 1)).toBeLessThan(0.02);
      expect(Math.abs(colourMatch.offset[channel]!)).toBeLessThan(3);
    }
  });

  it('reads a smooth drift that follows the ring’s colours as an offset, not a gain', () => {
    // Green follows y across the photo; a drift of 0.3 levels a row would fit a gain of 0.8 to its values.
    const drifted = intended.map((value, index) =>
      index % 4 === 1 ? value + 0.3 * (Math.floor(index / 4 / SIZE.width) - 36) + 5 : value,
    );
    const { colourMatch } = compositeOf(source, drifted, weights, SIZE, true);
    if (colourMatch.kind !== 'applied') throw new Error(`skipped: ${colourMatch.reason}`);
    expect(colourMatch.gain).toEqual([1, 1, 1]);
    expect(colourMatch.offset[1]).toBeLessThan(-2);
  });

  it('reads a model that redraws the grain smoother as no gain', () => {
    // Each pixel the mean of its row's three: the grain softened, as a model redrawing it would.
    const smoother = intended.map((value, index) => {
      const x = (index >> 2) % SIZE.width;
      if (index % 4 === 3 || x === 0 || x === SIZE.width - 1) return value;
      return (intended[index - 4]! + value + intended[index + 4]!) / 3 + (index % 4 === 0 ? 12 : 0);
    });
    const { colourMatch } = compositeOf(source, smoother, weights, SIZE, true);
    if (colourMatch.kind !== 'applied') throw new Error(`skipped: ${colourMatch.reason}`);
    expect(colourMatch.gain).toEqual([1, 1, 1]);
    expect(Math.abs(colourMatch.offset[0] + 12)).toBeLessThan(1);
  });

  it('leaves out a part of the ring the model repainted', () => {
    const scribble = noise(99);
    const ring = ringAround(
      protectedSentPixels(weights, SIZE, { left: 0, top: 0, ...SIZE }, SIZE),
      SIZE,
      RING_REACH,
    );
    // A fifth of the ring made into something else altogether.
    const repainted = model.slice();
    for (const index of ring) {
      if (scribble(5) === 0) repainted.set([scribble(256), scribble(256), scribble(256)], index * 4);
    }
    const colourMatch = measureColourMatch(source, repainted, ring, SIZE);
    if (colourMatch.kind !== 'applied') throw new Error(`skipped: ${colourMatch.reason}`);
    expect(Math.abs(colourMatch.offset[0] + 12)).toBeLessThan(1.5);
    expect(Math.abs(colourMatch.gain[2] - 1 / 0.9)).toBeLessThan(0.03);
  });

  it('skips a ring the model repainted altogether, and says why', () => {
    const scribble = noise(3);
    const repainted = imageOf(SIZE, () => [scribble(256), scribble(256), scribble(256)]);
    const { colourMatch } = compositeOf(source, repainted, weights, SIZE, true);
    expect(colourMatch).toEqual({ kind: 'skipped', reason: expect.stringMatching(/repainted/) });
  });

  it('skips when nothing around the mask was kept to compare: a whole-image mask', () => {
    const all = editWeights(
      maskOf(SIZE, () => true),
      SIZE,
      SHAPE,
    ).weights;
    const { colourMatch } = compositeOf(source, model, all, SIZE, true);
    expect(colourMatch).toEqual({
      kind: 'skipped',
      reason: expect.stringMatching(/too little of the image around the mask .*\(0 pixels/),
    });
  });

  it('skips when the ring is too small to trust: a narrow border left around a large mask', () => {
    // A 9-pixel border: only its outermost line lies past the ring's inner reach.
    const small = { width: 38, height: 28 };
    const border = editWeights(
      maskOf(small, (x, y) => x >= 9 && y >= 9 && x < small.width - 9 && y < small.height - 9),
      small,
      { growPx: 0, featherPx: 0 },
    ).weights;
    const smallSource = photo(small);
    const ring = ringAround(protectedSentPixels(border, small, { left: 0, top: 0, ...small }, small), small);
    const measurable = ring.length;
    expect(measurable).toBe(2 * small.width + 2 * small.height - 4);
    const { colourMatch, composite } = compositeOf(smallSource, castOf(smallSource), border, small, true);
    expect(colourMatch).toEqual({
      kind: 'skipped',
      reason: expect.stringMatching(
        new RegExp(`\\(${measurable} pixels at the size sent; ${MIN_RING_PIXELS} needed\\)`),
      ),
    });
    expectProtectedKept(composite, smallSource, border);
  });

  it('skips a ring that is transparent (a cutout), whose colour means nothing', () => {
    const cutout = source.map((value, index) => (index % 4 === 3 ? 0 : value));
    const { colourMatch } = compositeOf(cutout, model, weights, SIZE, true);
    expect(colourMatch).toMatchObject({ kind: 'skipped' });
  });

  it('measures only an offset on a flat ring, which cannot say how a channel scales', () => {
    const flat = imageOf(SIZE, () => [120, 120, 120]);
    const cast = castOf(withNewContent(flat, mask, newContent));
    const { colourMatch } = compositeOf(flat, cast, weights, SIZE, true);
    expect(colourMatch).toEqual({
      kind: 'applied',
      offset: [-12, 0, 12],
      gain: [1, 1, 1],
      measuredPixels: expect.any(Number),
    });
  });

  it('clamps the gain to its range', () => {
    const faded = source.map((value, index) => (index % 4 === 1 ? 128 + (value - 128) * 0.5 : value));
    const { colourMatch } = compositeOf(source, faded, weights, SIZE, true);
    if (colourMatch.kind !== 'applied') throw new Error(`skipped: ${colourMatch.reason}`);
    expect(colourMatch.gain[1]).toBe(GAIN_LIMITS.max);
    expect(colourMatch.gain[0]).toBe(1);
  });

  it('finds nothing to correct when the model kept the colours', () => {
    const { colourMatch } = compositeOf(source, intended, weights, SIZE, true);
    if (colourMatch.kind !== 'applied') throw new Error(`skipped: ${colourMatch.reason}`);
    expect(isIdentity(colourMatch)).toBe(true);
  });
});

describe('colour match of an outpaint', () => {
  // A 60 x 60 original in the middle of a 120 x 60 canvas; the new areas either side are masked.
  const size = { width: 120, height: 60 };
  const original = { left: 30, top: 0, width: 60, height: 60 };
  const inOriginal = (x: number) => x >= original.left && x < original.left + original.width;
  const source = photo(size, 11);
  const mask = maskOf(size, (x) => !inOriginal(x));
  const { weights } = editWeights(mask, size, SHAPE);
  lockOriginal(weights, size, original, SHAPE.featherPx);

  it('measures on the original’s own border and keeps every pixel of it', () => {
    const whole = { left: 0, top: 0, ...size };
    const ring = ringAround(protectedSentPixels(weights, size, whole, size), size);
    const columns = new Set<number>();
    for (const index of ring) columns.add(index % size.width);
    // The locked original is the reference: a band inside its border on both sides, past the pixels
    // nearest the new area, and nothing of the new area.
    const width = RING_REACH.toPx - RING_REACH.fromPx;
    expect(Math.min(...columns)).toBe(original.left + RING_REACH.fromPx);
    expect(Math.max(...columns)).toBe(original.left + original.width - 1 - RING_REACH.fromPx);
    expect(columns.size).toBe(2 * width);

    const intended = withNewContent(source, mask, (x, y) => [100 + (x % 11), 90 + (y % 13), 170]);
    const { composite, colourMatch } = compositeOf(source, castOf(intended), weights, size, true);
    expect(colourMatch).toMatchObject({ kind: 'applied' });
    expectProtectedKept(composite, source, weights);
    for (let index = 0; index < weights.length; index++) {
      if (inOriginal(index % size.width)) expect(weights[index]).toBe(0);
    }
    const newArea = (index: number) => weights[index] === 255;
    const matched = meanWhere(composite, newArea);
    const meant = meanWhere(intended, newArea);
    for (let channel = 0; channel < 3; channel++) {
      expect(Math.abs(matched[channel]! - meant[channel]!)).toBeLessThan(1.5);
    }
  });
});

describe('ringAround', () => {
  it('flags the protected pixels whose nearest edited one is in its reach, as the slow way does', () => {
    const size = { width: 37, height: 23 };
    const pick = noise(5);
    const protectedSent = Uint8Array.from({ length: size.width * size.height }, () =>
      pick(40) === 0 ? 0 : 1,
    );
    /** Chebyshev distance to the nearest edited pixel, the slow way. */
    const nearest = (index: number) => {
      const [x, y] = [index % size.width, Math.floor(index / size.width)];
      let best = Infinity;
      protectedSent.forEach((flag, other) => {
        if (flag === 1) return;
        const [ox, oy] = [other % size.width, Math.floor(other / size.width)];
        best = Math.min(best, Math.max(Math.abs(ox - x), Math.abs(oy - y)));
      });
      return best;
    };
    const distances = Array.from(protectedSent, (flag, index) => (flag === 0 ? 0 : nearest(index)));
    for (const reach of [
      { fromPx: 0, toPx: 0 },
      { fromPx: 0, toPx: 3 },
      { fromPx: 1, toPx: 4 },
      { fromPx: 2, toPx: 8 },
      RING_REACH,
    ]) {
      const expected = Uint8Array.from(protectedSent, (flag, index) =>
        flag === 1 && distances[index]! > reach.fromPx && distances[index]! <= reach.toPx ? 1 : 0,
      );
      const ring = ringAround(protectedSent, size, reach);
      expect(flagsOf(ring, size)).toEqual(expected);
      // In row order, each pixel once.
      expect([...ring]).toEqual([...ring].sort((a, b) => a - b));
      expect(new Set(ring).size).toBe(ring.length);
    }
  });

  it('refuses flags that do not fit the size', () => {
    expect(() => ringAround(new Uint8Array(10), { width: 4, height: 4 })).toThrow(RangeError);
  });
});

describe('correctColours', () => {
  it('changes only colour, only where the weight reaches, clamped to 0..255', () => {
    const size = { width: 4, height: 2 };
    const weights = Uint8Array.from([0, 255, 128, 1, 0, 0, 255, 0]);
    const area = { left: 1, top: 0, width: 3, height: 2 };
    const model = Uint8ClampedArray.from([
      ...[10, 250, 100, 200],
      ...[20, 30, 40, 50],
      ...[0, 128, 255, 7],
      ...[60, 60, 60, 60],
      ...[250, 5, 100, 9],
      ...[70, 70, 70, 70],
    ]);
    correctColours(model, weights, size, area, { offset: [-12, 10, 0], gain: [1, 1, 1.2] });
    expect([...model]).toEqual([
      ...[0, 255, 120, 200],
      ...[8, 40, 48, 50],
      ...[0, 138, 255, 7],
      ...[60, 60, 60, 60],
      ...[238, 15, 120, 9],
      ...[70, 70, 70, 70],
    ]);
  });

  it('refuses an area that does not fit', () => {
    const correction = { offset: [0, 0, 0], gain: [1, 1, 1] } as const;
    const size = { width: 4, height: 4 };
    expect(() =>
      correctColours(
        new Uint8ClampedArray(16),
        new Uint8Array(16),
        size,
        { left: 2, top: 0, width: 4, height: 1 },
        {
          offset: [...correction.offset],
          gain: [...correction.gain],
        },
      ),
    ).toThrow(RangeError);
  });
});

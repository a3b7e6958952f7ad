import { describe, expect, it } from 'vitest';
import type { PixelBox } from '../../state/mask.ts';
import type { Size } from '../viewport.ts';
import {
  DRIFT_THRESHOLD,
  compositeArea,
  driftAtSent,
  editWeights,
  heatSize,
  protectedSentPixels,
  upscaleCrop,
  weightedBounds,
} from './compositeMath.ts';

const SIZE: Size = { width: 64, height: 48 };
const WHOLE: PixelBox = { left: 0, top: 0, width: SIZE.width, height: SIZE.height };

/** A mask raster in the API's polarity: pixels where `edited` holds are transparent, the rest opaque white. */
function maskOf(size: Size, edited: (x: number, y: number) => boolean): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(size.width * size.height * 4).fill(255);
  for (let y = 0; y < size.height; y++) {
    for (let x = 0; x < size.width; x++) if (edited(x, y)) rgba[(y * size.width + x) * 4 + 3] = 0;
  }
  return rgba;
}

function seededBytes(length: number, seed: number): Uint8ClampedArray {
  const bytes = new Uint8ClampedArray(length);
  let state = seed;
  for (let index = 0; index < length; index++) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    bytes[index] = state >> 23;
  }
  return bytes;
}

/** The smallest box of non-zero weights, found the slow way. */
function boundsOfNonZero(weights: Uint8Array, size: Size): PixelBox | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -1;
  let maxY = -1;
  weights.forEach((weight, index) => {
    if (weight === 0) return;
    const x = index % size.width;
    const y = Math.floor(index / size.width);
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  });
  return maxX < 0 ? null : { left: minX, top: minY, width: maxX - minX + 1, height: maxY - minY + 1 };
}

const at = (x: number, y: number, size: Size = SIZE) => y * size.width + x;

describe('editWeights', () => {
  it('takes the painted pixels exactly with a hard edge, painted meaning alpha below 128', () => {
    const rgba = maskOf(SIZE, (x, y) => (x - 20) ** 2 + (y - 20) ** 2 < 60 || (x > 40 && x < 50 && y > 5));
    rgba[at(2, 2) * 4 + 3] = 127;
    rgba[at(3, 2) * 4 + 3] = 128;
    const { weights, bounds } = editWeights(rgba, SIZE, { growPx: 0, featherPx: 0 });
    const expected = Uint8Array.from({ length: weights.length }, (_, index) =>
      rgba[index * 4 + 3]! < 128 ? 255 : 0,
    );
    expect(weights).toEqual(expected);
    expect(bounds).toEqual({ left: 2, top: 2, width: 48, height: 46 });
  });

  it('has no bounds and no weight for an empty mask', () => {
    const { weights, bounds } = editWeights(
      maskOf(SIZE, () => false),
      SIZE,
      { growPx: 4, featherPx: 8 },
    );
    expect(bounds).toBeNull();
    expect(weights.every((weight) => weight === 0)).toBe(true);
  });

  it.each([2, 3, 5, 9])('grows a single pixel by %i into a disk, not a square', (growPx) => {
    const { weights, bounds } = editWeights(
      maskOf(SIZE, (x, y) => x === 30 && y === 24),
      SIZE,
      { growPx, featherPx: 0 },
    );
    for (let y = 0; y < SIZE.height; y++) {
      for (let x = 0; x < SIZE.width; x++) {
        const inside = (x - 30) ** 2 + (y - 24) ** 2 <= growPx ** 2;
        expect(weights[at(x, y)], `${x},${y}`).toBe(inside ? 255 : 0);
      }
    }
    expect(weights[at(30 + growPx, 24)]).toBe(255);
    expect(weights[at(30 + growPx, 24 + growPx)]).toBe(0);
    expect(bounds).toEqual({
      left: 30 - growPx,
      top: 24 - growPx,
      width: 2 * growPx + 1,
      height: 2 * growPx + 1,
    });
  });

  it('shrinks an edit by its distance to the nearest protected pixel', () => {
    const { weights } = editWeights(
      maskOf(SIZE, (x, y) => x >= 20 && x <= 40 && y >= 10 && y <= 30),
      SIZE,
      { growPx: -3, featherPx: 0 },
    );
    for (let y = 0; y < SIZE.height; y++) {
      for (let x = 0; x < SIZE.width; x++) {
        const toProtected = Math.min(x - 19, 41 - x, y - 9, 31 - y);
        expect(weights[at(x, y)], `${x},${y}`).toBe(toProtected > 3 ? 255 : 0);
      }
    }
  });

  it('does not shrink an edit from the image border it touches', () => {
    const { weights, bounds } = editWeights(
      maskOf(SIZE, (x, y) => x <= 9 && y >= 10 && y <= 30),
      SIZE,
      { growPx: -2, featherPx: 0 },
    );
    expect(weights[at(0, 20)]).toBe(255);
    expect(weights[at(7, 20)]).toBe(255);
    expect(weights[at(8, 20)]).toBe(0);
    expect(weights[at(0, 11)]).toBe(0);
    expect(bounds).toEqual({ left: 0, top: 12, width: 8, height: 17 });
  });

  it('keeps a whole-image edit whole however far it shrinks', () => {
    const { weights, bounds } = editWeights(
      maskOf(SIZE, () => true),
      SIZE,
      { growPx: -10, featherPx: 4 },
    );
    expect(weights.every((weight) => weight === 255)).toBe(true);
    expect(bounds).toEqual(WHOLE);
  });

  it('leaves nothing when the shrink is wider than the edit', () => {
    const { weights, bounds } = editWeights(
      maskOf(SIZE, (x, y) => x >= 10 && x <= 12 && y >= 10 && y <= 12),
      SIZE,
      { growPx: -2, featherPx: 6 },
    );
    expect(bounds).toBeNull();
    expect(weights.every((weight) => weight === 0)).toBe(true);
  });

  it('feathers the shrunk edge from the area that is left', () => {
    const { weights } = editWeights(
      maskOf(SIZE, (x, y) => x >= 20 && x <= 40 && y >= 10 && y <= 30),
      SIZE,
      { growPx: -3, featherPx: 4 },
    );
    // The area left is x 23..37; the band fades over 4 pixels on each side of it.
    expect(weights[at(23, 20)]).toBe(255);
    expect(weights[at(21, 20)]).toBe(128);
    expect(weights[at(19, 20)]).toBe(0);
    expect(weights[at(39, 20)]).toBe(128);
  });

  describe('with a feather', () => {
    const shape = { growPx: 2, featherPx: 8 };
    const { weights, bounds } = editWeights(
      maskOf(SIZE, (x, y) => x === 30 && y === 24),
      SIZE,
      shape,
    );

    it('fades with a smoothstep from the grown edge to exactly 0 at featherPx beyond it', () => {
      for (let y = 0; y < SIZE.height; y++) {
        for (let x = 0; x < SIZE.width; x++) {
          const outside = Math.hypot(x - 30, y - 24) - shape.growPx;
          const t = Math.min(Math.max(outside / shape.featherPx, 0), 1);
          expect(weights[at(x, y)], `${x},${y}`).toBe(Math.round(255 * (1 - t * t * (3 - 2 * t))));
          if (outside >= shape.featherPx) expect(weights[at(x, y)]).toBe(0);
        }
      }
    });

    it('is 255 inside and falls strictly along a ray across the band, ~128 halfway', () => {
      const ray = Array.from({ length: 14 }, (_, step) => weights[at(30 + step, 24)]!);
      expect(ray.slice(0, 3)).toEqual([255, 255, 255]);
      for (let step = 3; step < 10; step++) expect(ray[step]!).toBeLessThan(ray[step - 1]!);
      expect(ray[2 + 4]).toBe(128);
      expect(ray.slice(10)).toEqual([0, 0, 0, 0]);
      const diagonal = Array.from({ length: 8 }, (_, step) => weights[at(30 + step, 24 - step)]!);
      for (let step = 2; step < 8; step++) expect(diagonal[step]!).toBeLessThan(diagonal[step - 1]!);
    });

    it('bounds every non-zero weight tightly', () => {
      expect(bounds).toEqual(boundsOfNonZero(weights, SIZE));
      expect(bounds).toEqual({ left: 21, top: 15, width: 19, height: 19 });
    });
  });

  it('clips the grown area and its bounds at the image edge', () => {
    const { weights, bounds } = editWeights(
      maskOf(SIZE, (x, y) => x >= 60 && y <= 2),
      SIZE,
      { growPx: 3, featherPx: 5 },
    );
    expect(bounds).toEqual(boundsOfNonZero(weights, SIZE));
    expect(bounds).toEqual({ left: 53, top: 0, width: 11, height: 10 });
  });
});

describe('weightedBounds', () => {
  const weights = new Uint8Array(SIZE.width * SIZE.height);
  weights[at(5, 7)] = 1;
  weights[at(40, 30)] = 255;
  weights[at(20, 44)] = 9;

  it.each<[string, PixelBox, PixelBox | null]>([
    ['the whole image', WHOLE, { left: 5, top: 7, width: 36, height: 38 }],
    [
      'a box holding some',
      { left: 10, top: 0, width: 54, height: 40 },
      { left: 40, top: 30, width: 1, height: 1 },
    ],
    ['a box holding none', { left: 41, top: 0, width: 23, height: 48 }, null],
  ])('bounds the non-zero weights inside %s', (_, within, expected) => {
    expect(weightedBounds(weights, SIZE, within)).toEqual(expected);
  });

  it('agrees with editWeights on a feathered edit', () => {
    const { weights: feathered, bounds } = editWeights(
      maskOf(SIZE, (x, y) => (x - 30) ** 2 + (y - 20) ** 2 < 50),
      SIZE,
      { growPx: 1, featherPx: 5 },
    );
    expect(weightedBounds(feathered, SIZE, WHOLE)).toEqual(bounds);
  });
});

describe('protectedSentPixels', () => {
  /** The rule the slow way: a sent pixel is protected when every box pixel its footprint overlaps has weight 0. */
  function expectedProtection(weights: Uint8Array, size: Size, box: PixelBox, sent: Size): Uint8Array {
    const overlaps = (pixel: number, index: number, boxLength: number, sentLength: number) =>
      pixel * sentLength < (index + 1) * boxLength && (pixel + 1) * sentLength > index * boxLength;
    return Uint8Array.from({ length: sent.width * sent.height }, (_, index) => {
      const column = index % sent.width;
      const row = Math.floor(index / sent.width);
      for (let y = 0; y < box.height; y++) {
        if (!overlaps(y, row, box.height, sent.height)) continue;
        for (let x = 0; x < box.width; x++) {
          if (
            overlaps(x, column, box.width, sent.width) &&
            weights[(box.top + y) * size.width + box.left + x]
          ) {
            return 0;
          }
        }
      }
      return 1;
    });
  }

  it.each<[string, Size, PixelBox, Size, [number, number][], number[]]>([
    [
      'as it is',
      { width: 3, height: 1 },
      { left: 0, top: 0, width: 3, height: 1 },
      { width: 3, height: 1 },
      [[1, 0]],
      [1, 0, 1],
    ],
    [
      'halved',
      { width: 4, height: 1 },
      { left: 0, top: 0, width: 4, height: 1 },
      { width: 2, height: 1 },
      [[2, 0]],
      [1, 0],
    ],
    [
      '3 to 2: the middle pixel is under both',
      { width: 3, height: 1 },
      { left: 0, top: 0, width: 3, height: 1 },
      { width: 2, height: 1 },
      [[1, 0]],
      [0, 0],
    ],
    [
      '3 to 2: an end pixel under one',
      { width: 3, height: 1 },
      { left: 0, top: 0, width: 3, height: 1 },
      { width: 2, height: 1 },
      [[2, 0]],
      [1, 0],
    ],
    [
      'doubled',
      { width: 2, height: 1 },
      { left: 0, top: 0, width: 2, height: 1 },
      { width: 4, height: 1 },
      [[1, 0]],
      [1, 1, 0, 0],
    ],
    [
      'a region: only its box counts',
      { width: 6, height: 2 },
      { left: 2, top: 1, width: 4, height: 1 },
      { width: 2, height: 1 },
      [
        [0, 1],
        [1, 1],
        [3, 1],
      ],
      [0, 1],
    ],
    [
      'down both axes',
      { width: 4, height: 4 },
      { left: 0, top: 0, width: 4, height: 4 },
      { width: 2, height: 2 },
      [[3, 1]],
      [1, 0, 1, 1],
    ],
  ])('%s', (_, size, box, sent, weighted, expected) => {
    const weights = new Uint8Array(size.width * size.height);
    for (const [x, y] of weighted) weights[y * size.width + x] = 7;
    expect([...protectedSentPixels(weights, size, box, sent)]).toEqual(expected);
  });

  it.each<[PixelBox, Size]>([
    [WHOLE, { width: 37, height: 29 }],
    [WHOLE, { width: 90, height: 70 }],
    [
      { left: 9, top: 4, width: 41, height: 33 },
      { width: 23, height: 31 },
    ],
    [
      { left: 0, top: 10, width: 64, height: 38 },
      { width: 64, height: 38 },
    ],
  ])('follows the rule on a feathered edit, %o scaled to %o', (box, sent) => {
    const { weights } = editWeights(
      maskOf(SIZE, (x, y) => (x - 30) ** 2 + (y - 24) ** 2 < 40 || (x > 50 && y < 6)),
      SIZE,
      { growPx: 1, featherPx: 4 },
    );
    const found = protectedSentPixels(weights, SIZE, box, sent);
    expect(found).toEqual(expectedProtection(weights, SIZE, box, sent));
    expect(found.includes(0)).toBe(true);
    expect(found.includes(1)).toBe(true);
  });
});

describe('upscaleCrop', () => {
  const big = { left: 0, top: 0, width: 6000, height: 4000 };
  const output = { width: 3520, height: 2352 };

  it.each<[string, PixelBox, PixelBox, Size, PixelBox, PixelBox]>([
    // 6000 / 3520 = 75 / 44 and 4000 / 2352 = 250 / 147: the crop's edges fall on those steps.
    [
      'inside the image',
      { left: 1000, top: 1000, width: 100, height: 100 },
      big,
      output,
      { left: 572, top: 441, width: 88, height: 294 },
      { left: 975, top: 750, width: 150, height: 500 },
    ],
    [
      'at its corner',
      { left: 0, top: 0, width: 10, height: 10 },
      big,
      output,
      { left: 0, top: 0, width: 44, height: 147 },
      { left: 0, top: 0, width: 75, height: 250 },
    ],
    [
      'to the far edges',
      { left: 5990, top: 3990, width: 10, height: 10 },
      big,
      output,
      { left: 3476, top: 2205, width: 44, height: 147 },
      { left: 5925, top: 3750, width: 75, height: 250 },
    ],
    [
      'the whole axis when the sizes share no divisor',
      { left: 60, top: 60, width: 5, height: 10 },
      { left: 10, top: 20, width: 101, height: 50 },
      { width: 97, height: 48 },
      { left: 0, top: 24, width: 97, height: 24 },
      { left: 10, top: 45, width: 101, height: 25 },
    ],
    [
      'a wider reach when the output is larger than the box',
      { left: 50, top: 50, width: 10, height: 10 },
      { left: 0, top: 0, width: 100, height: 100 },
      { width: 300, height: 300 },
      { left: 141, top: 141, width: 48, height: 48 },
      { left: 47, top: 47, width: 16, height: 16 },
    ],
  ])('crops %s', (_, area, box, raw, expectedRaw, expectedNatural) => {
    const crop = upscaleCrop(area, box, raw);
    expect(crop).toEqual({ raw: expectedRaw, natural: expectedNatural });
  });

  it.each<[PixelBox, PixelBox, Size]>([
    [{ left: 1300, top: 870, width: 3401, height: 2271 }, big, output],
    [{ left: 2, top: 3, width: 1, height: 1 }, big, { width: 3527, height: 2351 }],
    [
      { left: 1210, top: 430, width: 700, height: 300 },
      { left: 1000, top: 400, width: 1500, height: 1000 },
      { width: 1536, height: 1024 },
    ],
    [
      { left: 1210, top: 430, width: 700, height: 300 },
      { left: 1000, top: 400, width: 1500, height: 1000 },
      { width: 1024, height: 683 },
    ],
  ])('scales %o exactly as the whole output to the box, with room for the kernel', (area, box, raw) => {
    const crop = upscaleCrop(area, box, raw);
    // Exact ratios, in whole numbers: natural / raw === box / output, and the crop starts where the whole puts it.
    expect(crop.natural.width * raw.width).toBe(crop.raw.width * box.width);
    expect(crop.natural.height * raw.height).toBe(crop.raw.height * box.height);
    expect((crop.natural.left - box.left) * raw.width).toBe(crop.raw.left * box.width);
    expect((crop.natural.top - box.top) * raw.height).toBe(crop.raw.top * box.height);
    expect(crop.raw.left).toBeGreaterThanOrEqual(0);
    expect(crop.raw.left + crop.raw.width).toBeLessThanOrEqual(raw.width);
    expect(crop.raw.top + crop.raw.height).toBeLessThanOrEqual(raw.height);
    // Three output pixels of kernel room past the area's footprint, unless the output ends first.
    const scaleX = raw.width / box.width;
    const scaleY = raw.height / box.height;
    expect(crop.raw.left).toBeLessThanOrEqual(Math.max(0, (area.left - box.left) * scaleX - 3));
    expect(crop.raw.top).toBeLessThanOrEqual(Math.max(0, (area.top - box.top) * scaleY - 3));
    expect(crop.raw.left + crop.raw.width).toBeGreaterThanOrEqual(
      Math.min(raw.width, (area.left - box.left + area.width) * scaleX + 3),
    );
    expect(crop.raw.top + crop.raw.height).toBeGreaterThanOrEqual(
      Math.min(raw.height, (area.top - box.top + area.height) * scaleY + 3),
    );
  });
});

describe('compositeArea', () => {
  const source = seededBytes(SIZE.width * SIZE.height * 4, 1);
  const untouched = source.slice();

  /** The rule, written the slow way: source + (model - source) * w / 255, rounded. */
  function expectedComposite(model: Uint8ClampedArray, weights: Uint8Array, area: PixelBox) {
    const expected = model.slice();
    for (let y = 0; y < area.height; y++) {
      for (let x = 0; x < area.width; x++) {
        const weight = weights[at(area.left + x, area.top + y)]!;
        for (let channel = 0; channel < 4; channel++) {
          const from = source[at(area.left + x, area.top + y) * 4 + channel]!;
          const index = (y * area.width + x) * 4 + channel;
          expected[index] = Math.round(from + ((model[index]! - from) * weight) / 255);
        }
      }
    }
    return expected;
  }

  it.each<[string, PixelBox]>([
    ['the whole image', WHOLE],
    ['an area away from the origin', { left: 10, top: 5, width: 20, height: 15 }],
  ])('blends by weight over %s', (_, area) => {
    const model = seededBytes(area.width * area.height * 4, 2);
    const weights = Uint8Array.from({ length: SIZE.width * SIZE.height }, (_, index) => (index * 37) % 256);
    const expected = expectedComposite(model, weights, area);
    compositeArea(model, source, weights, SIZE, area);
    expect(model).toEqual(expected);
    expect(source).toEqual(untouched);
  });

  it('keeps every protected pixel bit-identical after a real feathered edit', () => {
    const { weights, bounds } = editWeights(
      maskOf(SIZE, (x, y) => (x - 32) ** 2 + (y - 24) ** 2 < 100),
      SIZE,
      { growPx: 2, featherPx: 6 },
    );
    const area = bounds!;
    const model = seededBytes(area.width * area.height * 4, 3);
    const original = model.slice();
    compositeArea(model, source, weights, SIZE, area);
    let kept = 0;
    for (let y = 0; y < area.height; y++) {
      for (let x = 0; x < area.width; x++) {
        const pixel = model.subarray((y * area.width + x) * 4, (y * area.width + x) * 4 + 4);
        const weight = weights[at(area.left + x, area.top + y)];
        if (weight === 0) {
          kept++;
          expect(pixel).toEqual(
            source.subarray(at(area.left + x, area.top + y) * 4, at(area.left + x, area.top + y) * 4 + 4),
          );
        } else if (weight === 255) {
          expect(pixel).toEqual(original.subarray((y * area.width + x) * 4, (y * area.width + x) * 4 + 4));
        }
      }
    }
    expect(kept).toBeGreaterThan(0);
  });

  it('reads a source that does not start on a word boundary', () => {
    const area = { left: 3, top: 4, width: 30, height: 20 };
    const weights = Uint8Array.from({ length: SIZE.width * SIZE.height }, (_, index) => (index * 11) % 256);
    const unaligned = new Uint8ClampedArray(new ArrayBuffer(source.length + 1), 1, source.length);
    unaligned.set(source);
    const fromAligned = seededBytes(area.width * area.height * 4, 6);
    const fromUnaligned = fromAligned.slice();
    compositeArea(fromAligned, source, weights, SIZE, area);
    compositeArea(fromUnaligned, unaligned, weights, SIZE, area);
    expect(fromUnaligned).toEqual(fromAligned);
  });

  it.each<[string, PixelBox, number]>([
    ['a model that does not match its area', { left: 0, top: 0, width: 10, height: 10 }, 396],
    ['an area past the image', { left: 60, top: 0, width: 10, height: 10 }, 400],
  ])('refuses %s', (_, area, modelBytes) => {
    expect(() =>
      compositeArea(new Uint8ClampedArray(modelBytes), source, new Uint8Array(64 * 48), SIZE, area),
    ).toThrow(RangeError);
  });
});

describe('driftAtSent', () => {
  const options = { threshold: DRIFT_THRESHOLD, heatLongEdge: 1000 };
  /** What was sent, as it is: the whole image at its own size, every byte 100. */
  const sentSource = new Uint8ClampedArray(SIZE.width * SIZE.height * 4).fill(100);

  /** An output at `sent` like what was sent, with `changes` ([x, y, channel, delta] in sent pixels) applied. */
  function outputWith(sent: Size, changes: [number, number, number, number][]) {
    const output = new Uint8ClampedArray(sent.width * sent.height * 4).fill(100);
    for (const [x, y, channel, delta] of changes) output[(y * sent.width + x) * 4 + channel] = 100 + delta;
    return output;
  }

  /** Protected everywhere but the 10x10 square at 40..49, 10..19. */
  const protectedSent = Uint8Array.from({ length: SIZE.width * SIZE.height }, (_, index) => {
    const x = index % SIZE.width;
    const y = Math.floor(index / SIZE.width);
    return x >= 40 && x < 50 && y >= 10 && y < 20 ? 0 : 1;
  });
  const asItIs = (output: Uint8ClampedArray, heatLongEdge = options.heatLongEdge) =>
    driftAtSent(sentSource, output, protectedSent, SIZE, WHOLE, SIZE, { ...options, heatLongEdge });

  it('counts protected pixels drifted strictly beyond the threshold, on any channel', () => {
    const report = asItIs(
      outputWith(SIZE, [
        [1, 1, 0, DRIFT_THRESHOLD],
        [2, 1, 1, -DRIFT_THRESHOLD],
        [3, 1, 2, DRIFT_THRESHOLD + 1],
        [4, 1, 3, -50],
        [5, 1, 1, -(DRIFT_THRESHOLD + 1)],
        [45, 15, 0, 100],
        [40, 12, 0, 100],
      ]),
    );
    expect(report.protectedPixels).toBe(64 * 48 - 100);
    expect(report.driftedPixels).toBe(3);
    expect(report.share).toBeCloseTo(3 / (64 * 48 - 100), 12);
  });

  it('reads images that do not start on a word boundary', () => {
    const output = outputWith(SIZE, [[3, 1, 2, 20]]);
    const unaligned = new Uint8ClampedArray(new ArrayBuffer(output.length + 3), 3, output.length);
    unaligned.set(output);
    expect(asItIs(unaligned).driftedPixels).toBe(1);
  });

  it('reports no share when nothing is protected', () => {
    const report = driftAtSent(
      sentSource,
      outputWith(SIZE, [[5, 5, 0, 99]]),
      new Uint8Array(64 * 48),
      SIZE,
      WHOLE,
      SIZE,
      options,
    );
    expect(report).toMatchObject({ driftedPixels: 0, protectedPixels: 0, share: 0 });
  });

  it('refuses a negative threshold and an output that does not fit', () => {
    expect(() =>
      driftAtSent(sentSource, outputWith(SIZE, []), protectedSent, SIZE, WHOLE, SIZE, {
        ...options,
        threshold: -1,
      }),
    ).toThrow(RangeError);
    expect(() =>
      driftAtSent(
        sentSource,
        outputWith({ width: 64, height: 47 }, []),
        protectedSent,
        SIZE,
        WHOLE,
        SIZE,
        options,
      ),
    ).toThrow(RangeError);
  });

  it.each<[Size, number, Size]>([
    [{ width: 64, height: 48 }, 16, { width: 16, height: 12 }],
    [{ width: 48, height: 64 }, 16, { width: 12, height: 16 }],
    [{ width: 64, height: 48 }, 1000, { width: 64, height: 48 }],
    [{ width: 6000, height: 4000 }, 512, { width: 512, height: 341 }],
    [{ width: 4000, height: 10 }, 100, { width: 100, height: 1 }],
  ])('sizes the heatmap of %o with long edge %i as %o', (size, longEdge, expected) => {
    expect(heatSize(size, longEdge)).toEqual(expected);
  });

  it('keeps a single drifted pixel visible in a downscaled heatmap (max-pooling)', () => {
    const { heat } = asItIs(outputWith(SIZE, [[13, 21, 1, 100]]), 8);
    expect([heat.width, heat.height]).toEqual([8, 6]);
    const cell = 2 * 8 + 1;
    expect(heat.rgba.subarray(cell * 4, cell * 4 + 4)).toEqual(new Uint8ClampedArray([255, 0, 0, 255]));
    const otherAlphas = [...heat.rgba].filter((_, index) => index % 4 === 3 && index !== cell * 4 + 3);
    expect(otherAlphas.every((alpha) => alpha === 0)).toBe(true);
  });

  it('ramps from translucent yellow above the threshold to opaque red at 64', () => {
    const { rgba } = asItIs(
      outputWith(SIZE, [
        [0, 0, 0, DRIFT_THRESHOLD],
        [1, 0, 0, DRIFT_THRESHOLD + 1],
        [2, 0, 0, 36],
        [3, 0, 0, 64],
        [4, 0, 0, 120],
      ]),
    ).heat;
    const pixel = (x: number) => [...rgba.subarray(x * 4, x * 4 + 4)];
    expect(pixel(0)).toEqual([0, 0, 0, 0]);
    const [faint, middle, full, beyond] = [pixel(1), pixel(2), pixel(3), pixel(4)];
    expect(faint[0]).toBe(255);
    expect(faint[1]).toBeGreaterThan(240);
    expect(faint[3]).toBeLessThan(128);
    expect(middle[1]).toBeLessThan(faint[1]!);
    expect(middle[3]).toBeGreaterThan(faint[3]!);
    expect(full).toEqual([255, 0, 0, 255]);
    expect(beyond).toEqual([255, 0, 0, 255]);
  });

  it('shows edited pixels as transparent however much they changed', () => {
    const { rgba } = asItIs(
      outputWith(SIZE, [
        [45, 15, 0, 150],
        [40, 15, 0, 150],
      ]),
    ).heat;
    expect(rgba[at(45, 15) * 4 + 3]).toBe(0);
    expect(rgba[at(40, 15) * 4 + 3]).toBe(0);
  });

  it('maps a region sent at another size onto the whole image, the cells its pixels cover', () => {
    // The right half of the image, sent at half its size: each sent pixel covers 2x2 image pixels.
    const box = { left: 32, top: 0, width: 32, height: 48 };
    const sent = { width: 16, height: 24 };
    const sentHalf = new Uint8ClampedArray(16 * 24 * 4).fill(100);
    const report = driftAtSent(
      sentHalf,
      outputWith(sent, [[3, 4, 0, 90]]),
      new Uint8Array(16 * 24).fill(1),
      SIZE,
      box,
      sent,
      options,
    );
    expect(report).toMatchObject({ driftedPixels: 1, protectedPixels: 16 * 24 });
    const { rgba, width, height } = report.heat;
    expect([width, height]).toEqual([64, 48]);
    const red: string[] = [];
    for (let cell = 0; cell < width * height; cell++) {
      if (rgba[cell * 4 + 3] !== 0) red.push(`${cell % width},${Math.floor(cell / width)}`);
    }
    expect(red).toEqual(['38,8', '39,8', '38,9', '39,9']);
  });

  it('agrees with the rule written the slow way on random images, across thresholds', () => {
    const sent = { width: 23, height: 17 };
    const box = { left: 5, top: 3, width: 46, height: 34 };
    const from = seededBytes(sent.width * sent.height * 4, 41);
    const noise = seededBytes(from.length, 42);
    const output = from.map((value, index) => value + (noise[index]! % 41) - 20);
    for (let index = 0; index < 40; index++) output[index] = from[index]!;
    const protection = Uint8Array.from(seededBytes(sent.width * sent.height, 43), (value) =>
      value < 200 ? 1 : 0,
    );
    const heatLongEdge = 16;
    const heat = heatSize(SIZE, heatLongEdge);
    for (const threshold of [0, 3.5, DRIFT_THRESHOLD, 19, 254, 255, 300]) {
      let drifted = 0;
      let kept = 0;
      const cells = new Uint8Array(heat.width * heat.height);
      for (let index = 0; index < sent.width * sent.height; index++) {
        if (!protection[index]) continue;
        kept++;
        let difference = 0;
        for (let channel = 0; channel < 4; channel++) {
          difference = Math.max(
            difference,
            Math.abs(from[index * 4 + channel]! - output[index * 4 + channel]!),
          );
        }
        if (difference <= threshold) continue;
        drifted++;
        // The footprint: image pixels box.left + column * 2 .. + 2, rows likewise; each cell is 4x4 image pixels.
        const column = index % sent.width;
        const row = Math.floor(index / sent.width);
        for (let y = box.top + row * 2; y < box.top + row * 2 + 2; y++) {
          for (let x = box.left + column * 2; x < box.left + column * 2 + 2; x++) {
            const cell = Math.floor(y / 4) * heat.width + Math.floor(x / 4);
            cells[cell] = Math.max(cells[cell]!, difference);
          }
        }
      }
      const report = driftAtSent(from, output, protection, SIZE, box, sent, { threshold, heatLongEdge });
      expect(report.protectedPixels, `threshold ${threshold}`).toBe(kept);
      expect(report.driftedPixels, `threshold ${threshold}`).toBe(drifted);
      const shown = [...cells].map((difference) => (difference > threshold ? 1 : 0));
      expect(
        [...report.heat.rgba].filter((_, index) => index % 4 === 3).map((alpha) => (alpha > 0 ? 1 : 0)),
        `threshold ${threshold}`,
      ).toEqual(shown);
      if (threshold === DRIFT_THRESHOLD) expect(drifted).toBeGreaterThan(0);
    }
  });
});

describe('a large image', () => {
  it('composites a feathered elliptical edit on 2000x1500 sent at half size', () => {
    const size = { width: 2000, height: 1500 };
    const whole = { left: 0, top: 0, width: size.width, height: size.height };
    const sent = { width: 1000, height: 750 };
    const mask = maskOf(size, (x, y) => ((x - 1000) / 600) ** 2 + ((y - 750) / 400) ** 2 <= 1);
    const { weights, bounds } = editWeights(mask, size, { growPx: 4, featherPx: 8 });
    expect(bounds).toEqual({ left: 389, top: 339, width: 1223, height: 823 });
    const area = weightedBounds(weights, size, whole)!;
    expect(area).toEqual(bounds);

    const protection = protectedSentPixels(weights, size, whole, sent);
    expect(protection[375 * 1000 + 500]).toBe(0);
    expect(protection[0]).toBe(1);
    const drift = driftAtSent(
      seededBytes(sent.width * sent.height * 4, 4),
      seededBytes(sent.width * sent.height * 4, 5),
      protection,
      size,
      whole,
      sent,
      { threshold: DRIFT_THRESHOLD, heatLongEdge: 256 },
    );
    expect([drift.heat.width, drift.heat.height]).toEqual([256, 192]);
    expect(drift.share).toBeGreaterThan(0.9);

    const source = seededBytes(size.width * size.height * 4, 6);
    const model = seededBytes(area.width * area.height * 4, 7);
    const original = model.slice();
    compositeArea(model, source, weights, size, area);
    expect(model.subarray(0, 4)).toEqual(source.subarray(at(389, 339, size) * 4, at(389, 339, size) * 4 + 4));
    const centre = ((750 - area.top) * area.width + (1000 - area.left)) * 4;
    expect(model.subarray(centre, centre + 4)).toEqual(original.subarray(centre, centre + 4));
  });
});

import { describe, expect, it } from 'vitest';
import type { PixelBox } from '../../state/mask.ts';
import type { Size } from '../viewport.ts';
import {
  DRIFT_THRESHOLD,
  blendInto,
  driftAndBlend,
  driftOf,
  editWeights,
  heatSize,
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

describe('blendInto', () => {
  const source = seededBytes(SIZE.width * SIZE.height * 4, 1);

  /** The rule, written the slow way: source + (model - source) * w / 255, rounded. */
  function expectedComposite(model: Uint8ClampedArray, weights: Uint8Array, box: PixelBox) {
    const expected = source.slice();
    for (let y = 0; y < box.height; y++) {
      for (let x = 0; x < box.width; x++) {
        const weight = weights[at(box.left + x, box.top + y)]!;
        for (let channel = 0; channel < 4; channel++) {
          const index = at(box.left + x, box.top + y) * 4 + channel;
          const from = source[index]!;
          const to = model[(y * box.width + x) * 4 + channel]!;
          expected[index] = Math.round(from + ((to - from) * weight) / 255);
        }
      }
    }
    return expected;
  }

  it.each<[string, PixelBox]>([
    ['the whole image', WHOLE],
    ['a region away from the origin', { left: 10, top: 5, width: 20, height: 15 }],
  ])('blends by weight over %s', (_, box) => {
    const model = seededBytes(box.width * box.height * 4, 2);
    // Every weight, 0 and 255 included, and non-zero outside the box too: blendInto must still not touch it.
    const weights = Uint8Array.from({ length: SIZE.width * SIZE.height }, (_, index) => (index * 37) % 256);
    const target = source.slice();
    blendInto(target, model, weights, SIZE, box);
    expect(target).toEqual(expectedComposite(model, weights, box));

    for (let y = 0; y < SIZE.height; y++) {
      for (let x = 0; x < SIZE.width; x++) {
        const index = at(x, y);
        const inBox = x >= box.left && x < box.left + box.width && y >= box.top && y < box.top + box.height;
        const pixel = target.subarray(index * 4, index * 4 + 4);
        if (!inBox || weights[index] === 0) expect(pixel).toEqual(source.subarray(index * 4, index * 4 + 4));
        else if (weights[index] === 255) {
          const from = ((y - box.top) * box.width + (x - box.left)) * 4;
          expect(pixel).toEqual(model.subarray(from, from + 4));
        }
      }
    }
  });

  it('keeps every protected pixel bit-identical after a real feathered edit', () => {
    const { weights } = editWeights(
      maskOf(SIZE, (x, y) => (x - 32) ** 2 + (y - 24) ** 2 < 100),
      SIZE,
      { growPx: 2, featherPx: 6 },
    );
    const target = source.slice();
    blendInto(target, seededBytes(source.length, 3), weights, SIZE, WHOLE);
    let keptPixels = 0;
    for (let index = 0; index < weights.length; index++) {
      if (weights[index] !== 0) continue;
      keptPixels++;
      expect(target.subarray(index * 4, index * 4 + 4)).toEqual(source.subarray(index * 4, index * 4 + 4));
    }
    expect(keptPixels).toBeGreaterThan((SIZE.width * SIZE.height) / 2);
  });

  it('reads a model that does not start on a word boundary', () => {
    const box = { left: 3, top: 4, width: 30, height: 20 };
    const model = seededBytes(box.width * box.height * 4, 6);
    const unaligned = new Uint8ClampedArray(new ArrayBuffer(model.length + 1), 1, model.length);
    unaligned.set(model);
    const weights = Uint8Array.from({ length: SIZE.width * SIZE.height }, (_, index) => (index * 11) % 256);
    const fromAligned = source.slice();
    const fromUnaligned = source.slice();
    blendInto(fromAligned, model, weights, SIZE, box);
    blendInto(fromUnaligned, unaligned, weights, SIZE, box);
    expect(fromUnaligned).toEqual(fromAligned);
  });

  it('refuses a model that does not match its box', () => {
    const box = { left: 60, top: 0, width: 10, height: 10 };
    expect(() =>
      blendInto(source.slice(), new Uint8ClampedArray(400), new Uint8Array(64 * 48), SIZE, box),
    ).toThrow(RangeError);
  });
});

describe('driftOf', () => {
  const options = { threshold: DRIFT_THRESHOLD, heatLongEdge: 1000 };
  const source = new Uint8ClampedArray(SIZE.width * SIZE.height * 4).fill(100);

  /** The source cut to `box`, with `changes` ([x, y, channel, delta] in image pixels) applied. */
  function modelWith(box: PixelBox, changes: [number, number, number, number][]) {
    const model = new Uint8ClampedArray(box.width * box.height * 4).fill(100);
    for (const [x, y, channel, delta] of changes) {
      model[((y - box.top) * box.width + (x - box.left)) * 4 + channel] = 100 + delta;
    }
    return model;
  }

  const weights = new Uint8Array(SIZE.width * SIZE.height);
  for (let x = 40; x < 50; x++) for (let y = 10; y < 20; y++) weights[at(x, y)] = x === 40 ? 1 : 255;

  it('counts protected pixels drifted strictly beyond the threshold, on any channel', () => {
    const model = modelWith(WHOLE, [
      [1, 1, 0, DRIFT_THRESHOLD],
      [2, 1, 1, -DRIFT_THRESHOLD],
      [3, 1, 2, DRIFT_THRESHOLD + 1],
      [4, 1, 3, -50],
      [5, 1, 1, -(DRIFT_THRESHOLD + 1)],
      [45, 15, 0, 100],
      [40, 12, 0, 100],
    ]);
    const report = driftOf(source, model, weights, SIZE, WHOLE, options);
    expect(report.protectedPixels).toBe(64 * 48 - 100);
    expect(report.driftedPixels).toBe(3);
    expect(report.share).toBeCloseTo(3 / (64 * 48 - 100), 12);
  });

  it('reads images that do not start on a word boundary', () => {
    const model = modelWith(WHOLE, [[3, 1, 2, 20]]);
    const unaligned = new Uint8ClampedArray(new ArrayBuffer(model.length + 3), 3, model.length);
    unaligned.set(model);
    const report = driftOf(source, unaligned, weights, SIZE, WHOLE, options);
    expect(report.driftedPixels).toBe(1);
  });

  it('looks only inside the box', () => {
    const box = { left: 36, top: 8, width: 20, height: 6 };
    const model = modelWith(box, [
      [37, 9, 0, 80],
      [44, 12, 0, 30],
    ]);
    const report = driftOf(source, model, weights, SIZE, box, options);
    expect(report.protectedPixels).toBe(20 * 6 - 10 * 4);
    expect(report.driftedPixels).toBe(1);
    expect(report.share).toBe(1 / 80);
    expect(report.heat.rgba[at(37, 9) * 4 + 3]).toBe(255);
  });

  it('reports no share when nothing in the box is protected', () => {
    const box = { left: 41, top: 10, width: 9, height: 10 };
    const report = driftOf(source, modelWith(box, [[45, 15, 0, 100]]), weights, SIZE, box, options);
    expect(report).toMatchObject({ driftedPixels: 0, protectedPixels: 0, share: 0 });
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

  it('returns the heatmap at its downscaled size', () => {
    const { heat } = driftOf(source, modelWith(WHOLE, []), weights, SIZE, WHOLE, {
      ...options,
      heatLongEdge: 16,
    });
    expect({ width: heat.width, height: heat.height }).toEqual({ width: 16, height: 12 });
    expect(heat.rgba.length).toBe(16 * 12 * 4);
  });

  it('keeps a single drifted pixel visible in a downscaled heatmap (max-pooling)', () => {
    const model = modelWith(WHOLE, [[13, 21, 1, 100]]);
    const { heat } = driftOf(source, model, weights, SIZE, WHOLE, { ...options, heatLongEdge: 8 });
    expect([heat.width, heat.height]).toEqual([8, 6]);
    const cell = 2 * 8 + 1;
    expect(heat.rgba.subarray(cell * 4, cell * 4 + 4)).toEqual(new Uint8ClampedArray([255, 0, 0, 255]));
    const otherAlphas = [...heat.rgba].filter((_, index) => index % 4 === 3 && index !== cell * 4 + 3);
    expect(otherAlphas.every((alpha) => alpha === 0)).toBe(true);
  });

  it('ramps from translucent yellow above the threshold to opaque red at 64', () => {
    const model = modelWith(WHOLE, [
      [0, 0, 0, DRIFT_THRESHOLD],
      [1, 0, 0, DRIFT_THRESHOLD + 1],
      [2, 0, 0, 36],
      [3, 0, 0, 64],
      [4, 0, 0, 120],
    ]);
    const { rgba } = driftOf(source, model, weights, SIZE, WHOLE, options).heat;
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
    const model = modelWith(WHOLE, [
      [45, 15, 0, 150],
      [40, 15, 0, 150],
    ]);
    const { rgba } = driftOf(source, model, weights, SIZE, WHOLE, options).heat;
    expect(rgba[at(45, 15) * 4 + 3]).toBe(0);
    expect(rgba[at(40, 15) * 4 + 3]).toBe(0);
  });
});

describe('driftAndBlend', () => {
  const source = seededBytes(SIZE.width * SIZE.height * 4, 11);
  /** Weights of every kind: long runs of 0 and 255 and a band of everything between. */
  const weights = Uint8Array.from({ length: SIZE.width * SIZE.height }, (_, index) => {
    const x = index % SIZE.width;
    return x < 20 ? 0 : x < 40 ? (index * 37) % 256 : x < 52 ? 255 : index % 3 === 0 ? 0 : 255;
  });
  /** A model near the source (small differences, some beyond the threshold), some pixels equal to it. */
  function modelFor(box: PixelBox, seed: number): Uint8ClampedArray {
    const noise = seededBytes(box.width * box.height * 4, seed);
    const model = new Uint8ClampedArray(noise.length);
    for (let y = 0; y < box.height; y++) {
      for (let x = 0; x < box.width; x++) {
        for (let channel = 0; channel < 4; channel++) {
          const index = (y * box.width + x) * 4 + channel;
          const from = source[at(box.left + x, box.top + y) * 4 + channel]!;
          const change = noise[index]! < 200 ? (noise[index]! % 21) - 10 : noise[index]! - 228;
          model[index] = (x + y) % 7 === 0 ? from : from + change * (noise[index]! % 5 === 0 ? 6 : 1);
        }
      }
    }
    return model;
  }
  function separately(
    model: Uint8ClampedArray,
    box: PixelBox,
    options: { threshold: number; heatLongEdge: number },
  ) {
    const target = source.slice();
    const drift = driftOf(target, model, weights, SIZE, box, options);
    blendInto(target, model, weights, SIZE, box);
    return { target, drift };
  }
  const region: PixelBox = { left: 7, top: 5, width: 41, height: 30 };

  it.each([
    ['the whole image, onto a new image', WHOLE, 'new'],
    ['a region, onto a new image', region, 'new'],
    ['the whole image, in place', WHOLE, 'source'],
    ['a region, in place', region, 'source'],
    ['the whole image, onto its model', WHOLE, 'model'],
  ] as const)('equals driftOf then blendInto over %s', (_, box, onto) => {
    for (const [seed, threshold] of [
      [21, DRIFT_THRESHOLD],
      [22, 0],
      [23, 3.5],
      [24, 30],
      [25, 254],
      [26, 255],
      [27, -1],
    ] as const) {
      const options = { threshold, heatLongEdge: 40 };
      const model = modelFor(box, seed);
      const expected = separately(model, box, options);
      const sourceCopy = source.slice();
      const modelCopy = model.slice();
      const target =
        onto === 'source' ? sourceCopy : onto === 'model' ? modelCopy : new Uint8ClampedArray(source.length);
      const drift = driftAndBlend(sourceCopy, modelCopy, weights, SIZE, box, options, target);
      expect(drift).toEqual(expected.drift);
      expect(target).toEqual(expected.target);
      if (onto !== 'source') expect(sourceCopy).toEqual(source);
      if (onto !== 'model') expect(modelCopy).toEqual(model);
    }
  });

  it('equals driftOf then blendInto on random images, unaligned ones too', () => {
    const box = { left: 3, top: 2, width: 50, height: 40 };
    const model = seededBytes(box.width * box.height * 4, 31);
    const randomWeights = new Uint8Array(seededBytes(SIZE.width * SIZE.height, 32));
    const options = { threshold: DRIFT_THRESHOLD, heatLongEdge: 16 };
    const expectedTarget = source.slice();
    const expectedDrift = driftOf(expectedTarget, model, randomWeights, SIZE, box, options);
    blendInto(expectedTarget, model, randomWeights, SIZE, box);
    const unalignedSource = new Uint8ClampedArray(new ArrayBuffer(source.length + 1), 1, source.length);
    unalignedSource.set(source);
    const unalignedModel = new Uint8ClampedArray(new ArrayBuffer(model.length + 3), 3, model.length);
    unalignedModel.set(model);
    const target = new Uint8ClampedArray(source.length);
    const drift = driftAndBlend(unalignedSource, unalignedModel, randomWeights, SIZE, box, options, target);
    expect(drift).toEqual(expectedDrift);
    expect(drift.driftedPixels).toBeGreaterThan(0);
    expect(target).toEqual(expectedTarget);
  });

  it('refuses a target that does not fit, and a region model as the target', () => {
    const model = modelFor(region, 41);
    const options = { threshold: DRIFT_THRESHOLD, heatLongEdge: 40 };
    expect(() =>
      driftAndBlend(source, model, weights, SIZE, region, options, new Uint8ClampedArray(source.length - 4)),
    ).toThrow(RangeError);
    const unaligned = new Uint8ClampedArray(new ArrayBuffer(source.length + 1), 1, source.length);
    expect(() => driftAndBlend(source, model, weights, SIZE, region, options, unaligned)).toThrow(RangeError);
    expect(() => driftAndBlend(source, model, weights, SIZE, region, options, model)).toThrow(RangeError);
  });
});

describe('a large image', () => {
  it('composites a feathered elliptical edit on 2000x1500', () => {
    const size = { width: 2000, height: 1500 };
    const whole = { left: 0, top: 0, width: size.width, height: size.height };
    const mask = maskOf(size, (x, y) => ((x - 1000) / 600) ** 2 + ((y - 750) / 400) ** 2 <= 1);
    const { weights, bounds } = editWeights(mask, size, { growPx: 4, featherPx: 8 });
    expect(bounds).toEqual({ left: 389, top: 339, width: 1223, height: 823 });
    expect(weights[at(1000, 750, size)]).toBe(255);
    expect(weights[at(0, 0, size)]).toBe(0);

    const source = seededBytes(size.width * size.height * 4, 4);
    const model = seededBytes(size.width * size.height * 4, 5);
    const drift = driftOf(source, model, weights, size, whole, {
      threshold: DRIFT_THRESHOLD,
      heatLongEdge: 256,
    });
    expect([drift.heat.width, drift.heat.height]).toEqual([256, 192]);
    expect(drift.share).toBeGreaterThan(0.9);

    const target = source.slice();
    blendInto(target, model, weights, size, whole);
    expect(target.subarray(0, 4)).toEqual(source.subarray(0, 4));
    const centre = at(1000, 750, size) * 4;
    expect(target.subarray(centre, centre + 4)).toEqual(model.subarray(centre, centre + 4));
  });
});

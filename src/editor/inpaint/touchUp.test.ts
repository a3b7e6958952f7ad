import { describe, expect, it } from 'vitest';
import { driftAtSent } from './compositeMath.ts';
import {
  applyTouchUp,
  coverSegment,
  modelStrokesBounds,
  touchedUpDrift,
  type TouchUpStroke,
} from './touchUp.ts';

const size = { width: 64, height: 48 };

/** A different, position-dependent colour per image, so a pixel's origin can be told from its bytes. */
function image(seed: number, { width, height } = size): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let index = 0; index < width * height; index++) {
    rgba[index * 4] = (index * 7 + seed * 31) % 256;
    rgba[index * 4 + 1] = (index * 13 + seed * 17) % 256;
    rgba[index * 4 + 2] = (seed * 53) % 256;
    rgba[index * 4 + 3] = 255;
  }
  return rgba;
}

const pixel = (rgba: Uint8ClampedArray, x: number, y: number, width = size.width) =>
  Array.from(rgba.subarray((y * width + x) * 4, (y * width + x) * 4 + 4));

/** Distance from a pixel's centre to the segment a→b. */
function distance(x: number, y: number, [ax, ay, bx, by]: number[]) {
  const px = x + 0.5 - ax!;
  const py = y + 0.5 - ay!;
  const dx = bx! - ax!;
  const dy = by! - ay!;
  const along = Math.max(0, Math.min(1, (px * dx + py * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - along * dx, py - along * dy);
}

const stroke = (mode: TouchUpStroke['mode'], points: number[], extra: Partial<TouchUpStroke> = {}) => ({
  id: `${mode}-${points.join('-')}`,
  mode,
  points,
  size: 12,
  hardness: 1,
  ...extra,
});

describe('applyTouchUp', () => {
  it('puts the source’s exact bytes back under a hard restore stroke and leaves the rest as composited', () => {
    const composite = image(1);
    const result = composite.slice();
    const source = image(2);
    const path = [8, 24, 56, 24];
    const restored = applyTouchUp({
      size,
      result,
      source,
      model: null,
      strokes: [stroke('restore', path)],
    });
    for (let y = 0; y < size.height; y++) {
      for (let x = 0; x < size.width; x++) {
        const away = distance(x, y, path);
        const expected = away <= 6 ? pixel(source, x, y) : pixel(composite, x, y);
        expect(pixel(result, x, y), `${x},${y}`).toEqual(expected);
        expect(restored[y * size.width + x]).toBe(away <= 6 ? 1 : 0);
      }
    }
  });

  it('lets the model’s pixels through where it answered, and changes nothing beyond that', () => {
    const composite = image(1);
    const result = composite.slice();
    const area = { left: 16, top: 8, width: 32, height: 32 };
    const model = { rgba: image(3, area), area };
    const path = [4, 20, 60, 20];
    applyTouchUp({ size, result, source: image(2), model, strokes: [stroke('model', path)] });
    for (let y = 0; y < size.height; y++) {
      for (let x = 0; x < size.width; x++) {
        const inArea = x >= 16 && x < 48 && y >= 8 && y < 40;
        const expected =
          distance(x, y, path) <= 6 && inArea
            ? pixel(model.rgba, x - 16, y - 8, area.width)
            : pixel(composite, x, y);
        expect(pixel(result, x, y), `${x},${y}`).toEqual(expected);
      }
    }
  });

  it('fades a soft brush from the target at its core to the composite at its edge', () => {
    const composite = new Uint8ClampedArray(size.width * size.height * 4).fill(0);
    const source = new Uint8ClampedArray(size.width * size.height * 4).fill(200);
    const result = composite.slice();
    // A dab of radius 16 painted fully out to 4 pixels, then fading.
    applyTouchUp({
      size,
      result,
      source,
      model: null,
      strokes: [stroke('restore', [32, 24], { size: 32, hardness: 0.25 })],
    });
    const along = Array.from({ length: 20 }, (_, step) => pixel(result, 32 + step, 24)[0]!);
    expect(along.slice(0, 4).every((value) => value === 200)).toBe(true);
    expect(along[10]).toBeGreaterThan(0);
    expect(along[10]).toBeLessThan(200);
    expect(along.slice(16).every((value) => value === 0)).toBe(true);
    for (let step = 1; step < along.length; step++) expect(along[step]).toBeLessThanOrEqual(along[step - 1]!);
  });

  it('never builds a soft stroke up over itself, as a brush on a canvas does not', () => {
    const soft = { size: 20, hardness: 0 };
    const once = new Uint8ClampedArray(size.width * size.height * 4);
    const twice = once.slice();
    const source = new Uint8ClampedArray(once.length).fill(255);
    applyTouchUp({ size, result: once, source, model: null, strokes: [stroke('restore', [30, 20], soft)] });
    applyTouchUp({
      size,
      result: twice,
      source,
      model: null,
      strokes: [stroke('restore', [30, 20, 30, 20, 30, 20], soft)],
    });
    expect(twice).toEqual(once);
  });

  it('applies strokes in order: the last one over a pixel decides it, and only a full restore counts as restored', () => {
    const area = { left: 0, top: 0, ...size };
    const model = { rgba: image(3), area };
    const source = image(2);
    const restoreThenModel = image(1);
    const marks = applyTouchUp({
      size,
      result: restoreThenModel,
      source,
      model,
      strokes: [stroke('restore', [32, 24]), stroke('model', [32, 24])],
    });
    expect(pixel(restoreThenModel, 32, 24)).toEqual(pixel(model.rgba, 32, 24));
    expect(marks[24 * size.width + 32]).toBe(0);
    const modelThenRestore = image(1);
    const again = applyTouchUp({
      size,
      result: modelThenRestore,
      source,
      model,
      strokes: [stroke('model', [32, 24]), stroke('restore', [32, 24])],
    });
    expect(pixel(modelThenRestore, 32, 24)).toEqual(pixel(source, 32, 24));
    expect(again[24 * size.width + 32]).toBe(1);
  });

  it('paints a view’s smaller copy with the strokes scaled to it', () => {
    const half = { width: 32, height: 24 };
    const result = image(1, half);
    const source = image(2, half);
    applyTouchUp({
      size: half,
      result,
      source,
      model: null,
      strokes: [stroke('restore', [32, 24], { size: 8 })],
      scale: 0.5,
    });
    expect(pixel(result, 16, 12, 32)).toEqual(pixel(source, 16, 12, 32));
    expect(pixel(result, 19, 12, 32)).toEqual(pixel(image(1, half), 19, 12, 32));
  });

  it('refuses pixels that do not fit the size', () => {
    expect(() =>
      applyTouchUp({ size, result: new Uint8ClampedArray(4), source: image(2), model: null, strokes: [] }),
    ).toThrow(RangeError);
  });
});

describe('coverSegment', () => {
  it('reports the box it reached, clipped to the image', () => {
    const buffer = { coverage: new Uint8Array(size.width * size.height), ...size };
    expect(coverSegment(buffer, 2, 2, 10, 2, 4, 1)).toEqual({ left: 0, top: 0, width: 14, height: 6 });
    expect(coverSegment(buffer, -20, -20, -20, -20, 4, 1)).toBeNull();
  });
});

describe('modelStrokesBounds', () => {
  it('covers the model strokes alone, within what the model answered for', () => {
    const within = { left: 10, top: 10, width: 40, height: 30 };
    const strokes = [stroke('restore', [0, 0]), stroke('model', [12, 20, 70, 20])];
    expect(modelStrokesBounds(strokes, size, within)).toEqual({ left: 10, top: 14, width: 40, height: 12 });
    expect(modelStrokesBounds([stroke('restore', [20, 20])], size, within)).toBeNull();
  });
});

describe('touchedUpDrift', () => {
  it('leaves out the drift a restore put back, over the same protected total', () => {
    // Sent as it is: a 64x48 whole image, every pixel protected, the model drifting on the left half.
    const box = { left: 0, top: 0, ...size };
    const sentSource = image(2);
    const model = sentSource.slice();
    for (let y = 0; y < size.height; y++)
      for (let x = 0; x < 32; x++)
        model[(y * size.width + x) * 4] = (model[(y * size.width + x) * 4]! + 100) % 256;
    const protectedSent = new Uint8Array(size.width * size.height).fill(1);
    const options = { threshold: 8, heatLongEdge: 64 };
    const before = driftAtSent(sentSource, model, protectedSent, size, box, size, options);
    expect(before.share).toBeCloseTo(0.5);

    // A restore over the left quarter.
    const restored = new Uint8Array(size.width * size.height);
    for (let y = 0; y < size.height; y++) restored.fill(1, y * size.width, y * size.width + 16);
    const after = touchedUpDrift(sentSource, model, protectedSent, restored, size, box, size, options);
    expect(after.protectedPixels).toBe(size.width * size.height);
    expect(after.driftedPixels).toBe(16 * size.height);
    expect(after.share).toBeCloseTo(0.25);
    // The heat map keeps the unrestored drift and clears the restored.
    expect(after.heat.rgba[(10 * 64 + 5) * 4 + 3]).toBe(0);
    expect(after.heat.rgba[(10 * 64 + 20) * 4 + 3]).toBeGreaterThan(0);

    // With nothing restored it is the paste-back's measure.
    const untouched = touchedUpDrift(
      sentSource,
      model,
      protectedSent,
      new Uint8Array(restored.length),
      size,
      box,
      size,
      options,
    );
    expect(untouched.share).toBe(before.share);
    expect(untouched.heat.rgba).toEqual(before.heat.rgba);
  });
});

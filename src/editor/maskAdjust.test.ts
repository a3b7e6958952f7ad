import { describe, expect, it } from 'vitest';
import { adjustPaint, boxRadii, distanceTo } from './maskAdjust.ts';
import { traceOutline } from './maskOutline.ts';

const [W, H] = [80, 60];

/** An opaque mask (API polarity) with the box painted (alpha 0). */
function maskWith(box: { left: number; top: number; right: number; bottom: number }) {
  const rgba = new Uint8ClampedArray(W * H * 4).fill(255);
  for (let y = box.top; y < box.bottom; y++)
    for (let x = box.left; x < box.right; x++) rgba[(y * W + x) * 4 + 3] = 0;
  return rgba;
}
const alpha = (rgba: Uint8ClampedArray, x: number, y: number) => rgba[(y * W + x) * 4 + 3]!;
const BOX = { left: 30, top: 20, right: 50, bottom: 40 };

describe("grow, shrink and feather of the mask's pixels", () => {
  it('measures true distances', () => {
    const distance = distanceTo((index) => index === 0, 4, 3);
    expect(distance[3]).toBe(3);
    expect(distance[2 * 4 + 3]).toBeCloseTo(Math.hypot(3, 2));
    expect(distanceTo(() => false, 2, 2)[0]).toBe(Infinity);
  });

  it('a grow reaches exactly its amount, round the corners too', () => {
    const rgba = maskWith(BOX);
    adjustPaint(rgba, W, H, { grow: 6 });
    expect([alpha(rgba, 24, 30), alpha(rgba, 23, 30)]).toEqual([0, 255]);
    expect([alpha(rgba, 55, 30), alpha(rgba, 56, 30)]).toEqual([0, 255]);
    // Diagonally off a corner the grown edge is round: (4, 4) away is within 6, (5, 5) is not.
    expect([alpha(rgba, 26, 16), alpha(rgba, 25, 15)]).toEqual([0, 255]);
  });

  it('a shrink takes its amount off every side, and a thin stroke altogether', () => {
    const rgba = maskWith(BOX);
    adjustPaint(rgba, W, H, { grow: -4 });
    expect([alpha(rgba, 33, 30), alpha(rgba, 34, 30)]).toEqual([255, 0]);
    expect([alpha(rgba, 45, 30), alpha(rgba, 46, 30)]).toEqual([0, 255]);
    const thin = maskWith({ left: 10, top: 10, right: 70, bottom: 16 });
    adjustPaint(thin, W, H, { grow: -4 });
    expect(thin.every((value, index) => index % 4 !== 3 || value === 255)).toBe(true);
  });

  it('a feather fades the edge within its amount, leaving the middle and the far away alone', () => {
    const rgba = maskWith(BOX);
    adjustPaint(rgba, W, H, { feather: 9 });
    expect(alpha(rgba, 40, 30)).toBe(0);
    expect(alpha(rgba, 20, 30)).toBe(255);
    const edge = alpha(rgba, 30, 30);
    expect(edge).toBeGreaterThan(60);
    expect(edge).toBeLessThan(200);
    expect(alpha(rgba, 27, 30)).toBeGreaterThan(edge);
    expect(alpha(rgba, 33, 30)).toBeLessThan(edge);
  });

  it('three boxes blur as the Gaussian asked for', () => {
    const radii = boxRadii(3);
    const variance = radii.reduce((sum, r) => sum + ((2 * r + 1) ** 2 - 1) / 12, 0);
    expect(Math.sqrt(variance)).toBeCloseTo(3, 0);
  });
});

describe("the painted area's outline", () => {
  const painted = (rgba: Uint8ClampedArray) => (x: number, y: number) => alpha(rgba, x, y) < 128;

  it('is one closed loop round a box, on its edge', () => {
    const outline = traceOutline(painted(maskWith(BOX)), { width: W, height: H });
    expect(outline).toHaveLength(1);
    const [line] = outline;
    expect([line![0], line![1]]).toEqual([line!.at(-2), line!.at(-1)]);
    const xs = line!.filter((_, index) => index % 2 === 0);
    expect(Math.min(...xs)).toBeCloseTo(30, 0);
    expect(Math.max(...xs)).toBeCloseTo(50, 0);
  });

  it('is two loops round a ring, and nothing for a blank mask', () => {
    const ring = maskWith(BOX);
    for (let y = 25; y < 35; y++) for (let x = 35; x < 45; x++) ring[(y * W + x) * 4 + 3] = 255;
    expect(traceOutline(painted(ring), { width: W, height: H })).toHaveLength(2);
    expect(traceOutline(() => false, { width: W, height: H })).toEqual([]);
  });
});

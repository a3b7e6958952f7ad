import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_ZOOM,
  MIN_ZOOM,
  centredView,
  fitView,
  naturalToScreen,
  orientedSize,
  panBy,
  pinchView,
  screenToNatural,
  wheelZoomFactor,
  zoomAround,
  type View,
} from './viewport.ts';

const stage = { width: 1000, height: 600 };

describe('fitView', () => {
  it('fits a 3000x2000 image inside the stage with a margin, centred', () => {
    const view = fitView({ width: 3000, height: 2000 }, stage, 24);
    expect(view.scale).toBeCloseTo(552 / 2000);
    expect(naturalToScreen({ x: 1500, y: 1000 }, view)).toEqual({ x: 500, y: 300 });
    expect(view.y).toBeCloseTo(24);
  });

  it('never enlarges a small image past 100%', () => {
    expect(fitView({ width: 200, height: 100 }, stage).scale).toBe(1);
  });

  it('100% centres the image at scale 1', () => {
    expect(centredView({ width: 3000, height: 2000 }, stage, 1)).toEqual({ scale: 1, x: -1000, y: -700 });
  });
});

describe('screen and natural pixels', () => {
  it.each<[View, { x: number; y: number }, { x: number; y: number }]>([
    [
      { scale: 1, x: 0, y: 0 },
      { x: 10, y: 20 },
      { x: 10, y: 20 },
    ],
    [
      { scale: 0.25, x: 100, y: 50 },
      { x: 100, y: 50 },
      { x: 0, y: 0 },
    ],
    [
      { scale: 0.25, x: 100, y: 50 },
      { x: 850, y: 550 },
      { x: 3000, y: 2000 },
    ],
    [
      { scale: 4, x: -400, y: -200 },
      { x: 0, y: 0 },
      { x: 100, y: 50 },
    ],
  ])('at %o the screen point %o is natural %o', (view, screen, natural) => {
    expect(screenToNatural(screen, view)).toEqual(natural);
    expect(naturalToScreen(natural, view)).toEqual(screen);
  });

  it('round-trips any point at any zoom and pan', () => {
    fc.assert(
      fc.property(
        fc.double({ min: MIN_ZOOM, max: MAX_ZOOM, noNaN: true }),
        fc.double({ min: -5000, max: 5000, noNaN: true }),
        fc.double({ min: -5000, max: 5000, noNaN: true }),
        fc.double({ min: -5000, max: 5000, noNaN: true }),
        (scale, x, y, px) => {
          const view = { scale, x, y };
          const back = naturalToScreen(screenToNatural({ x: px, y: px / 2 }, view), view);
          expect(back.x).toBeCloseTo(px, 6);
          expect(back.y).toBeCloseTo(px / 2, 6);
        },
      ),
    );
  });
});

describe('zoom and pan', () => {
  it('keeps the natural point under the pointer where it is', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 8, noNaN: true }),
        fc.double({ min: 0.05, max: 8, noNaN: true }),
        fc.double({ min: 0, max: 1000, noNaN: true }),
        fc.double({ min: 0, max: 600, noNaN: true }),
        (from, to, ax, ay) => {
          const view = { scale: from, x: 37, y: -12 };
          const anchor = { x: ax, y: ay };
          const before = screenToNatural(anchor, view);
          const after = screenToNatural(anchor, zoomAround(view, anchor, to));
          expect(after.x).toBeCloseTo(before.x, 6);
          expect(after.y).toBeCloseTo(before.y, 6);
        },
      ),
    );
  });

  it('clamps the zoom', () => {
    expect(zoomAround({ scale: 1, x: 0, y: 0 }, { x: 0, y: 0 }, 1000).scale).toBe(MAX_ZOOM);
    expect(zoomAround({ scale: 1, x: 0, y: 0 }, { x: 0, y: 0 }, 0).scale).toBe(MIN_ZOOM);
  });

  it('zooms in on wheel up, out on wheel down, and harder for a pinch', () => {
    expect(wheelZoomFactor(-100, false)).toBeGreaterThan(1);
    expect(wheelZoomFactor(100, false)).toBeLessThan(1);
    expect(wheelZoomFactor(-10, true)).toBeGreaterThan(wheelZoomFactor(-10, false));
  });

  it('pans by the pointer delta', () => {
    expect(panBy({ scale: 2, x: 10, y: 10 }, { x: -4, y: 6 })).toEqual({ scale: 2, x: 6, y: 16 });
  });
});

describe('pinchView', () => {
  const start: View = { scale: 0.5, x: 100, y: 40 };
  const from = [
    { x: 300, y: 200 },
    { x: 500, y: 200 },
  ] as const;

  it('zooms by the ratio of the fingers’ spread around their midpoint', () => {
    const spread = pinchView(start, from, [
      { x: 200, y: 200 },
      { x: 600, y: 200 },
    ]);
    expect(spread.scale).toBe(1);
    expect(screenToNatural({ x: 400, y: 200 }, spread)).toEqual(screenToNatural({ x: 400, y: 200 }, start));
  });

  it('pans when both fingers move together', () => {
    const moved = pinchView(start, from, [
      { x: 330, y: 150 },
      { x: 530, y: 150 },
    ]);
    expect(moved).toEqual({ scale: 0.5, x: 130, y: -10 });
  });

  it('keeps the natural point under the starting midpoint under the current midpoint', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1000, noNaN: true }), { minLength: 8, maxLength: 8 }),
        ([a, b, c, d, e, f, g, h]) => {
          const begin = [
            { x: a!, y: b! },
            { x: c! + 10, y: d! },
          ] as const;
          const now = [
            { x: e!, y: f! },
            { x: g! + 10, y: h! },
          ] as const;
          const view = pinchView(start, begin, now);
          const before = screenToNatural({ x: (a! + c! + 10) / 2, y: (b! + d!) / 2 }, start);
          const after = screenToNatural({ x: (e! + g! + 10) / 2, y: (f! + h!) / 2 }, view);
          expect(after.x).toBeCloseTo(before.x, 4);
          expect(after.y).toBeCloseTo(before.y, 4);
        },
      ),
    );
  });

  it('clamps the zoom', () => {
    const pinched = pinchView(start, from, [
      { x: 399, y: 200 },
      { x: 400, y: 200 },
    ]);
    expect(pinched.scale).toBe(MIN_ZOOM);
  });
});

describe('orientedSize', () => {
  it.each([
    [1, { width: 4000, height: 3000 }],
    [3, { width: 4000, height: 3000 }],
    [5, { width: 3000, height: 4000 }],
    [6, { width: 3000, height: 4000 }],
    [8, { width: 3000, height: 4000 }],
  ])('orientation %i shows a 4000x3000 file as %o', (orientation, shown) => {
    expect(orientedSize({ width: 4000, height: 3000 }, orientation)).toEqual(shown);
  });
});

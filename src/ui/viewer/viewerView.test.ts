import { describe, expect, it } from 'vitest';
import {
  MAX_VIEWER_ZOOM,
  clampView,
  fitted,
  isZoomedIn,
  overflow,
  panBy,
  stageCentre,
  stepIndex,
  zoomTo,
} from './viewerView.ts';

const stage = { width: 1000, height: 600 };
const image = { width: 2000, height: 1000 };

describe('the viewer at fit', () => {
  it('shows the whole image centred, with a margin', () => {
    const view = fitted(image, stage);
    expect(view.scale).toBeCloseTo(968 / 2000);
    expect(view.x).toBeCloseTo(16);
    expect(view.y).toBeCloseTo((600 - 1000 * view.scale) / 2);
  });

  it('never enlarges an image smaller than the stage', () => {
    expect(fitted({ width: 200, height: 100 }, stage).scale).toBe(1);
  });

  it('is not zoomed in, so arrows move between images', () => {
    expect(isZoomedIn(fitted(image, stage), image, stage)).toBe(false);
  });
});

describe('zoom', () => {
  it('keeps the image point under the anchor still', () => {
    const start = fitted(image, stage);
    const anchor = { x: 300, y: 250 };
    const natural = { x: (anchor.x - start.x) / start.scale, y: (anchor.y - start.y) / start.scale };
    const zoomed = zoomTo(start, 1, anchor, image, stage);
    expect(zoomed.scale).toBe(1);
    expect(zoomed.x + natural.x * zoomed.scale).toBeCloseTo(anchor.x);
    expect(zoomed.y + natural.y * zoomed.scale).toBeCloseTo(anchor.y);
    expect(isZoomedIn(zoomed, image, stage)).toBe(true);
  });

  it.each([
    ['out past fit stops at fit', 0.01, () => fitted(image, stage).scale],
    ['in past the maximum stops there', 1000, () => MAX_VIEWER_ZOOM],
  ])('%s', (_name, scale, expected) => {
    expect(zoomTo(fitted(image, stage), scale, stageCentre(stage), image, stage).scale).toBeCloseTo(
      expected(),
    );
  });
});

describe('pan', () => {
  const atActualSize = zoomTo(fitted(image, stage), 1, stageCentre(stage), image, stage);

  it('moves a zoomed image', () => {
    const moved = panBy(atActualSize, { x: 50, y: -30 }, image, stage);
    expect(moved.x).toBeCloseTo(atActualSize.x + 50);
    expect(moved.y).toBeCloseTo(atActualSize.y - 30);
  });

  it('stops at the image edges, so no backdrop shows on a side it overflows', () => {
    expect(panBy(atActualSize, { x: 5000, y: 5000 }, image, stage)).toEqual({ scale: 1, x: 0, y: 0 });
    expect(panBy(atActualSize, { x: -5000, y: -5000 }, image, stage)).toEqual({
      scale: 1,
      x: 1000 - 2000,
      y: 600 - 1000,
    });
  });

  it('says which ways the image overflows, so only those arrows pan', () => {
    expect(overflow(fitted(image, stage), image, stage)).toEqual({ x: false, y: false });
    expect(overflow(atActualSize, image, stage)).toEqual({ x: true, y: true });
    const square = { width: 800, height: 800 };
    expect(
      overflow(zoomTo(fitted(square, stage), 1, stageCentre(stage), square, stage), square, stage),
    ).toEqual({
      x: false,
      y: true,
    });
  });

  it('keeps an axis the image does not fill centred', () => {
    const wide = { width: 4000, height: 400 };
    const view = clampView({ scale: 1, x: -100, y: -300 }, wide, stage);
    expect(view).toEqual({ scale: 1, x: -100, y: 100 });
  });
});

describe('previous and next', () => {
  it.each([
    [3, 0, 1, 1],
    [3, 2, 1, null],
    [3, 0, -1, null],
    [3, 2, -1, 1],
    [1, 0, 1, null],
  ] as const)('in %i images from %i by %i is %s', (count, index, step, expected) => {
    expect(stepIndex(count, index, step)).toBe(expected);
  });
});

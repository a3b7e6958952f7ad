import { describe, expect, it } from 'vitest';
import {
  SLOT_GAP,
  SLOT_WIDTH,
  STRIP_PADDING,
  clampScroll,
  contentWidth,
  coverCrop,
  displacedSlot,
  dropIndex,
  hitTest,
  removeButtonRect,
  scrollToReveal,
  slotRect,
} from './boardLayout.ts';

const pitch = SLOT_WIDTH + SLOT_GAP;
const centreOf = (index: number) => ({
  x: slotRect(index).x + SLOT_WIDTH / 2,
  y: slotRect(index).y + slotRect(index).height / 2,
});

describe('slots', () => {
  it('lines the thumbnails up left to right, one pitch apart', () => {
    expect(slotRect(0).x).toBe(STRIP_PADDING);
    expect(slotRect(3).x - slotRect(2).x).toBe(pitch);
    expect(contentWidth(0)).toBe(0);
    expect(contentWidth(16)).toBe(slotRect(15).x + SLOT_WIDTH + STRIP_PADDING);
  });
});

describe('hitTest', () => {
  it.each([0, 1, 5, 15])('finds thumbnail %i at its centre', (index) => {
    expect(hitTest(centreOf(index), 16, 0)).toEqual({ index, part: 'thumbnail' });
  });

  it('accounts for the scroll', () => {
    const point = centreOf(6);
    expect(hitTest({ x: point.x - 3 * pitch, y: point.y }, 16, 3 * pitch)).toEqual({
      index: 6,
      part: 'thumbnail',
    });
  });

  it('finds the remove button in the top-right corner', () => {
    const button = removeButtonRect();
    const slot = slotRect(2);
    const point = { x: slot.x + button.x + button.width / 2, y: slot.y + button.y + button.height / 2 };
    expect(hitTest(point, 3, 0)).toEqual({ index: 2, part: 'remove' });
  });

  it.each([
    ['the gap between two thumbnails', { x: slotRect(1).x - SLOT_GAP / 2, y: 40 }, 3],
    ['past the last thumbnail', centreOf(3), 3],
    ['left of the first', { x: 0, y: 40 }, 3],
    ['below the strip', { x: centreOf(0).x, y: 500 }, 3],
  ])('finds nothing in %s', (_name, point, count) => {
    expect(hitTest(point, count, 0)).toBeNull();
  });
});

describe('dropIndex', () => {
  it.each([
    [slotRect(0).x, 0],
    [slotRect(2).x, 2],
    [slotRect(2).x + pitch * 0.49, 2],
    [slotRect(2).x + pitch * 0.51, 3],
    [-500, 0],
    [slotRect(40).x, 4],
  ])('a thumbnail dragged to %d drops into slot %i of 5', (left, slot) => {
    expect(dropIndex(left, 5)).toBe(slot);
  });
});

describe('displacedSlot', () => {
  it('slides the thumbnails between a later drop one place left', () => {
    // Dragging 1 over slot 3: 2 and 3 move left, 0 and 4 stay.
    expect([0, 1, 2, 3, 4].map((index) => displacedSlot(index, 1, 3))).toEqual([0, 3, 1, 2, 4]);
  });

  it('slides the thumbnails between an earlier drop one place right', () => {
    expect([0, 1, 2, 3, 4].map((index) => displacedSlot(index, 3, 0))).toEqual([1, 2, 3, 0, 4]);
  });

  it('moves nothing while the dragged thumbnail is over its own slot', () => {
    expect([0, 1, 2].map((index) => displacedSlot(index, 1, 1))).toEqual([0, 1, 2]);
  });
});

describe('scroll', () => {
  const view = 500;
  it('clamps to the strip', () => {
    expect(clampScroll(-20, 16, view)).toBe(0);
    expect(clampScroll(1e6, 16, view)).toBe(contentWidth(16) - view);
    expect(clampScroll(100, 3, view)).toBe(0);
  });

  it('reveals a thumbnail past the right edge by scrolling just enough', () => {
    const scroll = scrollToReveal(10, 0, 16, view);
    expect(slotRect(10).x + SLOT_WIDTH + STRIP_PADDING - scroll).toBe(view);
  });

  it('reveals a thumbnail past the left edge and leaves a visible one alone', () => {
    expect(scrollToReveal(1, 1000, 16, view)).toBe(slotRect(1).x - STRIP_PADDING);
    expect(scrollToReveal(9, 1000, 16, view)).toBe(1000);
  });
});

describe('coverCrop', () => {
  it('crops the sides of a wide image', () => {
    expect(coverCrop({ width: 3000, height: 2000 }, { width: 100, height: 100 })).toEqual({
      x: 500,
      y: 0,
      width: 2000,
      height: 2000,
    });
  });

  it('crops the top and bottom of a tall image', () => {
    expect(coverCrop({ width: 500, height: 1000 }, { width: 100, height: 50 })).toEqual({
      x: 0,
      y: 375,
      width: 500,
      height: 250,
    });
  });

  it('keeps all of an image of the box’s shape', () => {
    expect(coverCrop({ width: 200, height: 100 }, { width: 100, height: 50 })).toEqual({
      x: 0,
      y: 0,
      width: 200,
      height: 100,
    });
  });
});

import { describe, expect, it } from 'vitest';
import {
  CARD_GAP_PX,
  MIN_CARD_WIDTH_PX,
  estimatedRowHeight,
  gridLayout,
  rowItems,
  rowsToRender,
} from './gridLayout.ts';

describe('gridLayout', () => {
  it.each([
    // width, items → columns, rows
    [0, 10, 1, 10],
    [MIN_CARD_WIDTH_PX - 1, 3, 1, 3],
    [MIN_CARD_WIDTH_PX * 2 + CARD_GAP_PX - 1, 3, 1, 3],
    [MIN_CARD_WIDTH_PX * 2 + CARD_GAP_PX, 3, 2, 2],
    [1392, 5_000, 6, 834],
    [2512, 200, 11, 19],
    [1232, 0, 5, 0],
  ])('lays %i px out for %i results in %i columns and %i rows', (width, items, columns, rows) => {
    const layout = gridLayout(width, items);
    expect(layout).toMatchObject({ columns, rows });
    if (width >= MIN_CARD_WIDTH_PX) expect(layout.cardWidth).toBeGreaterThanOrEqual(MIN_CARD_WIDTH_PX);
  });

  it('fills the width exactly with its columns and gaps', () => {
    const { columns, cardWidth } = gridLayout(1392, 100);
    expect(columns * cardWidth + (columns - 1) * CARD_GAP_PX).toBeCloseTo(1392);
  });

  it('estimates a row as the square preview plus the text under it', () => {
    const layout = gridLayout(1392, 100);
    expect(estimatedRowHeight(layout)).toBeGreaterThan(layout.cardWidth);
  });
});

describe('rowItems', () => {
  it('gives each row its columns of results, the last row what is left', () => {
    const layout = gridLayout(1392, 14);
    expect([0, 1, 2].map((row) => rowItems(row, layout, 14))).toEqual([
      { start: 0, end: 6 },
      { start: 6, end: 12 },
      { start: 12, end: 14 },
    ]);
  });
});

describe('rowsToRender', () => {
  it('adds the row holding the focus when it has scrolled out of view, in order', () => {
    expect(rowsToRender([10, 11, 12], 2, 40)).toEqual([2, 10, 11, 12]);
    expect(rowsToRender([10, 11, 12], 30, 40)).toEqual([10, 11, 12, 30]);
  });

  it('adds nothing when the focused row is in view, gone, or there is no focus', () => {
    expect(rowsToRender([10, 11, 12], 11, 40)).toEqual([10, 11, 12]);
    expect(rowsToRender([0, 1], 7, 2)).toEqual([0, 1]);
    expect(rowsToRender([0, 1], null, 2)).toEqual([0, 1]);
  });
});

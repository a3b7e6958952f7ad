/**
 * The gallery grid's geometry, as pure functions so the virtualised grid and its tests agree: as many
 * columns of cards at least MIN_CARD_WIDTH_PX wide as the width holds (what CSS grid's
 * `repeat(auto-fill, minmax(200px, 1fr))` would lay out), filled row by row.
 */

export const MIN_CARD_WIDTH_PX = 200;
export const CARD_GAP_PX = 16;
/** Below the square preview: two lines of prompt, two of details, and the card's padding (as measured). */
const CARD_TEXT_HEIGHT_PX = 92;

export interface GridLayout {
  columns: number;
  /** Each column's width in CSS pixels. */
  cardWidth: number;
  rows: number;
}

export function gridLayout(width: number, itemCount: number): GridLayout {
  const columns = Math.max(1, Math.floor((width + CARD_GAP_PX) / (MIN_CARD_WIDTH_PX + CARD_GAP_PX)));
  const cardWidth = Math.max(0, (width - CARD_GAP_PX * (columns - 1)) / columns);
  return { columns, cardWidth, rows: Math.ceil(itemCount / columns) };
}

/** The first and one-past-the-last item of a row. */
export function rowItems(row: number, layout: GridLayout, itemCount: number): { start: number; end: number } {
  const start = row * layout.columns;
  return { start, end: Math.min(itemCount, start + layout.columns) };
}

/** A row's height before it is measured: the square preview plus the text under it. */
export function estimatedRowHeight(layout: GridLayout): number {
  return Math.round(layout.cardWidth + CARD_TEXT_HEIGHT_PX);
}

/**
 * The rows to render: the virtualiser's visible and overscanned ones plus the row holding the keyboard
 * focus, so scrolling away with the wheel does not unmount the focused card and drop the focus to the page.
 */
export function rowsToRender(visible: readonly number[], focusedRow: number | null, rows: number): number[] {
  if (focusedRow === null || focusedRow >= rows || visible.includes(focusedRow)) return [...visible];
  return [...visible, focusedRow].sort((a, b) => a - b);
}

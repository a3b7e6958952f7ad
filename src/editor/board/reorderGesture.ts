/**
 * A press on a reference-board thumbnail, from pointer-down to release, as pure steps over the
 * layout: the stage holds the press in state and applies what these return.
 */
import {
  DRAG_THRESHOLD_PX,
  clampScroll,
  dropIndex,
  hitTest,
  slotRect,
  type BoardHit,
  type Point,
} from './boardLayout.ts';

/** While a drag nears an edge of an overflowing strip, each pointer move scrolls this far. */
export const EDGE_SCROLL = { zone: 32, step: 12 };

/** A press on a thumbnail: a click until it travels past the threshold, then a drag. */
export interface Press {
  pointerId: number;
  index: number;
  part: 'thumbnail' | 'remove';
  startX: number;
  /** Where in the thumbnail it was grabbed, so it does not jump to the pointer. */
  grabOffset: number;
  /** The dragged thumbnail's left edge in strip coordinates, once dragging. */
  left: number | null;
}

/** The press that starts where `point` (stage coordinates) hit a thumbnail. */
export function startPress(
  pointerId: number,
  hit: NonNullable<BoardHit>,
  point: Point,
  scroll: number,
): Press {
  return {
    pointerId,
    index: hit.index,
    part: hit.part,
    startX: point.x,
    grabOffset: point.x + scroll - slotRect(hit.index).x,
    left: null,
  };
}

/** How far one pointer move at `x` (stage coordinates) scrolls the strip during a drag. */
export function edgeScrollStep(x: number, viewWidth: number): number {
  if (x < EDGE_SCROLL.zone) return -EDGE_SCROLL.step;
  if (x > viewWidth - EDGE_SCROLL.zone) return EDGE_SCROLL.step;
  return 0;
}

/**
 * The press and scroll after the pointer moves to `x` (stage coordinates): a drag that follows the
 * pointer and scrolls near an edge, or null while the press is still a click inside the threshold.
 */
export function dragPress(
  press: Press,
  x: number,
  scroll: number,
  count: number,
  viewWidth: number,
): { press: Press; scroll: number } | null {
  if (press.left === null && Math.abs(x - press.startX) < DRAG_THRESHOLD_PX) return null;
  const nextScroll = clampScroll(scroll + edgeScrollStep(x, viewWidth), count, viewWidth);
  return { press: { ...press, left: x + nextScroll - press.grabOffset }, scroll: nextScroll };
}

export type PressOutcome = { kind: 'move'; from: number; to: number } | { kind: 'remove'; index: number };

/**
 * What releasing the press at `point` (stage coordinates) does: a drag drops into the slot under it,
 * a click that went down and up on the same × removes, anything else does nothing.
 */
export function releasePress(press: Press, point: Point, count: number, scroll: number): PressOutcome | null {
  if (press.left !== null) {
    // Where the pointer is now, not the last rendered drag: a move may still be waiting to render.
    const to = dropIndex(point.x + scroll - press.grabOffset, count);
    return to === press.index ? null : { kind: 'move', from: press.index, to };
  }
  const hit = hitTest(point, count, scroll);
  if (press.part === 'remove' && hit?.part === 'remove' && hit.index === press.index) {
    return { kind: 'remove', index: press.index };
  }
  return null;
}

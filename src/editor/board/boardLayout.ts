/**
 * Where the reference board draws each thumbnail, and what a point or a drag lands on. Pure, so the
 * geometry the canvas draws and the geometry its pointer handling reads are one and the same.
 *
 * "Content" coordinates run along the whole strip of thumbnails; the stage shows a window of it,
 * `scroll` pixels in.
 */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

export const SLOT_WIDTH = 112;
export const SLOT_HEIGHT = 120;
export const SLOT_GAP = 8;
/** Room around the strip so the focus ring of the first and last thumbnails is not clipped. */
export const STRIP_PADDING = 3;
export const STAGE_HEIGHT = SLOT_HEIGHT + 2 * STRIP_PADDING;
const SLOT_INSET = 6;
const PREVIEW_HEIGHT = 64;
const REMOVE_BUTTON_SIZE = 20;
/** A press that travels less than this is a click (focus, remove), not a drag. */
export const DRAG_THRESHOLD_PX = 4;

const pitch = SLOT_WIDTH + SLOT_GAP;

/** The slot of the thumbnail at `index`, in content coordinates. */
export function slotRect(index: number): Rect {
  return { x: STRIP_PADDING + index * pitch, y: STRIP_PADDING, width: SLOT_WIDTH, height: SLOT_HEIGHT };
}

/** The image preview inside a slot, relative to the slot. */
export function previewRect(): Rect {
  return { x: SLOT_INSET, y: SLOT_INSET, width: SLOT_WIDTH - 2 * SLOT_INSET, height: PREVIEW_HEIGHT };
}

/** The remove button in the preview's top-right corner, relative to the slot. */
export function removeButtonRect(): Rect {
  const preview = previewRect();
  return {
    x: preview.x + preview.width - REMOVE_BUTTON_SIZE - 4,
    y: preview.y + 4,
    width: REMOVE_BUTTON_SIZE,
    height: REMOVE_BUTTON_SIZE,
  };
}

export function contentWidth(count: number): number {
  return count === 0 ? 0 : 2 * STRIP_PADDING + count * SLOT_WIDTH + (count - 1) * SLOT_GAP;
}

export function clampScroll(scroll: number, count: number, viewWidth: number): number {
  return Math.min(Math.max(0, contentWidth(count) - viewWidth), Math.max(0, scroll));
}

/** The least scroll that shows the whole slot at `index`. */
export function scrollToReveal(index: number, scroll: number, count: number, viewWidth: number): number {
  const slot = slotRect(index);
  const left = slot.x - STRIP_PADDING;
  const right = slot.x + slot.width + STRIP_PADDING;
  const revealed = left < scroll ? left : right > scroll + viewWidth ? right - viewWidth : scroll;
  return clampScroll(revealed, count, viewWidth);
}

const contains = (rect: Rect, point: Point) =>
  point.x >= rect.x && point.x < rect.x + rect.width && point.y >= rect.y && point.y < rect.y + rect.height;

export type BoardHit = { index: number; part: 'thumbnail' | 'remove' } | null;

/** What a point on the stage (stage coordinates) is over: a thumbnail, its remove button, or nothing. */
export function hitTest(point: Point, count: number, scroll: number): BoardHit {
  const content = { x: point.x + scroll, y: point.y };
  const index = Math.floor((content.x - STRIP_PADDING) / pitch);
  if (index < 0 || index >= count) return null;
  const slot = slotRect(index);
  if (!contains(slot, content)) return null;
  const button = removeButtonRect();
  const local = { x: content.x - slot.x, y: content.y - slot.y };
  return { index, part: contains(button, local) ? 'remove' : 'thumbnail' };
}

/** The slot a thumbnail dragged with its left edge at `left` (content coordinates) would drop into. */
export function dropIndex(left: number, count: number): number {
  const nearest = Math.round((left - STRIP_PADDING) / pitch);
  return Math.min(Math.max(0, nearest), Math.max(0, count - 1));
}

/**
 * The slot the thumbnail at `index` shows in while the one at `from` is dragged over slot `to`: the
 * thumbnails between the two slide one place to make room.
 */
export function displacedSlot(index: number, from: number, to: number): number {
  if (index === from) return to;
  if (from < to && index > from && index <= to) return index - 1;
  if (from > to && index >= to && index < from) return index + 1;
  return index;
}

/** The part of an image that fills a box of `box`'s shape, centred (CSS `object-fit: cover`). */
export function coverCrop(
  image: { width: number; height: number },
  box: { width: number; height: number },
): Rect {
  const scale = Math.max(box.width / image.width, box.height / image.height);
  const width = Math.min(image.width, box.width / scale);
  const height = Math.min(image.height, box.height / scale);
  return { x: (image.width - width) / 2, y: (image.height - height) / 2, width, height };
}

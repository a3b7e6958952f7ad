/**
 * The mapping between the screen (CSS pixels of the stage) and the first image's natural pixels:
 * screen = natural * scale + offset. Pure, so zoom, pan and orientation rules are tested without a DOM.
 */

export interface Point {
  x: number;
  y: number;
}

export interface Size {
  width: number;
  height: number;
}

export interface View {
  /** Screen pixels per natural pixel. */
  scale: number;
  /** Where the image's top-left corner sits on the stage, in screen pixels. */
  x: number;
  y: number;
}

export const MIN_ZOOM = 0.02;
export const MAX_ZOOM = 32;
/** Room left around a fitted image so its edge stays visible against the backdrop. */
export const FIT_MARGIN_PX = 24;

export function clampZoom(scale: number): number {
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, scale));
}

export function screenToNatural(point: Point, view: View): Point {
  return { x: (point.x - view.x) / view.scale, y: (point.y - view.y) / view.scale };
}

export function naturalToScreen(point: Point, view: View): Point {
  return { x: point.x * view.scale + view.x, y: point.y * view.scale + view.y };
}

/** The whole image centred in the stage, never enlarged past 100%. */
export function fitView(image: Size, stage: Size, margin = FIT_MARGIN_PX): View {
  const room = {
    width: Math.max(1, stage.width - 2 * margin),
    height: Math.max(1, stage.height - 2 * margin),
  };
  const scale = clampZoom(Math.min(1, room.width / image.width, room.height / image.height));
  return centredView(image, stage, scale);
}

/** The image at `scale`, centred in the stage (100% is `centredView(image, stage, 1)`). */
export function centredView(image: Size, stage: Size, scale: number): View {
  return {
    scale,
    x: (stage.width - image.width * scale) / 2,
    y: (stage.height - image.height * scale) / 2,
  };
}

/** Zooms to `scale` keeping the natural point under `anchor` (the pointer) where it is on screen. */
export function zoomAround(view: View, anchor: Point, scale: number): View {
  const next = clampZoom(scale);
  const natural = screenToNatural(anchor, view);
  return { scale: next, x: anchor.x - natural.x * next, y: anchor.y - natural.y * next };
}

/**
 * The zoom factor of one wheel event. Trackpad pinches arrive as wheel events with ctrlKey set (Chrome,
 * Safari, Firefox all do this) and small deltas, so they get a stronger response than a mouse wheel.
 */
export function wheelZoomFactor(deltaY: number, pinch: boolean): number {
  return Math.exp(-deltaY * (pinch ? 0.01 : 0.0015));
}

export function panBy(view: View, delta: Point): View {
  return { ...view, x: view.x + delta.x, y: view.y + delta.y };
}

/**
 * The size an image shows at once its EXIF orientation is applied: orientations 5-8 turn it a quarter,
 * swapping width and height. Browsers apply it when they decode (`image-orientation: from-image`).
 */
export function orientedSize(stored: Size, orientation: number): Size {
  return orientation >= 5 && orientation <= 8 ? { width: stored.height, height: stored.width } : stored;
}

export type TouchPair = readonly [Point, Point];

const midpoint = ([a, b]: TouchPair): Point => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });
const spread = ([a, b]: TouchPair): number => Math.hypot(b.x - a.x, b.y - a.y);

/**
 * A two-finger gesture measured from where it began: the zoom follows the ratio of the fingers' spread
 * and the natural point under their starting midpoint stays under their midpoint now, so spreading
 * zooms and moving both fingers pans. Computed from the start rather than step by step, so rounding
 * never accumulates over a long gesture.
 */
export function pinchView(start: View, from: TouchPair, to: TouchPair): View {
  const scale = clampZoom(start.scale * (spread(to) / Math.max(1, spread(from))));
  const natural = screenToNatural(midpoint(from), start);
  const anchor = midpoint(to);
  return { scale, x: anchor.x - natural.x * scale, y: anchor.y - natural.y * scale };
}

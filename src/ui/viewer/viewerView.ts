/**
 * The full-size viewer's zoom and pan, as pure functions over the editor's view mapping
 * (screen = natural * scale + offset): the image never zooms out past fit, never past MAX_VIEWER_ZOOM in,
 * and never pans so far that backdrop shows on a side it overflows. Tested without a DOM.
 */
import { fitView, zoomAround, type Point, type Size, type View } from '../../editor/viewport.ts';

export const MAX_VIEWER_ZOOM = 16;
/** How far one arrow key press pans, in screen pixels. */
export const PAN_STEP_PX = 80;
/** Room around the fitted image, so its edge shows against the backdrop. */
const FIT_MARGIN_PX = 16;

export function fitted(image: Size, stage: Size): View {
  return fitView(image, stage, FIT_MARGIN_PX);
}

/** One axis: centred when the image is narrower than the stage, else with no gap at either edge. */
function clampAxis(offset: number, imageExtent: number, stageExtent: number): number {
  if (imageExtent <= stageExtent) return (stageExtent - imageExtent) / 2;
  return Math.min(0, Math.max(stageExtent - imageExtent, offset));
}

/** The view moved back inside the rules: scale between fit and the maximum, offsets within the image. */
export function clampView(view: View, image: Size, stage: Size): View {
  const scale = Math.min(MAX_VIEWER_ZOOM, Math.max(fitted(image, stage).scale, view.scale));
  return {
    scale,
    x: clampAxis(view.x, image.width * scale, stage.width),
    y: clampAxis(view.y, image.height * scale, stage.height),
  };
}

/** Zooms to `scale` keeping the image point under `anchor` (the pointer, or the stage's centre) still. */
export function zoomTo(view: View, scale: number, anchor: Point, image: Size, stage: Size): View {
  const bounded = clampView({ ...view, scale }, image, stage).scale;
  return clampView(zoomAround(view, anchor, bounded), image, stage);
}

export function stageCentre(stage: Size): Point {
  return { x: stage.width / 2, y: stage.height / 2 };
}

export function panBy(view: View, delta: Point, image: Size, stage: Size): View {
  return clampView({ ...view, x: view.x + delta.x, y: view.y + delta.y }, image, stage);
}

/** Zoomed in past fit, so a drag pans. */
export function isZoomedIn(view: View, image: Size, stage: Size): boolean {
  return view.scale > fitted(image, stage).scale + 1e-6;
}

/**
 * Which ways the image is larger than the stage: those arrows pan, and ← → step to another image while
 * the image fits across (at 100% a landscape stage often shows a square image's full width).
 */
export function overflow(view: View, image: Size, stage: Size): { x: boolean; y: boolean } {
  return {
    x: image.width * view.scale > stage.width + 0.5,
    y: image.height * view.scale > stage.height + 0.5,
  };
}

/** The index `step` places from `index` in a list of `count`, or null past either end (no wrapping). */
export function stepIndex(count: number, index: number, step: -1 | 1): number | null {
  const next = index + step;
  return next >= 0 && next < count ? next : null;
}

export function percent(view: View): string {
  return `${Math.round(view.scale * 100)}%`;
}

/**
 * The lasso: a freehand outline by default (press, draw, release), or a polygon placed one corner per
 * click when Alt is held at the first press (or the tool is made as the polygon variant). A polygon closes
 * with a click on its first corner, a double click (its second click lands on the last corner) or Enter
 * (`onFinish`). Either way the closed outline becomes one record, filled into the mask or cut out of it as
 * the selection mode says (Alt held while a freehand outline is drawn turns the mode round; a polygon's Alt
 * is its first click's); Escape drops it.
 * The gesture lives in the closure, so every tool made here has its own.
 */
import { outlineArea, type StrokeMode } from '../../../state/mask.ts';
import type { Point } from '../../viewport.ts';
import type { MaskTool, ToolContext, ToolPointer } from '../types.ts';

/** Freehand points closer than this (in screen pixels) add nothing visible and only make the record bigger. */
const MIN_SCREEN_STEP_PX = 2;
/** A polygon click this close (in screen pixels) to its first corner closes it. */
const CLOSE_SCREEN_PX = 8;
/** A polygon click this close to its last corner is the second click of a double click: it closes too. */
const DOUBLE_CLICK_SCREEN_PX = 4;
/** An outline enclosing less than this on screen (square pixels) is a slip of the hand, not an area. */
const MIN_SCREEN_AREA_PX = 16;

export type LassoVariant = 'freehand' | 'polygon';

interface Gesture {
  polygon: boolean;
  /** Flat natural pixels, as the record keeps them. */
  points: number[];
  /** Where the pointer is while a polygon waits for its next corner. */
  hover: Point | null;
  /** Alt was held while a freehand outline was drawn: it takes from the mask rather than adding. */
  turned: boolean;
}

const screenDistance = (context: ToolContext, points: readonly number[], index: number, to: Point) =>
  Math.hypot(points[index]! - to.x, points[index + 1]! - to.y) * context.view.scale;

/** The outline as it is kept: rounded to hundredths, without repeated corners; null when it encloses nothing. */
function outlineToCommit(context: ToolContext, points: readonly number[]): number[] | null {
  const rounded = points.map((value) => Math.round(value * 100) / 100);
  const kept: number[] = [];
  for (let index = 0; index < rounded.length; index += 2) {
    const [x, y] = [rounded[index]!, rounded[index + 1]!];
    if (kept.length > 0 && kept.at(-2) === x && kept.at(-1) === y) continue;
    kept.push(x, y);
  }
  // The outline closes on its first point: a last point on top of it is no corner of its own.
  if (kept.length > 2 && kept[0] === kept.at(-2) && kept[1] === kept.at(-1)) kept.length -= 2;
  if (kept.length < 6) return null;
  const area = outlineArea(kept);
  if (area * context.view.scale ** 2 < MIN_SCREEN_AREA_PX) return null;
  return kept;
}

export function createLassoTool(
  options: { mode?: StrokeMode; variant?: LassoVariant } = {},
): MaskTool & { onFinish: (context: ToolContext) => void; open: () => boolean } {
  const { variant = 'freehand' } = options;
  /** The mode made for, or the selection mode at the time of committing. */
  const modeOf = (context: ToolContext, turned: boolean): StrokeMode => {
    const adds = (options.mode ?? (context.selectionMode === 'subtract' ? 'erase' : 'paint')) === 'paint';
    return adds !== turned ? 'paint' : 'erase';
  };
  let gesture: Gesture | null = null;

  const show = (context: ToolContext) => {
    const { liveOutline } = context;
    if (!gesture) {
      liveOutline.points([]);
      liveOutline.visible(false);
    } else {
      const { points, hover } = gesture;
      liveOutline.points(hover ? [...points, hover.x, hover.y] : points);
      liveOutline.visible(true);
    }
    liveOutline.getLayer()?.batchDraw();
  };

  const finish = (context: ToolContext) => {
    if (!gesture) return;
    const points = outlineToCommit(context, gesture.points);
    const mode = modeOf(context, gesture.turned);
    gesture = null;
    show(context);
    if (points) context.commit({ kind: 'lasso', id: crypto.randomUUID(), points, mode });
  };

  const addCorner = (context: ToolContext, pointer: ToolPointer) => {
    const { points } = gesture!;
    const at = pointer.natural;
    const corners = points.length / 2;
    if (corners >= 3 && screenDistance(context, points, 0, at) <= CLOSE_SCREEN_PX) return finish(context);
    if (screenDistance(context, points, points.length - 2, at) <= DOUBLE_CLICK_SCREEN_PX) {
      return finish(context);
    }
    points.push(at.x, at.y);
    gesture!.hover = at;
    show(context);
  };

  return {
    id: 'lasso',
    cursor: 'crosshair',
    onPointerDown(context, pointer) {
      if (gesture?.polygon) return addCorner(context, pointer);
      const { x, y } = pointer.natural;
      const polygon = variant === 'polygon' || pointer.alt === true;
      gesture = { polygon, points: [x, y], hover: null, turned: false };
      show(context);
    },
    onPointerMove(context, pointer) {
      if (!gesture) return;
      if (gesture.polygon) {
        gesture.hover = pointer.natural;
        show(context);
        return;
      }
      if (pointer.alt) gesture.turned = true;
      const { points } = gesture;
      if (screenDistance(context, points, points.length - 2, pointer.natural) < MIN_SCREEN_STEP_PX) return;
      points.push(pointer.natural.x, pointer.natural.y);
      show(context);
    },
    onPointerUp(context, pointer) {
      // A polygon stays open between clicks; a freehand outline closes when the button is let go.
      if (gesture && !gesture.polygon) {
        if (pointer.alt) gesture.turned = true;
        finish(context);
      }
    },
    onCancel(context) {
      gesture = null;
      show(context);
    },
    onFinish: finish,
    open: () => gesture?.polygon === true,
  };
}

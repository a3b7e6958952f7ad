/**
 * Dragging an edge of the canvas outward to extend it (outpainting). A tab sits just outside the middle of
 * each edge of the canvas (the image's own edges while nothing is pending), in the margin the fitted view
 * leaves, so it is found where a designer looks for it and never under the brush. The gesture is a tool the
 * stage takes up for one press (design.md §4); the canvas it makes obeys `dragCanvasEdge`'s limits all the
 * way, and the result is the pending extension Extend canvas applies.
 */
import type { SizeRule } from '../contract/index.ts';
import type { PixelBox } from '../state/mask.ts';
import { dragCanvasEdge, type CanvasEdge, type ExtendedCanvas } from '../state/outpaint.ts';
import type { MaskTool } from './tools/types.ts';
import type { Point, Size, View } from './viewport.ts';

export const CANVAS_EDGES: readonly CanvasEdge[] = ['top', 'right', 'bottom', 'left'];
/** A tab's length and thickness on screen, and its gap from the edge. */
export const TAB_LENGTH_PX = 40;
export const TAB_THICKNESS_PX = 6;
const TAB_GAP_PX = 6;
/** How far around a tab a press still takes it, in screen pixels. */
const TAB_GRAB_PX = 8;

/** The canvas in the image's natural pixels: the original at (0, 0), the new area at negative offsets. */
export function canvasBoxOf(image: Size, extension: ExtendedCanvas | null): PixelBox {
  if (!extension) return { left: 0, top: 0, ...image };
  return {
    left: -extension.original.left,
    top: -extension.original.top,
    width: extension.canvas.width,
    height: extension.canvas.height,
  };
}

/** A tab's rectangle in natural pixels at `scale`: centred on its edge, just outside it. */
export function edgeTab(box: PixelBox, edge: CanvasEdge, scale: number): PixelBox {
  const [length, thickness, gap] = [TAB_LENGTH_PX / scale, TAB_THICKNESS_PX / scale, TAB_GAP_PX / scale];
  const [middleX, middleY] = [box.left + box.width / 2, box.top + box.height / 2];
  switch (edge) {
    case 'top':
      return { left: middleX - length / 2, top: box.top - gap - thickness, width: length, height: thickness };
    case 'bottom':
      return {
        left: middleX - length / 2,
        top: box.top + box.height + gap,
        width: length,
        height: thickness,
      };
    case 'left':
      return {
        left: box.left - gap - thickness,
        top: middleY - length / 2,
        width: thickness,
        height: length,
      };
    case 'right':
      return {
        left: box.left + box.width + gap,
        top: middleY - length / 2,
        width: thickness,
        height: length,
      };
  }
}

/** The edge whose tab is under a point on screen, or null. */
export function canvasEdgeAt(box: PixelBox, view: View, screen: Point): CanvasEdge | null {
  const natural = { x: (screen.x - view.x) / view.scale, y: (screen.y - view.y) / view.scale };
  const grab = TAB_GRAB_PX / view.scale;
  return (
    CANVAS_EDGES.find((edge) => {
      const tab = edgeTab(box, edge, view.scale);
      return (
        natural.x >= tab.left - grab &&
        natural.x <= tab.left + tab.width + grab &&
        natural.y >= tab.top - grab &&
        natural.y <= tab.top + tab.height + grab
      );
    }) ?? null
  );
}

export const edgeCursor = (edge: CanvasEdge) =>
  edge === 'left' || edge === 'right' ? 'ew-resize' : 'ns-resize';

export interface ExtendGestureDeps {
  image: Size;
  /** The extension pending when the press begins; null for none. */
  from: ExtendedCanvas | null;
  edge: CanvasEdge;
  rule: SizeRule;
  /** Draws the canvas being dragged out, in place. */
  show: (extension: ExtendedCanvas | null) => void;
  /** Settles the extension where the edge was let go, once. */
  settle: (extension: ExtendedCanvas | null) => void;
}

/** How far outside the image's own edge the canvas's edge lies, in natural pixels. */
function marginOf(image: Size, extension: ExtendedCanvas | null, edge: CanvasEdge): number {
  if (!extension) return 0;
  const { canvas, original } = extension;
  if (edge === 'left') return original.left;
  if (edge === 'top') return original.top;
  if (edge === 'right') return canvas.width - original.left - image.width;
  return canvas.height - original.top - image.height;
}

export function createExtendGesture(deps: ExtendGestureDeps): MaskTool {
  let from: Point | null = null;
  const startMargin = marginOf(deps.image, deps.from, deps.edge);
  const follow = (to: Point): ExtendedCanvas | null => {
    if (!from) return deps.from;
    const outward = {
      left: from.x - to.x,
      right: to.x - from.x,
      top: from.y - to.y,
      bottom: to.y - from.y,
    }[deps.edge];
    return dragCanvasEdge(deps.image, deps.from, deps.edge, startMargin + outward, deps.rule);
  };
  return {
    id: 'extend-canvas',
    cursor: edgeCursor(deps.edge),
    onPointerDown(_context, pointer) {
      from = pointer.natural;
    },
    onPointerMove(_context, pointer) {
      deps.show(follow(pointer.natural));
    },
    onPointerUp(_context, pointer) {
      deps.settle(follow(pointer.natural));
      from = null;
    },
    onCancel() {
      from = null;
      deps.show(deps.from);
    },
  };
}

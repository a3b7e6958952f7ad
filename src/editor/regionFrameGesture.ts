/**
 * Moving and resizing the region frame on the mask canvas. The frame takes the pointer only on its outline,
 * its size tab and its handles, so the brush still paints everywhere inside it (the mask is usually there):
 * as with InvokeAI's bounding box and Photoshop's crop frame, the border moves it and the handles resize it,
 * and the cursor says which before the press. The gesture is a tool (design.md §4) the stage takes up for one
 * press; the frame stays whole-pixel, inside the image and around the mask all the way (region.ts).
 */
import type { SizeRule } from '../contract/index.ts';
import type { PixelBox } from '../state/mask.ts';
import { labelTabBox } from './canvasLabel.tsx';
import { dragFrame, regionPlan, type FrameHandle } from './inpaint/region.ts';
import type { MaskTool } from './tools/types.ts';
import type { Point, Size, View } from './viewport.ts';

/** The eight handles: corners and edge midpoints. */
export const FRAME_HANDLES: readonly FrameHandle[] = [
  { x: -1, y: -1 },
  { x: 0, y: -1 },
  { x: 1, y: -1 },
  { x: 1, y: 0 },
  { x: 1, y: 1 },
  { x: 0, y: 1 },
  { x: -1, y: 1 },
  { x: -1, y: 0 },
];

/** A handle's side on screen. */
export const FRAME_HANDLE_PX = 8;
/** How far from a handle's centre or the outline a press still takes it, in screen pixels (a fingertip's half). */
const GRAB_PX = 7;

export type FramePart = { kind: 'move' } | { kind: 'resize'; handle: FrameHandle };

export const frameLabel = (box: PixelBox) => `Region sent · ${box.width} × ${box.height}`;

/** The size tab just above the frame's top-left corner, in natural pixels. */
export function frameLabelBox(box: PixelBox, scale: number): PixelBox {
  const tab = labelTabBox(frameLabel(box), box.left, box.top, scale);
  return { ...tab, top: box.top - tab.height - 3 / scale };
}

/** Which part of the frame is under a point on screen: a handle first, then the outline or the tab; else null. */
export function framePartAt(box: PixelBox, view: View, screen: Point): FramePart | null {
  const toScreen = (x: number, y: number) => ({ x: x * view.scale + view.x, y: y * view.scale + view.y });
  const [left, top] = [box.left, box.top];
  const [right, bottom] = [box.left + box.width, box.top + box.height];
  for (const handle of FRAME_HANDLES) {
    const at = toScreen(left + ((handle.x + 1) / 2) * box.width, top + ((handle.y + 1) / 2) * box.height);
    if (Math.abs(screen.x - at.x) <= GRAB_PX && Math.abs(screen.y - at.y) <= GRAB_PX) {
      return { kind: 'resize', handle };
    }
  }
  const topLeft = toScreen(left, top);
  const bottomRight = toScreen(right, bottom);
  const withinX = screen.x >= topLeft.x - GRAB_PX && screen.x <= bottomRight.x + GRAB_PX;
  const withinY = screen.y >= topLeft.y - GRAB_PX && screen.y <= bottomRight.y + GRAB_PX;
  const nearVertical =
    Math.min(Math.abs(screen.x - topLeft.x), Math.abs(screen.x - bottomRight.x)) <= GRAB_PX;
  const nearHorizontal =
    Math.min(Math.abs(screen.y - topLeft.y), Math.abs(screen.y - bottomRight.y)) <= GRAB_PX;
  if ((nearVertical && withinY) || (nearHorizontal && withinX)) return { kind: 'move' };
  const label = frameLabelBox(box, view.scale);
  const labelTopLeft = toScreen(label.left, label.top);
  const labelBottomRight = toScreen(label.left + label.width, label.top + label.height);
  const onLabel =
    screen.x >= labelTopLeft.x &&
    screen.x <= labelBottomRight.x &&
    screen.y >= labelTopLeft.y &&
    screen.y <= labelBottomRight.y;
  return onLabel ? { kind: 'move' } : null;
}

/** The CSS cursor over a part: what a press there would do. */
export function frameCursor(part: FramePart): string {
  if (part.kind === 'move') return 'move';
  const { x, y } = part.handle;
  if (x === 0) return 'ns-resize';
  if (y === 0) return 'ew-resize';
  return x === y ? 'nwse-resize' : 'nesw-resize';
}

export interface FrameGestureDeps {
  /** The frame as the plan has it when the press begins. */
  frame: PixelBox;
  part: FramePart;
  maskBounds: PixelBox;
  image: Size;
  rule: SizeRule;
  /** Draws the frame being dragged, in place. */
  show: (box: PixelBox) => void;
  /** Settles the frame where it was dropped, once. */
  place: (box: PixelBox) => void;
}

/**
 * One drag of the frame. A resize shows the box the plan would send for it, so the frame snaps to a shape
 * the model makes while the handle is held, not after; a move keeps the frame's size.
 */
export function createFrameGesture(deps: FrameGestureDeps): MaskTool {
  let from: Point | null = null;
  let current = deps.frame;
  const follow = (to: Point): PixelBox => {
    if (!from) return deps.frame;
    const [dx, dy] = [to.x - from.x, to.y - from.y];
    const { frame, part, maskBounds, image, rule } = deps;
    if (part.kind === 'move') return dragFrame(frame, 'move', dx, dy, maskBounds, image);
    const resized = dragFrame(frame, part.handle, dx, dy, maskBounds, image);
    return regionPlan(maskBounds, image, 0, rule, resized).box;
  };
  return {
    id: 'region-frame',
    cursor: frameCursor(deps.part),
    onPointerDown(_context, pointer) {
      from = pointer.natural;
    },
    onPointerMove(_context, pointer) {
      current = follow(pointer.natural);
      deps.show(current);
    },
    onPointerUp(_context, pointer) {
      current = follow(pointer.natural);
      const { frame } = deps;
      const moved =
        current.left !== frame.left ||
        current.top !== frame.top ||
        current.width !== frame.width ||
        current.height !== frame.height;
      // A click on the frame without a drag leaves it as the studio placed it.
      if (moved) deps.place(current);
      from = null;
    },
    onCancel() {
      from = null;
      deps.show(deps.frame);
    },
  };
}

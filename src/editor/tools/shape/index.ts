/**
 * The rectangle and ellipse selections: a drag draws a new selection, a drag that starts inside the
 * current one moves it. The selection is not the mask: Enter (or Fill selection) fills it in, so the same
 * shape can be placed, nudged and resized from the keyboard first (maskActions.tsx).
 */
import { containsPoint, moveSelection, selectionBetween, type MaskSelection } from '../../../state/mask.ts';
import type { Point } from '../../viewport.ts';
import type { MaskTool, ToolContext, ToolPointer } from '../types.ts';

type Gesture = { kind: 'draw'; from: Point } | { kind: 'move'; from: Point; start: MaskSelection };

export function createShapeTool(): MaskTool {
  let gesture: Gesture | null = null;

  const follow = (context: ToolContext, pointer: ToolPointer): MaskSelection | null => {
    if (!gesture) return null;
    const to = pointer.natural;
    if (gesture.kind === 'draw') return selectionBetween(context.shape, gesture.from, to, context.image);
    const { from, start } = gesture;
    return moveSelection(start, to.x - from.x, to.y - from.y, context.image);
  };

  return {
    id: 'shape',
    cursor: 'crosshair',
    onPointerDown(context, pointer) {
      const current = context.selection;
      gesture =
        current && containsPoint(current, pointer.natural)
          ? { kind: 'move', from: pointer.natural, start: current }
          : { kind: 'draw', from: pointer.natural };
    },
    onPointerMove(context, pointer) {
      if (!gesture) return;
      context.showSelection(follow(context, pointer));
    },
    onPointerUp(context, pointer) {
      if (!gesture) return;
      // A click without a drag outside the selection lets it go, as in every paint program.
      context.select(follow(context, pointer));
      gesture = null;
    },
    onCancel(context) {
      if (!gesture) return;
      gesture = null;
      context.showSelection(context.selection);
    },
  };
}

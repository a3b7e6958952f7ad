/** Drags the view; active while Space is held or the middle button is down. */
import { panBy, type Point } from '../../viewport.ts';
import type { MaskTool } from '../types.ts';

export function createPanTool(): MaskTool {
  let last: Point | null = null;
  return {
    id: 'pan',
    cursor: 'grab',
    onPointerDown(_context, pointer) {
      last = pointer.screen;
    },
    onPointerMove(context, pointer) {
      if (!last) return;
      context.setView(panBy(context.view, { x: pointer.screen.x - last.x, y: pointer.screen.y - last.y }));
      last = pointer.screen;
    },
    onPointerUp() {
      last = null;
    },
    onCancel() {
      last = null;
    },
  };
}

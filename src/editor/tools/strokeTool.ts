/**
 * Brush and eraser are one gesture with a different mode: points gathered live, one record on release.
 * The gesture lives in the closure, so every tool made here has its own.
 */
import type { StrokeMode } from '../../state/mask.ts';
import type { MaskTool, ToolContext } from './types.ts';

/** Points closer than this (in screen pixels) add nothing visible and only make the record bigger. */
const MIN_SCREEN_STEP_PX = 1.5;

export function createStrokeTool(id: string, mode: StrokeMode): MaskTool {
  let points: number[] | null = null;
  let size = 0;
  let hardness = 1;

  const hideLive = (context: ToolContext) => {
    context.liveStroke.points([]);
    context.liveStroke.visible(false);
    context.liveStroke.getLayer()?.batchDraw();
  };

  return {
    id,
    cursor: 'none',
    onPointerDown(context, pointer) {
      size = context.brushSizeNatural;
      hardness = context.hardness;
      points = [pointer.natural.x, pointer.natural.y];
      // A zero-length segment with round caps draws the dab a click leaves; a soft edge is its shadow's
      // blur, as the raster draws it (maskRaster.ts), near enough while the stroke is drawn.
      const fade = (size / 2) * (1 - hardness);
      context.liveStroke.setAttrs({
        points: [...points, ...points],
        strokeWidth: Math.max(1, size - fade),
        shadowEnabled: fade > 0,
        shadowBlur: fade * 0.8,
        shadowColor: context.liveStroke.stroke() as string,
        shadowOpacity: 1,
        globalCompositeOperation: mode === 'paint' ? 'source-over' : 'destination-out',
        visible: true,
      });
      context.liveStroke.getLayer()?.batchDraw();
    },
    onPointerMove(context, pointer) {
      if (!points) return;
      const lastX = points[points.length - 2]!;
      const lastY = points[points.length - 1]!;
      const step = Math.hypot(pointer.natural.x - lastX, pointer.natural.y - lastY) * context.view.scale;
      if (step < MIN_SCREEN_STEP_PX) return;
      points.push(pointer.natural.x, pointer.natural.y);
      context.liveStroke.points(points);
      context.liveStroke.getLayer()?.batchDraw();
    },
    onPointerUp(context) {
      if (!points) return;
      const rounded = points.map((value) => Math.round(value * 100) / 100);
      const stroke = { kind: 'stroke', id: crypto.randomUUID(), points: rounded, size, mode } as const;
      // A hard brush writes no hardness, so its record reads as it always has.
      context.commit(hardness < 1 ? { ...stroke, hardness } : stroke);
      points = null;
      hideLive(context);
    },
    onCancel(context) {
      points = null;
      hideLive(context);
    },
  };
}

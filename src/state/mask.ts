/**
 * The mask as a document: plain records of what the designer did, in natural pixels of the first image,
 * and the undo history over them. Konva nodes and canvases are views derived from these records.
 */
import { z } from 'zod';

export type StrokeMode = 'paint' | 'erase';

export interface MaskStroke {
  kind: 'stroke';
  id: string;
  /** Flat [x0, y0, x1, y1, ...] in the first image's natural pixels. */
  points: number[];
  /** Brush diameter in natural pixels. */
  size: number;
  mode: StrokeMode;
}

/** Whole-mask operations: paint everything, erase everything, swap painted and unpainted. */
export interface MaskFill {
  kind: 'fill-all' | 'clear' | 'invert';
  id: string;
}

export type MaskOperation = MaskStroke | MaskFill;

export interface MaskHistory {
  /** What the mask is made of, oldest first. */
  operations: MaskOperation[];
  /** Operations taken back by undo, newest last; a new operation forgets them. */
  undone: MaskOperation[];
}

export const EMPTY_MASK_HISTORY: MaskHistory = { operations: [], undone: [] };

/** One finished gesture becomes one history entry. */
export function commitOperation(history: MaskHistory, operation: MaskOperation): MaskHistory {
  return { operations: [...history.operations, operation], undone: [] };
}

export function undoOperation(history: MaskHistory): MaskHistory {
  const last = history.operations.at(-1);
  if (!last) return history;
  return { operations: history.operations.slice(0, -1), undone: [...history.undone, last] };
}

export function redoOperation(history: MaskHistory): MaskHistory {
  const next = history.undone.at(-1);
  if (!next) return history;
  return { operations: [...history.operations, next], undone: history.undone.slice(0, -1) };
}

/** Maps operations drawn on an image of size `from` onto one of size `to` (a new first image). */
export function scaleOperations(
  operations: readonly MaskOperation[],
  from: { width: number; height: number },
  to: { width: number; height: number },
): MaskOperation[] {
  const scaleX = to.width / from.width;
  const scaleY = to.height / from.height;
  if (scaleX === 1 && scaleY === 1) return [...operations];
  const scaleSize = Math.sqrt(scaleX * scaleY);
  return operations.map((operation) =>
    operation.kind === 'stroke'
      ? {
          ...operation,
          points: operation.points.map((value, index) => value * (index % 2 === 0 ? scaleX : scaleY)),
          size: operation.size * scaleSize,
        }
      : operation,
  );
}

export interface PixelBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * The box every painted pixel lies in (paint strokes and whole-image operations since the last clear,
 * clipped to the image), or null when nothing can be painted. Erasing only ever shrinks the painted area.
 */
export function paintBounds(
  operations: readonly MaskOperation[],
  image: { width: number; height: number },
): PixelBox | null {
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  for (let index = operations.length - 1; index >= 0; index--) {
    const operation = operations[index]!;
    if (operation.kind === 'clear') break;
    if (operation.kind !== 'stroke') return { left: 0, top: 0, width: image.width, height: image.height };
    if (operation.mode !== 'paint') continue;
    const radius = operation.size / 2;
    for (let point = 0; point < operation.points.length; point += 2) {
      left = Math.min(left, operation.points[point]! - radius);
      right = Math.max(right, operation.points[point]! + radius);
      top = Math.min(top, operation.points[point + 1]! - radius);
      bottom = Math.max(bottom, operation.points[point + 1]! + radius);
    }
  }
  const box = {
    left: Math.max(0, Math.floor(left)),
    top: Math.max(0, Math.floor(top)),
    right: Math.min(image.width, Math.ceil(right)),
    bottom: Math.min(image.height, Math.ceil(bottom)),
  };
  if (box.right <= box.left || box.bottom <= box.top) return null;
  return { left: box.left, top: box.top, width: box.right - box.left, height: box.bottom - box.top };
}

/**
 * True when the newest operation that changes paint adds some for sure: a paint stroke that touches the
 * image, or fill all. After an erase or an invert only the pixels can tell (they may have removed it all).
 */
export function certainlyPainted(
  operations: readonly MaskOperation[],
  image: { width: number; height: number },
): boolean {
  const last = operations.at(-1);
  if (!last) return false;
  if (last.kind === 'fill-all') return true;
  if (last.kind !== 'stroke' || last.mode !== 'paint') return false;
  return paintBounds([last], image) !== null;
}

const MaskOperationSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('stroke'),
    id: z.string(),
    points: z.array(z.number()),
    size: z.number().positive(),
    mode: z.enum(['paint', 'erase']),
  }),
  z.object({ kind: z.enum(['fill-all', 'clear', 'invert']), id: z.string() }),
]);

/** Operations read back from storage: what a newer or older studio wrote in another shape is left out. */
export function parseMaskOperations(stored: readonly unknown[]): MaskOperation[] {
  return stored.flatMap((operation) => {
    const parsed = MaskOperationSchema.safeParse(operation);
    return parsed.success ? [parsed.data] : [];
  });
}

/**
 * The mask as a document: plain records of what the designer did, in natural pixels of the board image it
 * was painted on (its owner), and the undo history over them. Konva nodes and canvases are views derived
 * from these records. A mask is never stretched onto another image: when the edit target changes under a
 * painted mask, the studio asks what becomes of it (`maskQuestion`).
 */
// zod/mini as in contract/requests.ts: a stored mask is read before the first paint, and no message is shown.
import { z } from 'zod/mini';
import type { BoardImage } from './board.ts';

export type StrokeMode = 'paint' | 'erase';

export interface MaskStroke {
  kind: 'stroke';
  id: string;
  /** Flat [x0, y0, x1, y1, ...] in the first image's natural pixels. */
  points: number[];
  /** Brush diameter in natural pixels. */
  size: number;
  mode: StrokeMode;
  /**
   * How much of the radius is solid, 0 to 1 (1, a hard edge, when absent: records from before brushes had
   * hardness); the rest fades out to the edge.
   */
  hardness?: number;
}

export type ShapeKind = 'rectangle' | 'ellipse';

/** A box in natural pixels: where a shape selection lies, or what a shape fills. */
export interface PixelBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** A shape selection filled into the mask (painted), or cut out of it (erased). */
export interface MaskShapeFill extends PixelBox {
  kind: 'shape';
  id: string;
  shape: ShapeKind;
  mode: StrokeMode;
}

/** Whole-mask operations: paint everything, erase everything, swap painted and unpainted. */
export interface MaskFill {
  kind: 'fill-all' | 'clear' | 'invert';
  id: string;
}

/**
 * A freehand or polygon outline filled into the mask (painted), or cut out of it (erased), with the nonzero
 * rule: a loop that crosses itself fills every lobe, as the designer drew it.
 */
export interface MaskLasso {
  kind: 'lasso';
  id: string;
  /** Flat [x0, y0, x1, y1, ...] in the first image's natural pixels; the last joins the first. */
  points: number[];
  mode: StrokeMode;
}

/**
 * Whole-mask adjustments of what is painted so far: `grow` widens the painted area by `px` natural pixels
 * (a negative `px` shrinks it), `feather` softens its edge over `px` natural pixels.
 */
export interface MaskAdjust {
  kind: 'grow' | 'feather';
  id: string;
  px: number;
}

/** The operations a mask is painted with, each drawn by itself. */
export type PaintOperation = MaskStroke | MaskShapeFill | MaskLasso | MaskFill | MaskAdjust;

/**
 * A saved mask put back: the mask becomes exactly `operations` (as after a clear), as one history entry, so
 * one undo brings back what was there before.
 */
export interface MaskReplace {
  kind: 'replace';
  id: string;
  /** The saved mask's name, for the designer. */
  name: string;
  operations: PaintOperation[];
}

export type MaskOperation = PaintOperation | MaskReplace;

/** Each operation as it is drawn: a replacement becomes a clear followed by what it puts back. */
export function paintOperations(operations: readonly MaskOperation[]): PaintOperation[] {
  return operations.flatMap((operation): PaintOperation[] =>
    operation.kind === 'replace'
      ? [{ kind: 'clear', id: `${operation.id}:clear` }, ...operation.operations]
      : [operation],
  );
}

/** The largest grow, shrink or feather, in natural pixels: beyond it the mask is better painted again. */
export const MAX_ADJUST_PX = 200;

/** The area a closed outline encloses (shoelace), in square natural pixels; 0 for a line or a dot. */
export function outlineArea(points: readonly number[]): number {
  let twice = 0;
  for (let index = 0; index < points.length; index += 2) {
    const next = (index + 2) % points.length;
    twice += points[index]! * points[next + 1]! - points[next]! * points[index + 1]!;
  }
  return Math.abs(twice) / 2;
}

/** Whether `point` lies inside a closed outline by the nonzero rule (the one the raster fills with). */
export function outlineContains(points: readonly number[], point: { x: number; y: number }): boolean {
  let winding = 0;
  for (let index = 0; index < points.length; index += 2) {
    const next = (index + 2) % points.length;
    const [x0, y0, x1, y1] = [points[index]!, points[index + 1]!, points[next]!, points[next + 1]!];
    const side = (x1 - x0) * (point.y - y0) - (point.x - x0) * (y1 - y0);
    if (y0 <= point.y && y1 > point.y && side > 0) winding++;
    else if (y0 > point.y && y1 <= point.y && side < 0) winding--;
  }
  return winding !== 0;
}

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

/**
 * The box every painted pixel lies in (paint strokes and whole-image operations since the last clear, grown
 * by the grows and feathers after them, clipped to the image), or null when nothing can be painted. Erasing
 * and shrinking only ever shrink the painted area.
 */
export function paintBounds(
  history: readonly MaskOperation[],
  image: { width: number; height: number },
): PixelBox | null {
  const operations = paintOperations(history);
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  const lastClear = operations.findLastIndex((operation) => operation.kind === 'clear');
  for (const operation of operations.slice(lastClear + 1)) {
    if (operation.kind === 'grow' || operation.kind === 'feather') {
      // Paint spreads at most `px` beyond where it was; a shrink (negative) leaves the box as it is.
      const reach = Math.max(0, operation.px);
      [left, top, right, bottom] = [left - reach, top - reach, right + reach, bottom + reach];
      continue;
    }
    if (operation.kind !== 'stroke' && operation.kind !== 'shape' && operation.kind !== 'lasso') {
      // Fill all, or an invert: either may paint anywhere (the clear before them is where this began).
      [left, top, right, bottom] = [0, 0, image.width, image.height];
      continue;
    }
    if (operation.mode !== 'paint') continue;
    if (operation.kind === 'shape') {
      left = Math.min(left, operation.left);
      right = Math.max(right, operation.left + operation.width);
      top = Math.min(top, operation.top);
      bottom = Math.max(bottom, operation.top + operation.height);
      continue;
    }
    // An outline paints only inside its points; a stroke reaches half its size beyond them.
    const radius = operation.kind === 'stroke' ? operation.size / 2 : 0;
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
 * True when the newest operation that changes paint adds some for sure: a paint stroke or shape that touches
 * the image, a paint lasso with area that has a corner inside the image or encloses its centre, or fill
 * all. After an erase or an invert only the pixels can tell (they may have removed it all).
 */
export function certainlyPainted(
  history: readonly MaskOperation[],
  image: { width: number; height: number },
): boolean {
  const operations = paintOperations(history);
  const last = operations.at(-1);
  if (!last) return false;
  if (last.kind === 'fill-all') return true;
  // A grow keeps whatever was painted; a shrink or a feather may take a thin stroke away altogether.
  if (last.kind === 'grow' && last.px > 0) return certainlyPainted(operations.slice(0, -1), image);
  if (last.kind !== 'stroke' && last.kind !== 'shape' && last.kind !== 'lasso') return false;
  if (last.mode !== 'paint') return false;
  if (last.kind !== 'lasso') return paintBounds([last], image) !== null;
  // Its bounds may overlap the image while the outline itself passes by a corner of it.
  const { points } = last;
  if (outlineArea(points) === 0) return false;
  for (let index = 0; index < points.length; index += 2) {
    const [x, y] = [points[index]!, points[index + 1]!];
    if (x > 0 && x < image.width && y > 0 && y < image.height) return true;
  }
  return outlineContains(points, { x: image.width / 2, y: image.height / 2 });
}

const PaintMode = z.enum(['paint', 'erase']);

const PaintOperationSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('stroke'),
    id: z.string(),
    points: z.array(z.number()),
    size: z.number().check(z.positive()),
    mode: PaintMode,
    hardness: z.optional(z.number().check(z.gte(0), z.lte(1))),
  }),
  z.object({
    kind: z.literal('shape'),
    id: z.string(),
    shape: z.enum(['rectangle', 'ellipse']),
    mode: PaintMode,
    left: z.number(),
    top: z.number(),
    width: z.number().check(z.positive()),
    height: z.number().check(z.positive()),
  }),
  z.object({
    kind: z.literal('lasso'),
    id: z.string(),
    // At least three corners, as x, y pairs.
    points: z.array(z.number()).check(
      z.minLength(6),
      z.refine((points) => points.length % 2 === 0),
    ),
    mode: PaintMode,
  }),
  z.object({ kind: z.enum(['fill-all', 'clear', 'invert']), id: z.string() }),
  z.object({
    kind: z.enum(['grow', 'feather']),
    id: z.string(),
    px: z.number().check(z.gte(-MAX_ADJUST_PX), z.lte(MAX_ADJUST_PX)),
  }),
]);

const MaskOperationSchema = z.union([
  PaintOperationSchema,
  z.object({
    kind: z.literal('replace'),
    id: z.string(),
    name: z.string(),
    operations: z.array(PaintOperationSchema),
  }),
]);

/** Operations read back from storage: what a newer or older studio wrote in another shape is left out. */
export function parseMaskOperations(stored: readonly unknown[]): MaskOperation[] {
  return stored.flatMap((operation) => {
    const parsed = MaskOperationSchema.safeParse(operation);
    return parsed.success ? [parsed.data] : [];
  });
}

/**
 * The board image a mask is painted on: its id, with the name and natural size it had, which the studio
 * still knows once the image has left the board.
 */
export interface MaskOwner {
  imageId: string;
  name: string;
  width: number;
  height: number;
}

export const ownerOf = (image: Pick<BoardImage, 'id' | 'name' | 'width' | 'height'>): MaskOwner => ({
  imageId: image.id,
  name: image.name,
  width: image.width,
  height: image.height,
});

const sameSize = (a: { width: number; height: number }, b: { width: number; height: number }) =>
  a.width === b.width && a.height === b.height;

/** True when no paint could be lost: such a mask simply follows the edit target. */
export function maskIsBlank(operations: readonly MaskOperation[], owner: MaskOwner | null): boolean {
  return owner === null || paintBounds(operations, owner) === null;
}

/** A painted mask whose image is no longer first: the designer says what becomes of it. */
export interface MaskQuestion {
  owner: MaskOwner;
  /**
   * Where the image it was painted on is: on the board behind another, set aside by the board while the
   * question is open (removed, or replaced as the edit target), or gone (a reload does not keep it).
   */
  ownerPlace: 'board' | 'set-aside' | 'gone';
  first: BoardImage | null;
  /** Only onto an image of exactly the owner's size: the strokes then mean the same pixels. */
  canCarryOver: boolean;
}

export function maskQuestion(
  mask: { history: MaskHistory; owner: MaskOwner | null },
  board: { images: readonly BoardImage[]; setAside: BoardImage | null },
): MaskQuestion | null {
  const { owner } = mask;
  if (!owner || maskIsBlank(mask.history.operations, owner)) return null;
  const first = board.images[0] ?? null;
  if (first?.id === owner.imageId) return null;
  const ownerPlace = board.images.some((image) => image.id === owner.imageId)
    ? 'board'
    : board.setAside?.id === owner.imageId
      ? 'set-aside'
      : 'gone';
  return { owner, ownerPlace, first, canCarryOver: first !== null && sameSize(first, owner) };
}

/**
 * The one check before a mask is exported for an edit: its operations leave only with the image they were
 * painted on, at that image's size; otherwise the reason, in the designer's words.
 */
export function maskOperationsFor(
  mask: { history: MaskHistory; owner: MaskOwner | null },
  image: Pick<BoardImage, 'id' | 'name' | 'width' | 'height'>,
): { ok: true; operations: readonly MaskOperation[] } | { ok: false; message: string } {
  const { owner } = mask;
  const { operations } = mask.history;
  if (maskIsBlank(operations, owner)) return { ok: true, operations: [] };
  if (owner!.imageId === image.id && sameSize(owner!, image)) return { ok: true, operations };
  return {
    ok: false,
    message: `The mask was painted on '${owner!.name}', not on '${image.name}': keep it on its image, carry it over or discard it first.`,
  };
}

/** The shape a shape tool has selected, in the owner's natural pixels: not part of the mask until filled. */
export interface MaskSelection extends PixelBox {
  shape: ShapeKind;
}

/** The smallest selection, in natural pixels, so a shrunk one can still be seen and grown again. */
export const MIN_SELECTION_PX = 4;

type Size = { width: number; height: number };

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/** Where a selection appears when a shape tool is taken up: centred, a third of the image each way. */
export function defaultSelection(shape: ShapeKind, image: Size): MaskSelection {
  const width = Math.max(MIN_SELECTION_PX, Math.round(image.width / 3));
  const height = Math.max(MIN_SELECTION_PX, Math.round(image.height / 3));
  return {
    shape,
    width,
    height,
    left: Math.round((image.width - width) / 2),
    top: Math.round((image.height - height) / 2),
  };
}

/** Moved by whole natural pixels, and kept inside the image. */
export function moveSelection(selection: MaskSelection, dx: number, dy: number, image: Size): MaskSelection {
  return {
    ...selection,
    left: clamp(Math.round(selection.left + dx), 0, image.width - selection.width),
    top: clamp(Math.round(selection.top + dy), 0, image.height - selection.height),
  };
}

/** Grown (or shrunk) from its top-left corner, which stays put, kept inside the image. */
export function resizeSelection(
  selection: MaskSelection,
  dw: number,
  dh: number,
  image: Size,
): MaskSelection {
  return {
    ...selection,
    width: clamp(Math.round(selection.width + dw), MIN_SELECTION_PX, image.width - selection.left),
    height: clamp(Math.round(selection.height + dh), MIN_SELECTION_PX, image.height - selection.top),
  };
}

/** The selection a drag from `from` to `to` draws, clipped to the image; null when too small to fill. */
export function selectionBetween(
  shape: ShapeKind,
  from: { x: number; y: number },
  to: { x: number; y: number },
  image: Size,
): MaskSelection | null {
  const left = Math.round(clamp(Math.min(from.x, to.x), 0, image.width));
  const top = Math.round(clamp(Math.min(from.y, to.y), 0, image.height));
  const right = Math.round(clamp(Math.max(from.x, to.x), 0, image.width));
  const bottom = Math.round(clamp(Math.max(from.y, to.y), 0, image.height));
  if (right - left < MIN_SELECTION_PX || bottom - top < MIN_SELECTION_PX) return null;
  return { shape, left, top, width: right - left, height: bottom - top };
}

export const containsPoint = (box: PixelBox, point: { x: number; y: number }) =>
  point.x >= box.left &&
  point.x <= box.left + box.width &&
  point.y >= box.top &&
  point.y <= box.top + box.height;

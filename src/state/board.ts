/**
 * The reference board: the images an edit sends, in the order they are sent. The first is the one the
 * mask applies to (openai-images.md §2b). Images are Blobs with object URLs, never base64 in state.
 */
import type { PixelBox } from './mask.ts';

/**
 * The most pixels the board keeps of an image: a 45-megapixel full-frame photo fits whole; beyond it the
 * mask raster and the composite (four bytes a pixel, several copies) would strain a tab's memory.
 */
export const BOARD_MAX_PIXELS = 50_000_000;

export interface BoardImage {
  id: string;
  name: string;
  /** The bytes that are uploaded: PNG, JPEG or WebP. */
  blob: Blob;
  /** An object URL of `blob`, for thumbnails and the stage. */
  url: string;
  width: number;
  height: number;
  /** What the studio did to the file on the way in (converted, downscaled), or null. */
  notice: string | null;
  /** The stored result it came from ("edit this", "use as source", a dragged result), for lineage. */
  sourceImageId: string | null;
  /** An outpaint's canvas: where the original lies on it, whose pixels the composite keeps exactly. */
  lockedBox?: PixelBox | null;
}

/** Adds as many as fit; the rest are named back so the designer knows exactly what was left out. */
export function addToBoard(
  board: readonly BoardImage[],
  incoming: readonly BoardImage[],
  limit: number,
): { board: BoardImage[]; refused: BoardImage[] } {
  const room = Math.max(0, limit - board.length);
  return { board: [...board, ...incoming.slice(0, room)], refused: incoming.slice(room) };
}

export function moveOnBoard(board: readonly BoardImage[], from: number, to: number): BoardImage[] {
  if (from === to || from < 0 || from >= board.length || to < 0 || to >= board.length) return [...board];
  const next = [...board];
  const [moved] = next.splice(from, 1);
  next.splice(to, 0, moved!);
  return next;
}

export function removeFromBoard(board: readonly BoardImage[], id: string): BoardImage[] {
  return board.filter((image) => image.id !== id);
}

/** An edit's result takes its source's place as the first image; the other references stay. */
export function replaceFirst(board: readonly BoardImage[], image: BoardImage): BoardImage[] {
  return [image, ...board.slice(1)];
}

export function refusedMessage(names: readonly string[], limit: number): string {
  const named = names.length === 1 ? `'${names[0]}' was` : `'${names[0]}' and ${names.length - 1} more were`;
  return `The board holds at most ${limit} images; ${named} not added.`;
}

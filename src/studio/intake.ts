/** Everything that puts files on the board (picker, drop, paste, "Use as source") goes through here. */
import type { BoardImage } from '../state/board.ts';
import { refusedMessage } from '../state/board.ts';
import type { StudioStore } from '../state/store.ts';
import type { prepareBoardImage } from '../editor/boardImage.ts';

export interface IncomingFile {
  blob: Blob;
  name: string;
}

export type PrepareImage = typeof prepareBoardImage;

/** Prepares each file in turn (one decode at a time keeps memory flat with huge files) and adds what fits. */
export async function addFiles(
  store: StudioStore,
  prepare: PrepareImage,
  files: readonly IncomingFile[],
  limit: number,
): Promise<void> {
  const { board, notices } = store.getState();
  const room = Math.max(0, limit - board.images.length);
  const refusedNames = files.slice(room).map((file) => file.name);
  if (refusedNames.length > 0) notices.post('board', 'error', refusedMessage(refusedNames, limit));
  const prepared: BoardImage[] = [];
  for (const file of files.slice(0, room)) {
    const result = await prepare(file.blob, file.name);
    if (!result.ok) {
      notices.post('board', 'error', result.message);
      continue;
    }
    if (result.image.notice) notices.post('board', 'info', result.image.notice);
    prepared.push(result.image);
  }
  store.getState().board.add(prepared, limit);
}

/**
 * A finished image of this session (by its object URL) becomes the edit target in place of the current
 * one, pointing back at its stored record. A kept mask carries over when the result has its source's exact
 * size; onto any other size it is not stretched, and the studio asks what becomes of it.
 */
export async function takeResultAsSource(
  store: StudioStore,
  prepare: PrepareImage,
  result: { id: string; url: string; name: string },
  keepMask: boolean,
): Promise<void> {
  const blob = await (await fetch(result.url)).blob();
  const prepared = await prepare(blob, result.name);
  const { board, mask, notices } = store.getState();
  if (!prepared.ok) {
    notices.post('board', 'error', prepared.message);
    return;
  }
  if (!keepMask) mask.reset();
  const image = { ...prepared.image, sourceImageId: result.id };
  board.replaceFirst(image);
  if (keepMask) mask.carryOver(image);
}

/**
 * Files from a drop or a paste. Images dragged from the studio's own results arrive as a blob: URL (or a
 * same-origin URL) rather than a file, and are fetched back as bytes.
 */
export async function incomingFromTransfer(transfer: DataTransfer): Promise<IncomingFile[]> {
  const files = [...transfer.files].map((file) => ({
    blob: file as Blob,
    name: file.name || 'pasted image',
  }));
  if (files.length > 0) return files;
  const url = (transfer.getData('text/uri-list') || transfer.getData('text/plain')).split('\n')[0]?.trim();
  if (!url) return [];
  let parsed: URL;
  try {
    parsed = new URL(url, location.href);
  } catch {
    return [];
  }
  // Other sites' images cannot be read across origins; only the studio's own can.
  if (parsed.protocol !== 'blob:' && parsed.origin !== location.origin) return [];
  const response = await fetch(parsed);
  if (!response.ok) return [];
  const blob = await response.blob();
  const extension = blob.type.split('/')[1] ?? 'png';
  return [{ blob, name: `studio-result-${Date.now().toString(36)}.${extension}` }];
}

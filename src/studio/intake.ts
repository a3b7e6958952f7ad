/** Everything that puts files on the board (picker, drop, paste, "Use as source") goes through here. */
import type { BoardImage } from '../state/board.ts';
import { refusedMessage } from '../state/board.ts';
import { RESULT_DRAG_TYPE } from '../state/resultDrag.ts';
import type { StudioStore } from '../state/store.ts';
import type { StudioStorage } from '../storage/studioStorage.ts';
import type { prepareBoardImage } from '../editor/boardImage.ts';
import { boardImageOf, notEditableReason } from './reuse.ts';

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
  const { notices } = store.getState();
  const prepared: BoardImage[] = [];
  for (const file of files.slice(0, roomFor(store, files, limit))) {
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

/** How many of `files` the board has room for; the rest are named in a notice. */
function roomFor(store: StudioStore, files: readonly { name: string }[], limit: number): number {
  const { board, notices } = store.getState();
  const room = Math.max(0, limit - board.images.length);
  const refusedNames = files.slice(room).map((file) => file.name);
  if (refusedNames.length > 0) notices.post('board', 'error', refusedMessage(refusedNames, limit));
  return room;
}

/**
 * A drop or a paste onto the board. A result dragged from the studio becomes its stored record, so the next
 * edit's lineage names it as the parent, as "Edit this" does; when the record is gone (or the drag came from
 * elsewhere, or storage cannot be read) the bytes are taken as they arrive, without lineage.
 */
export function addTransfer(
  store: StudioStore,
  storage: StudioStorage,
  prepare: PrepareImage,
  transfer: DataTransfer,
  limit: number,
): Promise<void> {
  // Read before anything is awaited: once its event is dispatched, a DataTransfer gives no data or files
  // (https://html.spec.whatwg.org/multipage/dnd.html#concept-dnd-p, "protected mode").
  return addDropped(store, storage, prepare, readTransfer(transfer), limit);
}

/** What a drop or a paste carried. */
interface Dropped {
  /** The stored image a studio result drag names (ui/kit/resultDrag.ts), or ''. */
  resultImageId: string;
  files: IncomingFile[];
  /** The first link, which is how an image dragged from a page (the studio's own results too) arrives. */
  url: string;
}

function readTransfer(transfer: DataTransfer): Dropped {
  return {
    resultImageId: transfer.getData(RESULT_DRAG_TYPE),
    files: [...transfer.files].map((file) => ({ blob: file as Blob, name: file.name || 'pasted image' })),
    url: (transfer.getData('text/uri-list') || transfer.getData('text/plain')).split('\n')[0]?.trim() ?? '',
  };
}

async function addDropped(
  store: StudioStore,
  storage: StudioStorage,
  prepare: PrepareImage,
  dropped: Dropped,
  limit: number,
): Promise<void> {
  const stored = await storedResult(storage, dropped.resultImageId);
  if (stored) {
    const image = boardImageOf(stored);
    if (roomFor(store, [image], limit) > 0) store.getState().board.add([image], limit);
    return;
  }
  const incoming = dropped.files.length > 0 ? dropped.files : await fetchedFromUrl(dropped.url);
  if (incoming.length > 0) return addFiles(store, prepare, incoming, limit);
  store
    .getState()
    .notices.post('board', 'error', 'Nothing to add: drop image files, or images from the studio’s results.');
}

/**
 * The stored image a studio result drag names, when it is still stored and can be sent to the edit endpoint
 * as it is; a GIF or SVG result goes the way of any other file, converted by `prepare`, so no lineage
 * points at bytes that were not sent.
 */
async function storedResult(storage: StudioStorage, imageId: string) {
  if (!imageId) return null;
  const image = await storage.getImage(imageId).catch(() => null);
  return image && !notEditableReason(image) ? image : null;
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
 * An image dragged as a link: the studio's own results arrive as a blob: URL (or a same-origin URL) and
 * are fetched back as bytes.
 */
async function fetchedFromUrl(url: string): Promise<IncomingFile[]> {
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

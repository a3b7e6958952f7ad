/** Everything that puts images on the board (picker, drop, paste, "Use as source") goes through here. */
import { prepareBoardImage } from '../../editor/boardImage.ts';
import { refusedMessage, type BoardImage } from '../../state/board.ts';
import { useBoardStore } from '../../state/boardStore.ts';

export interface IncomingFile {
  blob: Blob;
  name: string;
}

/** Prepares each file in turn (one decode at a time keeps memory flat with huge files) and adds what fits. */
export async function addFilesToBoard(files: readonly IncomingFile[], limit: number): Promise<void> {
  const store = useBoardStore.getState();
  const room = Math.max(0, limit - store.images.length);
  const refused = files.slice(room);
  if (refused.length > 0)
    store.notify(
      'error',
      refusedMessage(
        refused.map((file) => file.name),
        limit,
      ),
    );
  const prepared: BoardImage[] = [];
  for (const file of files.slice(0, room)) {
    const result = await prepareBoardImage(file.blob, file.name);
    if (!result.ok) {
      store.notify('error', result.message);
      continue;
    }
    if (result.image.notice) store.notify('info', result.image.notice);
    prepared.push(result.image);
  }
  useBoardStore.getState().add(prepared, limit);
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

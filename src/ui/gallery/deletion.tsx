/**
 * Delete with undo: a deletion only hides the results at first; they are purged when the undo toast
 * expires, when a newer deletion replaces it, or on the next start.
 */
import { useEffect } from 'react';
import { purgeBoundary, startupPurgeBoundary, UNDO_DELETE_MS } from '../../state/gallery.ts';
import { useGalleryStore } from '../../state/galleryStore.ts';
import { useSessionStore } from '../../state/sessionStore.ts';
import { useStorageStore } from '../../state/storageStore.ts';
import { studioStorage } from '../../storage/index.ts';

export async function deleteResults(generationIds: readonly string[]): Promise<void> {
  const gallery = useGalleryStore.getState();
  const previous = gallery.pendingDeletion;
  const deletedAt = Date.now();
  try {
    await studioStorage.softDelete(generationIds, deletedAt);
  } catch (error) {
    useStorageStore.getState().report(error);
    return;
  }
  useSessionStore.getState().setDeleted(generationIds, true);
  gallery.setPendingDeletion({ generationIds: [...generationIds], deletedAt });
  gallery.setSelected(gallery.selectedIds.filter((id) => !generationIds.includes(id)));
  if (gallery.detailId !== null && generationIds.includes(gallery.detailId)) gallery.showDetail(null);
  if (previous)
    void studioStorage.purgeDeleted(purgeBoundary(previous)).catch(useStorageStore.getState().report);
}

async function undoDeletion(): Promise<void> {
  const { pendingDeletion, setPendingDeletion } = useGalleryStore.getState();
  if (!pendingDeletion) return;
  setPendingDeletion(null);
  useSessionStore.getState().setDeleted(pendingDeletion.generationIds, false);
  await studioStorage.undoDelete(pendingDeletion.generationIds).catch(useStorageStore.getState().report);
}

/** Purges what an earlier visit left deleted; run once when the studio starts. */
export function usePurgeOldDeletions(): void {
  useEffect(() => {
    void studioStorage
      .purgeDeleted(startupPurgeBoundary(Date.now()))
      .catch(useStorageStore.getState().report);
  }, []);
}

export function DeletionToast() {
  const pending = useGalleryStore((store) => store.pendingDeletion);

  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(() => {
      if (useGalleryStore.getState().pendingDeletion !== pending) return;
      useGalleryStore.getState().setPendingDeletion(null);
      void studioStorage.purgeDeleted(purgeBoundary(pending)).catch(useStorageStore.getState().report);
    }, UNDO_DELETE_MS);
    return () => clearTimeout(timer);
  }, [pending]);

  if (!pending) return null;
  const count = pending.generationIds.length;
  return (
    <div
      role="status"
      aria-label="Deletion"
      className="fixed bottom-6 left-1/2 z-50 flex -translate-x-1/2 items-center gap-4 rounded-lg border border-line-strong bg-raised px-4 py-2.5 text-[13px] text-fg shadow-xl shadow-black/40"
    >
      <span>{count === 1 ? 'Deleted' : `Deleted ${count} results`}</span>
      <button
        type="button"
        onClick={() => void undoDeletion()}
        className="rounded-md px-2 py-0.5 font-medium text-accent transition hover:bg-active focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none"
      >
        Undo
      </button>
    </div>
  );
}

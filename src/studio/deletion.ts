/**
 * Delete with undo: a deletion only hides the results at first; they are purged when the undo offer
 * expires, when a newer deletion replaces it, or on the next start.
 */
import { purgeBoundary, startupPurgeBoundary, UNDO_DELETE_MS } from '../state/gallery.ts';
import type { StudioStore } from '../state/store.ts';
import type { StudioStorage } from '../storage/studioStorage.ts';

export interface Deletion {
  deleteResults: (variantIds: readonly string[]) => Promise<void>;
  undoDelete: () => Promise<void>;
  /** Purges what an earlier visit left deleted; run once when the studio starts. */
  purgeOldDeletions: () => Promise<void>;
}

export function createDeletion(
  store: StudioStore,
  storage: StudioStorage,
  report: (error: unknown) => void,
): Deletion {
  let expiry: ReturnType<typeof setTimeout> | null = null;
  const purge = (before: number) => storage.purgeDeleted(before).then(() => undefined, report);

  return {
    deleteResults: async (variantIds) => {
      const { gallery, session } = store.getState();
      const previous = gallery.pendingDeletion;
      // Later than the deletion it replaces, even within one millisecond: purging that one (everything
      // deleted up to its time) must not take this one, whose undo is still on offer.
      const deletedAt = previous ? Math.max(Date.now(), previous.deletedAt + 1) : Date.now();
      try {
        await storage.softDelete(variantIds, deletedAt);
      } catch (error) {
        report(error);
        return;
      }
      session.setDeleted(variantIds, true);
      const pending = { variantIds: [...variantIds], deletedAt };
      gallery.setPendingDeletion(pending);
      gallery.setSelected(gallery.selectedIds.filter((id) => !variantIds.includes(id)));
      if (gallery.detailId !== null && variantIds.includes(gallery.detailId)) gallery.showDetail(null);
      if (expiry) clearTimeout(expiry);
      expiry = setTimeout(() => {
        if (store.getState().gallery.pendingDeletion !== pending) return;
        store.getState().gallery.setPendingDeletion(null);
        void purge(purgeBoundary(pending));
      }, UNDO_DELETE_MS);
      if (previous) void purge(purgeBoundary(previous));
    },
    undoDelete: async () => {
      const { gallery, session } = store.getState();
      const pending = gallery.pendingDeletion;
      if (!pending) return;
      gallery.setPendingDeletion(null);
      session.setDeleted(pending.variantIds, false);
      await storage.undoDelete(pending.variantIds).catch(report);
    },
    purgeOldDeletions: () => purge(startupPurgeBoundary(Date.now())),
  };
}

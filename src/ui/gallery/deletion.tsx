/** The undo offered after a deletion, for as long as the studio keeps the deleted results (see studio/deletion.ts). */
import { useStudio, useStudioState } from '../../studio/index.ts';

export function DeletionToast() {
  const studio = useStudio();
  const pending = useStudioState((state) => state.gallery.pendingDeletion);
  if (!pending) return null;
  const count = pending.variantIds.length;
  return (
    <div
      role="status"
      aria-label="Deletion"
      className="fixed bottom-6 left-1/2 z-50 flex -translate-x-1/2 items-center gap-4 rounded-lg border border-line-strong bg-raised px-4 py-2.5 text-[13px] text-fg shadow-xl shadow-black/40"
    >
      <span>{count === 1 ? 'Deleted' : `Deleted ${count} results`}</span>
      <button
        type="button"
        onClick={() => void studio.undoDelete()}
        className="rounded-md px-2 py-0.5 font-medium text-accent transition hover:bg-active focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none"
      >
        Undo
      </button>
    </div>
  );
}

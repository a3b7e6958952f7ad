/**
 * The gallery's selection and deletion rules as pure functions, so the store stays a thin shell over them.
 */

/** How long "Deleted — Undo" is offered; what was deleted is purged once it has passed. */
export const UNDO_DELETE_MS = 8_000;

/** A deletion whose undo is still on offer. */
export interface PendingDeletion {
  variantIds: string[];
  deletedAt: number;
}

/** Adds the id when absent, removes it when present; selection keeps the order things were picked in. */
export function toggleInSelection(selected: readonly string[], id: string): string[] {
  return selected.includes(id) ? selected.filter((each) => each !== id) : [...selected, id];
}

/** The selected ids the gallery still lists, in selection order: a deleted or filtered-out card is not exported. */
export function visibleSelection(selected: readonly string[], listed: ReadonlySet<string>): string[] {
  return selected.filter((id) => listed.has(id));
}

/**
 * The `before` to purge with once a deletion's undo is withdrawn: everything deleted up to and including
 * it, and nothing deleted after (a later deletion may still be undone).
 */
export function purgeBoundary(deletion: PendingDeletion): number {
  return deletion.deletedAt + 1;
}

/** On start no undo is on offer in this tab; another tab's may still be, so its window is spared. */
export function startupPurgeBoundary(now: number): number {
  return now - UNDO_DELETE_MS;
}

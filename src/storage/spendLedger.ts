/**
 * The spend ledger: one entry per billed variant, kept apart from the results so that deleting, purging or
 * importing results never changes what was spent. An entry is written in the same transaction as the cost
 * it records (StudioStorage.updateVariant), so a cost on a result is always a cost in the ledger.
 */
import type { StudioDb } from './db.ts';
import type { SpendEntry, VariantRecord } from './records.ts';

/**
 * The entry for a variant whose usage arrived (whatever its status: a cancelled or failed stream that
 * reported usage was billed too); null for one that was never billed.
 */
export function spendEntryOf(variant: VariantRecord): SpendEntry | null {
  if (variant.costDollars === null) return null;
  return {
    variantId: variant.id,
    runId: variant.runId,
    at: variant.finishedAt ?? variant.startedAt,
    model: variant.request.model.id,
    dollars: variant.costDollars,
  };
}

/**
 * Enters a billed variant in the ledger. Keyed by the variant, so an outcome written twice (a stream that
 * failed after its final arrived) is one entry. Call inside a transaction that includes `db.spend`.
 */
export async function enterSpend(db: StudioDb, variant: VariantRecord): Promise<void> {
  const entry = spendEntryOf(variant);
  if (entry) await db.spend.put(entry);
}

/** The entries from `since` on (ms since the epoch, through the `at` index), or all of them for null. */
export function spendSince(db: StudioDb, since: number | null): Promise<SpendEntry[]> {
  return since === null ? db.spend.toArray() : db.spend.where('at').aboveOrEqual(since).toArray();
}

/**
 * Spending against an optional budget over a period the designer picks: what the ledger holds for the
 * period plus what this session reported that the ledger does not hold yet, and whether the next request
 * could cross the budget at the top of its estimate.
 */
import type { SpendEntry } from '../storage/records.ts';
import { runCostInDollars, variantCostsInDollars, type Run, type Variant } from './run.ts';

/** The span spending is counted over, in local time: the calendar day, the calendar month, or ever. */
export type SpendPeriod = 'today' | 'month' | 'all';

export const SPEND_PERIODS: readonly SpendPeriod[] = ['today', 'month', 'all'];

export const DEFAULT_SPEND_PERIOD: SpendPeriod = 'month';

/**
 * When the period holding `now` began (local midnight, or local midnight on the 1st), in ms since the
 * epoch; null for all time. A day with a daylight-saving change is still counted from its midnight.
 */
export function periodStart(period: SpendPeriod, now: Date): number | null {
  switch (period) {
    case 'today':
      return new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
    case 'month':
      return new Date(now.getFullYear(), now.getMonth(), 1).getTime();
    case 'all':
      return null;
  }
}

/**
 * Dollars spent this session, from each run's reported usage (cancelled and failed runs included); runs
 * restored from an earlier visit were paid for then, except their variants that were still rendering, which
 * are settled now.
 */
export function sessionSpend(runs: readonly Run[]): number {
  return runs.reduce((sum, run) => {
    if (!run.restored) return sum + (runCostInDollars(run) ?? 0);
    const settled = variantCostsInDollars(run).filter((_, index) => run.variants[index]!.settlesHere);
    return settled.reduce<number>((total, cost) => total + (cost ?? 0), sum);
  }, 0);
}

/**
 * Dollars spent over the period from `since` on (null: all time): the ledger's entries for it (read from
 * `since`), plus this session's variants whose usage has arrived but whose entry is still being written.
 */
export function periodSpend(
  ledger: readonly Pick<SpendEntry, 'variantId' | 'dollars'>[],
  runs: readonly Run[],
  since: number | null,
): number {
  const entered = new Set(ledger.map((entry) => entry.variantId));
  const recorded = ledger.reduce((sum, entry) => sum + entry.dollars, 0);
  // A variant still streaming ends now, inside the period; one that ended before it is the ledger's affair.
  const inPeriod = (variant: Variant) => since === null || (variant.finishedAt ?? since) >= since;
  const pending = runs
    .filter((run) => !run.restored)
    .flatMap((run) => {
      const costs = variantCostsInDollars(run);
      return run.variants.map((variant, index) =>
        entered.has(variant.id) || !inPeriod(variant) ? 0 : (costs[index] ?? 0),
      );
    });
  return pending.reduce((sum, dollars) => sum + dollars, recorded);
}

export type BudgetVerdict =
  | { kind: 'unset' }
  /** The spending over the period is still being read from storage, so nothing can be promised yet. */
  | { kind: 'counting'; budget: number }
  | { kind: 'within'; remaining: number }
  /** The next request could take the spending past the budget. */
  | { kind: 'would-cross'; after: number; budget: number }
  /** The next request's price is known only after the run, so it may cross the budget. */
  | { kind: 'unpriced'; remaining: number; budget: number }
  | { kind: 'spent'; budget: number };

/**
 * `spent` is null while the ledger is being read. `nextRequest` is the top of the estimate, so a warning
 * comes before the request, never after; null when the request cannot be priced before it runs, which is
 * treated as one that may cross the budget.
 */
export function budgetVerdict(
  spent: number | null,
  nextRequest: number | null,
  budget: number | null,
): BudgetVerdict {
  if (budget === null) return { kind: 'unset' };
  if (spent === null) return { kind: 'counting', budget };
  if (spent >= budget) return { kind: 'spent', budget };
  if (nextRequest === null) return { kind: 'unpriced', remaining: budget - spent, budget };
  const after = spent + nextRequest;
  if (after > budget) return { kind: 'would-cross', after, budget };
  return { kind: 'within', remaining: budget - after };
}

/** A typed budget in dollars: a positive number, or null for none ("", "0" and nonsense clear it). */
export function parseBudget(text: string): number | null {
  const value = Number(text.trim().replace(/^\$/, ''));
  return text.trim() !== '' && Number.isFinite(value) && value > 0 ? value : null;
}

/** A budget as stored by an earlier visit (or a newer studio): a positive number, or none. */
export function storedBudget(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : null;
}

/** A spend period as stored by an earlier visit; the default for anything else. */
export function storedSpendPeriod(value: unknown): SpendPeriod {
  return SPEND_PERIODS.find((period) => period === value) ?? DEFAULT_SPEND_PERIOD;
}

/**
 * The session's spending against an optional budget: what the finished runs cost by their reported
 * usage, and whether the next request could cross the budget at the top of its estimate.
 */
import { runCostInDollars, type Run } from './run.ts';

/**
 * Dollars spent this session, from each run's reported usage (cancelled and failed runs included); runs
 * restored from an earlier visit were paid for then.
 */
export function sessionSpend(runs: readonly Run[]): number {
  return runs.reduce((sum, run) => sum + (run.restored ? 0 : (runCostInDollars(run) ?? 0)), 0);
}

export type BudgetVerdict =
  | { kind: 'unset' }
  | { kind: 'within'; remaining: number }
  /** The next request could take the session past the budget. */
  | { kind: 'would-cross'; after: number; budget: number }
  /** The next request's price is known only after the run, so it may cross the budget. */
  | { kind: 'unpriced'; remaining: number; budget: number }
  | { kind: 'spent'; budget: number };

/**
 * `nextRequest` is the top of the estimate, so a warning comes before the request, never after; null
 * when the request cannot be priced before it runs, which is treated as one that may cross the budget.
 */
export function budgetVerdict(
  spent: number,
  nextRequest: number | null,
  budget: number | null,
): BudgetVerdict {
  if (budget === null) return { kind: 'unset' };
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

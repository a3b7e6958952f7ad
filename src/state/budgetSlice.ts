import { DEFAULT_SPEND_PERIOD, type SpendPeriod } from './budget.ts';
import type { SliceCreator } from './slice.ts';

export interface BudgetSlice {
  /** The designer's spending limit in dollars over `period`, or null for none. */
  budget: number | null;
  /** The span spending is shown and checked over. */
  period: SpendPeriod;
  setBudget: (budget: number | null) => void;
  setPeriod: (period: SpendPeriod) => void;
  /** Both as an earlier visit left them. */
  restore: (budget: number | null, period: SpendPeriod) => void;
}

export const createBudgetSlice: SliceCreator<BudgetSlice> = (set) => ({
  budget: null,
  period: DEFAULT_SPEND_PERIOD,
  setBudget: (budget) => set({ budget }),
  setPeriod: (period) => set({ period }),
  restore: (budget, period) => set({ budget, period }),
});

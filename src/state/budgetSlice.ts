import type { SliceCreator } from './slice.ts';

export interface BudgetSlice {
  /** The designer's spending limit for this session in dollars, or null for none. */
  budget: number | null;
  setBudget: (budget: number | null) => void;
}

export const createBudgetSlice: SliceCreator<BudgetSlice> = (set) => ({
  budget: null,
  setBudget: (budget) => set({ budget }),
});

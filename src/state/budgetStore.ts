import { create } from 'zustand';

interface BudgetStore {
  /** The designer's spending limit for this session in dollars, or null for none. */
  budget: number | null;
  setBudget: (budget: number | null) => void;
}

export const useBudgetStore = create<BudgetStore>()((set) => ({
  budget: null,
  setBudget: (budget) => set({ budget }),
}));

/**
 * The estimate for what the draft would cost if sent now, what was spent over the designer's period, and
 * how the two stand against the budget.
 */
import { estimateRequestCost, type CostEstimate, type ModelCapabilities } from '../../contract/index.ts';
import {
  budgetVerdict,
  periodSpend,
  periodStart,
  type BudgetVerdict,
  type SpendPeriod,
} from '../../state/budget.ts';
import { useSpendSince, useStudioState } from '../../studio/index.ts';

export interface CostOutlook {
  estimate: CostEstimate;
  period: SpendPeriod;
  /** Dollars spent over the period; null while the ledger is being read. */
  spent: number | null;
  budget: number | null;
  verdict: BudgetVerdict;
}

export function useCostOutlook(model: ModelCapabilities): CostOutlook {
  const draft = useStudioState((state) => state.draft.draft);
  const runs = useStudioState((state) => state.session.runs);
  const { budget, period } = useStudioState((state) => state.budget);
  // Read at each render: the period moves on at midnight with the next change the studio shows.
  const since = periodStart(period, new Date());
  const ledger = useSpendSince(since);
  // Edits also pay for reading their input images; the board holds them in the order they are sent.
  const references = useStudioState((state) => (state.draft.mode === 'edit' ? state.board.images : null));
  const estimate = estimateRequestCost(model, {
    size: draft.size,
    quality: draft.quality,
    n: draft.n,
    partialImages: draft.partial_images,
    prompt: draft.prompt,
    referenceImages: references?.map(({ width, height }) => ({ width, height })) ?? [],
    inputFidelity: references ? draft.input_fidelity : null,
    // The studio sends one single-image stream per variant.
    oneRequestPerImage: true,
  });
  const spent = ledger ? periodSpend(ledger, runs, since) : null;
  return {
    estimate,
    period,
    spent,
    budget,
    verdict: budgetVerdict(spent, estimate.dollars?.high ?? null, budget),
  };
}

/** The estimate for what the draft would cost if sent now, and how it stands against the budget. */
import { estimateRequestCost, type CostEstimate, type ModelCapabilities } from '../../contract/index.ts';
import { budgetVerdict, sessionSpend, type BudgetVerdict } from '../../state/budget.ts';
import { useStudioState } from '../../studio/index.ts';

export interface CostOutlook {
  estimate: CostEstimate;
  spent: number;
  budget: number | null;
  verdict: BudgetVerdict;
}

export function useCostOutlook(model: ModelCapabilities): CostOutlook {
  const draft = useStudioState((state) => state.draft.draft);
  const runs = useStudioState((state) => state.session.runs);
  const budget = useStudioState((state) => state.budget.budget);
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
  const spent = sessionSpend(runs);
  return { estimate, spent, budget, verdict: budgetVerdict(spent, estimate.dollars?.high ?? null, budget) };
}

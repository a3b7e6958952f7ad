/**
 * The estimate for what the draft would cost if sent now, what was spent over the designer's period, and
 * how the two stand against the budget.
 */
import {
  estimateRequestCost,
  formatSize,
  type CostEstimate,
  type CostRequest,
  type ModelCapabilities,
} from '../../contract/index.ts';
import type { SendPlan } from '../../editor/inpaint/region.ts';
import type { Draft } from '../../state/draft.ts';
import {
  budgetVerdict,
  periodSpend,
  periodStart,
  type BudgetVerdict,
  type SpendPeriod,
} from '../../state/budget.ts';
import { useEditPlan, useSpendSince, useStudioState, type EditPlan } from '../../studio/index.ts';

export interface CostOutlook {
  estimate: CostEstimate;
  /**
   * The same edit sent the other way (the whole image instead of a region, or back), so the designer can
   * weigh the two before sending; null when there is only one way.
   */
  otherWay: { plan: SendPlan; estimate: CostEstimate } | null;
  /** How this edit is sent, in Edit mode with an image on the board. */
  plan: SendPlan | null;
  period: SpendPeriod;
  /** Dollars spent over the period; null while the ledger is being read. */
  spent: number | null;
  budget: number | null;
  verdict: BudgetVerdict;
}

/** The request the cost of a draft is estimated for, as the edit plan sends it when in Edit mode. */
export function costRequestOf(
  draft: Draft,
  plan: EditPlan | null,
  sent: SendPlan | null = plan?.plan ?? null,
): CostRequest {
  const sentSizes = plan && sent ? [sent.sent, ...plan.sentSizes.slice(1)] : [];
  return {
    // A region edit asks for exactly the size its crop is scaled to.
    size: sent?.kind === 'region' ? formatSize(sent.sent) : draft.size,
    quality: draft.quality,
    n: draft.n,
    partialImages: draft.partial_images,
    prompt: draft.prompt,
    // Edits also pay for reading their input images, at the sizes they are sent.
    referenceImages: sentSizes,
    inputFidelity: plan ? draft.input_fidelity : null,
    // The studio sends one single-image stream per variant.
    oneRequestPerImage: true,
  };
}

export function useCostOutlook(model: ModelCapabilities): CostOutlook {
  const draft = useStudioState((state) => state.draft.draft);
  const runs = useStudioState((state) => state.session.runs);
  const { budget, period } = useStudioState((state) => state.budget);
  // Read at each render: the period moves on at midnight with the next change the studio shows.
  const since = periodStart(period, new Date());
  const ledger = useSpendSince(since);
  const editing = useStudioState((state) => state.draft.mode === 'edit');
  const plan = useEditPlan(model);
  const estimate = estimateRequestCost(model, costRequestOf(draft, editing ? plan : null));
  const other = editing ? (plan?.other ?? null) : null;
  const otherWay = other && {
    plan: other,
    estimate: estimateRequestCost(model, costRequestOf(draft, plan, other)),
  };
  const spent = ledger ? periodSpend(ledger, runs, since) : null;
  return {
    estimate,
    otherWay,
    plan: editing ? (plan?.plan ?? null) : null,
    period,
    spent,
    budget,
    verdict: budgetVerdict(spent, estimate.dollars?.high ?? null, budget),
  };
}

/**
 * Asks before a request that could take the session past its budget. `confirm(send)` either sends at
 * once or opens the question; "Send anyway" sends, "Not now" drops it.
 */
import { useState, type ReactNode } from 'react';
import type { ModelCapabilities } from '../../contract/index.ts';
import type { BudgetVerdict } from '../../state/budget.ts';
import { Dialog } from '../kit/Dialog.tsx';
import { formatDollars } from '../kit/format.ts';
import { useCostOutlook } from './useCostEstimate.ts';

/** Verdicts that ask before sending: the budget may be crossed, or is already spent. */
function asksFirst(
  verdict: BudgetVerdict,
): verdict is Extract<BudgetVerdict, { kind: 'would-cross' | 'unpriced' | 'spent' }> {
  return verdict.kind === 'would-cross' || verdict.kind === 'unpriced' || verdict.kind === 'spent';
}

export function useBudgetConfirm(model: ModelCapabilities): {
  confirm: (send: () => void) => void;
  dialog: ReactNode;
} {
  const { verdict, spent, estimate } = useCostOutlook(model);
  const [pending, setPending] = useState<{ send: () => void } | null>(null);
  const confirm = (send: () => void) => {
    if (asksFirst(verdict)) setPending({ send });
    else send();
  };
  const budget = asksFirst(verdict) ? verdict.budget : null;

  const title = estimate.dollars ? 'Over budget' : 'May go over budget';
  const dialog = pending && budget !== null && (
    <Dialog title={title} titleBar={false} padded onClose={() => setPending(null)} className="w-[22rem]">
      <h2 className="text-[14px] font-semibold">{title}</h2>
      <p className="mt-2 text-[13px] leading-relaxed text-fg-muted">
        {estimate.dollars
          ? `This request could cost up to ${formatDollars(estimate.dollars.high)}. With ${formatDollars(spent)} already spent, the session would pass its ${formatDollars(budget)} budget.`
          : `This request's price is known only after it runs, so it may pass the ${formatDollars(budget)} budget (${formatDollars(spent)} spent so far).`}
      </p>
      <div className="mt-4 flex justify-end gap-2">
        <button
          type="button"
          autoFocus
          onClick={() => setPending(null)}
          className="rounded-md border border-line bg-raised px-3.5 py-1.5 text-[13px] font-medium text-fg transition hover:border-line-strong hover:bg-active focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none"
        >
          Not now
        </button>
        <button
          type="button"
          onClick={() => {
            const { send } = pending;
            setPending(null);
            send();
          }}
          className="rounded-md bg-warn px-3.5 py-1.5 text-[13px] font-semibold text-accent-fg transition hover:brightness-110 focus-visible:ring-2 focus-visible:ring-warn/70 focus-visible:outline-none"
        >
          Send anyway
        </button>
      </div>
    </Dialog>
  );
  return { confirm, dialog };
}

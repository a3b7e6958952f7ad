/**
 * Asks before a request that could take the spending over the designer's period past its budget.
 * `confirm(send)` either sends at once or opens the question; "Send anyway" sends, "Not now" drops it.
 */
import { useState, type ReactNode } from 'react';
import type { ModelCapabilities } from '../../contract/index.ts';
import type { BudgetVerdict } from '../../state/budget.ts';
import { Dialog } from '../kit/Dialog.tsx';
import { formatDollars } from '../kit/format.ts';
import { SPEND_PERIOD_NAMES } from './spendPeriod.ts';
import { useCostOutlook, type CostOutlook } from './useCostEstimate.ts';

type AskingVerdict = Extract<BudgetVerdict, { kind: 'counting' | 'would-cross' | 'unpriced' | 'spent' }>;

/** Verdicts that ask before sending: the budget may be crossed, is already spent, or cannot be told yet. */
function asksFirst(verdict: BudgetVerdict): verdict is AskingVerdict {
  return (
    verdict.kind === 'counting' ||
    verdict.kind === 'would-cross' ||
    verdict.kind === 'unpriced' ||
    verdict.kind === 'spent'
  );
}

function question(verdict: AskingVerdict, { estimate, period, spent }: CostOutlook): string {
  const budget = formatDollars(verdict.budget);
  const spentSoFar = `${formatDollars(spent ?? 0)} spent ${SPEND_PERIOD_NAMES[period].inSentence}`;
  if (verdict.kind === 'counting')
    return `The spending so far is still being read, so this request may pass the ${budget} budget.`;
  if (!estimate.dollars)
    return `This request's price is known only after it runs, so it may pass the ${budget} budget (${spentSoFar}).`;
  const upTo = `This request could cost up to ${formatDollars(estimate.dollars.high)}.`;
  return verdict.kind === 'spent'
    ? `${upTo} The ${budget} budget is already spent (${spentSoFar}).`
    : `${upTo} With ${spentSoFar}, it would pass the ${budget} budget.`;
}

export function useBudgetConfirm(model: ModelCapabilities): {
  confirm: (send: () => void) => void;
  dialog: ReactNode;
} {
  const outlook = useCostOutlook(model);
  const { verdict, estimate } = outlook;
  const [pending, setPending] = useState<{ send: () => void } | null>(null);
  const confirm = (send: () => void) => {
    if (asksFirst(verdict)) setPending({ send });
    else send();
  };

  const title = estimate.dollars && verdict.kind !== 'counting' ? 'Over budget' : 'May go over budget';
  const dialog = pending && asksFirst(verdict) && (
    <Dialog title={title} titleBar={false} padded onClose={() => setPending(null)} className="w-[22rem]">
      <h2 className="text-[14px] font-semibold">{title}</h2>
      <p className="mt-2 text-[13px] leading-relaxed text-fg-muted">{question(verdict, outlook)}</p>
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

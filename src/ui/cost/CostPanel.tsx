/**
 * Cost before sending: the estimate for the draft as it stands, what this session has spent by reported
 * usage, and an optional budget that warns before a request could cross it.
 */
import { useId, useState } from 'react';
import type { ModelCapabilities } from '../../contract/index.ts';
import { parseBudget, type BudgetVerdict } from '../../state/budget.ts';
import { useStudioState } from '../../studio/index.ts';
import { controlClass } from '../kit/form.tsx';
import { formatDollars, formatTokens } from '../kit/format.ts';
import { CostHelp } from './CostHelp.tsx';
import { useCostOutlook } from './useCostEstimate.ts';

function formatDollarRange({ low, high }: { low: number; high: number }): string {
  return low === high ? formatDollars(low) : `${formatDollars(low)}–${formatDollars(high)}`;
}

function VerdictLine({ verdict }: { verdict: BudgetVerdict }) {
  switch (verdict.kind) {
    case 'unset':
      return null;
    case 'within':
      return (
        <p className="text-[11px] text-fg-faint">
          {formatDollars(verdict.remaining)} left after this request.
        </p>
      );
    case 'would-cross':
      return (
        <p role="status" className="text-[12px] leading-snug text-warn">
          This request could bring the session to {formatDollars(verdict.after)}, over the{' '}
          {formatDollars(verdict.budget)} budget. You will be asked before it is sent.
        </p>
      );
    case 'unpriced':
      return (
        <p role="status" className="text-[12px] leading-snug text-warn">
          {formatDollars(verdict.remaining)} of the budget is left, and this request is priced only after it
          runs. You will be asked before it is sent.
        </p>
      );
    case 'spent':
      return (
        <p role="status" className="text-[12px] leading-snug text-danger">
          The {formatDollars(verdict.budget)} budget is spent. You will be asked before each request.
        </p>
      );
  }
}

function BudgetField() {
  const id = useId();
  const budget = useStudioState((state) => state.budget.budget);
  const setBudget = useStudioState((state) => state.budget.setBudget);
  const [text, setText] = useState(budget === null ? '' : String(budget));
  return (
    <div className="flex items-center justify-between gap-3">
      <label htmlFor={id} className="text-[12px] text-fg-muted">
        Budget
      </label>
      <div className="relative w-28">
        <span
          aria-hidden
          className="pointer-events-none absolute top-1/2 left-2.5 -translate-y-1/2 text-[12px] text-fg-faint"
        >
          $
        </span>
        <input
          id={id}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          placeholder="No limit"
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            setBudget(parseBudget(event.target.value));
          }}
          className={`${controlClass(false)} pl-5 text-right tabular-nums`}
        />
      </div>
    </div>
  );
}

export function CostPanel({ model }: { model: ModelCapabilities }) {
  const { estimate, spent, verdict } = useCostOutlook(model);
  const inputTokens = estimate.textInputTokens + estimate.imageInputTokens;
  return (
    <div className="flex flex-col gap-3">
      <div className="rounded-lg border border-line bg-raised/60 px-3 py-2.5">
        <div className="flex items-center justify-between gap-2">
          <span className="text-[11px] font-medium tracking-[0.08em] text-fg-muted uppercase">Estimate</span>
          <CostHelp assumptions={estimate.assumptions} />
        </div>
        {estimate.dollars ? (
          <p aria-label="Estimated cost" className="mt-1 text-[20px] font-semibold tabular-nums text-fg">
            {formatDollarRange(estimate.dollars)}
          </p>
        ) : (
          <p aria-label="Estimated cost" className="mt-1 text-[13px] leading-snug text-fg">
            Priced after the run. <span className="text-fg-muted">{estimate.unpricedReason}</span>
          </p>
        )}
        <dl className="mt-1.5 flex flex-col gap-0.5 text-[11px] tabular-nums text-fg-muted">
          <div className="flex justify-between gap-2">
            <dt>Output per image</dt>
            <dd aria-label="Estimated output tokens per image">
              {estimate.outputTokensPerImage === null
                ? 'unknown'
                : `${formatTokens(estimate.outputTokensPerImage)} tokens`}
            </dd>
          </div>
          {estimate.partialImageTokens > 0 && (
            <div className="flex justify-between gap-2">
              <dt>Partial images, up to</dt>
              <dd>{formatTokens(estimate.partialImageTokens)} tokens</dd>
            </div>
          )}
          <div className="flex justify-between gap-2">
            <dt>Input, roughly</dt>
            <dd>{formatTokens(inputTokens)} tokens</dd>
          </div>
        </dl>
      </div>
      <div className="flex items-center justify-between gap-3">
        <span className="text-[12px] text-fg-muted">Spent this session</span>
        <span aria-label="Spent this session" className="text-[13px] font-medium tabular-nums text-fg">
          {formatDollars(spent)}
        </span>
      </div>
      <BudgetField />
      <VerdictLine verdict={verdict} />
    </div>
  );
}

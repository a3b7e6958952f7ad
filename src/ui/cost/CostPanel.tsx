/**
 * Cost before sending: the estimate for the draft as it stands, what was spent over the period the designer
 * picks (by reported usage, kept in the spend ledger across visits), and an optional budget over that period
 * that warns before a request could cross it.
 */
import { useId, useState } from 'react';
import type { CostEstimate, ModelCapabilities } from '../../contract/index.ts';
import { parseBudget, SPEND_PERIODS, type BudgetVerdict, type SpendPeriod } from '../../state/budget.ts';
import { useStudioState } from '../../studio/index.ts';
import { controlClass } from '../kit/form.tsx';
import { formatDollars, formatTokens } from '../kit/format.ts';
import { Segmented } from '../kit/Segmented.tsx';
import { CostHelp } from './CostHelp.tsx';
import { SPEND_PERIOD_NAMES } from './spendPeriod.ts';
import { useCostOutlook, type CostOutlook } from './useCostEstimate.ts';

function formatDollarRange({ low, high }: { low: number; high: number }): string {
  return low === high ? formatDollars(low) : `${formatDollars(low)}–${formatDollars(high)}`;
}

function VerdictLine({ verdict, period }: { verdict: BudgetVerdict; period: SpendPeriod }) {
  switch (verdict.kind) {
    case 'unset':
    case 'counting':
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
          This request could bring the spending to {formatDollars(verdict.after)}, over the{' '}
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
          The {formatDollars(verdict.budget)} budget is spent {SPEND_PERIOD_NAMES[period].inSentence}. You
          will be asked before each request.
        </p>
      );
  }
}

function SpentOverPeriod({ period, spent }: { period: SpendPeriod; spent: number | null }) {
  const setPeriod = useStudioState((state) => state.budget.setPeriod);
  const label = `Spent ${SPEND_PERIOD_NAMES[period].inSentence}`;
  return (
    <div className="flex flex-col gap-1.5">
      <div className="flex items-center justify-between gap-3">
        <span className="text-[12px] text-fg-muted">{label}</span>
        <span aria-label={label} className="text-[13px] font-medium tabular-nums text-fg">
          {spent === null ? '…' : formatDollars(spent)}
        </span>
      </div>
      <Segmented
        label="Spend period"
        look="field"
        value={period}
        options={SPEND_PERIODS.map((value) => ({ value, label: SPEND_PERIOD_NAMES[value].option }))}
        onChange={setPeriod}
      />
    </div>
  );
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

/**
 * The edit as it is sent against the other way of sending it: what each costs, and how much the output is
 * enlarged to cover its part of the source (a whole photo from one output is upscaled; a region is not).
 */
function BothWays({ estimate, otherWay, plan }: Pick<CostOutlook, 'estimate' | 'otherWay' | 'plan'>) {
  if (!otherWay || !plan) return null;
  const ways = [
    { plan, estimate, current: true },
    { plan: otherWay.plan, estimate: otherWay.estimate, current: false },
  ].sort((a, b) => (a.plan.kind === 'region' ? -1 : 1) - (b.plan.kind === 'region' ? -1 : 1));
  const figure = (of: CostEstimate) =>
    of.dollars
      ? formatDollarRange(of.dollars)
      : of.outputTokensPerImage === null
        ? 'priced after the run'
        : `${formatTokens(of.outputTokensPerImage)} tokens`;
  return (
    <dl
      aria-label="Region or whole image"
      className="mt-2 flex flex-col gap-1 border-t border-line pt-2 text-[11px] tabular-nums text-fg-muted"
    >
      {ways.map((way) => {
        const enlarged = way.plan.box.width / way.estimate.size.width;
        return (
          <div key={way.plan.kind} className="flex justify-between gap-2">
            <dt className={way.current ? 'text-fg' : undefined}>
              {way.plan.kind === 'region' ? 'Region edit' : 'Whole image'}
              {way.current && ' (this edit)'}
              <span className="block text-fg-faint">
                {way.estimate.size.width} × {way.estimate.size.height}
                {enlarged > 1.05 ? `, enlarged ${enlarged.toFixed(1)}×` : ', at full detail'}
              </span>
            </dt>
            <dd className={way.current ? 'text-fg' : undefined}>{figure(way.estimate)}</dd>
          </div>
        );
      })}
    </dl>
  );
}

export function CostPanel({ model }: { model: ModelCapabilities }) {
  const { estimate, otherWay, plan, period, spent, verdict } = useCostOutlook(model);
  const mainlineModel = useStudioState((state) =>
    state.draft.draft.api === 'responses' ? state.draft.draft.mainline_model : null,
  );
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
          {estimate.billing.kind === 'tokens' ? (
            <TokenRows estimate={estimate} />
          ) : (
            <BillingRow billing={estimate.billing} />
          )}
        </dl>
        <BothWays estimate={estimate} otherWay={otherWay} plan={plan} />
        {mainlineModel && (
          <p className="mt-1.5 text-[11px] leading-snug text-fg-muted">
            Image tool only: {mainlineModel}’s tokens are billed on top, and shown after the run, not priced.
          </p>
        )}
      </div>
      <SpentOverPeriod period={period} spent={spent} />
      <BudgetField />
      <VerdictLine verdict={verdict} period={period} />
    </div>
  );
}

/** A provider's own price (a gateway's per image, Leonardo's credits) in place of the token counts. */
function BillingRow({ billing }: { billing: Exclude<CostEstimate['billing'], { kind: 'tokens' }> }) {
  return billing.kind === 'per-image' ? (
    <div className="flex justify-between gap-2">
      <dt>Billed per image</dt>
      <dd aria-label="Price per image">
        {formatDollars(billing.pricePerImage)} × {billing.images}
      </dd>
    </div>
  ) : (
    <div className="flex justify-between gap-2">
      <dt>Credits, {formatDollars(billing.usdPerCredit)} each</dt>
      <dd aria-label="Credits">{billing.credits.toFixed(1)}</dd>
    </div>
  );
}

function TokenRows({ estimate }: { estimate: CostEstimate }) {
  const inputTokens = estimate.textInputTokens + estimate.imageInputTokens;
  return (
    <>
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
    </>
  );
}

/**
 * Reframe to several sizes: the board's first image (the master) to a list of channel formats and typed
 * sizes, each shown with the canvas it goes on and the valid size the model is asked for, one estimate and
 * one budget check for the whole batch before anything is sent, then a contact sheet of the results as
 * they arrive. Lazily loaded with studio/reframe.ts, which it shares with the batch runner.
 */
import { useId, useState } from 'react';
import { estimateRequestCost, formatSize, type ModelCapabilities } from '../../contract/index.ts';
import { budgetVerdict, periodSpend, periodStart, type BudgetVerdict } from '../../state/budget.ts';
import { BOARD_MAX_PIXELS, type BoardImage } from '../../state/board.ts';
import {
  batchDollars,
  parseTargetList,
  planReframe,
  REFRAME_PRESETS,
  type ReframePlan,
  type ReframeTarget,
} from '../../state/outpaint.ts';
import { variantImage } from '../../state/run.ts';
import { useEditPlan, useSpendSince, useStudio, useStudioState } from '../../studio/index.ts';
import { reframeCostRequest, type ReframeProgress, type ReframeStatus } from '../../studio/reframe.ts';
import { roomyButtonClass } from '../kit/buttons.ts';
import { Dialog } from '../kit/Dialog.tsx';
import { downloadBlob } from '../kit/download.ts';
import { formatDollars } from '../kit/format.ts';
import { controlClass } from '../kit/form.tsx';
import { useOpenFullSize, type FullSizeImage } from '../kit/fullSize.tsx';

const px = (size: { width: number; height: number }) => `${size.width} × ${size.height}`;

const range = (dollars: { low: number; high: number }) =>
  dollars.low === dollars.high
    ? formatDollars(dollars.high)
    : `${formatDollars(dollars.low)}–${formatDollars(dollars.high)}`;

const STATUS_TEXT: Record<ReframeStatus, string> = {
  waiting: 'Waiting',
  extending: 'Making the canvas…',
  running: 'Streaming…',
  done: 'Done',
  cancelled: 'Cancelled',
  failed: 'Failed',
  skipped: 'Skipped',
};

/** What the plan means for the target, in a few words. */
function planText(plan: ReframePlan): string {
  if (plan.kind === 'same-shape') return 'The master’s own shape: a scale, no model call, $0';
  if (plan.kind === 'too-large') return `A ${px(plan.canvas)} canvas: over what the board holds`;
  return `Canvas ${px(plan.canvas)}, asks for ${px(plan.size)}`;
}

/** The budget's say on the batch; null when it has none (no budget, or the batch fits). */
function verdictText(verdict: BudgetVerdict): string | null {
  switch (verdict.kind) {
    case 'unset':
    case 'within':
      return null;
    case 'counting':
      return `The spending so far is still being read, so the batch may pass the ${formatDollars(verdict.budget)} budget.`;
    case 'unpriced':
      return `A target’s price is known only after it runs, so the batch may pass the ${formatDollars(verdict.budget)} budget (${formatDollars(verdict.remaining)} left).`;
    case 'would-cross':
      return `At the top of its estimate the batch would take the spending to ${formatDollars(verdict.after)}, past the ${formatDollars(verdict.budget)} budget.`;
    case 'spent':
      return `The ${formatDollars(verdict.budget)} budget is already spent.`;
  }
}

export function ReframeDialog({ model, onClose }: { model: ModelCapabilities; onClose: () => void }) {
  const studio = useStudio();
  const master = useStudioState((state) => state.board.images[0] ?? null);
  const [progress, setProgress] = useState<readonly ReframeProgress[] | null>(null);
  const [finished, setFinished] = useState(false);
  const send = (targets: readonly ReframeTarget[]) => {
    setProgress([]);
    void studio.reframe(targets, setProgress).finally(() => setFinished(true));
  };
  return (
    <Dialog
      title="Reframe to several sizes"
      onClose={onClose}
      className="w-[min(60rem,calc(100vw-3rem))] max-h-[calc(100dvh-3rem)] flex-col overflow-hidden open:flex"
    >
      {progress ? (
        <ContactSheet
          progress={progress}
          finished={finished}
          onCancel={() => studio.cancel()}
          onClose={onClose}
        />
      ) : master ? (
        <ChooseTargets master={master} model={model} onSend={send} onClose={onClose} />
      ) : (
        <p className="p-5 text-[13px] text-fg-muted">Add an image to the board first: it is the master.</p>
      )}
    </Dialog>
  );
}

function ChooseTargets(props: {
  master: BoardImage;
  model: ModelCapabilities;
  onSend: (targets: readonly ReframeTarget[]) => void;
  onClose: () => void;
}) {
  const { master, model } = props;
  const customId = useId();
  const [chosen, setChosen] = useState<ReadonlySet<string>>(() => new Set());
  const [typed, setTyped] = useState('');
  const draft = useStudioState((state) => state.draft.draft);
  // The other board images go with each edit as they go with Apply edit.
  const referenceSizes = useEditPlan(model)?.sentSizes.slice(1) ?? [];
  const running = useStudioState((state) =>
    state.session.runs.some((run) => run.variants.some((variant) => variant.status === 'streaming')),
  );
  const { budget, period } = useStudioState((state) => state.budget);
  const runs = useStudioState((state) => state.session.runs);
  const since = periodStart(period, new Date());
  const ledger = useSpendSince(since);

  const custom = parseTargetList(typed);
  const targets = [...REFRAME_PRESETS.filter((target) => chosen.has(target.id)), ...custom.targets];
  const planOf = (target: ReframeTarget) => planReframe(master, target, model.sizeRule, BOARD_MAX_PIXELS);
  const estimateOf = (plan: ReframePlan) =>
    plan.kind === 'extend'
      ? estimateRequestCost(model, reframeCostRequest(draft, referenceSizes, plan))
      : null;
  const plans = targets.map(planOf);
  const estimates = plans.flatMap((plan) => {
    const estimate = estimateOf(plan);
    return estimate ? [estimate] : [];
  });
  const total = batchDollars(estimates);
  const spent = ledger ? periodSpend(ledger, runs, since) : null;
  const verdict = budgetVerdict(spent, total?.high ?? null, budget);
  const warning = estimates.length > 0 ? verdictText(verdict) : null;
  const count = estimates.length;
  const edits = `${count} edit${count === 1 ? '' : 's'}`;
  const noPrompt = draft.prompt.trim() === '';

  const row = (target: ReframeTarget, plan: ReframePlan, checkbox: boolean) => {
    const estimate = estimateOf(plan);
    const included = !checkbox || chosen.has(target.id);
    return (
      <tr key={target.id} className="border-t border-line/60">
        <td className="py-1.5 pr-3">
          {checkbox ? (
            <label className="flex cursor-pointer items-center gap-2 text-fg select-none">
              <input
                type="checkbox"
                checked={chosen.has(target.id)}
                onChange={(event) => {
                  const next = new Set(chosen);
                  if (event.target.checked) next.add(target.id);
                  else next.delete(target.id);
                  setChosen(next);
                }}
                className="accent-accent"
              />
              {target.label}
            </label>
          ) : (
            <span className="pl-6 text-fg">Custom</span>
          )}
        </td>
        <td className="py-1.5 pr-3 text-fg-muted tabular-nums">{px(target)}</td>
        <td className={`py-1.5 pr-3 tabular-nums ${included ? 'text-fg-muted' : 'text-fg-faint'}`}>
          {planText(plan)}
        </td>
        <td className={`py-1.5 text-right tabular-nums ${included ? 'text-fg' : 'text-fg-faint'}`}>
          {plan.kind === 'extend' ? (estimate?.dollars ? range(estimate.dollars) : 'after the run') : '—'}
        </td>
      </tr>
    );
  };

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div className="min-h-0 flex-1 overflow-auto px-5 py-4">
        <p className="text-[13px] leading-relaxed text-fg-muted">
          The master, <span className="text-fg">{master.name}</span> ({px(master)}), goes onto a canvas of
          each target’s shape, centred; the model fills the new area with the prompt and settings as they are,
          and every pixel of the master is kept exactly. One run per target, one after another.
        </p>
        <table className="mt-3 w-full text-[12.5px]">
          <thead>
            <tr className="text-left text-[11px] tracking-[0.08em] text-fg-faint uppercase">
              <th className="pb-1.5 font-medium">Target</th>
              <th className="pb-1.5 font-medium">Nominal</th>
              <th className="pb-1.5 font-medium">What is sent</th>
              <th className="pb-1.5 text-right font-medium">Estimate</th>
            </tr>
          </thead>
          <tbody>
            {REFRAME_PRESETS.map((target) => row(target, planOf(target), true))}
            {custom.targets.map((target) => row(target, planOf(target), false))}
          </tbody>
        </table>
        <div className="mt-4 flex flex-col gap-1">
          <label
            htmlFor={customId}
            className="text-[11px] font-medium tracking-[0.08em] text-fg-muted uppercase"
          >
            Custom sizes
          </label>
          <input
            id={customId}
            value={typed}
            placeholder="e.g. 1200x630, 2048x1152"
            onChange={(event) => setTyped(event.target.value)}
            className={controlClass(custom.refused.length > 0)}
          />
          <p className="text-[11px] leading-snug text-fg-faint">
            {custom.refused.length > 0
              ? `Not a size: ${custom.refused.join(', ')}. Write each as WIDTHxHEIGHT.`
              : 'WIDTHxHEIGHT, separated by commas or spaces.'}
          </p>
        </div>
      </div>
      <footer className="flex shrink-0 flex-col gap-2 border-t border-line px-5 py-3">
        <p aria-label="Batch estimate" className="text-[13px] text-fg">
          {count === 0
            ? 'Choose a target with a shape the master does not have.'
            : `${edits}, ${total ? `${range(total)} in all` : 'priced only after they run'}.`}
        </p>
        {warning && (
          <p role="alert" className="text-[12.5px] leading-snug text-warn">
            {warning}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <button type="button" onClick={props.onClose} className={roomyButtonClass}>
            Close
          </button>
          <button
            type="button"
            disabled={count === 0 || running || noPrompt}
            title={running ? 'A run is under way' : noPrompt ? 'Write a prompt first' : undefined}
            onClick={() => props.onSend(targets)}
            className={`rounded-md px-3.5 py-1.5 text-[13px] font-semibold text-accent-fg transition hover:brightness-110 focus-visible:ring-2 focus-visible:outline-none disabled:cursor-not-allowed disabled:opacity-45 ${warning ? 'bg-warn focus-visible:ring-warn/70' : 'bg-accent focus-visible:ring-accent/70'}`}
          >
            {`Send ${edits}${warning ? ' anyway' : ''}${total && count > 0 ? ` for ~${formatDollars(total.high)}` : ''}`}
          </button>
        </div>
      </footer>
    </div>
  );
}

function ContactSheet(props: {
  progress: readonly ReframeProgress[];
  finished: boolean;
  onCancel: () => void;
  onClose: () => void;
}) {
  const studio = useStudio();
  const runs = useStudioState((state) => state.session.runs);
  const openFullSize = useOpenFullSize();
  const [zipping, setZipping] = useState(false);
  const items = props.progress.map((item) => {
    const run = item.runId ? runs.find((candidate) => candidate.id === item.runId) : undefined;
    const variant = run?.variants[0];
    return { ...item, variant, image: variant ? variantImage(variant) : null };
  });
  const viewable: FullSizeImage[] = items.flatMap(({ plan, image, variant }) =>
    image
      ? [
          {
            id: image.id,
            alt: `${variant?.final ? 'Full size' : 'Partial'}: ${plan.target.label}`,
            caption: plan.target.label,
            source: { url: image.url },
          },
        ]
      : [],
  );
  const doneIds = items.flatMap(({ status, variant }) => (status === 'done' && variant ? [variant.id] : []));
  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <ul
        aria-label="Contact sheet"
        className="grid min-h-0 flex-1 grid-cols-[repeat(auto-fill,minmax(11rem,1fr))] gap-3 overflow-auto px-5 py-4"
      >
        {items.map(({ plan, status, message, image, variant }) => (
          <li
            key={plan.target.id}
            aria-label={plan.target.label}
            className="flex flex-col gap-1.5 rounded-lg border border-line bg-raised/40 p-2"
          >
            <div className="flex aspect-square items-center justify-center overflow-hidden rounded-md bg-canvas">
              {image ? (
                <button
                  type="button"
                  disabled={!openFullSize}
                  onClick={() => openFullSize?.(viewable, image.id)}
                  className="flex h-full w-full items-center justify-center focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none"
                >
                  <img
                    src={image.url}
                    alt={`${variant?.final ? 'Result' : 'Partial'}: ${plan.target.label}`}
                    className="max-h-full max-w-full object-contain"
                  />
                </button>
              ) : (
                <span className="px-2 text-center text-[11px] text-fg-faint">
                  {plan.kind === 'extend' ? px(plan.canvas) : '—'}
                </span>
              )}
            </div>
            <p className="truncate text-[12.5px] font-medium text-fg">{plan.target.label}</p>
            <p className="text-[11px] text-fg-muted tabular-nums">
              {plan.kind === 'extend'
                ? `${px(plan.canvas)} · asked ${formatSize(plan.size)}`
                : px(plan.target)}
            </p>
            <p
              role="status"
              aria-label={`Status of ${plan.target.label}`}
              title={message ?? undefined}
              className={`text-[11px] ${status === 'failed' ? 'text-danger' : status === 'done' ? 'text-ok' : 'text-fg-faint'}`}
            >
              {STATUS_TEXT[status]}
              {message && status !== 'cancelled' ? `: ${message}` : ''}
            </p>
          </li>
        ))}
      </ul>
      <footer className="flex shrink-0 items-center justify-end gap-2 border-t border-line px-5 py-3">
        <p className="mr-auto text-[12.5px] text-fg-muted">
          {props.finished
            ? `${doneIds.length} of ${items.length} reframed; the master is back on the board.`
            : 'Each result is stored in the gallery as it finishes.'}
        </p>
        {!props.finished && (
          <button type="button" onClick={props.onCancel} className={roomyButtonClass}>
            Cancel
          </button>
        )}
        <button
          type="button"
          disabled={doneIds.length === 0 || zipping || !props.finished}
          onClick={() => {
            setZipping(true);
            void studio
              .exportResults(doneIds)
              .then((zip) => downloadBlob(zip, 'reframed.zip'))
              .finally(() => setZipping(false));
          }}
          className={roomyButtonClass}
        >
          {zipping ? 'Zipping…' : 'Download all'}
        </button>
        <button type="button" onClick={props.onClose} className={roomyButtonClass}>
          Close
        </button>
      </footer>
    </div>
  );
}

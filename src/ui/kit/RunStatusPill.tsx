/** How a run stands, over the image it is making: what became of its variants, its progress and its time. */
import { mayStillBeBilled, runElapsed, runFinals, runLabel, runStatus, type Run } from '../../state/run.ts';
import type { VariantStatus } from '../../storage/records.ts';
import { BILLING_HINT, formatElapsed } from './format.ts';
import { useNow } from './useNow.ts';

const STATUS_DOT: Record<VariantStatus, string> = {
  streaming: 'bg-accent animate-pulse',
  done: 'bg-ok',
  error: 'bg-danger',
  cancelled: 'bg-warn',
  interrupted: 'bg-warn',
};

/** What the label does not say already: a single image's partials, or that a partial is all there is. */
function progress(run: Run, status: VariantStatus): string | null {
  if (status === 'streaming') {
    if (run.variants.length > 1) return null;
    const { partialImages } = run.request;
    const variant = run.variants[0]!;
    if (variant.partial) return `partial ${variant.partialCount} of ${partialImages}`;
    // A provider that answers once it is done (a task gateway) sends no partials, only how far it is.
    if (variant.progress)
      return variant.progress.stage === 'queued' ? 'queued at the provider' : 'working at the provider';
    return partialImages > 0 ? 'waiting for the first partial' : 'rendering';
  }
  const kept = run.variants.some((variant) => !variant.final && variant.partial);
  return runFinals(run).length === 0 && kept ? 'last partial kept' : null;
}

export function RunStatusPill({ run }: { run: Run }) {
  const status = runStatus(run);
  const now = useNow(status === 'streaming');
  const detail = progress(run, status);
  const elapsed = runElapsed(run, now);
  // Green only when every variant made its image: a batch with some short of theirs is a partial success.
  const whole = run.variants.every((variant) => variant.status === 'done');
  const dot = status === 'done' && !whole ? STATUS_DOT.interrupted : STATUS_DOT[status];
  return (
    <div
      role="status"
      aria-label="Run status"
      aria-live="polite"
      className="pointer-events-none absolute left-4 top-4 flex items-center gap-2 rounded-full border border-line bg-panel/90 px-3 py-1 text-[12px] text-fg-muted shadow-lg backdrop-blur"
    >
      <span aria-hidden className={`size-1.5 rounded-full ${dot}`} />
      <span className="font-medium text-fg">{runLabel(run)}</span>
      {detail && <span>· {detail}</span>}
      {status !== 'streaming' && mayStillBeBilled(run.variants) && (
        <span className="text-warn">· {BILLING_HINT}</span>
      )}
      <span className="tabular-nums" aria-label="Elapsed time">
        · {formatElapsed(elapsed)}
      </span>
    </div>
  );
}

/** How a run stands, over the image it is making: streaming, done or stopped, its progress and its time. */
import { elapsedMs, runFinals, runStatus, type Run } from '../../state/run.ts';
import type { VariantStatus } from '../../storage/records.ts';
import { STATUS_LABELS, formatElapsed } from './format.ts';
import { useNow } from './useNow.ts';

const STATUS_DOT: Record<VariantStatus, string> = {
  streaming: 'bg-accent animate-pulse',
  done: 'bg-ok',
  error: 'bg-danger',
  cancelled: 'bg-warn',
  interrupted: 'bg-warn',
};

function streamingProgress(run: Run): string {
  const { n: count, partialImages } = run.request;
  if (count > 1) return `${runFinals(run).length} of ${count} images done`;
  const variant = run.variants[0]!;
  if (variant.partial) return `partial ${variant.partialCount} of ${partialImages}`;
  return partialImages > 0 ? 'waiting for the first partial' : 'rendering';
}

export function RunStatusPill({ run }: { run: Run }) {
  const status = runStatus(run);
  const now = useNow(status === 'streaming');
  const finals = runFinals(run).length;
  const kept = run.variants.filter((variant) => !variant.final && variant.partial).length;
  const progress =
    status === 'streaming'
      ? streamingProgress(run)
      : finals === 0 && kept > 0
        ? 'last partial kept'
        : finals > 0 && finals < run.request.n
          ? `${finals} of ${run.request.n} images`
          : null;
  return (
    <div
      role="status"
      aria-label="Run status"
      aria-live="polite"
      className="pointer-events-none absolute left-4 top-4 flex items-center gap-2 rounded-full border border-line bg-panel/90 px-3 py-1 text-[12px] text-fg-muted shadow-lg backdrop-blur"
    >
      <span aria-hidden className={`size-1.5 rounded-full ${STATUS_DOT[status]}`} />
      <span className="font-medium text-fg">
        {status === 'streaming'
          ? run.request.kind === 'edit'
            ? 'Editing'
            : 'Generating'
          : STATUS_LABELS[status]}
      </span>
      {progress && <span>· {progress}</span>}
      <span className="tabular-nums" aria-label="Elapsed time">
        · {formatElapsed(elapsedMs(run, now))}
      </span>
    </div>
  );
}

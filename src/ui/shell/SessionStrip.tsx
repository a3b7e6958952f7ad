import { leadImage, runFinals, runStatus, type Run } from '../../state/run.ts';
import { useStudioState } from '../../studio/index.ts';

/** This session's results, newest first; picking one puts it back on the canvas. */
export function SessionStrip({ runs, selectedId }: { runs: readonly Run[]; selectedId: string | null }) {
  const select = useStudioState((state) => state.session.select);
  const shown = runs.filter((run) => leadImage(run) !== null);
  if (shown.length === 0) return null;
  return (
    <nav aria-label="Session results" className="flex shrink-0 gap-2 overflow-x-auto px-6 pb-4">
      {shown.map((run) => {
        const image = leadImage(run)!;
        const selected = run.id === selectedId;
        return (
          <button
            key={run.id}
            type="button"
            aria-pressed={selected}
            aria-label={`Show result: ${run.request.prompt.slice(0, 60)}`}
            title={run.request.prompt}
            onClick={() => select(run.id)}
            className={`relative size-14 shrink-0 overflow-hidden rounded-md border transition focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none ${
              selected ? 'border-accent ring-1 ring-accent/60' : 'border-line opacity-70 hover:opacity-100'
            }`}
          >
            <img src={image.url} alt="" className="checkerboard size-full object-cover" />
            {runFinals(run).length > 1 && (
              <span className="absolute right-0.5 bottom-0.5 rounded bg-black/70 px-1 text-[10px] text-white">
                {runFinals(run).length}
              </span>
            )}
            {runStatus(run) !== 'done' && runStatus(run) !== 'streaming' && (
              <span aria-hidden className="absolute inset-x-0 bottom-0 h-0.5 bg-warn" />
            )}
          </button>
        );
      })}
    </nav>
  );
}

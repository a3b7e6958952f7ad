/** The newest edit's result beside its source, refining in place, with "Use as source". */
import { useId, useState } from 'react';
import { runFinals, runStatus, type Run } from '../../state/run.ts';
import { useStudio } from '../../studio/index.ts';
import { RunImages } from '../kit/RunImages.tsx';
import { RunStatusPill } from '../kit/RunStatusPill.tsx';
import { UploadProgress } from './UploadProgress.tsx';

export function EditResult({ run }: { run: Run }) {
  const studio = useStudio();
  const keepId = useId();
  const [keepMask, setKeepMask] = useState(true);
  const done = runStatus(run) === 'done' && runFinals(run).length > 0;
  return (
    <section
      aria-label="Edit result"
      className="relative flex min-h-0 min-w-0 flex-1 flex-col border-l border-line"
    >
      <RunStatusPill run={run} />
      <div className="relative min-h-0 flex-1">
        <div key={run.id} className="absolute inset-x-6 top-14 bottom-4">
          <RunImages run={run} />
          <UploadProgress runId={run.id} />
        </div>
      </div>
      {done && (
        <div className="flex shrink-0 items-center justify-center gap-3 pb-3">
          <label
            htmlFor={keepId}
            className="flex cursor-pointer items-center gap-1.5 text-[12px] text-fg-muted select-none"
          >
            <input
              id={keepId}
              type="checkbox"
              checked={keepMask}
              onChange={(event) => setKeepMask(event.target.checked)}
              className="accent-accent"
            />
            Keep the mask
          </label>
          <button
            type="button"
            onClick={() => {
              const final = runFinals(run)[0];
              if (!final) return;
              const name = `edit-${run.id.slice(0, 8)}.${final.format}`;
              void studio.takeAsSource({ id: final.id, url: final.url, name }, keepMask);
            }}
            title="Make this result the first image (the edit target) for the next edit"
            className="rounded-md border border-line bg-raised px-3 py-1.5 text-[13px] font-medium text-fg transition hover:border-line-strong hover:bg-active focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none"
          >
            Use as source
          </button>
        </div>
      )}
    </section>
  );
}

/** Generate mode's canvas: the selected run's images with its status, or an invitation before the first. */
import { useState } from 'react';
import type { Run } from '../../state/run.ts';
import { ComparableRun } from '../compare/ComparableRun.tsx';
import { BoardDropZone } from '../edit/addImages.tsx';
import { isResultDrag } from '../kit/resultDrag.ts';
import { RunStatusPill } from '../kit/RunStatusPill.tsx';

function EmptyCanvas() {
  return (
    <div className="flex max-w-sm flex-col items-center gap-3 text-center">
      <svg aria-hidden viewBox="0 0 48 48" className="size-12 text-fg-faint">
        <rect x="6" y="10" width="36" height="28" rx="4" fill="none" stroke="currentColor" strokeWidth="2" />
        <circle cx="17" cy="20" r="3.5" fill="currentColor" />
        <path d="M8 34 L20 24 L28 31 L33 27 L40 33" fill="none" stroke="currentColor" strokeWidth="2" />
      </svg>
      <p className="text-[15px] font-medium text-fg">Nothing on the canvas yet</p>
      <p className="text-[13px] leading-relaxed text-fg-muted">
        Describe an image below and press Generate. Partial images appear here as they arrive and refine into
        the final one.
      </p>
    </div>
  );
}

/**
 * `runs` are the session's, which the full-size viewer steps through; `boardLimit` is how many images the
 * board takes, for a result dragged onto it from here.
 */
export function Canvas({
  run,
  runs,
  boardLimit,
}: {
  run: Run | null;
  runs: readonly Run[];
  boardLimit: number;
}) {
  // A result dragged over the canvas (its own image, or a strip card) offers the board a drop zone.
  const [resultDragged, setResultDragged] = useState(false);
  return (
    <section
      aria-label="Canvas"
      className="canvas-backdrop relative flex min-h-0 flex-1 items-center justify-center"
      onDragEnter={(event) => setResultDragged(isResultDrag(event))}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setResultDragged(false);
      }}
      onDragEnd={() => setResultDragged(false)}
    >
      {run ? (
        <>
          <RunStatusPill run={run} />
          {/* Keyed by run so a new run starts with fresh crossfade layers. */}
          <div key={run.id} className="absolute inset-x-8 top-14 bottom-4">
            <ComparableRun run={run} runs={runs} />
          </div>
        </>
      ) : (
        <EmptyCanvas />
      )}
      {resultDragged && <BoardDropZone limit={boardLimit} onDropped={() => setResultDragged(false)} />}
    </section>
  );
}

/** Edit mode's canvas: the first image with its mask on the left, the newest edit's result on the right. */
import { useEffect } from 'react';
import { MaskEditor } from '../../editor/MaskEditor.tsx';
import type { Run } from '../../state/run.ts';
import { useStudio, useStudioState } from '../../studio/index.ts';
import { AddImagesButton, dropOnBoard } from '../board/ReferenceBoard.tsx';
import { EditResult } from './EditResult.tsx';

function EmptyEdit({ limit }: { limit: number }) {
  return (
    <div className="flex max-w-sm flex-col items-center gap-3 text-center">
      <svg aria-hidden viewBox="0 0 48 48" className="size-12 text-fg-faint">
        <rect
          x="6"
          y="10"
          width="36"
          height="28"
          rx="4"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
          strokeDasharray="4 3"
        />
        <path d="M24 18v12m-6-6h12" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
      </svg>
      <p className="text-[15px] font-medium text-fg">Drop images to edit</p>
      <p className="text-[13px] leading-relaxed text-fg-muted">
        The first image is the one you paint a mask on; up to {limit} in all are sent as references. Drop
        files here, paste, or choose them.
      </p>
      <AddImagesButton limit={limit} prominent />
    </div>
  );
}

export function EditCanvas({ run, limit }: { run: Run | null; limit: number }) {
  const studio = useStudio();
  const first = useStudioState((state) => state.board.images[0] ?? null);

  // Pasted images join the board wherever the focus is; pasted text is left to the field it goes to.
  useEffect(() => {
    const onPaste = (event: ClipboardEvent) => {
      const files = [...(event.clipboardData?.files ?? [])];
      if (files.length === 0) return;
      event.preventDefault();
      void studio.addFiles(
        files.map((file) => ({ blob: file as Blob, name: file.name || 'pasted image.png' })),
        limit,
      );
    };
    window.addEventListener('paste', onPaste);
    return () => window.removeEventListener('paste', onPaste);
  }, [studio, limit]);
  return (
    <section
      aria-label="Edit canvas"
      onDragOver={(event) => event.preventDefault()}
      onDrop={(event) => dropOnBoard(studio, event, limit)}
      className="canvas-backdrop relative flex min-h-0 flex-1"
    >
      {first ? (
        <>
          <div className="relative min-h-0 min-w-0 flex-[1.2]">
            <MaskEditor key={first.id} image={first} store={studio.store} />
          </div>
          {run && <EditResult run={run} />}
        </>
      ) : (
        <div className="grid flex-1 place-items-center">
          <EmptyEdit limit={limit} />
        </div>
      )}
    </section>
  );
}

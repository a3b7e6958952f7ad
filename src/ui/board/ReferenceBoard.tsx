/**
 * The reference board: the images an edit sends, in order. The first is the edit target (the mask applies
 * to it). Add by picker, drop or paste; the thumbnails themselves are drawn by the editor's Konva stage.
 */
import { Suspense } from 'react';
import { STAGE_HEIGHT } from '../../editor/board/boardLayout.ts';
import type { Notice as BoardNotice } from '../../state/noticesSlice.ts';
import { useStudio, useStudioState } from '../../studio/index.ts';
import { ImageFilesButton } from '../kit/ImageFilesButton.tsx';
import { lazyView } from '../kit/lazyView.tsx';

// Konva comes with the stage, in a chunk of its own preloaded when the page is idle.
const ReferenceBoardStage = lazyView(() =>
  import('../../editor/board/ReferenceBoardStage.tsx').then((module) => module.ReferenceBoardStage),
);

function Notice({ notice }: { notice: BoardNotice }) {
  const dismiss = useStudioState((state) => state.notices.dismiss);
  const error = notice.tone === 'error';
  return (
    <div
      role={error ? 'alert' : 'status'}
      className={`flex items-start gap-2 rounded-lg border px-3 py-1.5 text-[12px] leading-snug ${
        error ? 'border-danger/50 bg-danger/10 text-fg' : 'border-warn/40 bg-warn/10 text-fg'
      }`}
    >
      <span
        aria-hidden
        className={`mt-1.5 size-1.5 shrink-0 rounded-full ${error ? 'bg-danger' : 'bg-warn'}`}
      />
      <span className="flex-1">{notice.text}</span>
      <button
        type="button"
        aria-label="Dismiss"
        onClick={() => dismiss(notice.id)}
        className="text-fg-muted transition hover:text-fg"
      >
        ×
      </button>
    </div>
  );
}

export function BoardNotices() {
  const all = useStudioState((state) => state.notices.notices);
  const notices = all.filter((notice) => notice.source === 'board');
  if (notices.length === 0) return null;
  return (
    <div className="flex flex-col gap-1.5">
      {notices.map((notice) => (
        <Notice key={notice.id} notice={notice} />
      ))}
    </div>
  );
}

/** Shown once an image is on the board; before that the empty edit canvas invites the first ones. */
export function ReferenceBoard({ limit }: { limit: number }) {
  const studio = useStudio();
  const images = useStudioState((state) => state.board.images);
  const { move, remove } = studio.store.getState().board;
  if (images.length === 0) return null;
  return (
    <section
      aria-label="Reference board"
      onDragOver={(event) => event.preventDefault()}
      onDrop={(event) => {
        event.preventDefault();
        void studio.addTransfer(event.dataTransfer, limit);
      }}
      className="flex flex-col gap-2 rounded-xl border border-line bg-panel/80 px-3 py-2.5"
    >
      <div className="flex items-center justify-between gap-3">
        <h2 className="text-[11px] font-medium uppercase tracking-[0.08em] text-fg-muted">
          References{' '}
          <span className="ml-1 tabular-nums normal-case tracking-normal text-fg-faint">
            {images.length} / {limit}
          </span>
        </h2>
        <div className="flex items-center gap-3">
          <span className="text-[11px] text-fg-faint">Drop, paste or</span>
          <ImageFilesButton onFiles={(files) => void studio.addFiles(files, limit)} />
        </div>
      </div>
      <Suspense fallback={<div style={{ height: STAGE_HEIGHT }} />}>
        <ReferenceBoardStage images={images} onMove={move} onRemove={remove} />
      </Suspense>
    </section>
  );
}

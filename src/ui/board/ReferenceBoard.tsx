/**
 * The reference board: the images an edit sends, in order. The first is the edit target (the mask applies
 * to it). Add by picker, drop or paste; the thumbnails themselves are drawn by the editor's Konva stage.
 * It folds away under its toggle, so a short window gives its height to the mask.
 */
import { Suspense, useId, useState, useSyncExternalStore } from 'react';
import { STAGE_HEIGHT } from '../../editor/board/boardLayout.ts';
import { shownNotices } from '../../state/noticesSlice.ts';
import { useStudio, useStudioState } from '../../studio/index.ts';
import { ImageFilesButton } from '../kit/ImageFilesButton.tsx';
import { NoticeBanner } from '../kit/NoticeBanner.tsx';
import { lazyView } from '../kit/lazyView.tsx';

// Konva comes with the stage, in a chunk of its own preloaded when the page is idle.
const ReferenceBoardStage = lazyView(() =>
  import('../../editor/board/ReferenceBoardStage.tsx').then((module) => module.ReferenceBoardStage),
);

/** The board's notices among those on show (studio-wide, two at most), newest first. */
export function BoardNotices() {
  const all = useStudioState((state) => state.notices.notices);
  const { dismiss, hold } = useStudio().store.getState().notices;
  const notices = shownNotices(all).filter((notice) => notice.source === 'board');
  if (notices.length === 0) return null;
  return (
    <div className="flex flex-col gap-1.5">
      {notices.map((notice) => (
        <NoticeBanner
          key={notice.id}
          notice={notice}
          label="Board notice"
          onDismiss={() => dismiss(notice.id)}
          onHold={(held) => hold(notice.id, held)}
        />
      ))}
    </div>
  );
}

/** Below this window height the board starts folded: its strip would take a third of the painting area. */
const ROOMY_WINDOW = '(min-height: 880px)';

function subscribeToRoomy(onChange: () => void) {
  const query = window.matchMedia(ROOMY_WINDOW);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

/**
 * Whether the board is unfolded: the designer's choice once made, until then whatever the window's height
 * allows (and following it as the window is resized).
 */
export function useBoardOpen() {
  const roomy = useSyncExternalStore(subscribeToRoomy, () => window.matchMedia(ROOMY_WINDOW).matches);
  const [chosen, setChosen] = useState<boolean | null>(null);
  const boardId = useId();
  return { open: chosen ?? roomy, setOpen: setChosen, boardId };
}

/** "References 3 / 16", folding the board in and out; nothing before the first image. */
export function BoardToggle({
  open,
  onToggle,
  boardId,
  limit,
}: {
  open: boolean;
  onToggle: (open: boolean) => void;
  boardId: string;
  limit: number;
}) {
  const count = useStudioState((state) => state.board.images.length);
  if (count === 0) return null;
  // A model picked after the board filled may take fewer: the edit is then refused until some are removed.
  const over = count > limit;
  const fold = open ? 'Fold the reference board away' : 'Show the reference board';
  return (
    <button
      type="button"
      aria-expanded={open}
      aria-controls={open ? boardId : undefined}
      onClick={() => onToggle(!open)}
      title={over ? `${fold}. The model takes at most ${limit} images: remove ${count - limit}.` : fold}
      className="flex items-center gap-1.5 rounded-md px-2 py-1 text-[11px] font-medium tracking-[0.08em] text-fg-muted uppercase transition hover:bg-active hover:text-fg focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none"
    >
      <svg
        aria-hidden
        viewBox="0 0 12 12"
        className={`size-3 transition-transform ${open ? 'rotate-90' : ''}`}
      >
        <path d="M4.5 2.5 8 6l-3.5 3.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
      </svg>
      References
      <span className={`tabular-nums tracking-normal normal-case ${over ? 'text-warn' : 'text-fg-faint'}`}>
        {count} / {limit}
      </span>
    </button>
  );
}

/** The unfolded board, a full-width strip; `id` is the one its toggle controls. */
export function ReferenceBoard({ limit, id }: { limit: number; id: string }) {
  const studio = useStudio();
  const images = useStudioState((state) => state.board.images);
  const { move, remove } = studio.store.getState().board;
  if (images.length === 0) return null;
  return (
    <section
      id={id}
      aria-label="Reference board"
      onDragOver={(event) => event.preventDefault()}
      onDrop={(event) => {
        event.preventDefault();
        void studio.addTransfer(event.dataTransfer, limit);
      }}
      className="mx-4 mb-1 flex shrink-0 items-center gap-3 rounded-xl border border-line bg-panel/80 py-2 pr-3 pl-2"
    >
      <div className="min-w-0 flex-1">
        <Suspense fallback={<div style={{ height: STAGE_HEIGHT }} />}>
          <ReferenceBoardStage images={images} onMove={move} onRemove={remove} />
        </Suspense>
      </div>
      <div className="flex shrink-0 flex-col items-center gap-2 border-l border-line pl-3 text-center whitespace-nowrap">
        <span className="text-[11px] leading-snug text-fg-faint">Drop, paste or</span>
        <ImageFilesButton onFiles={(files) => void studio.addFiles(files, limit)} />
      </div>
    </section>
  );
}

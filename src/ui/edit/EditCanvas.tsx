/**
 * Edit mode's canvas: the first image with its mask, and the newest edit's result. Where the canvas is
 * wide enough (the main column's container query) they sit side by side; below that both fill the same
 * place and the designer switches between them, so the painting area keeps the whole width. Side by side,
 * the mask, which is worked on, has the larger share (3 : 2): at 1920 px that is enough for the zoom to join
 * the tools' row and give the stage its column (MaskToolbar.tsx).
 */
import { Suspense, useEffect, useMemo } from 'react';
import { whyNoMask, type ModelCapabilities } from '../../contract/index.ts';
import type { Keymap } from '../../editor/actions/keymap.ts';
import type { Run } from '../../state/run.ts';
import { useEditPlan, useStudio, useStudioState } from '../../studio/index.ts';
import { AddImagesButton, dropOnBoard } from './addImages.tsx';
import { lazyView } from '../kit/lazyView.tsx';
import { EditResult } from './EditResult.tsx';
import type { EditView } from './editView.tsx';

// Konva comes with the editor, in a chunk of its own preloaded when the page is idle.
const MaskEditor = lazyView(() => import('../../editor/MaskEditor.tsx').then((module) => module.MaskEditor));
// Staging an edit's variants on the source comes with the first staging (StagingView.tsx).
const StagingView = lazyView(() => import('./StagingView.tsx').then((module) => module.StagingView));
// Asked only when the first image changes under a painted mask.
const MaskOwnerPrompt = lazyView(() =>
  import('./MaskOwnerPrompt.tsx').then((module) => module.MaskOwnerPrompt),
);

function EmptyEdit({ limit, masks }: { limit: number; masks: boolean }) {
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
        The first image is {masks ? 'the one you paint a mask on' : 'the one the edit starts from'}; up to{' '}
        {limit} in all are sent as references. Drop files here, paste, or choose them.
      </p>
      <AddImagesButton limit={limit} prominent />
    </div>
  );
}

/**
 * `keymap` is the page's key handler, which the mask editor binds its actions to; `view` is the pane a
 * narrow canvas shows (see `useEditView`).
 */
export function EditCanvas({
  run,
  model,
  keymap,
  view,
}: {
  run: Run | null;
  model: ModelCapabilities;
  keymap: Keymap;
  view: EditView;
}) {
  const limit = model.maxReferenceImages;
  const maskUnavailable = whyNoMask(model);
  // A region edit shows the crop it sends as a frame on the canvas, which the designer can move and resize.
  const edit = useEditPlan(model);
  const regionFrame = useMemo(
    () =>
      edit?.plan.kind === 'region' && edit.maskBounds
        ? { box: edit.plan.box, maskBounds: edit.maskBounds }
        : null,
    [edit],
  );
  const studio = useStudio();
  const first = useStudioState((state) => state.board.images[0] ?? null);
  const staged = useStudioState((state) => state.staging.staged);
  // Over the mask, in its place: a narrow canvas shows it whichever pane the switch names.
  const staging = run && first && staged?.runId === run.id && staged.sourceId === first.id;

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
      className={`canvas-backdrop relative grid min-h-0 flex-1 grid-cols-1 grid-rows-1 ${
        first && run ? '@min-[1280px]/main:grid-cols-[3fr_2fr]' : ''
      }`}
    >
      {first ? (
        <>
          {/* The pane not shown keeps its size (invisible, not removed), so the stage keeps its view. */}
          <div
            className={`@container/mask relative col-start-1 row-start-1 min-h-0 min-w-0 ${
              run && view === 'result' && !staging ? 'invisible @min-[1280px]/main:visible' : ''
            }`}
          >
            <Suspense fallback={<div className="size-full" />}>
              <MaskEditor
                key={first.id}
                image={first}
                store={studio.store}
                keymap={keymap}
                regionFrame={regionFrame}
                sizeRule={model.sizeRule}
                maskUnavailable={maskUnavailable}
              />
            </Suspense>
            {staging && (
              <Suspense fallback={null}>
                <StagingView run={run} source={first} keymap={keymap} />
              </Suspense>
            )}
          </div>
          {run && (
            <div
              className={`col-start-1 row-start-1 flex min-h-0 min-w-0 @min-[1280px]/main:col-start-2 @min-[1280px]/main:visible @min-[1280px]/main:border-l @min-[1280px]/main:border-line ${
                view === 'source' || staging ? 'invisible' : ''
              }`}
            >
              <EditResult run={run} />
            </div>
          )}
        </>
      ) : (
        <div className="grid flex-1 place-items-center">
          <EmptyEdit limit={limit} masks={maskUnavailable === null} />
        </div>
      )}
      <Suspense fallback={null}>
        <MaskOwnerPrompt limit={limit} />
      </Suspense>
    </section>
  );
}

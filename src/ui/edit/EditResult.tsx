/**
 * The newest edit's result, refining in place, with "Use as source" and "Touch up" in its header (over each
 * image's corner when there are several variants) and, for a masked edit, below it what to show (the
 * composite, the model's own output, the drift map) and how far the model drifted.
 */
import { Suspense, useId, useState } from 'react';
import { parseSize } from '../../contract/index.ts';
import { runFinals, runStatus, variantImage, type Run, type StudioImage } from '../../state/run.ts';
import {
  useInpaintPartsOfFinals,
  useRegionPlace,
  useStoredImage,
  useStudio,
  useStudioState,
} from '../../studio/index.ts';
import { buttonClass } from '../kit/buttons.ts';
import { fullSizeImagesOfRuns, useOpenFullSize } from '../kit/fullSize.tsx';
import { shownPart, type InpaintShow } from '../kit/InpaintParts.tsx';
import { lazyView } from '../kit/lazyView.tsx';
import { canTouchUp, isComposited, runDriftSummary } from '../kit/inpaintText.ts';
import { BrushIcon, UseAsSourceIcon } from '../kit/icons.tsx';
import { RunImages, type CellAction } from '../kit/RunImages.tsx';
import { RunStatusPill } from '../kit/RunStatusPill.tsx';
import { UploadProgress } from './UploadProgress.tsx';
import { useObjectUrl } from '../kit/useObjectUrl.ts';

// Shown once a masked edit's result is pasted back; their code comes with the first one.
const InpaintShowControl = lazyView(() =>
  import('../kit/InpaintControls.tsx').then((module) => module.InpaintShowControl),
);
const NOTE_CLASS = 'min-w-0 flex-1 basis-64 text-[12px] leading-snug text-fg-muted';
const InpaintNote = lazyView(() => import('../kit/InpaintControls.tsx').then((module) => module.InpaintNote));
/** The touch-up, its code with the first one; the shell hands the same to the gallery's `touchUp` slot. */
export const TouchUpView = lazyView(() => import('./TouchUpView.tsx').then((module) => module.TouchUpView));
const USE_AS_SOURCE_TITLE = 'Make this result the first image (the edit target) for the next edit';

export function EditResult({ run }: { run: Run }) {
  const studio = useStudio();
  const openFullSize = useOpenFullSize();
  const keepId = useId();
  const reasonId = useId();
  const [keepMask, setKeepMask] = useState(true);
  const finals = runFinals(run);
  const final = finals[0] ?? null;
  const parts = useInpaintPartsOfFinals(finals.map((image) => image.id));
  const [chosenShow, setShow] = useState<InpaintShow>('composite');
  // Which run's result is being touched up: another run shown meanwhile is not.
  const [touchingUp, setTouchingUp] = useState<{ runId: string; imageId: string } | null>(null);
  const [revertProblem, setRevertProblem] = useState<string | null>(null);
  const done = runStatus(run) === 'done' && final !== null;
  // While a region edit streams, its partials show in place on its source.
  const region = useRegionPlace(runStatus(run) === 'streaming' ? (run.variants[0]?.id ?? null) : null);
  const regionSourceUrl = useObjectUrl(useStoredImage(region?.sourceImageId ?? null)?.blob ?? null);
  const partialPlace =
    region && regionSourceUrl ? { sourceUrl: regionSourceUrl, size: region.size, box: region.box } : null;
  const painted = useStudioState((state) => state.mask.history.operations.length > 0);
  const owner = useStudioState((state) => state.mask.owner);
  const staged = useStudioState((state) => state.staging.staged?.runId === run.id);
  const several = run.variants.length > 1;
  // A mask carries over only onto an image of its own size; the model may have answered another size.
  const resultSize = final && parseSize(final.size);
  const cannotKeep =
    painted && owner && resultSize && (resultSize.width !== owner.width || resultSize.height !== owner.height)
      ? `The mask was painted at ${owner.width} × ${owner.height}; this result is ${resultSize.width} × ${resultSize.height}.`
      : null;
  const records = finals.map((image) => parts.get(image.id)?.record ?? null);
  const composited = finals.flatMap((image) => {
    const found = parts.get(image.id);
    return found && isComposited(found.record) ? [found] : [];
  });
  // Offered once any image has it: a cell without it shows the composite.
  const has = {
    raw: composited.some((found) => found.raw !== null),
    drift: composited.some((found) => found.drift !== null),
  };
  const show = shownPart(chosenShow, has);
  const summary = runDriftSummary(records);
  // A composited final with the model's output stored beside it can be touched up: a single result from
  // the header, each of several from its own cell once it has arrived.
  const touchableFinal = (imageId: string) => canTouchUp(parts.get(imageId));
  const touchable = done && !several && touchableFinal(final.id);
  const touchedUp = touchable && (records[0]?.touchUp?.strokes.length ?? 0) > 0;
  const takeAsSource = (image: StudioImage, name: string) =>
    // A mask that cannot carry over is not dropped unasked: the studio asks what becomes of it.
    void studio.takeAsSource(
      { id: image.id, url: image.url, name: `${name}.${image.format}` },
      painted && (cannotKeep !== null || keepMask),
    );
  const cellActions: CellAction[] = [
    {
      label: (imageName) => `Touch up ${imageName}`,
      title: 'Touch up: paint the original’s pixels back, or the model’s through, with a brush',
      icon: <BrushIcon />,
      offered: (variant) => variant.final !== null && touchableFinal(variant.final.id),
      perform: (variant) => setTouchingUp({ runId: run.id, imageId: variant.final!.id }),
    },
    {
      label: (imageName) => `Use ${imageName} as source`,
      title: USE_AS_SOURCE_TITLE,
      icon: <UseAsSourceIcon />,
      offered: (variant) => variant.final !== null,
      perform: (variant) =>
        takeAsSource(variant.final!, `edit-${run.id.slice(0, 8)}-${run.variants.indexOf(variant) + 1}`),
    },
  ];
  const touchingIndex =
    touchingUp?.runId === run.id ? finals.findIndex((image) => image.id === touchingUp.imageId) : -1;
  const revert = async () => {
    setRevertProblem(null);
    const outcome = await (await studio.touchUp()).revert(final!.id);
    if (!outcome.ok) setRevertProblem(outcome.message);
  };
  if (touchingIndex !== -1) {
    const touched = finals[touchingIndex]!;
    const variantIndex = run.variants.findIndex((variant) => variant.final?.id === touched.id);
    return (
      <section aria-label="Edit result" className="relative flex min-h-0 min-w-0 flex-1 flex-col">
        <div className="flex h-11 shrink-0 items-center gap-3 pr-3">
          <div className="relative -top-1.5 h-full min-w-0 flex-1 overflow-hidden">
            <RunStatusPill run={run} />
          </div>
          {several && (
            <span className="shrink-0 text-[12.5px] font-medium text-fg">
              Touching up image {variantIndex + 1} of {run.variants.length}
            </span>
          )}
        </div>
        <TouchUpView finalImageId={touched.id} onClose={() => setTouchingUp(null)} />
      </section>
    );
  }
  return (
    <section aria-label="Edit result" className="relative flex min-h-0 min-w-0 flex-1 flex-col">
      {/* The same height as the mask tools' row beside it, so the two images start level. */}
      <div className="flex h-11 shrink-0 items-center gap-3 pr-3">
        {/* The pill places itself 16px in, as over a canvas; raised here to the row's centre line. A long
            status is clipped rather than run under the buttons. */}
        <div className="relative -top-1.5 h-full min-w-0 flex-1 overflow-hidden">
          <RunStatusPill run={run} />
        </div>
        {/* Several variants are offered staging from the start, to watch them arrive; one, quietly, once done. */}
        {!staged && (several || done) && (
          <button
            type="button"
            onClick={() => void studio.staging().then((staging) => staging.stage(run.id))}
            title={
              several
                ? 'Show the variants one at a time on the source'
                : 'Show the result on the source, to compare in place'
            }
            className={
              several
                ? buttonClass
                : 'rounded-md px-2 py-1 text-[12.5px] text-fg-muted hover:text-fg focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none'
            }
          >
            {/* Short beside a single result, where the header also holds the status and Use as source. */}
            {several ? 'Stage on the source' : 'Stage'}
          </button>
        )}
        {done && (
          <>
            {painted && (
              <label
                htmlFor={keepId}
                className={`flex items-center gap-1.5 text-[12px] text-fg-muted select-none ${cannotKeep ? 'cursor-not-allowed' : 'cursor-pointer'}`}
              >
                <input
                  id={keepId}
                  type="checkbox"
                  checked={keepMask && !cannotKeep}
                  disabled={cannotKeep !== null}
                  aria-describedby={cannotKeep ? reasonId : undefined}
                  onChange={(event) => setKeepMask(event.target.checked)}
                  className="accent-accent"
                />
                Keep the mask
                {/* Visible, short, beside the box it disables; the full sizes are its description. */}
                {cannotKeep && (
                  <span className="text-fg-faint" aria-hidden>
                    · sizes differ
                  </span>
                )}
                {cannotKeep && (
                  <span id={reasonId} className="sr-only">
                    {cannotKeep}
                  </span>
                )}
              </label>
            )}
            {/* Several variants: each cell's own, so which one is never a guess. */}
            {!several && (
              <button
                type="button"
                onClick={() => takeAsSource(final, `edit-${run.id.slice(0, 8)}`)}
                title={USE_AS_SOURCE_TITLE}
                className="rounded-md border border-line bg-raised px-3 py-1 text-[13px] font-medium text-fg transition hover:border-line-strong hover:bg-active focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none"
              >
                Use as source
              </button>
            )}
          </>
        )}
      </div>
      <div className="relative min-h-0 flex-1">
        <div key={run.id} className={`absolute inset-x-6 top-2 ${summary ? 'bottom-2' : 'bottom-6'}`}>
          <RunImages
            run={run}
            inpaint={composited.length > 0 ? { show, parts } : undefined}
            partialPlace={partialPlace}
            cellActions={several ? cellActions : undefined}
            onOpen={
              openFullSize
                ? (variant) => openFullSize(fullSizeImagesOfRuns([run]), variantImage(variant)!.id)
                : undefined
            }
          />
          <UploadProgress runId={run.id} />
        </div>
      </div>
      {summary && (
        <div className="flex shrink-0 flex-wrap items-center gap-x-4 gap-y-2 px-6 pt-1 pb-4">
          <Suspense fallback={null}>
            {composited.length > 0 && <InpaintShowControl value={show} onChange={setShow} has={has} />}
          </Suspense>
          {touchable && (
            <div className="flex shrink-0 items-center gap-1">
              <button
                type="button"
                className={buttonClass}
                onClick={() => setTouchingUp({ runId: run.id, imageId: final.id })}
                onPointerEnter={() => void TouchUpView.preload()}
                onFocus={() => void TouchUpView.preload()}
                title="Paint the original’s pixels back, or the model’s through, with a brush"
              >
                Touch up
              </button>
              {touchedUp && (
                <button
                  type="button"
                  className="rounded-md px-2 py-1 text-[12.5px] text-fg-muted hover:text-fg focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none"
                  onClick={() => void revert()}
                  title="Make the composite as it was pasted back the result again"
                >
                  Revert touch-ups
                </button>
              )}
            </div>
          )}
          {revertProblem && (
            <p role="alert" className="text-[12px] text-danger">
              {revertProblem}
            </p>
          )}
          {records.length === 1 && records[0] ? (
            // Until the note's code arrives, the summary it would lead with.
            <Suspense fallback={<p className={NOTE_CLASS}>{summary}</p>}>
              <InpaintNote record={records[0]} shown={show} className={NOTE_CLASS} />
            </Suspense>
          ) : (
            <p className={NOTE_CLASS}>{summary}</p>
          )}
        </div>
      )}
    </section>
  );
}

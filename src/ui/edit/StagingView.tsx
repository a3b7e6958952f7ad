/**
 * Staging (issue 13): an edit's variants shown one at a time over its source, in the mask canvas's place
 * and fitted as the mask canvas fits its image (the editor's own zoom and pan live inside it, out of
 * reach), so a composite, which has the source's exact size, lines up with the source under it. Each
 * variant shows as it arrives: its newest partial, then its composite. Lazily loaded (EditCanvas.tsx).
 */
import { use, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { ariaKeyShortcuts, tooltipFor } from '../../editor/actions/keys.ts';
import { performFieldAction, useBoundActions, type Keymap } from '../../editor/actions/keymap.ts';
import { useElementSize } from '../../editor/useElementSize.ts';
import { fitView } from '../../editor/viewport.ts';
import type { BoardImage } from '../../state/board.ts';
import type { Run } from '../../state/run.ts';
import type { InpaintRecord } from '../../storage/records.ts';
import { useStudio, useStudioState } from '../../studio/index.ts';
import { skippedNotes, stagedIndex, stepIndex } from '../../studio/staging.ts';
import { buttonClass } from '../kit/buttons.ts';
import { ChevronIcon } from '../kit/icons.tsx';
import { STAGED_VIEW, STAGING_ACTIONS, stagingAction, type StagingActionContext } from './stagingActions.ts';

/** How a masked edit was sent, read from the variant's record: where a region's partials belong. */
function useInpaintRecord(variantId: string | null): InpaintRecord | null {
  const { storage } = useStudio();
  const [found, setFound] = useState<{ variantId: string; record: InpaintRecord | null } | null>(null);
  useEffect(() => {
    if (variantId === null) return;
    let live = true;
    void storage.getVariant(variantId).then((variant) => {
      if (live) setFound({ variantId, record: variant?.inpaint ?? null });
    });
    return () => {
      live = false;
    };
  }, [storage, variantId]);
  return found?.variantId === variantId ? found.record : null;
}

const keyed = (id: Parameters<typeof stagingAction>[0]) => {
  const action = stagingAction(id);
  return { title: tooltipFor(action), 'aria-keyshortcuts': ariaKeyShortcuts(action.keys) };
};

const IMAGE_CLASS = 'pointer-events-none absolute inset-0 size-full select-none';

export function StagingView({ run, source, keymap }: { run: Run; source: BoardImage; keymap: Keymap }) {
  const studio = useStudio();
  const staging = use(studio.staging());
  const variantId = useStudioState((state) => state.staging.staged?.variantId ?? null);
  const index = stagedIndex(run, variantId);
  const variant = run.variants[index] ?? null;
  const total = run.variants.length;
  const final = variant?.status === 'done' ? variant.final : null;
  const shown = final ?? variant?.partial ?? null;
  const record = useInpaintRecord(variant?.id ?? null);
  const [comparing, setComparing] = useState(false);
  const [accepting, setAccepting] = useState(false);
  const notes = skippedNotes(run);

  const context: StagingActionContext = {
    canStep: (direction) => index !== -1 && stepIndex(run, index, direction) !== -1,
    step: (direction) => void staging.step(direction),
    compare: setComparing,
    leave: staging.leave,
    covered: () => document.querySelector('dialog[open]') !== null,
  };
  useBoundActions(keymap, STAGING_ACTIONS, context);

  // Staging takes the focus, so the arrows step at once and Escape is a key away.
  const viewRef = useRef<HTMLElement>(null);
  useEffect(() => viewRef.current?.focus({ preventScroll: true }), []);

  const areaRef = useRef<HTMLDivElement>(null);
  const area = useElementSize(areaRef);
  const natural = { width: source.width, height: source.height };
  const fit = area && fitView(natural, area);

  const label = `Variant ${index + 1} of ${total}`;
  const alt = comparing
    ? `${source.name}, the source`
    : !shown
      ? `${source.name}, the source; variant ${index + 1} is on its way`
      : final
        ? `${label}, ${record && !record.notComposited ? 'pasted onto' : 'an edit of'} ${source.name}`
        : `${label} as it arrives, on ${source.name}`;
  // A region edit's partials are its crop: placed where the crop was cut from, over the source.
  const region = !final && record?.kind === 'region' ? record.box : null;

  const compareKeys = (event: KeyboardEvent, holding: boolean) => {
    if ((event.key === ' ' || event.key === 'Enter') && !event.repeat) setComparing(holding);
  };
  const accept = async () => {
    setAccepting(true);
    try {
      await staging.accept();
    } finally {
      setAccepting(false);
    }
  };

  return (
    <section
      ref={viewRef}
      aria-label={`Staging ${total === 1 ? 'the edit' : `${total} variants`} on ${source.name}`}
      tabIndex={-1}
      onKeyDown={(event) => {
        if (performFieldAction(STAGING_ACTIONS, STAGED_VIEW, event, context)) event.preventDefault();
      }}
      className="canvas-backdrop absolute inset-0 z-10 flex flex-col focus-visible:outline-none"
    >
      <div
        role="group"
        aria-label="Staging controls"
        className="flex min-h-11 shrink-0 flex-wrap items-center gap-x-2 gap-y-1 py-1 pr-3 pl-3"
      >
        <div className="flex items-center rounded-md border border-line bg-raised">
          <button
            type="button"
            aria-label="Previous variant"
            {...keyed('stagePrevious')}
            disabled={!context.canStep(-1)}
            onClick={() => context.step(-1)}
            className="grid h-7 w-7 place-items-center rounded-l-md text-fg-muted transition hover:bg-active hover:text-fg focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none disabled:cursor-not-allowed disabled:opacity-35"
          >
            <ChevronIcon className="size-3.5 rotate-180" />
          </button>
          <span
            aria-live="polite"
            className="min-w-[6.5rem] px-1 text-center text-[12.5px] font-medium text-fg tabular-nums"
          >
            {index === -1 ? 'No variant to show' : label}
          </span>
          <button
            type="button"
            aria-label="Next variant"
            {...keyed('stageNext')}
            disabled={!context.canStep(1)}
            onClick={() => context.step(1)}
            className="grid h-7 w-7 place-items-center rounded-r-md text-fg-muted transition hover:bg-active hover:text-fg focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none disabled:cursor-not-allowed disabled:opacity-35"
          >
            <ChevronIcon className="size-3.5" />
          </button>
        </div>
        {variant && !final && (
          <span className="text-[12px] text-fg-muted">{shown ? 'arriving…' : 'on its way…'}</span>
        )}
        <button
          type="button"
          aria-pressed={comparing}
          {...keyed('compareSource')}
          disabled={index === -1}
          onPointerDown={(event) => {
            event.currentTarget.setPointerCapture(event.pointerId);
            setComparing(true);
          }}
          onPointerUp={() => setComparing(false)}
          onPointerCancel={() => setComparing(false)}
          onLostPointerCapture={() => setComparing(false)}
          onKeyDown={(event) => compareKeys(event, true)}
          onKeyUp={(event) => compareKeys(event, false)}
          onBlur={() => setComparing(false)}
          className={`${buttonClass} touch-none select-none aria-pressed:border-accent aria-pressed:bg-active`}
        >
          Hold to compare
          <span className="sr-only"> with the source</span>
        </button>
        <span className="flex-1" />
        <button
          type="button"
          onClick={staging.leave}
          disabled={accepting}
          title="Leave staging (Esc). Nothing is deleted: every variant stays in the gallery."
          aria-keyshortcuts={ariaKeyShortcuts(stagingAction('leaveStaging').keys)}
          className={buttonClass}
        >
          Discard
        </button>
        <button
          type="button"
          onClick={() => void accept()}
          disabled={!final || accepting}
          title={
            final
              ? `Make variant ${index + 1} the source for the next edit, keeping the mask; the other variants stay in the gallery`
              : 'Its final image has not arrived yet'
          }
          className="rounded-md bg-accent px-3 py-1 text-[12.5px] font-semibold text-accent-fg shadow-sm transition hover:brightness-110 focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none disabled:cursor-not-allowed disabled:opacity-45"
        >
          {accepting ? 'Accepting…' : 'Accept'}
        </button>
      </div>
      <div ref={areaRef} className="relative min-h-0 flex-1 overflow-hidden">
        {fit && (
          <div
            className="absolute"
            style={{
              left: fit.x,
              top: fit.y,
              width: natural.width * fit.scale,
              height: natural.height * fit.scale,
            }}
          >
            {(comparing || !shown || region) && (
              <img
                src={source.url}
                alt={comparing || !shown ? alt : ''}
                className={`${IMAGE_CLASS} ${!comparing && !shown ? 'opacity-50' : ''}`}
              />
            )}
            {shown && !comparing && (
              <img
                src={shown.url}
                alt={alt}
                className={`pointer-events-none absolute select-none ${
                  region ? '' : `inset-0 size-full ${final ? 'object-contain' : ''}`
                }`}
                style={
                  region
                    ? {
                        left: region.left * fit.scale,
                        top: region.top * fit.scale,
                        width: region.width * fit.scale,
                        height: region.height * fit.scale,
                      }
                    : undefined
                }
              />
            )}
          </div>
        )}
      </div>
      {notes.length > 0 && (
        <ul
          aria-label="Skipped variants"
          className="shrink-0 px-6 pb-3 text-[12px] leading-snug text-fg-muted"
        >
          {notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * One result at full size over the studio: it opens at fit, zooms (wheel, pinch, keys, buttons) about the
 * pointer or the centre, pans by drag or arrows once zoomed in, and steps to the previous or next image of
 * the list it was opened with. Escape closes it and the native dialog gives the focus back to the opener.
 */
import { useEffect, useRef, useState } from 'react';
import { createKeymap, useBoundActions } from '../../editor/actions/keymap.ts';
import { ariaKeyShortcuts, tooltipFor } from '../../editor/actions/keys.ts';
import { useElementSize } from '../../editor/useElementSize.ts';
import { pinchView, wheelZoomFactor, type Point, type Size, type View } from '../../editor/viewport.ts';
import { Dialog } from '../kit/Dialog.tsx';
import type { FullSizeImage } from '../kit/fullSize.tsx';
import { CloseIcon } from '../kit/icons.tsx';
import { DRIFT_MAP_ALT, useInpaintView } from '../kit/InpaintParts.tsx';
import { InpaintNote, InpaintShowControl } from '../kit/InpaintControls.tsx';
import { useObjectUrl } from '../kit/useObjectUrl.ts';
import { useInpaintParts } from '../../studio/index.ts';
import { VIEWER_ACTIONS, type ViewerActionContext } from './viewerActions.ts';
import {
  PAN_STEP_PX,
  clampView,
  fitted,
  isZoomedIn,
  overflow,
  panBy,
  percent,
  stageCentre,
  stepIndex,
  zoomTo,
} from './viewerView.ts';

type ViewerActionId = (typeof VIEWER_ACTIONS)[number]['id'];
const action = (id: ViewerActionId) => VIEWER_ACTIONS.find((candidate) => candidate.id === id)!;

/** A run's image is an object URL the session owns; a stored one is the viewer's to make and revoke. */
function useSourceUrl(source: FullSizeImage['source']): string | null {
  const held = useObjectUrl('blob' in source ? source.blob : null);
  return 'url' in source ? source.url : held;
}

function ToolbarButton(props: { id: ViewerActionId; context: ViewerActionContext; children: string }) {
  const described = action(props.id);
  return (
    <button
      type="button"
      title={tooltipFor(described)}
      aria-keyshortcuts={ariaKeyShortcuts(described.keys)}
      onClick={() => described.perform(props.context)}
      className="min-w-8 rounded-md px-2 py-1 text-[12.5px] font-medium text-fg-muted transition hover:bg-active hover:text-fg focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none"
    >
      {props.children}
    </button>
  );
}

function StepButton(props: { step: -1 | 1; enabled: boolean; onStep: () => void }) {
  const label = props.step < 0 ? 'Previous image' : 'Next image';
  return (
    <button
      type="button"
      aria-label={label}
      title={`${label} (${props.step < 0 ? '←' : '→'})`}
      disabled={!props.enabled}
      onClick={props.onStep}
      className={`absolute top-1/2 z-10 grid size-11 -translate-y-1/2 place-items-center rounded-full border border-white/15 bg-black/55 text-white shadow-lg backdrop-blur transition hover:bg-black/75 focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none disabled:pointer-events-none disabled:opacity-0 ${props.step < 0 ? 'left-4' : 'right-4'}`}
    >
      <svg aria-hidden viewBox="0 0 16 16" className="size-5">
        <path
          d={props.step < 0 ? 'M10 3L5 8l5 5' : 'M6 3l5 5-5 5'}
          fill="none"
          stroke="currentColor"
          strokeWidth="1.8"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      </svg>
    </button>
  );
}

type Gesture =
  { kind: 'pan'; last: Point } | { kind: 'pinch'; start: View; from: readonly [Point, Point] } | null;

export function ResultViewer(props: {
  images: readonly FullSizeImage[];
  startId: string;
  onClose: () => void;
}) {
  const [index, setIndex] = useState(() =>
    Math.max(
      0,
      props.images.findIndex((image) => image.id === props.startId),
    ),
  );
  const image = props.images[index]!;
  // The images' ids are stored ids: a masked edit's final brings its model output and drift map.
  const inpaint = useInpaintParts(image.id);
  // Kept while stepping, so the drift of a run's variants can be looked through one after another.
  const { images: inpaintImages, composited, has, show, setShow, rawShown } = useInpaintView(inpaint);
  const composite = useSourceUrl(image.source);
  const url = rawShown?.url ?? composite;
  const drift = show === 'drift' ? inpaintImages.drift : null;
  const stageRef = useRef<HTMLDivElement>(null);
  const stage = useElementSize(stageRef);
  /** The image's natural size once it has loaded, with the URL it is of (a new image resets it). */
  const [natural, setNatural] = useState<{ url: string; size: Size } | null>(null);
  const size = natural && natural.url === url ? natural.size : null;
  /** The designer's zoom and pan; null means fit, which follows the stage as it resizes. */
  const [chosen, setChosen] = useState<View | null>(null);
  const view = size && stage ? (chosen ? clampView(chosen, size, stage) : fitted(size, stage)) : null;
  const zoomedIn = view !== null && size !== null && stage !== null && isZoomedIn(view, size, stage);

  const pointers = useRef(new Map<number, Point>());
  const gesture = useRef<Gesture>(null);
  const [keymap] = useState(createKeymap);

  const step = (by: -1 | 1) => {
    const next = stepIndex(props.images.length, index, by);
    if (next === null) return;
    setIndex(next);
    setChosen(null);
  };
  const zoomAbout = (scale: number, anchor: Point | null) => {
    if (!view || !size || !stage) return;
    setChosen(zoomTo(view, scale, anchor ?? stageCentre(stage), size, stage));
  };
  const context: ViewerActionContext = {
    overflows: view && size && stage ? overflow(view, size, stage) : { x: false, y: false },
    hasPrevious: stepIndex(props.images.length, index, -1) !== null,
    hasNext: stepIndex(props.images.length, index, 1) !== null,
    zoomBy: (factor) => view && zoomAbout(view.scale * factor, null),
    fit: () => setChosen(null),
    actualSize: () => zoomAbout(1, null),
    step,
    pan: ({ x, y }) => {
      if (view && size && stage)
        setChosen(panBy(view, { x: x * PAN_STEP_PX, y: y * PAN_STEP_PX }, size, stage));
    },
    close: props.onClose,
  };
  useBoundActions(keymap, VIEWER_ACTIONS, context);

  // The wheel zooms, so the page must not scroll: React's wheel listener is passive, this one is not.
  const latestWheel = useRef<(event: WheelEvent) => void>(() => {});
  useEffect(() => {
    latestWheel.current = (event) => {
      if (!view || !stageRef.current) return;
      event.preventDefault();
      const box = stageRef.current.getBoundingClientRect();
      zoomAbout(view.scale * wheelZoomFactor(event.deltaY, event.ctrlKey), {
        x: event.clientX - box.left,
        y: event.clientY - box.top,
      });
    };
  });
  useEffect(() => {
    const element = stageRef.current!;
    const onWheel = (event: WheelEvent) => latestWheel.current(event);
    element.addEventListener('wheel', onWheel, { passive: false });
    // The stage takes the focus, so the keys work at once and Tab reaches the toolbar next.
    element.focus();
    return () => element.removeEventListener('wheel', onWheel);
  }, []);

  const local = (event: { clientX: number; clientY: number }): Point => {
    const box = stageRef.current!.getBoundingClientRect();
    return { x: event.clientX - box.left, y: event.clientY - box.top };
  };
  const pair = (): [Point, Point] => {
    const [a, b] = [...pointers.current.values()];
    return [a!, b!];
  };

  return (
    <Dialog
      title="Full-size viewer"
      titleBar={false}
      onClose={props.onClose}
      ownsKeys
      className="h-[calc(100dvh-1.5rem)] max-h-none w-[calc(100vw-1.5rem)] max-w-none overflow-hidden bg-[#0b0b0d] open:flex open:flex-col"
    >
      <div
        className="flex min-h-0 flex-1 flex-col"
        onKeyDown={(event) => {
          keymap.onKeyDown(event);
          // The table's Escape has closed the viewer; a close request left to the browser as well would
          // reach the dialog beneath it (the gallery's detail) and close that too.
          // https://html.spec.whatwg.org/multipage/interaction.html#close-requests
          if (event.key === 'Escape') event.preventDefault();
        }}
        onKeyUp={(event) => keymap.onKeyUp(event)}
      >
        <header className="flex shrink-0 items-center gap-3 border-b border-line px-4 py-2">
          <h2 className="sr-only">Full-size viewer</h2>
          <p className="min-w-0 flex-1 truncate text-[13px] text-fg" title={image.caption}>
            {image.caption}
          </p>
          {props.images.length > 1 && (
            <span className="shrink-0 text-[12px] tabular-nums text-fg-muted">
              {index + 1} / {props.images.length}
            </span>
          )}
          {composited && (
            // The radios' arrows move between the options: they must not also step to another image.
            <div onKeyDown={(event) => event.key.startsWith('Arrow') && event.stopPropagation()}>
              <InpaintShowControl value={show} onChange={setShow} has={has} />
            </div>
          )}
          {size && (
            <span className="shrink-0 text-[12px] tabular-nums text-fg-faint">
              {size.width} × {size.height}
            </span>
          )}
          <div
            role="toolbar"
            aria-label="Zoom"
            className="flex shrink-0 items-center gap-0.5 rounded-md border border-line bg-raised p-0.5"
          >
            <ToolbarButton id="viewerZoomOut" context={context}>
              −
            </ToolbarButton>
            <output aria-label="Zoom level" className="w-12 text-center text-[12px] tabular-nums text-fg">
              {view ? percent(view) : '—'}
            </output>
            <ToolbarButton id="viewerZoomIn" context={context}>
              +
            </ToolbarButton>
            <ToolbarButton id="viewerFit" context={context}>
              Fit
            </ToolbarButton>
            <ToolbarButton id="viewerActualSize" context={context}>
              100%
            </ToolbarButton>
          </div>
          <button
            type="button"
            aria-label="Close the viewer"
            title={tooltipFor(action('viewerClose'))}
            onClick={props.onClose}
            className="grid size-7 shrink-0 place-items-center rounded-md text-fg-muted transition hover:bg-active hover:text-fg focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none"
          >
            <CloseIcon />
          </button>
        </header>
        <div className="relative min-h-0 flex-1">
          <div
            ref={stageRef}
            tabIndex={0}
            role="group"
            aria-label="Image: drag to pan, wheel to zoom, double-click for 100%"
            className={`absolute inset-0 touch-none overflow-hidden outline-none select-none ${zoomedIn ? 'cursor-grab active:cursor-grabbing' : 'cursor-zoom-in'}`}
            onDoubleClick={(event) => {
              if (!view || !size || !stage) return;
              if (zoomedIn) setChosen(null);
              else zoomAbout(view.scale >= 1 ? 2 : 1, local(event));
            }}
            onPointerDown={(event) => {
              event.currentTarget.setPointerCapture(event.pointerId);
              pointers.current.set(event.pointerId, local(event));
              if (pointers.current.size === 2 && view)
                gesture.current = { kind: 'pinch', start: view, from: pair() };
              else if (pointers.current.size === 1 && zoomedIn)
                gesture.current = { kind: 'pan', last: local(event) };
            }}
            onPointerMove={(event) => {
              if (!pointers.current.has(event.pointerId) || !size || !stage) return;
              const point = local(event);
              pointers.current.set(event.pointerId, point);
              const current = gesture.current;
              if (current?.kind === 'pinch' && pointers.current.size === 2) {
                setChosen(clampView(pinchView(current.start, current.from, pair()), size, stage));
              } else if (current?.kind === 'pan' && view) {
                setChosen(
                  panBy(view, { x: point.x - current.last.x, y: point.y - current.last.y }, size, stage),
                );
                gesture.current = { kind: 'pan', last: point };
              }
            }}
            onPointerUp={(event) => {
              pointers.current.delete(event.pointerId);
              gesture.current = null;
            }}
            onPointerCancel={(event) => {
              pointers.current.delete(event.pointerId);
              gesture.current = null;
            }}
          >
            {url && (
              <img
                key={url}
                src={url}
                alt={rawShown ? `Model's output: ${image.caption.slice(0, 120)}` : image.alt}
                draggable={false}
                onLoad={(event) =>
                  setNatural({
                    url,
                    size: {
                      width: event.currentTarget.naturalWidth,
                      height: event.currentTarget.naturalHeight,
                    },
                  })
                }
                // Natural size, placed and scaled by a transform, so zoom and pan never re-layout the page.
                className={`checkerboard absolute top-0 left-0 max-w-none origin-top-left shadow-2xl shadow-black/60 ${view ? '' : 'invisible'}`}
                style={{
                  width: size?.width,
                  height: size?.height,
                  transform: view ? `translate(${view.x}px, ${view.y}px) scale(${view.scale})` : undefined,
                  // Past 200% the designer is inspecting pixels: show them as squares, not a blur.
                  imageRendering: view && view.scale > 2 ? 'pixelated' : undefined,
                }}
              />
            )}
            {drift && size && view && (
              // Drawn at the composite's natural size under the same transform: the map (smaller, same aspect)
              // is scaled onto it, so it stays registered through zoom and pan.
              <img
                src={drift.url}
                alt={DRIFT_MAP_ALT}
                draggable={false}
                className="pointer-events-none absolute top-0 left-0 max-w-none origin-top-left"
                style={{
                  width: size.width,
                  height: size.height,
                  transform: `translate(${view.x}px, ${view.y}px) scale(${view.scale})`,
                }}
              />
            )}
          </div>
          {props.images.length > 1 && (
            <>
              <StepButton step={-1} enabled={context.hasPrevious} onStep={() => step(-1)} />
              <StepButton step={1} enabled={context.hasNext} onStep={() => step(1)} />
            </>
          )}
        </div>
        {inpaint && (
          <footer className="shrink-0 border-t border-line px-4 py-2">
            <InpaintNote
              record={inpaint.record}
              shown={show}
              className="truncate text-center text-[12px] text-fg-muted"
            />
          </footer>
        )}
      </div>
    </Dialog>
  );
}

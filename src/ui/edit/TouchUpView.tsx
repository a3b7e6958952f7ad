/**
 * "Touch up" on a masked edit's result: a brush that paints the source's pixels back ("Restore original")
 * or lets the model's through ("Model's pixels"), with its size and hardness, undo and redo of strokes,
 * Cancel and Apply. The canvas is painted by editor/inpaint/touchUpPainter.ts outside React; React holds
 * only the finished strokes. Apply hands them to the studio, which makes the result at the source's size in
 * the inpainting worker and stores it as the variant's final.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { TouchUpStroke } from '../../editor/inpaint/touchUp.ts';
import { TouchUpPainter, viewPixels, type Brush } from '../../editor/inpaint/touchUpPainter.ts';
import { useElementSize } from '../../editor/useElementSize.ts';
import { useStudio, type TouchUpSubject } from '../../studio/index.ts';
import { buttonClass } from '../kit/buttons.ts';
import { Segmented } from '../kit/Segmented.tsx';

const MIN_BRUSH_PX = 4;
const MAX_BRUSH_PX = 300;
const BRUSH_STEP = 1.25;

interface History {
  strokes: readonly TouchUpStroke[];
  undone: readonly TouchUpStroke[];
}

const sliderLabel = 'text-[11px] font-medium tracking-[0.08em] text-fg-muted uppercase';

export function TouchUpView(props: { finalImageId: string; onClose: () => void }) {
  const studio = useStudio();
  const [subject, setSubject] = useState<TouchUpSubject | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void studio
      .touchUp()
      .then((touchUp) => touchUp.subject(props.finalImageId))
      .then((found) => {
        if (!live) return;
        if ('problem' in found) setProblem(found.problem);
        else setSubject(found);
      })
      .catch((error: unknown) => live && setProblem(`The result could not be read (${String(error)}).`));
    return () => {
      live = false;
    };
  }, [studio, props.finalImageId]);
  if (subject) return <TouchUpEditor subject={subject} onClose={props.onClose} />;
  return (
    <section aria-label="Touch up" className="flex min-h-0 flex-1 flex-col items-center justify-center gap-3">
      <p role={problem ? 'alert' : 'status'} className="max-w-md text-center text-[13px] text-fg-muted">
        {problem ?? 'Reading the result…'}
      </p>
      <button type="button" className={buttonClass} onClick={props.onClose}>
        Back
      </button>
    </section>
  );
}

function TouchUpEditor({ subject, onClose }: { subject: TouchUpSubject; onClose: () => void }) {
  const studio = useStudio();
  const areaRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const cursorRef = useRef<HTMLDivElement>(null);
  const area = useElementSize(areaRef);
  const [history, setHistory] = useState<History>({ strokes: subject.strokes, undone: [] });
  const [mode, setMode] = useState<Brush['mode']>('restore');
  const [brushPx, setBrushPx] = useState(48);
  const [hardness, setHardness] = useState(70);
  const [applying, setApplying] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  // Made again whenever the view's size changes; the strokes are then shown on the new one.
  const [painter, setPainter] = useState<TouchUpPainter | null>(null);
  const { natural } = subject;

  // The canvas fits the area and holds a device pixel per screen pixel, never more than the source has.
  const fit = area ? Math.min(area.width / natural.width, area.height / natural.height) : 0;
  const shown = { width: Math.floor(natural.width * fit), height: Math.floor(natural.height * fit) };
  const density = Math.min(globalThis.devicePixelRatio || 1, 1 / Math.max(fit, 1e-9));
  const pixelWidth = Math.max(1, Math.round(shown.width * density));
  const pixelHeight = Math.max(1, Math.round((pixelWidth * natural.height) / natural.width));

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || fit === 0) return;
    let live = true;
    void viewPixels(
      {
        composite: subject.composite,
        source: subject.source,
        raw: subject.raw,
        natural,
        box: subject.record.box,
      },
      { width: pixelWidth, height: pixelHeight },
    )
      .then((pixels) => {
        if (!live) return;
        setPainter(new TouchUpPainter(canvas, pixels));
      })
      .catch((error: unknown) => live && setProblem(`The result could not be shown (${String(error)}).`));
    return () => {
      live = false;
    };
  }, [subject, natural, pixelWidth, pixelHeight, fit]);

  useEffect(() => painter?.showStrokes(history.strokes), [painter, history.strokes]);
  // The canvas takes the focus on opening, so the brush keys and Ctrl+Z work at once, and again whenever
  // the focus fell out (the Undo or Redo just pressed disabled itself): the keys are heard inside only.
  useEffect(() => canvasRef.current?.focus({ preventScroll: true }), []);
  useEffect(() => {
    if (document.activeElement === document.body) canvasRef.current?.focus({ preventScroll: true });
  }, [history]);

  const naturalPoint = (event: { clientX: number; clientY: number }) => {
    const rect = canvasRef.current!.getBoundingClientRect();
    return {
      x: ((event.clientX - rect.left) / rect.width) * natural.width,
      y: ((event.clientY - rect.top) / rect.height) * natural.height,
    };
  };
  const moveCursor = (event: { clientX: number; clientY: number }) => {
    const cursor = cursorRef.current;
    const rect = canvasRef.current?.getBoundingClientRect();
    if (!cursor || !rect) return;
    cursor.style.transform = `translate(${event.clientX - rect.left - brushPx / 2}px, ${event.clientY - rect.top - brushPx / 2}px)`;
    cursor.style.opacity = '1';
  };

  const onPointerDown = (event: PointerEvent<HTMLCanvasElement>) => {
    if (event.button !== 0 || applying || !painter) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    event.currentTarget.focus();
    const { x, y } = naturalPoint(event);
    // The brush's screen size in the source's pixels, as the stroke is kept.
    painter.begin(x, y, { mode, size: brushPx / fit, hardness: hardness / 100 });
  };
  const onPointerMove = (event: PointerEvent<HTMLCanvasElement>) => {
    moveCursor(event);
    if (!painter || !event.currentTarget.hasPointerCapture(event.pointerId)) return;
    // Every point the pointer passed through, not only the one this frame ended on.
    for (const step of event.nativeEvent.getCoalescedEvents?.() ?? [event.nativeEvent]) {
      const { x, y } = naturalPoint(step);
      painter.extend(x, y);
    }
  };
  const onPointerUp = () => {
    const stroke = painter?.end();
    if (stroke) setHistory((before) => ({ strokes: [...before.strokes, stroke], undone: [] }));
  };

  const undo = () =>
    setHistory((before) =>
      before.strokes.length === 0
        ? before
        : { strokes: before.strokes.slice(0, -1), undone: [before.strokes.at(-1)!, ...before.undone] },
    );
  const redo = () =>
    setHistory((before) =>
      before.undone.length === 0
        ? before
        : { strokes: [...before.strokes, before.undone[0]!], undone: before.undone.slice(1) },
    );
  const resize = (factor: number) =>
    setBrushPx((size) => Math.round(Math.min(MAX_BRUSH_PX, Math.max(MIN_BRUSH_PX, size * factor))));
  const onKeyDown = (event: KeyboardEvent) => {
    const command = event.metaKey || event.ctrlKey;
    const key = event.key.toLowerCase();
    let handled = true;
    if (command && key === 'z' && !event.shiftKey) undo();
    else if (command && (key === 'y' || (key === 'z' && event.shiftKey))) redo();
    else if (event.key === '[') resize(1 / BRUSH_STEP);
    else if (event.key === ']') resize(BRUSH_STEP);
    else if (event.key === 'Escape') painter?.cancel();
    else handled = false;
    if (handled) event.preventDefault();
  };

  const unchanged =
    history.strokes.length === subject.strokes.length &&
    history.strokes.every((stroke, index) => stroke === subject.strokes[index]);
  const apply = async () => {
    setApplying(true);
    setProblem(null);
    const outcome = await (await studio.touchUp()).apply(subject, history.strokes);
    setApplying(false);
    if (outcome.ok) onClose();
    else setProblem(outcome.message);
  };

  return (
    <section aria-label="Touch up" className="flex min-h-0 min-w-0 flex-1 flex-col" onKeyDown={onKeyDown}>
      <div ref={areaRef} className="relative mx-6 mt-2 min-h-0 flex-1">
        <div
          className="absolute top-1/2 left-1/2 -translate-x-1/2 -translate-y-1/2 overflow-hidden"
          style={{ width: shown.width, height: shown.height }}
        >
          <canvas
            ref={canvasRef}
            tabIndex={0}
            aria-label={`Touch-up canvas: paint to ${mode === 'restore' ? 'restore the original' : "bring the model's pixels"} under the brush`}
            className="block size-full cursor-none touch-none rounded-sm bg-canvas outline-none focus-visible:ring-2 focus-visible:ring-accent/70"
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
            onPointerUp={onPointerUp}
            onPointerCancel={() => painter?.cancel()}
            onLostPointerCapture={onPointerUp}
            onPointerLeave={() => cursorRef.current && (cursorRef.current.style.opacity = '0')}
          />
          <div
            ref={cursorRef}
            aria-hidden
            className="pointer-events-none absolute top-0 left-0 rounded-full border border-white opacity-0 shadow-[0_0_0_1px_rgba(0,0,0,0.6)]"
            style={{ width: brushPx, height: brushPx }}
          />
        </div>
        {!painter && !problem && (
          <p role="status" className="absolute inset-0 grid place-items-center text-[13px] text-fg-muted">
            Preparing the touch-up…
          </p>
        )}
      </div>
      <div
        role="toolbar"
        aria-label="Touch-up brush"
        className="flex shrink-0 flex-col gap-2.5 px-6 pt-3 pb-4"
      >
        {/* The brush on one row, what to do with the strokes on the next, however wide the pane. */}
        <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
          <Segmented
            look="toolbar"
            label="Brush"
            value={mode}
            onChange={setMode}
            options={[
              { value: 'restore', label: 'Restore original', hint: 'Paint the source’s own pixels back' },
              {
                value: 'model',
                label: "Model's pixels",
                hint: 'Paint the model’s output (scaled to the source) through, inside or outside the mask',
              },
            ]}
          />
          <BrushSlider
            label="Size"
            title="Brush size in screen pixels ([ smaller, ] larger)"
            keys="[ ]"
            min={MIN_BRUSH_PX}
            max={MAX_BRUSH_PX}
            step={1}
            value={brushPx}
            unit="px"
            onChange={setBrushPx}
          />
          <BrushSlider
            label="Hardness"
            title="100% is a hard edge; less fades the brush out towards its rim"
            min={0}
            max={100}
            step={5}
            value={hardness}
            unit="%"
            onChange={setHardness}
          />
        </div>
        <div className="flex items-center gap-2">
          <div className="flex items-center gap-1">
            {[
              {
                label: 'Undo',
                run: undo,
                can: history.strokes.length > 0,
                keys: 'Control+Z Meta+Z',
                title: 'Undo the last stroke (Ctrl+Z)',
              },
              {
                label: 'Redo',
                run: redo,
                can: history.undone.length > 0,
                keys: 'Control+Shift+Z Meta+Shift+Z Control+Y',
                title: 'Redo the stroke undone (Ctrl+Shift+Z)',
              },
            ].map((action) => (
              <button
                key={action.label}
                type="button"
                className={buttonClass}
                onClick={action.run}
                disabled={!action.can || applying}
                aria-keyshortcuts={action.keys}
                title={action.title}
              >
                {action.label}
              </button>
            ))}
          </div>
          <div className="ml-auto flex items-center gap-2">
            {problem && (
              <p role="alert" className="max-w-80 text-[12px] leading-snug text-danger">
                {problem}
              </p>
            )}
            <button type="button" className={buttonClass} onClick={onClose} disabled={applying}>
              Cancel
            </button>
            <button
              type="button"
              onClick={() => void apply()}
              disabled={unchanged || applying || !painter}
              title={
                history.strokes.length === 0
                  ? 'Make the composite the result again'
                  : 'Make the result at the source’s full size with these strokes'
              }
              className="rounded-md bg-accent px-3 py-1 text-[12.5px] font-semibold text-accent-fg shadow-sm transition hover:brightness-110 focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none disabled:cursor-not-allowed disabled:opacity-45"
            >
              {applying ? 'Applying…' : 'Apply'}
            </button>
          </div>
        </div>
      </div>
    </section>
  );
}

/** A labelled slider with its value beside it. */
function BrushSlider(props: {
  label: string;
  title: string;
  keys?: string;
  min: number;
  max: number;
  step: number;
  value: number;
  unit: string;
  onChange: (value: number) => void;
}) {
  const id = useId();
  return (
    <div className="flex items-center gap-2" title={props.title}>
      <label htmlFor={id} className={sliderLabel}>
        {props.label}
      </label>
      <input
        id={id}
        type="range"
        min={props.min}
        max={props.max}
        step={props.step}
        value={props.value}
        aria-valuetext={`${props.value}${props.unit}`}
        aria-keyshortcuts={props.keys}
        onChange={(event) => props.onChange(Number(event.target.value))}
        className="h-1 w-20 cursor-pointer accent-accent"
      />
      <output htmlFor={id} className="w-11 text-[12px] text-fg tabular-nums">
        {props.value}
        {props.unit}
      </output>
    </div>
  );
}

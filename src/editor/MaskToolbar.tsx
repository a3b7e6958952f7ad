/** The mask tools and zoom controls that float over the stage; every tooltip names its shortcut. */
import { useId, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { MAX_BRUSH_SIZE, MIN_BRUSH_SIZE, type MaskToolId } from '../state/editorPrefsSlice.ts';
import type { StudioStore } from '../state/store.ts';
import { PAN_HINT, SHORTCUT_LABELS, type ShortcutAction } from './shortcuts.ts';
import { BRUSH_STEP, commitFill } from './useMaskShortcuts.ts';

const panel =
  'pointer-events-auto flex items-center gap-0.5 rounded-xl border border-line bg-panel/90 p-1 shadow-xl shadow-black/40 backdrop-blur';

function hint(label: string, action: ShortcutAction): string {
  return `${label} (${SHORTCUT_LABELS[action]})`;
}

function ToolButton(props: {
  label: string;
  action: ShortcutAction;
  onClick: () => void;
  pressed?: boolean;
  disabled?: boolean;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      title={hint(props.label, props.action)}
      aria-label={props.label}
      aria-keyshortcuts={SHORTCUT_LABELS[props.action].replace('⌘', 'Meta+')}
      aria-pressed={props.pressed}
      disabled={props.disabled}
      onClick={props.onClick}
      className={`grid size-8 place-items-center rounded-lg transition focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none disabled:cursor-not-allowed disabled:opacity-35 ${
        props.pressed ? 'bg-accent text-accent-fg shadow-sm' : 'text-fg-muted hover:bg-active hover:text-fg'
      }`}
    >
      <svg
        aria-hidden
        viewBox="0 0 20 20"
        className="size-[18px]"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.6"
        strokeLinecap="round"
        strokeLinejoin="round"
      >
        {props.children}
      </svg>
    </button>
  );
}

const Divider = () => <span aria-hidden className="mx-1 h-5 w-px bg-line" />;

const TOOL_BUTTONS: { id: MaskToolId; label: string; icon: ReactNode }[] = [
  {
    id: 'brush',
    label: 'Brush',
    icon: <path d="M12.5 3.5l4 4-7.5 7.5H5v-4zM10.5 5.5l4 4M3 17.5h6" />,
  },
  {
    id: 'eraser',
    label: 'Eraser',
    icon: (
      <path d="M8 16.5h9M3.8 12.2l7.4-7.4a1.5 1.5 0 012.1 0l2.9 2.9a1.5 1.5 0 010 2.1L10 16.5H7.3l-3.5-3.5a.6.6 0 010-.8zM7.5 8.5l5 5" />
    ),
  },
];

export function MaskToolbar({ store }: { store: StudioStore }) {
  const sliderId = useId();
  const tool = useStore(store, (state) => state.editorPrefs.tool);
  const brushSize = useStore(store, (state) => state.editorPrefs.brushSize);
  const canUndo = useStore(store, (state) => state.mask.history.operations.length > 0);
  const canRedo = useStore(store, (state) => state.mask.history.undone.length > 0);
  const { mask, editorPrefs } = store.getState();

  return (
    <div role="toolbar" aria-label="Mask tools" className="flex shrink-0 justify-center px-3 pt-2">
      <div className={panel}>
        {TOOL_BUTTONS.map((button) => (
          <ToolButton
            key={button.id}
            label={button.label}
            action={button.id}
            pressed={tool === button.id}
            onClick={() => editorPrefs.setTool(button.id)}
          >
            {button.icon}
          </ToolButton>
        ))}
        <Divider />
        <label
          htmlFor={sliderId}
          className="px-1.5 text-[11px] font-medium uppercase tracking-[0.08em] text-fg-muted"
          title={`Brush size (${SHORTCUT_LABELS.smaller} smaller, ${SHORTCUT_LABELS.larger} larger)`}
        >
          Size
        </label>
        <input
          id={sliderId}
          type="range"
          min={MIN_BRUSH_SIZE}
          max={MAX_BRUSH_SIZE}
          value={brushSize}
          title={`Brush size in screen pixels (${SHORTCUT_LABELS.smaller} / ${SHORTCUT_LABELS.larger} step by ${BRUSH_STEP}×)`}
          aria-keyshortcuts="[ ]"
          onChange={(event) => editorPrefs.setBrushSize(Number(event.target.value))}
          className="h-1 w-24 cursor-pointer accent-accent"
        />
        <output htmlFor={sliderId} className="w-10 text-right text-[12px] tabular-nums text-fg">
          {brushSize}px
        </output>
        <Divider />
        <ToolButton label="Fill all" action="fillAll" onClick={() => commitFill(store, 'fill-all')}>
          <rect x="3.5" y="3.5" width="13" height="13" rx="2" fill="currentColor" fillOpacity="0.35" />
        </ToolButton>
        <ToolButton label="Invert mask" action="invert" onClick={() => commitFill(store, 'invert')}>
          <rect x="3.5" y="3.5" width="13" height="13" rx="2" />
          <path d="M10 3.5v13" />
          <path d="M3.5 3.5h6.5v13H5.5a2 2 0 01-2-2z" fill="currentColor" fillOpacity="0.35" stroke="none" />
        </ToolButton>
        <ToolButton label="Clear mask" action="clear" onClick={() => commitFill(store, 'clear')}>
          <rect x="3.5" y="3.5" width="13" height="13" rx="2" strokeDasharray="2.5 2" />
          <path d="M7.5 7.5l5 5m0-5l-5 5" />
        </ToolButton>
        <Divider />
        <ToolButton label="Undo" action="undo" disabled={!canUndo} onClick={() => mask.undo()}>
          <path d="M7.5 5L4 8.5 7.5 12M4.5 8.5h7a4 4 0 010 8H9" />
        </ToolButton>
        <ToolButton label="Redo" action="redo" disabled={!canRedo} onClick={() => mask.redo()}>
          <path d="M12.5 5L16 8.5 12.5 12M15.5 8.5h-7a4 4 0 000 8H11" />
        </ToolButton>
      </div>
    </div>
  );
}

export function ZoomControls(props: {
  zoom: number;
  onFit: () => void;
  onActualSize: () => void;
  onZoomBy: (factor: number) => void;
}) {
  const text =
    'rounded-lg px-2 py-1 text-[12px] font-medium text-fg-muted transition hover:bg-active hover:text-fg focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none';
  return (
    <div
      role="group"
      aria-label="Zoom"
      title={PAN_HINT}
      className="pointer-events-none absolute right-3 bottom-3 flex"
    >
      <div className={panel}>
        <button
          type="button"
          aria-label="Zoom out"
          title="Zoom out (wheel or pinch)"
          className={text}
          onClick={() => props.onZoomBy(1 / 1.25)}
        >
          −
        </button>
        <output aria-label="Zoom level" className="w-12 text-center text-[12px] tabular-nums text-fg">
          {Math.round(props.zoom * 100)}%
        </output>
        <button
          type="button"
          aria-label="Zoom in"
          title="Zoom in (wheel or pinch)"
          className={text}
          onClick={() => props.onZoomBy(1.25)}
        >
          +
        </button>
        <Divider />
        <button type="button" title={hint('Fit to view', 'fit')} className={text} onClick={props.onFit}>
          Fit
        </button>
        <button
          type="button"
          title={hint('Actual pixels', 'actualSize')}
          className={text}
          onClick={props.onActualSize}
        >
          100%
        </button>
      </div>
    </div>
  );
}

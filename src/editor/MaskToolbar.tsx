/** The mask tools and zoom controls that float over the stage, drawn from the mask action table. */
import { useId } from 'react';
import { useStore } from 'zustand';
import { MAX_BRUSH_SIZE, MIN_BRUSH_SIZE } from '../state/editorPrefsSlice.ts';
import { ariaKeyShortcuts, formatCombo, tooltipFor } from './actions/keys.ts';
import { BRUSH_STEP, maskAction, type MaskActionContext, type MaskActionId } from './actions/maskActions.tsx';

const panel =
  'pointer-events-auto flex items-center gap-0.5 rounded-xl border border-line bg-panel/90 p-1 shadow-xl shadow-black/40 backdrop-blur';

const LOOKS = {
  icon: 'grid size-8 place-items-center rounded-lg',
  text: 'rounded-lg px-2 py-1 text-[12px] font-medium',
};

function ActionButton(props: { id: MaskActionId; context: MaskActionContext; look: keyof typeof LOOKS }) {
  const action = maskAction(props.id);
  const { context } = props;
  // Both read the store; selecting them re-renders the button when the answer changes.
  const enabled = useStore(context.store, () => action.enabled(context));
  const active = useStore(context.store, () => action.active?.(context));
  return (
    <button
      type="button"
      title={tooltipFor(action)}
      aria-label={action.label}
      aria-keyshortcuts={ariaKeyShortcuts(action.keys)}
      aria-pressed={active}
      disabled={!enabled}
      onClick={() => action.perform(context)}
      className={`${LOOKS[props.look]} transition focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none disabled:cursor-not-allowed disabled:opacity-35 ${
        active ? 'bg-accent text-accent-fg shadow-sm' : 'text-fg-muted hover:bg-active hover:text-fg'
      }`}
    >
      {action.icon}
    </button>
  );
}

const Divider = () => <span aria-hidden className="mx-1 h-5 w-px bg-line" />;

function ActionButtons(props: { ids: MaskActionId[]; context: MaskActionContext; look: keyof typeof LOOKS }) {
  return props.ids.map((id) => <ActionButton key={id} id={id} context={props.context} look={props.look} />);
}

function BrushSize({ context }: { context: MaskActionContext }) {
  const sliderId = useId();
  const brushSize = useStore(context.store, (state) => state.editorPrefs.brushSize);
  const [smaller, larger] = [maskAction('smaller'), maskAction('larger')];
  const [smallerKeys, largerKeys] = [smaller, larger].map((action) =>
    action.keys.map((combo) => formatCombo(combo)).join(' '),
  );
  return (
    <>
      <label
        htmlFor={sliderId}
        className="px-1.5 text-[11px] font-medium uppercase tracking-[0.08em] text-fg-muted"
        title={`Brush size (${smallerKeys} smaller, ${largerKeys} larger)`}
      >
        Size
      </label>
      <input
        id={sliderId}
        type="range"
        min={MIN_BRUSH_SIZE}
        max={MAX_BRUSH_SIZE}
        value={brushSize}
        title={`Brush size in screen pixels (${smallerKeys} / ${largerKeys} step by ${BRUSH_STEP}×)`}
        aria-keyshortcuts={ariaKeyShortcuts([...smaller.keys, ...larger.keys])}
        onChange={(event) => context.store.getState().editorPrefs.setBrushSize(Number(event.target.value))}
        className="h-1 w-24 cursor-pointer accent-accent"
      />
      <output htmlFor={sliderId} className="w-10 text-right text-[12px] tabular-nums text-fg">
        {brushSize}px
      </output>
    </>
  );
}

export function MaskToolbar({ context }: { context: MaskActionContext }) {
  return (
    <div role="toolbar" aria-label="Mask tools" className="flex shrink-0 justify-center px-3 pt-2">
      <div className={panel}>
        <ActionButtons ids={['brush', 'eraser']} context={context} look="icon" />
        <Divider />
        <BrushSize context={context} />
        <Divider />
        <ActionButtons ids={['fillAll', 'invert', 'clear']} context={context} look="icon" />
        <Divider />
        <ActionButtons ids={['undo', 'redo']} context={context} look="icon" />
      </div>
    </div>
  );
}

export function ZoomControls({ zoom, context }: { zoom: number; context: MaskActionContext }) {
  return (
    <div
      role="group"
      aria-label="Zoom"
      title={tooltipFor(maskAction('pan'))}
      className="pointer-events-none absolute right-3 bottom-3 flex"
    >
      <div className={panel}>
        <ActionButtons ids={['zoomOut']} context={context} look="text" />
        <output aria-label="Zoom level" className="w-12 text-center text-[12px] tabular-nums text-fg">
          {Math.round(zoom * 100)}%
        </output>
        <ActionButtons ids={['zoomIn']} context={context} look="text" />
        <Divider />
        <ActionButtons ids={['fit', 'actualSize']} context={context} look="text" />
      </div>
    </div>
  );
}

/**
 * The mask tools and the zoom controls, drawn from the mask action table in cells of the editor's grid
 * beside the stage, so neither ever covers the image: the tools in a row above it; the zoom at that row's
 * end where the editor is wide enough for both (`@container/mask`, 780 px: about 545 px of tools and 205 of
 * zoom, with their padding), else standing upright at the stage's right edge, where a landscape photo
 * fitted to a short window leaves room anyway.
 */
import { useId } from 'react';
import { useStore } from 'zustand';
import { MAX_BRUSH_SIZE, MIN_BRUSH_SIZE } from '../state/editorPrefsSlice.ts';
import { ariaKeyShortcuts, formatCombo, tooltipFor } from './actions/keys.ts';
import { BRUSH_STEP, maskAction, type MaskActionContext, type MaskActionId } from './actions/maskActions.tsx';

const panel =
  'flex items-center gap-0.5 rounded-xl border border-line bg-panel p-0.5 shadow-lg shadow-black/30';

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

// Narrow dividers and a short size slider keep the tools, with the lasso, at the 545 px the row has room for.
const Divider = () => <span aria-hidden className="mx-0.5 h-5 w-px bg-line" />;
/** The zoom's divider, turning with its panel. */
const ZoomDivider = () => (
  <span
    aria-hidden
    className="my-1 h-px w-5 bg-line @min-[780px]/mask:mx-1 @min-[780px]/mask:my-0 @min-[780px]/mask:h-5 @min-[780px]/mask:w-px"
  />
);

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
        className="h-1 w-16 cursor-pointer accent-accent"
      />
      <output htmlFor={sliderId} className="w-10 text-right text-[12px] tabular-nums text-fg">
        {brushSize}px
      </output>
    </>
  );
}

export function MaskToolbar({ context }: { context: MaskActionContext }) {
  return (
    <div
      role="toolbar"
      aria-label="Mask tools"
      className="col-span-2 row-start-1 flex min-h-11 min-w-0 items-center py-0.5 pr-2 pl-3 @min-[780px]/mask:col-span-1"
    >
      {/* Wraps rather than overflows, should the tools ever outgrow the narrowest editor. */}
      <div className={`${panel} flex-wrap`}>
        <ActionButtons
          ids={['brush', 'eraser', 'rectangle', 'ellipse', 'lasso']}
          context={context}
          look="icon"
        />
        <Divider />
        <BrushSize context={context} />
        <Divider />
        <ActionButtons ids={['fillSelection', 'fillAll', 'invert', 'clear']} context={context} look="icon" />
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
      className="col-start-2 row-start-2 flex items-end pr-3 pb-3 @min-[780px]/mask:row-start-1 @min-[780px]/mask:h-11 @min-[780px]/mask:items-center @min-[780px]/mask:pb-0"
    >
      <div className={`${panel} flex-col-reverse @min-[780px]/mask:flex-row`}>
        <ActionButtons ids={['zoomOut']} context={context} look="text" />
        <output aria-label="Zoom level" className="w-12 text-center text-[12px] tabular-nums text-fg">
          {Math.round(zoom * 100)}%
        </output>
        <ActionButtons ids={['zoomIn']} context={context} look="text" />
        <ZoomDivider />
        <ActionButtons ids={['fit', 'actualSize']} context={context} look="text" />
      </div>
    </div>
  );
}

/**
 * The mask tools and the zoom controls, drawn from the mask action table in cells of the editor's grid
 * beside the stage, so neither ever covers the image: the tools in a row above it; the zoom at that row's
 * end where the editor is wide enough for both (`@container/mask`, 780 px: about 545 px of tools and 205 of
 * zoom, with their padding: whole-mask operations live in the row's Mask menu to keep it so), else standing upright at the stage's right edge, where a landscape photo
 * fitted to a short window leaves room anyway.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { useStore } from 'zustand';
import {
  MAX_ADJUST_AMOUNT,
  MAX_BRUSH_SIZE,
  MIN_ADJUST_AMOUNT,
  MIN_BRUSH_SIZE,
} from '../state/editorPrefsSlice.ts';
import { replacementBy, savedMaskMismatch, savedMaskOf, withSavedMask } from '../state/savedMasks.ts';
import { ariaKeyShortcuts, formatCombo, tooltipFor } from './actions/keys.ts';
import {
  BRUSH_STEP,
  maskAction,
  type MaskActionContext,
  type MaskActionId,
  type MaskMenuPart,
} from './actions/maskActions.tsx';

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
        className="px-1.5 text-[11px] font-medium uppercase tracking-[0.08em] text-fg-muted group-disabled:opacity-35"
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
        className="h-1 w-16 cursor-pointer accent-accent disabled:cursor-not-allowed disabled:opacity-35"
      />
      <output
        htmlFor={sliderId}
        className="w-10 text-right text-[12px] tabular-nums text-fg group-disabled:opacity-35"
      >
        {brushSize}px
      </output>
    </>
  );
}

/**
 * Only with a brush in hand, and compact (the row at 1280 px has no room for another label and value): its
 * name and value are its tooltip and accessible name.
 */
function Hardness({ context }: { context: MaskActionContext }) {
  const hardness = useStore(context.store, (state) => state.editorPrefs.hardness);
  const title = `Brush hardness ${hardness}%: 100% is a hard edge, less fades it out`;
  return (
    <>
      <input
        type="range"
        min={0}
        max={100}
        step={5}
        value={hardness}
        aria-label="Brush hardness"
        aria-valuetext={`${hardness}%`}
        title={title}
        onChange={(event) => context.store.getState().editorPrefs.setHardness(Number(event.target.value))}
        className="mx-1 h-1 w-9 cursor-pointer accent-accent disabled:cursor-not-allowed disabled:opacity-35"
      />
    </>
  );
}

const field =
  'min-w-0 rounded-md border border-line bg-canvas px-2 py-1 text-[12px] text-fg focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none';
const menuButton =
  'rounded-md px-2 py-1 text-left text-[12px] text-fg hover:bg-active focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none disabled:cursor-not-allowed disabled:opacity-45';

/** One table action as a row of the menu: its label, its keys in the tooltip. */
function MenuAction({ id, context }: { id: MaskActionId; context: MaskActionContext }) {
  const action = maskAction(id);
  const enabled = useStore(context.store, () => action.enabled(context));
  return (
    <button
      type="button"
      className={menuButton}
      title={tooltipFor(action)}
      aria-keyshortcuts={ariaKeyShortcuts(action.keys)}
      disabled={!enabled}
      onClick={() => action.perform(context)}
    >
      {action.label}
    </button>
  );
}

/**
 * The Mask menu: the whole-mask operations (fill all, invert, clear) and the marching ants, which the row
 * has no room for beside the brush's size and hardness; grow, shrink and feather by an amount; save the mask
 * under a name, and put a saved one
 * back (only one painted at the first image's size; the others say what size they were painted at).
 */
function MaskMenu(props: { context: MaskActionContext; part: MaskMenuPart; onClose: () => void }) {
  const { context, part, onClose } = props;
  const amountId = useId();
  const nameId = useId();
  const panelRef = useRef<HTMLDivElement>(null);
  const amount = useStore(context.store, (state) => state.editorPrefs.adjustAmount);
  const saved = useStore(context.store, (state) => state.mask.saved);
  const owner = useStore(context.store, (state) => state.mask.owner);
  const canSave = useStore(context.store, () => maskAction('saveMask').enabled(context));
  const [name, setName] = useState('');
  const closeRef = useRef(onClose);
  useEffect(() => {
    closeRef.current = onClose;
  });

  // Focus goes to the part asked for once, when the menu opens there; a press outside closes it.
  useEffect(() => {
    const panel = panelRef.current;
    const first = panel?.querySelector<HTMLElement>(`[data-part=${part}]`);
    first?.focus();
    const onDown = (event: PointerEvent) => {
      if (!panel?.parentElement?.contains(event.target as Node)) closeRef.current();
    };
    // Escape closes it wherever the focus went (a used button may have been disabled under it).
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') closeRef.current();
    };
    document.addEventListener('pointerdown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [part]);

  const save = () => {
    const { mask } = context.store.getState();
    const entry = savedMaskOf(mask, name, crypto.randomUUID(), Date.now());
    if (!entry) return;
    mask.setSaved(withSavedMask(mask.saved, entry));
    context.announce(`Mask saved as ${entry.name}.`);
    setName('');
  };

  return (
    <div
      ref={panelRef}
      role="group"
      aria-label="Mask menu"
      onKeyDown={(event) => {
        // Not also the page's Escape (which would stop a run): here it only closes the menu.
        if (event.key !== 'Escape') return;
        event.stopPropagation();
        onClose();
      }}
      className="absolute top-full right-0 z-20 mt-1 flex w-64 flex-col gap-1.5 rounded-xl border border-line bg-panel p-2 shadow-lg shadow-black/40"
    >
      {/* The whole-mask operations and the display, a row of the table's icons as on the toolbar. */}
      <div role="group" aria-label="Whole mask" className="flex items-center gap-0.5">
        <ActionButtons ids={['fillAll', 'invert', 'clear', 'maskOutline']} context={context} look="icon" />
      </div>
      <div className="flex items-center gap-1.5 border-t border-line pt-1.5">
        <label htmlFor={amountId} className="text-[12px] text-fg-muted">
          By
        </label>
        <input
          id={amountId}
          data-part="adjust"
          type="number"
          min={MIN_ADJUST_AMOUNT}
          max={MAX_ADJUST_AMOUNT}
          value={amount}
          aria-label="Grow, shrink or feather by (pixels)"
          onChange={(event) =>
            context.store.getState().editorPrefs.setAdjustAmount(Number(event.target.value) || 1)
          }
          className={`${field} w-16`}
        />
        <span className="text-[12px] text-fg-muted">px</span>
      </div>
      <div className="flex flex-wrap gap-0.5">
        <MenuAction id="growMask" context={context} />
        <MenuAction id="shrinkMask" context={context} />
        <MenuAction id="featherMask" context={context} />
      </div>
      <form
        className="flex items-center gap-1.5 border-t border-line pt-1.5"
        onSubmit={(event) => {
          event.preventDefault();
          save();
        }}
      >
        <input
          id={nameId}
          data-part="save"
          aria-label="Mask name"
          placeholder="Name this mask"
          value={name}
          maxLength={60}
          onChange={(event) => setName(event.target.value)}
          className={`${field} flex-1`}
        />
        <button
          type="submit"
          className={menuButton}
          disabled={!canSave || name.trim() === ''}
          title={tooltipFor(maskAction('saveMask'))}
        >
          Save mask
        </button>
      </form>
      <div
        role="group"
        aria-label="Saved masks"
        className="flex max-h-48 flex-col overflow-y-auto border-t border-line pt-1.5"
      >
        {saved.length === 0 ? (
          <p className="px-2 py-1 text-[12px] text-fg-muted">No saved masks yet.</p>
        ) : (
          saved.map((entry, index) => {
            const mismatch = savedMaskMismatch(entry, owner);
            return (
              <button
                key={entry.id}
                type="button"
                data-part={index === 0 ? 'saved' : undefined}
                className={`${menuButton} flex justify-between gap-2`}
                disabled={mismatch !== null}
                aria-label={`Use saved mask ${entry.name}${mismatch ? ` (${mismatch})` : ''}`}
                onClick={() => {
                  const { mask } = context.store.getState();
                  const replacement = replacementBy(entry, mask.owner, crypto.randomUUID());
                  if (!replacement) return;
                  mask.commit(replacement);
                  context.announce(`Mask ${entry.name} put back.`);
                  onClose();
                }}
              >
                <span className="truncate">{entry.name}</span>
                <span className="shrink-0 text-fg-muted tabular-nums">
                  {mismatch ?? `${entry.width} × ${entry.height}`}
                </span>
              </button>
            );
          })
        )}
      </div>
    </div>
  );
}

function MaskMenuButton(props: {
  context: MaskActionContext;
  menu: { part: MaskMenuPart } | null;
  onMenuClosed: () => void;
}) {
  const { context, menu, onMenuClosed } = props;
  const [opened, setOpened] = useState<MaskMenuPart | null>(null);
  // Opened by its button, or by an action's key (Save mask…, Use saved mask…) through the editor.
  const part = menu?.part ?? opened;
  const close = () => {
    setOpened(null);
    onMenuClosed();
  };
  return (
    <div className="relative">
      <button
        type="button"
        aria-expanded={part !== null}
        aria-haspopup="true"
        title="Fill all, invert, clear, marching ants; grow, shrink, feather; save and reuse the mask"
        onClick={() => (part ? close() : setOpened('adjust'))}
        className={`${LOOKS.text} transition focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none disabled:cursor-not-allowed disabled:opacity-35 ${
          part ? 'bg-active text-fg' : 'text-fg-muted hover:bg-active hover:text-fg'
        }`}
      >
        Mask
      </button>
      {part && <MaskMenu key={part} context={context} part={part} onClose={close} />}
    </div>
  );
}

/**
 * `unavailable` is why the edit's model takes no mask (the contract's words), or null: the tools are then
 * disabled, their tooltip says why, and `noteId` names the note over the canvas that says it too.
 */
export function MaskToolbar({
  context,
  menu = null,
  onMenuClosed = () => undefined,
  unavailable = null,
  noteId,
}: {
  context: MaskActionContext;
  menu?: { part: MaskMenuPart } | null;
  onMenuClosed?: () => void;
  unavailable?: string | null;
  noteId?: string;
}) {
  const tool = useStore(context.store, (state) => state.editorPrefs.tool);
  const stroking = tool === 'brush' || tool === 'eraser';
  return (
    <div
      role="toolbar"
      aria-label="Mask tools"
      className="col-span-2 row-start-1 flex min-h-11 min-w-0 items-center py-0.5 pr-2 pl-3 @min-[780px]/mask:col-span-1"
    >
      {/* Wraps rather than overflows, should the tools ever outgrow the narrowest editor. A fieldset, so
          one `disabled` reaches every control in it when the model takes no mask. */}
      <fieldset
        disabled={unavailable !== null}
        title={unavailable ?? undefined}
        aria-describedby={unavailable ? noteId : undefined}
        className={`${panel} group min-w-0 flex-wrap`}
      >
        <ActionButtons
          ids={['brush', 'eraser', 'rectangle', 'ellipse', 'lasso']}
          context={context}
          look="icon"
        />
        <Divider />
        {/* The brush's size and hardness with a brush in hand; add or subtract with a selection tool. */}
        {stroking ? (
          <>
            <BrushSize context={context} />
            <Hardness context={context} />
          </>
        ) : (
          <ActionButtons ids={['addMode', 'subtractMode']} context={context} look="icon" />
        )}
        <ActionButtons ids={['fillSelection']} context={context} look="icon" />
        <Divider />
        <ActionButtons ids={['undo', 'redo']} context={context} look="icon" />
        <MaskMenuButton context={context} menu={menu} onMenuClosed={onMenuClosed} />
      </fieldset>
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

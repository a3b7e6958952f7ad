/** The mask editor's actions: its key handler, its toolbars and the shortcut sheet all read this table. */
import type { ReactNode } from 'react';
import {
  MAX_BRUSH_SIZE,
  MIN_BRUSH_SIZE,
  type MaskToolId,
  type SelectionMode,
} from '../../state/editorPrefsSlice.ts';
import {
  defaultSelection,
  moveSelection,
  paintBounds,
  resizeSelection,
  type MaskFill,
  type MaskSelection,
  type ShapeKind,
  type StrokeMode,
} from '../../state/mask.ts';
import type { StudioStore } from '../../state/store.ts';
import { always, type Action } from './action.ts';
import { formatCombo, type KeyPress } from './keys.ts';

/** Each `[` or `]` changes the brush by this factor, so small and large brushes step alike. */
export const BRUSH_STEP = 1.25;
/** Each zoom key or button press changes the scale by this factor. */
export const ZOOM_STEP = 1.25;
/**
 * How far an arrow moves or resizes a selection, in screen pixels (so a step looks the same at any zoom),
 * and with Shift.
 */
export const NUDGE_STEP_PX = 8;
export const FAR_NUDGE_STEP_PX = 64;

/** Where the keys of a selection work: the painting area binds them itself (MaskEditor.tsx). */
export const PAINTING_AREA = 'the painting area';

/** What a mask action works on: the studio's store, and the view of the editor that is shown. */
export interface MaskActionContext {
  store: StudioStore;
  fit: () => void;
  actualSize: () => void;
  /** Zooms about the stage's centre. */
  zoomBy: (factor: number) => void;
  /** Drops the stroke (or pan) in progress; it leaves no history entry. */
  cancelGesture: () => void;
  /** While held, a drag pans the view instead of painting. */
  holdPan: (held: boolean) => void;
  /** Screen pixels per natural pixel of the image, as it is shown. */
  viewScale: () => number;
  /** Says what changed to assistive technology (the editor's live region). */
  announce: (message: string) => void;
  /** Opens the Mask menu at one of its parts (a toolbar the editor shows; absent in tests). */
  openMaskMenu?: (part: MaskMenuPart) => void;
}

/** The parts of the toolbar's Mask menu an action can open it at. */
export type MaskMenuPart = 'adjust' | 'save' | 'saved';

const glyph = (shape: ReactNode) => (
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
    {shape}
  </svg>
);

const prefs = ({ store }: MaskActionContext) => store.getState().editorPrefs;
const mask = ({ store }: MaskActionContext) => store.getState().mask;
const history = (context: MaskActionContext) => mask(context).history;

const SHAPE_NAMES: Record<ShapeKind, string> = { rectangle: 'Rectangle', ellipse: 'Ellipse' };

/** "Rectangle selection, 1000 × 667 pixels at 1000, 667": what a screen reader hears after each change. */
export const describeSelection = ({ shape, width, height, left, top }: MaskSelection) =>
  `${SHAPE_NAMES[shape]} selection, ${width} × ${height} pixels at ${left}, ${top}`;

const toolActive = (id: MaskToolId) => (context: MaskActionContext) => prefs(context).tool === id;

/** A brush (or the lasso) lets the selection go: only a shape tool has one. */
const strokeTool = (id: MaskToolId) => ({
  enabled: always,
  active: toolActive(id),
  perform: (context: MaskActionContext) => {
    prefs(context).setTool(id);
    mask(context).select(null);
  },
});

/** Taking up a shape tool keeps the selection there is (in the new shape), or places one mid-image. */
const shapeTool = (shape: ShapeKind) => ({
  note: `then in ${PAINTING_AREA} the arrows move it, ${formatCombo('Mod+ArrowRight').replace('→', 'arrows')} resize it, Shift takes bigger steps, Enter fills it`,
  enabled: (context: MaskActionContext) => mask(context).owner !== null,
  active: toolActive(shape),
  perform: (context: MaskActionContext) => {
    const { owner, selection } = mask(context);
    if (!owner) return;
    prefs(context).setTool(shape);
    const placed = selection ? { ...selection, shape } : defaultSelection(shape, owner);
    mask(context).select(placed);
    context.announce(`${describeSelection(placed)}. Enter fills it into the mask.`);
  },
});

const ARROWS = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] } as const;
const arrowCombos = (modifiers: string) => Object.keys(ARROWS).map((arrow) => `${modifiers}${arrow}`);

/** An arrow moves the selection, or (right and down growing it) resizes it, by a step of the screen. */
const nudge = (change: 'move' | 'resize', screenStep: number) => ({
  field: PAINTING_AREA,
  enabled: (context: MaskActionContext) => mask(context).selection !== null,
  perform: (context: MaskActionContext, press?: KeyPress) => {
    const { selection, owner } = mask(context);
    const arrow = press && ARROWS[press.key as keyof typeof ARROWS];
    if (!selection || !owner || !arrow) return;
    const step = Math.max(1, Math.round(screenStep / context.viewScale()));
    const [dx, dy] = [arrow[0] * step, arrow[1] * step];
    const next =
      change === 'move' ? moveSelection(selection, dx, dy, owner) : resizeSelection(selection, dx, dy, owner);
    mask(context).select(next);
    context.announce(describeSelection(next));
  },
});

/** `mode` null: as the selection mode says (Enter); else always that (Delete cuts out). */
const fillSelection = (mode: StrokeMode | null, said: Record<StrokeMode, string>) => ({
  field: PAINTING_AREA,
  enabled: (context: MaskActionContext) => mask(context).selection !== null,
  perform: (context: MaskActionContext) => {
    const chosen = mode ?? fillMode(context);
    mask(context).fillSelection(chosen);
    context.announce(said[chosen]);
  },
});

const FILLED = { paint: 'Selection filled into the mask.', erase: 'Selection erased from the mask.' };

/** What Enter does with a selection: fills it in, or cuts it out in Subtract mode. */
const fillMode = (context: MaskActionContext): StrokeMode =>
  prefs(context).selectionMode === 'subtract' ? 'erase' : 'paint';

/** A selection mode's action: its note is also what is announced when it is taken up. */
const selectionMode = (mode: SelectionMode, label: string, note: string) => ({
  label,
  note,
  enabled: always,
  active: (context: MaskActionContext) => prefs(context).selectionMode === mode,
  perform: (context: MaskActionContext) => {
    prefs(context).setSelectionMode(mode);
    context.announce(`${label} mode: ${note}.`);
  },
});

/** Something is painted on the mask's own image: there is an edge to grow, shrink or feather. */
const somethingPainted = (context: MaskActionContext) => {
  const { owner } = mask(context);
  return owner !== null && paintBounds(history(context).operations, owner) !== null;
};

/** Grow (or shrink, `sign` -1) or feather the whole mask by the amount the Mask menu holds: one entry. */
const adjust = (kind: 'grow' | 'feather', sign: 1 | -1, verb: string) => ({
  note: 'by the amount set in the Mask menu',
  enabled: somethingPainted,
  perform: (context: MaskActionContext) => {
    const px = prefs(context).adjustAmount;
    mask(context).commit({ kind, id: crypto.randomUUID(), px: sign * px });
    context.announce(`Mask ${verb} by ${px} pixels.`);
  },
});

const openMenu = (part: MaskMenuPart) => (context: MaskActionContext) => context.openMaskMenu?.(part);

const fill = (kind: MaskFill['kind'], said: string) => ({
  enabled: always,
  perform: (context: MaskActionContext) => {
    mask(context).commit({ kind, id: crypto.randomUUID() });
    context.announce(said);
  },
});

const zoom = (factor: number) => ({
  note: 'the wheel and a pinch zoom too',
  enabled: always,
  perform: (context: MaskActionContext) => context.zoomBy(factor),
});

export const MASK_ACTIONS = [
  {
    id: 'brush',
    label: 'Brush',
    keys: ['B'],
    group: 'Mask tools',
    icon: glyph(<path d="M12.5 3.5l4 4-7.5 7.5H5v-4zM10.5 5.5l4 4M3 17.5h6" />),
    ...strokeTool('brush'),
  },
  {
    id: 'eraser',
    label: 'Eraser',
    keys: ['E'],
    group: 'Mask tools',
    icon: glyph(
      <path d="M8 16.5h9M3.8 12.2l7.4-7.4a1.5 1.5 0 012.1 0l2.9 2.9a1.5 1.5 0 010 2.1L10 16.5H7.3l-3.5-3.5a.6.6 0 010-.8zM7.5 8.5l5 5" />,
    ),
    ...strokeTool('eraser'),
  },
  {
    id: 'rectangle',
    label: 'Rectangle selection',
    keys: ['R'],
    group: 'Mask tools',
    icon: glyph(<rect x="3.5" y="5" width="13" height="10" rx="0.5" strokeDasharray="2.4 1.8" />),
    ...shapeTool('rectangle'),
  },
  {
    id: 'ellipse',
    label: 'Ellipse selection',
    keys: ['O'],
    group: 'Mask tools',
    icon: glyph(<ellipse cx="10" cy="10" rx="6.5" ry="5" strokeDasharray="2.4 1.8" />),
    ...shapeTool('ellipse'),
  },
  {
    id: 'lasso',
    label: 'Lasso',
    keys: ['L'],
    group: 'Mask tools',
    note: 'draw round the area to paint it (hold Alt while drawing to cut it out); hold Alt and click to place a polygon, closed by a click on its first corner, a double-click or Enter',
    icon: glyph(
      <path d="M7.6 13.6C4.9 12.9 3 11.2 3 9.2 3 6.3 6.1 4 10 4s7 2.3 7 5.2-3.1 5.2-7 5.2c-.8 0-1.6-.1-2.4-.3zm0 0c-.9.6-1.2 1.6-.5 2.3.6.6.4 1.4-.4 1.9" />,
    ),
    ...strokeTool('lasso'),
  },
  {
    id: 'addMode',
    keys: ['A'],
    group: 'Selection',
    icon: glyph(
      <>
        <rect x="3.5" y="3.5" width="13" height="13" rx="2" strokeDasharray="2.4 1.8" />
        <path d="M10 6.5v7M6.5 10h7" />
      </>,
    ),
    ...selectionMode('add', 'Add', 'a lasso or a filled selection adds to the mask'),
  },
  {
    id: 'subtractMode',
    keys: ['S'],
    group: 'Selection',
    icon: glyph(
      <>
        <rect x="3.5" y="3.5" width="13" height="13" rx="2" strokeDasharray="2.4 1.8" />
        <path d="M6.5 10h7" />
      </>,
    ),
    ...selectionMode('subtract', 'Subtract', 'a lasso or a filled selection cuts out of the mask'),
  },
  {
    id: 'smaller',
    label: 'Smaller brush',
    keys: ['['],
    group: 'Mask tools',
    enabled: (context) => prefs(context).brushSize > MIN_BRUSH_SIZE,
    perform: (context) => prefs(context).setBrushSize(prefs(context).brushSize / BRUSH_STEP),
  },
  {
    id: 'larger',
    label: 'Larger brush',
    keys: [']'],
    group: 'Mask tools',
    enabled: (context) => prefs(context).brushSize < MAX_BRUSH_SIZE,
    perform: (context) => prefs(context).setBrushSize(prefs(context).brushSize * BRUSH_STEP),
  },
  {
    id: 'pan',
    label: 'Pan',
    keys: ['Space'],
    group: 'Mask tools',
    note: 'hold and drag, or drag with the middle button',
    enabled: always,
    perform: (context) => context.holdPan(true),
    release: (context) => context.holdPan(false),
  },
  {
    id: 'fillAll',
    label: 'Fill all',
    keys: ['Shift+F'],
    group: 'Mask',
    icon: glyph(
      <rect x="3.5" y="3.5" width="13" height="13" rx="2" fill="currentColor" fillOpacity="0.35" />,
    ),
    ...fill('fill-all', 'The whole image is painted.'),
  },
  {
    id: 'invert',
    label: 'Invert mask',
    keys: ['Shift+I'],
    group: 'Mask',
    icon: glyph(
      <>
        <rect x="3.5" y="3.5" width="13" height="13" rx="2" />
        <path d="M10 3.5v13" />
        <path d="M3.5 3.5h6.5v13H5.5a2 2 0 01-2-2z" fill="currentColor" fillOpacity="0.35" stroke="none" />
      </>,
    ),
    ...fill('invert', 'Mask inverted.'),
  },
  {
    id: 'clear',
    label: 'Clear mask',
    keys: ['Shift+C'],
    group: 'Mask',
    icon: glyph(
      <>
        <rect x="3.5" y="3.5" width="13" height="13" rx="2" strokeDasharray="2.5 2" />
        <path d="M7.5 7.5l5 5m0-5l-5 5" />
      </>,
    ),
    ...fill('clear', 'Mask cleared.'),
  },
  {
    id: 'growMask',
    label: 'Grow mask',
    keys: ['Shift+G'],
    group: 'Mask',
    ...adjust('grow', 1, 'grown'),
  },
  {
    id: 'shrinkMask',
    label: 'Shrink mask',
    keys: ['Shift+S'],
    group: 'Mask',
    ...adjust('grow', -1, 'shrunk'),
  },
  {
    id: 'featherMask',
    label: 'Feather mask',
    keys: ['Shift+E'],
    group: 'Mask',
    ...adjust('feather', 1, 'feathered'),
  },
  {
    id: 'saveMask',
    label: 'Save mask…',
    keys: ['Shift+M'],
    group: 'Mask',
    note: 'names it, to use again on an image of the same size',
    enabled: somethingPainted,
    perform: openMenu('save'),
  },
  {
    id: 'useSavedMask',
    label: 'Use saved mask…',
    keys: ['Shift+U'],
    group: 'Mask',
    enabled: (context) => mask(context).saved.length > 0,
    perform: openMenu('saved'),
  },
  {
    id: 'maskOutline',
    label: 'Marching ants',
    keys: ['Shift+A'],
    group: 'View',
    note: 'shows the painted area by its outline rather than a tint',
    icon: glyph(
      <path d="M4 5.5h3m3 0h3m2.5 1.5v3m0 3v.5a1.5 1.5 0 01-1.5 1.5H13m-3 0H7m-2.5-1.5v-3m0-3v-.5" />,
    ),
    enabled: always,
    active: (context) => prefs(context).maskDisplay === 'outline',
    perform: (context) => {
      const outline = prefs(context).maskDisplay !== 'outline';
      prefs(context).setMaskDisplay(outline ? 'outline' : 'tint');
      context.announce(outline ? 'The mask is shown by its outline.' : 'The mask is shown as a tint.');
    },
  },
  {
    id: 'moveSelection',
    label: 'Move selection',
    keys: arrowCombos(''),
    group: 'Selection',
    ...nudge('move', NUDGE_STEP_PX),
  },
  {
    id: 'moveSelectionFar',
    label: 'Move selection further',
    keys: arrowCombos('Shift+'),
    group: 'Selection',
    ...nudge('move', FAR_NUDGE_STEP_PX),
  },
  {
    id: 'resizeSelection',
    label: 'Resize selection',
    keys: arrowCombos('Mod+'),
    group: 'Selection',
    note: 'right and down grow it, left and up shrink it',
    ...nudge('resize', NUDGE_STEP_PX),
  },
  {
    id: 'resizeSelectionFar',
    label: 'Resize selection further',
    keys: arrowCombos('Shift+Mod+'),
    group: 'Selection',
    ...nudge('resize', FAR_NUDGE_STEP_PX),
  },
  {
    id: 'fillSelection',
    label: 'Fill selection',
    keys: ['Enter'],
    group: 'Selection',
    icon: glyph(
      <>
        <rect x="3.5" y="5" width="13" height="10" rx="0.5" strokeDasharray="2.4 1.8" />
        <rect x="6.5" y="8" width="7" height="4" fill="currentColor" fillOpacity="0.6" stroke="none" />
      </>,
    ),
    note: 'in Subtract mode it cuts the selection out instead',
    ...fillSelection(null, FILLED),
  },
  {
    id: 'eraseSelection',
    label: 'Erase selection',
    keys: ['Delete', 'Backspace'],
    group: 'Selection',
    note: 'cuts the selection out of the mask',
    ...fillSelection('erase', FILLED),
  },
  {
    id: 'undo',
    label: 'Undo',
    keys: ['Mod+Z'],
    group: 'Mask',
    icon: glyph(<path d="M7.5 5L4 8.5 7.5 12M4.5 8.5h7a4 4 0 010 8H9" />),
    enabled: (context) => history(context).operations.length > 0,
    perform: (context) => {
      mask(context).undo();
      context.announce('Undone.');
    },
  },
  {
    id: 'redo',
    label: 'Redo',
    keys: ['Shift+Mod+Z', 'Mod+Y'],
    group: 'Mask',
    icon: glyph(<path d="M12.5 5L16 8.5 12.5 12M15.5 8.5h-7a4 4 0 000 8H11" />),
    enabled: (context) => history(context).undone.length > 0,
    perform: (context) => {
      mask(context).redo();
      context.announce('Redone.');
    },
  },
  {
    id: 'cancelStroke',
    label: 'Cancel stroke',
    keys: ['Escape'],
    group: 'Mask',
    enabled: always,
    perform: (context) => context.cancelGesture(),
  },
  {
    id: 'zoomOut',
    label: 'Zoom out',
    keys: ['-'],
    group: 'View',
    icon: '−',
    ...zoom(1 / ZOOM_STEP),
  },
  {
    id: 'zoomIn',
    label: 'Zoom in',
    keys: ['=', '+'],
    group: 'View',
    icon: '+',
    ...zoom(ZOOM_STEP),
  },
  {
    id: 'fit',
    label: 'Fit to view',
    keys: ['F'],
    group: 'View',
    icon: 'Fit',
    enabled: always,
    perform: (context) => context.fit(),
  },
  {
    id: 'actualSize',
    label: 'Zoom to 100%',
    keys: ['1'],
    group: 'View',
    icon: '100%',
    enabled: always,
    perform: (context) => context.actualSize(),
  },
] as const satisfies readonly Action<MaskActionContext>[];

export type MaskActionId = (typeof MASK_ACTIONS)[number]['id'];

export const maskAction = (id: MaskActionId): Action<MaskActionContext> =>
  MASK_ACTIONS.find((action) => action.id === id)!;

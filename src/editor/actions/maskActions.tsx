/** The mask editor's actions: its key handler, its toolbars and the shortcut sheet all read this table. */
import type { ReactNode } from 'react';
import { MAX_BRUSH_SIZE, MIN_BRUSH_SIZE, type MaskToolId } from '../../state/editorPrefsSlice.ts';
import type { MaskFill } from '../../state/mask.ts';
import type { StudioStore } from '../../state/store.ts';
import { always, type Action } from './action.ts';

/** Each `[` or `]` changes the brush by this factor, so small and large brushes step alike. */
export const BRUSH_STEP = 1.25;
/** Each zoom key or button press changes the scale by this factor. */
export const ZOOM_STEP = 1.25;

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
}

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
const history = ({ store }: MaskActionContext) => store.getState().mask.history;

const tool = (id: MaskToolId) => ({
  enabled: always,
  active: (context: MaskActionContext) => prefs(context).tool === id,
  perform: (context: MaskActionContext) => prefs(context).setTool(id),
});

const fill = (kind: MaskFill['kind']) => ({
  enabled: always,
  perform: ({ store }: MaskActionContext) => store.getState().mask.commit({ kind, id: crypto.randomUUID() }),
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
    ...tool('brush'),
  },
  {
    id: 'eraser',
    label: 'Eraser',
    keys: ['E'],
    group: 'Mask tools',
    icon: glyph(
      <path d="M8 16.5h9M3.8 12.2l7.4-7.4a1.5 1.5 0 012.1 0l2.9 2.9a1.5 1.5 0 010 2.1L10 16.5H7.3l-3.5-3.5a.6.6 0 010-.8zM7.5 8.5l5 5" />,
    ),
    ...tool('eraser'),
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
    ...fill('fill-all'),
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
    ...fill('invert'),
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
    ...fill('clear'),
  },
  {
    id: 'undo',
    label: 'Undo',
    keys: ['Mod+Z'],
    group: 'Mask',
    icon: glyph(<path d="M7.5 5L4 8.5 7.5 12M4.5 8.5h7a4 4 0 010 8H9" />),
    enabled: (context) => history(context).operations.length > 0,
    perform: ({ store }) => store.getState().mask.undo(),
  },
  {
    id: 'redo',
    label: 'Redo',
    keys: ['Shift+Mod+Z', 'Mod+Y'],
    group: 'Mask',
    icon: glyph(<path d="M12.5 5L16 8.5 12.5 12M15.5 8.5h-7a4 4 0 000 8H11" />),
    enabled: (context) => history(context).undone.length > 0,
    perform: ({ store }) => store.getState().mask.redo(),
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

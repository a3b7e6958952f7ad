/**
 * The full-size viewer's actions: its key handler, its toolbar's tooltips and the shortcut sheet read
 * this table. An arrow pans the way the image overflows the stage; ← and → otherwise step between images,
 * so the predicates of the two never hold at once.
 */
import { always, type Action } from '../../editor/actions/action.ts';

export interface ViewerActionContext {
  /** Which ways the image is larger than the stage. */
  overflows: { x: boolean; y: boolean };
  hasPrevious: boolean;
  hasNext: boolean;
  zoomBy: (factor: number) => void;
  fit: () => void;
  actualSize: () => void;
  step: (by: -1 | 1) => void;
  /** Pans by a number of arrow-key steps each way. */
  pan: (steps: { x: number; y: number }) => void;
  close: () => void;
}

const GROUP = 'Full-size viewer';
/** Each zoom key or button press changes the scale by this factor, as in the mask editor. */
export const VIEWER_ZOOM_STEP = 1.25;

const pan = (x: number, y: number) => ({
  group: GROUP,
  note: 'while the image overflows that way; or drag',
  enabled: (context: ViewerActionContext) => (x !== 0 ? context.overflows.x : context.overflows.y),
  perform: (context: ViewerActionContext) => context.pan({ x, y }),
});

export const VIEWER_ACTIONS = [
  {
    id: 'viewerPrevious',
    label: 'Previous image',
    keys: ['ArrowLeft'],
    group: GROUP,
    note: 'while the image fits across',
    enabled: (context) => !context.overflows.x && context.hasPrevious,
    perform: (context) => context.step(-1),
  },
  {
    id: 'viewerNext',
    label: 'Next image',
    keys: ['ArrowRight'],
    group: GROUP,
    note: 'while the image fits across',
    enabled: (context) => !context.overflows.x && context.hasNext,
    perform: (context) => context.step(1),
  },
  {
    id: 'viewerZoomIn',
    label: 'Zoom in',
    keys: ['=', '+'],
    group: GROUP,
    note: 'the wheel and a pinch zoom too',
    enabled: always,
    perform: (context) => context.zoomBy(VIEWER_ZOOM_STEP),
  },
  {
    id: 'viewerZoomOut',
    label: 'Zoom out',
    keys: ['-'],
    group: GROUP,
    enabled: always,
    perform: (context) => context.zoomBy(1 / VIEWER_ZOOM_STEP),
  },
  {
    id: 'viewerFit',
    label: 'Fit',
    keys: ['F', '0'],
    group: GROUP,
    enabled: always,
    perform: (context) => context.fit(),
  },
  {
    id: 'viewerActualSize',
    label: '100%',
    keys: ['1'],
    group: GROUP,
    note: 'or double-click the image',
    enabled: always,
    perform: (context) => context.actualSize(),
  },
  { id: 'viewerPanLeft', label: 'Pan left', keys: ['ArrowLeft'], ...pan(1, 0) },
  { id: 'viewerPanRight', label: 'Pan right', keys: ['ArrowRight'], ...pan(-1, 0) },
  { id: 'viewerPanUp', label: 'Pan up', keys: ['ArrowUp'], ...pan(0, 1) },
  { id: 'viewerPanDown', label: 'Pan down', keys: ['ArrowDown'], ...pan(0, -1) },
  {
    id: 'viewerClose',
    label: 'Close the viewer',
    keys: ['Escape'],
    group: GROUP,
    enabled: always,
    perform: (context) => context.close(),
  },
] as const satisfies readonly Action<ViewerActionContext>[];

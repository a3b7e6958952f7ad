/**
 * Staging's keys, in the same kind of table as the studio's and the mask editor's. The arrows step only
 * while the focus is in the staged view (they move through a radio group, a slider or a selection
 * elsewhere); holding `\` and Escape work wherever the focus is, since staging covers the mask.
 */
import type { Action } from '../../editor/actions/action.ts';

export const STAGED_VIEW = 'the staged view';

export interface StagingActionContext {
  canStep: (direction: 1 | -1) => boolean;
  step: (direction: 1 | -1) => void;
  compare: (holding: boolean) => void;
  leave: () => void;
  /** A dialog (the gallery, the viewer) lies over the studio: its keys are its own. */
  covered: () => boolean;
}

const free = (context: StagingActionContext) => !context.covered();

export const STAGING_ACTIONS = [
  {
    id: 'stagePrevious',
    label: 'Previous variant',
    keys: ['ArrowLeft'],
    group: 'Staging',
    field: STAGED_VIEW,
    enabled: (context) => context.canStep(-1),
    perform: (context) => context.step(-1),
  },
  {
    id: 'stageNext',
    label: 'Next variant',
    keys: ['ArrowRight'],
    group: 'Staging',
    field: STAGED_VIEW,
    enabled: (context) => context.canStep(1),
    perform: (context) => context.step(1),
  },
  {
    id: 'compareSource',
    label: 'Hold to compare with the source',
    keys: ['\\'],
    group: 'Staging',
    enabled: free,
    perform: (context) => context.compare(true),
    release: (context) => context.compare(false),
  },
  {
    id: 'leaveStaging',
    label: 'Leave staging',
    keys: ['Escape'],
    group: 'Staging',
    note: 'nothing is deleted',
    enabled: free,
    perform: (context) => context.leave(),
  },
] as const satisfies readonly Action<StagingActionContext>[];

export const stagingAction = (id: (typeof STAGING_ACTIONS)[number]['id']) =>
  STAGING_ACTIONS.find((action) => action.id === id)!;

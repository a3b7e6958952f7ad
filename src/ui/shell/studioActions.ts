/** The studio's own actions, in the same kind of table as the mask editor's and read by the same handler. */
import { always, type Action } from '../../editor/actions/action.ts';

export interface StudioActionContext {
  streaming: boolean;
  generate: () => void;
  cancel: () => void;
  openShortcuts: () => void;
}

export const STUDIO_ACTIONS = [
  {
    id: 'generate',
    label: 'Generate or apply edit',
    keys: ['Mod+Enter'],
    group: 'Studio',
    field: 'the prompt',
    enabled: (context) => !context.streaming,
    perform: (context) => context.generate(),
  },
  {
    id: 'cancelRun',
    label: 'Cancel run',
    keys: ['Escape'],
    group: 'Studio',
    // Escape stops a run from anywhere, the prompt included, as it does in most creative tools.
    whileTyping: true,
    enabled: (context) => context.streaming,
    perform: (context) => context.cancel(),
  },
  {
    id: 'shortcuts',
    label: 'Keyboard shortcuts',
    keys: ['?'],
    group: 'Studio',
    enabled: always,
    perform: (context) => context.openShortcuts(),
  },
] as const satisfies readonly Action<StudioActionContext>[];

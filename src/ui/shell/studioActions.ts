/** The studio's own actions, in the same kind of table as the mask editor's and read by the same handler. */
import { always, type Action } from '../../editor/actions/action.ts';
import { leadImage, type Run } from '../../state/run.ts';

export interface StudioActionContext {
  streaming: boolean;
  /** The gallery lies over the studio: the studio's own keys wait until it closes. */
  galleryOpen: boolean;
  /** The results beside the one on show in the session strip (newest first), or null at either end. */
  newerRunId: string | null;
  olderRunId: string | null;
  generate: () => void;
  cancel: () => void;
  openShortcuts: () => void;
  focusPrompt: () => void;
  switchMode: () => void;
  toggleGallery: () => void;
  showRun: (runId: string) => void;
}

/**
 * The runs either side of `shownId` in the session strip (which lists only runs with an image to show,
 * newest first). A run on show that the strip does not list yet (one just started) counts as before the
 * first, so the next step from it is the newest listed.
 */
export function neighbourRunIds(
  runs: readonly Run[],
  shownId: string | null,
): Pick<StudioActionContext, 'newerRunId' | 'olderRunId'> {
  const listed = runs.filter((run) => leadImage(run) !== null);
  const at = listed.findIndex((run) => run.id === shownId);
  if (at === -1) return { newerRunId: null, olderRunId: listed[0]?.id ?? null };
  return { newerRunId: listed[at - 1]?.id ?? null, olderRunId: listed[at + 1]?.id ?? null };
}

const studioKeysFree = (context: StudioActionContext) => !context.galleryOpen;

export const STUDIO_ACTIONS = [
  {
    id: 'generate',
    label: 'Generate or apply edit',
    keys: ['Mod+Enter'],
    group: 'Studio',
    // From the prompt and from the settings alike: a changed setting need not be followed by a click.
    whileTyping: true,
    enabled: (context) => !context.streaming && studioKeysFree(context),
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
    id: 'focusPrompt',
    label: 'Go to the prompt',
    keys: ['/'],
    group: 'Studio',
    enabled: studioKeysFree,
    perform: (context) => context.focusPrompt(),
  },
  {
    id: 'switchMode',
    label: 'Switch between Generate and Edit',
    keys: ['M'],
    group: 'Studio',
    enabled: studioKeysFree,
    perform: (context) => context.switchMode(),
  },
  {
    id: 'newerResult',
    label: 'Newer result',
    keys: [','],
    group: 'Studio',
    note: 'the one to the left in the strip',
    enabled: (context) => studioKeysFree(context) && context.newerRunId !== null,
    perform: (context) => {
      if (context.newerRunId) context.showRun(context.newerRunId);
    },
  },
  {
    id: 'olderResult',
    label: 'Older result',
    keys: ['.'],
    group: 'Studio',
    note: 'the one to the right in the strip',
    enabled: (context) => studioKeysFree(context) && context.olderRunId !== null,
    perform: (context) => {
      if (context.olderRunId) context.showRun(context.olderRunId);
    },
  },
  {
    id: 'gallery',
    label: 'Open or close the gallery',
    keys: ['G'],
    group: 'Studio',
    enabled: always,
    perform: (context) => context.toggleGallery(),
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

/**
 * The prompt field's own keys. They are the field's, not the page's (ArrowUp moves the caret everywhere
 * else), so the prompt binds them itself from this table and the shortcut sheet lists them from it.
 */
import type { Action } from '../../editor/actions/action.ts';
import { performFieldAction } from '../../editor/actions/keymap.ts';
import type { KeyPress } from '../../editor/actions/keys.ts';

export interface PromptActionContext {
  /** The caret stands before the first character, nothing selected: ArrowUp has nowhere left to go. */
  caretAtStart: boolean;
  openHistory: () => void;
}

export const PROMPT_ACTIONS = [
  {
    id: 'promptHistory',
    label: 'Recent prompts',
    keys: ['ArrowUp'],
    group: 'Prompt',
    field: 'the prompt',
    note: 'from the first character of the prompt',
    enabled: (context) => context.caretAtStart,
    perform: (context) => context.openHistory(),
  },
] as const satisfies readonly Action<PromptActionContext>[];

/** Runs the prompt action a key names, if it is enabled; says whether one ran (its key is then used up). */
export function performPromptAction(press: KeyPress, context: PromptActionContext): boolean {
  return performFieldAction(PROMPT_ACTIONS, 'the prompt', press, context);
}

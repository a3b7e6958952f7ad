/** Key presses for tests of the action tables, spelled as the tables spell their combos. */
import type { Action } from './action.ts';
import { matchesCombo, parseCombo, type KeyPress } from './keys.ts';

export type Modifiers = Partial<Pick<KeyPress, 'shiftKey' | 'ctrlKey' | 'metaKey' | 'altKey'>>;

export const press = (key: string, modifiers: Modifiers = {}): KeyPress => ({
  key,
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...modifiers,
});

/** The press a combo describes, with Ctrl for Mod. */
export function pressFor(combo: string): KeyPress {
  const { mod, shift, alt, key } = parseCombo(combo);
  return press(key === 'Space' ? ' ' : key, { shiftKey: shift, ctrlKey: mod, altKey: alt });
}

/** The ids of the actions a press names, in table order. */
export const actionsFor = (actions: readonly Action<never>[], keyPress: KeyPress): string[] =>
  actions
    .filter((action) => action.keys.some((combo) => matchesCombo(combo, keyPress)))
    .map((action) => action.id);

/**
 * The one key handler: every action table bound to it (the studio's always, the mask editor's while it is
 * shown) is read on each key press. One keymap per studio page, made by `useKeymap`, so two studios (or
 * two tests) never share held keys.
 */
import { useEffect, useRef, useState } from 'react';
import type { Action } from './action.ts';
import { matchesCombo, type KeyPress } from './keys.ts';

export interface KeyEvent extends KeyPress {
  target: EventTarget | null;
  preventDefault: () => void;
}

export interface Keymap {
  /** Reads `actions` on every key press until the returned function unbinds them. */
  bind: <Context>(actions: readonly Action<Context>[], context: () => Context) => () => void;
  onKeyDown: (event: KeyEvent) => void;
  onKeyUp: (event: Pick<KeyPress, 'key'>) => void;
  /** Lets go of every held key: the window lost focus, so no key-up will come. */
  releaseAll: () => void;
}

/** An action of a bound table that a key press names, with its context closed over. */
interface Named {
  enabled: () => boolean;
  perform: (press: KeyPress) => void;
  release?: () => void;
}

/**
 * Inputs a click leaves the focus on that take no typed characters and no Space of their own: after the
 * mode switch or the brush size is clicked, the shortcuts must still work. (A checkbox keeps its Space.)
 */
const UNTYPED_INPUTS = ['radio', 'range'];

function typingInto(target: EventTarget | null): boolean {
  const element = target as Partial<HTMLInputElement> | null;
  if (element?.tagName === 'INPUT') return !UNTYPED_INPUTS.includes(element.type ?? 'text');
  return element?.isContentEditable === true || ['TEXTAREA', 'SELECT'].includes(element?.tagName ?? '');
}

export function createKeymap(): Keymap {
  const tables = new Set<(press: KeyPress, typing: boolean) => Named[]>();
  /** Release of each held key, by `KeyboardEvent.key`. */
  const held = new Map<string, () => void>();

  return {
    bind(actions, context) {
      const named = (press: KeyPress, typing: boolean): Named[] =>
        actions
          .filter(
            (action) =>
              !action.field &&
              (!typing || action.whileTyping) &&
              action.keys.some((combo) => matchesCombo(combo, press)),
          )
          .map((action) => ({
            enabled: () => action.enabled(context()),
            perform: (press) => action.perform(context(), press),
            release: action.release && (() => action.release!(context())),
          }));
      tables.add(named);
      return () => {
        tables.delete(named);
      };
    },
    onKeyDown(event) {
      const typing = typingInto(event.target);
      const named = [...tables].flatMap((table) => table(event, typing));
      if (named.length === 0) return;
      // Escape keeps its default: it is also what closes the browser's own dialogs.
      if (event.key !== 'Escape') event.preventDefault();
      // Every table's action for the key runs: Escape both drops a stroke and stops a run, as it always has.
      for (const action of named) {
        if (!action.enabled()) continue;
        action.perform(event);
        if (action.release) held.set(event.key, action.release);
      }
    },
    onKeyUp(event) {
      const release = held.get(event.key);
      held.delete(event.key);
      release?.();
    },
    releaseAll() {
      const releases = [...held.values()];
      held.clear();
      for (const release of releases) release();
    },
  };
}

/**
 * For a view that binds its own keys (the actions with a `field`): performs the enabled action of
 * `actions` bound to `field` that the press names, and says whether one ran, so the view can keep the key
 * from the page.
 */
export function performFieldAction<Context>(
  actions: readonly Action<Context>[],
  field: string,
  press: KeyPress,
  context: Context,
): boolean {
  const action = actions.find(
    (candidate) =>
      candidate.field === field &&
      candidate.keys.some((combo) => matchesCombo(combo, press)) &&
      candidate.enabled(context),
  );
  action?.perform(context, press);
  return action !== undefined;
}

/** The page's keymap, listening to the window while the caller is mounted. */
export function useKeymap(): Keymap {
  const [keymap] = useState(createKeymap);
  useEffect(() => {
    const { onKeyDown, onKeyUp, releaseAll } = keymap;
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener('keyup', onKeyUp);
    window.addEventListener('blur', releaseAll);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('keyup', onKeyUp);
      window.removeEventListener('blur', releaseAll);
    };
  }, [keymap]);
  return keymap;
}

/** Binds a table while the caller is mounted; actions see the context of the latest render. */
export function useBoundActions<Context>(
  keymap: Keymap,
  actions: readonly Action<Context>[],
  context: Context,
): void {
  const latest = useRef(context);
  useEffect(() => {
    latest.current = context;
  });
  useEffect(() => keymap.bind(actions, () => latest.current), [keymap, actions]);
}

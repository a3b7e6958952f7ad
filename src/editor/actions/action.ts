/**
 * One record per action, in the manner of excalidraw's `actions/register.ts`: the key handler, the
 * toolbars, their tooltips and `aria-keyshortcuts`, and the shortcut sheet all read the same record, so
 * none of them can drift from the others. `Context` is what the action works on (the mask editor's
 * store and view, the studio's run).
 */
import type { ReactNode } from 'react';
import type { KeyPress } from './keys.ts';

export interface Action<Context> {
  id: string;
  label: string;
  /** Key combos (see keys.ts); the first is the one a tooltip names first. */
  keys: readonly string[];
  /** The heading it is listed under in the shortcut sheet. */
  group: string;
  icon?: ReactNode;
  /** Said after the keys, in the tooltip and the sheet. */
  note?: string;
  /** Also runs while the focus is in a text field; other actions leave the typing alone. */
  whileTyping?: boolean;
  /**
   * The field that binds the keys itself (the prompt's Mod+Enter): the window's key handler leaves the
   * action alone and the sheet says where it works.
   */
  field?: string;
  enabled: (context: Context) => boolean;
  /** Whether a toggle is on (the tool in hand), for `aria-pressed`. */
  active?: (context: Context) => boolean;
  /**
   * `press` is the key that named it, for an action whose keys each say a direction (the arrows that move a
   * selection); a button's click has none.
   */
  perform: (context: Context, press?: KeyPress) => void;
  /** For a key held rather than pressed (Space to pan): runs when the key is let go. */
  release?: (context: Context) => void;
}

export const always = () => true;

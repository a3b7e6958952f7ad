/**
 * Key combos as the action tables write them: modifiers, then the key, joined by '+' ('B', 'Shift+F',
 * 'Mod+Z', 'Shift+Mod+Z', 'Escape', 'Space', '?'). `Mod` is Ctrl, or ⌘ on a Mac; either is accepted on
 * any platform, as the editor always has.
 */

export interface KeyPress {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

export interface Combo {
  mod: boolean;
  shift: boolean;
  alt: boolean;
  /** A character ('b', '[', '?') or a named key ('Escape', 'Enter', 'Space'). */
  key: string;
}

export const IS_MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

export function parseCombo(combo: string): Combo {
  const [, modifiers = '', key = combo] = /^((?:(?:Shift|Mod|Alt)\+)*)(.+)$/.exec(combo) ?? [];
  return {
    mod: modifiers.includes('Mod+'),
    shift: modifiers.includes('Shift+'),
    alt: modifiers.includes('Alt+'),
    key: key.length === 1 ? key.toLowerCase() : key,
  };
}

/** `KeyboardEvent.key` in the combos' spelling. */
function keyOf(press: Pick<KeyPress, 'key'>): string {
  if (press.key === ' ') return 'Space';
  return press.key.length === 1 ? press.key.toLowerCase() : press.key;
}

/**
 * Shift counts only for letters and named keys: for a symbol the character itself already says whether
 * Shift was held ('?' is Shift+/ on one layout and a key of its own on another, '1' is Shift+& on AZERTY).
 */
const shiftMatters = (key: string) => key.length > 1 || key.toLowerCase() !== key.toUpperCase();

export function matchesCombo(combo: string, press: KeyPress): boolean {
  const wanted = parseCombo(combo);
  return (
    keyOf(press) === wanted.key &&
    (press.ctrlKey || press.metaKey) === wanted.mod &&
    press.altKey === wanted.alt &&
    (!shiftMatters(wanted.key) || press.shiftKey === wanted.shift)
  );
}

const KEY_NAMES: Record<string, string> = {
  Escape: 'Esc',
  Space: 'Space',
  Enter: 'Enter',
  ArrowUp: '↑',
  ArrowDown: '↓',
  ArrowLeft: '←',
  ArrowRight: '→',
  Delete: 'Delete',
  Backspace: 'Backspace',
};
const keyName = (key: string) => KEY_NAMES[key] ?? key.toUpperCase();

/** How a combo is written for people: "Ctrl+Shift+Z" elsewhere, "⇧⌘Z" on a Mac (Apple's order and signs). */
export function formatCombo(combo: string, mac = IS_MAC): string {
  const { mod, shift, alt, key } = parseCombo(combo);
  if (mac) return `${alt ? '⌥' : ''}${shift ? '⇧' : ''}${mod ? '⌘' : ''}${keyName(key)}`;
  return [mod && 'Ctrl', alt && 'Alt', shift && 'Shift', keyName(key)].filter(Boolean).join('+');
}

/** A tooltip naming the keys: "Redo (Ctrl+Shift+Z or Ctrl+Y)", then the note if there is one. */
export function tooltipFor(
  action: { label: string; keys: readonly string[]; note?: string },
  mac = IS_MAC,
): string {
  const keys = action.keys.map((combo) => formatCombo(combo, mac)).join(' or ');
  return `${action.label}${keys ? ` (${keys})` : ''}${action.note ? `: ${action.note}` : ''}`;
}

/**
 * The `aria-keyshortcuts` value: ARIA's modifier names, then the key, alternatives space-separated
 * (https://www.w3.org/TR/wai-aria-1.2/#aria-keyshortcuts).
 */
export function ariaKeyShortcuts(keys: readonly string[], mac = IS_MAC): string {
  return keys
    .map((combo) => {
      const { mod, shift, alt, key } = parseCombo(combo);
      const named = key.length === 1 ? key.toUpperCase() : key;
      return [alt && 'Alt', shift && 'Shift', mod && (mac ? 'Meta' : 'Control'), named]
        .filter(Boolean)
        .join('+');
    })
    .join(' ');
}

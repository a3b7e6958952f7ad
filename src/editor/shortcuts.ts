/** The mask editor's keyboard shortcuts, in one table so tooltips and the key handler cannot disagree. */

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const MOD = isMac ? '⌘' : 'Ctrl+';

export const SHORTCUT_LABELS = {
  brush: 'B',
  eraser: 'E',
  smaller: '[',
  larger: ']',
  fillAll: 'Shift+F',
  clear: 'Shift+C',
  invert: 'Shift+I',
  undo: `${MOD}Z`,
  redo: `Shift+${MOD}Z`,
  fit: 'F',
  actualSize: '1',
} as const;

export const PAN_HINT = 'Pan: hold Space and drag, or drag with the middle button';

export type ShortcutAction = keyof typeof SHORTCUT_LABELS;

/** Which action a key press asks for, or null. */
export function shortcutFor(event: {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}): ShortcutAction | null {
  const key = event.key.toLowerCase();
  if (event.altKey) return null;
  if (event.ctrlKey || event.metaKey) {
    if (key === 'z') return event.shiftKey ? 'redo' : 'undo';
    if (key === 'y') return 'redo';
    return null;
  }
  if (event.shiftKey) {
    return ({ f: 'fillAll', c: 'clear', i: 'invert' } as const)[key as 'f' | 'c' | 'i'] ?? null;
  }
  const plain: Record<string, ShortcutAction> = {
    b: 'brush',
    e: 'eraser',
    '[': 'smaller',
    ']': 'larger',
    f: 'fit',
    '1': 'actualSize',
  };
  return plain[key] ?? null;
}

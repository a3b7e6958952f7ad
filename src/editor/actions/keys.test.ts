import { describe, expect, it } from 'vitest';
import { ariaKeyShortcuts, formatCombo, matchesCombo, tooltipFor } from './keys.ts';
import { press, type Modifiers } from './testing.ts';

describe('matchesCombo', () => {
  it.each<[string, string, Modifiers, boolean]>([
    ['B', 'b', {}, true],
    ['B', 'B', {}, true], // Caps Lock
    ['B', 'b', { shiftKey: true }, false],
    ['B', 'b', { ctrlKey: true }, false],
    ['B', 'b', { altKey: true }, false],
    ['Shift+F', 'F', { shiftKey: true }, true],
    ['Shift+F', 'f', {}, false],
    ['Mod+Z', 'z', { ctrlKey: true }, true],
    ['Mod+Z', 'z', { metaKey: true }, true],
    ['Mod+Z', 'z', {}, false],
    ['Mod+Z', 'Z', { ctrlKey: true, shiftKey: true }, false],
    ['Shift+Mod+Z', 'Z', { metaKey: true, shiftKey: true }, true],
    // A symbol's character already says whether Shift was held.
    ['?', '?', { shiftKey: true }, true],
    ['?', '?', {}, true],
    ['1', '1', { shiftKey: true }, true],
    ['[', '{', { shiftKey: true }, false],
    ['Space', ' ', {}, true],
    ['Escape', 'Escape', {}, true],
    ['Mod+Enter', 'Enter', { metaKey: true }, true],
    ['Mod+Enter', 'Enter', {}, false],
    ['+', '+', { shiftKey: true }, true],
  ])('%s against %s with %o is %s', (combo, key, modifiers, matches) => {
    expect(matchesCombo(combo, press(key, modifiers))).toBe(matches);
  });
});

describe('how combos are written', () => {
  it.each([
    ['B', 'B', 'B', 'B'],
    ['Shift+F', 'Shift+F', '⇧F', 'Shift+F'],
    ['Mod+Z', 'Ctrl+Z', '⌘Z', 'Control+Z'],
    ['Shift+Mod+Z', 'Ctrl+Shift+Z', '⇧⌘Z', 'Shift+Control+Z'],
    ['Escape', 'Esc', 'Esc', 'Escape'],
    ['Space', 'Space', 'Space', 'Space'],
    ['Mod+Enter', 'Ctrl+Enter', '⌘Enter', 'Control+Enter'],
    ['?', '?', '?', '?'],
    ['ArrowUp', '↑', '↑', 'ArrowUp'],
  ])('%s is %s, %s on a Mac, and %s to ARIA', (combo, elsewhere, mac, aria) => {
    expect([formatCombo(combo, false), formatCombo(combo, true), ariaKeyShortcuts([combo], false)]).toEqual([
      elsewhere,
      mac,
      aria,
    ]);
  });

  it('gives ARIA every combo, with Meta on a Mac', () => {
    expect(ariaKeyShortcuts(['Shift+Mod+Z', 'Mod+Y'], true)).toBe('Shift+Meta+Z Meta+Y');
  });

  it('names the keys and the note in a tooltip', () => {
    expect(tooltipFor({ label: 'Redo', keys: ['Shift+Mod+Z', 'Mod+Y'] }, false)).toBe(
      'Redo (Ctrl+Shift+Z or Ctrl+Y)',
    );
    expect(tooltipFor({ label: 'Pan', keys: ['Space'], note: 'hold and drag' }, false)).toBe(
      'Pan (Space): hold and drag',
    );
    expect(tooltipFor({ label: 'Nothing bound', keys: [] })).toBe('Nothing bound');
  });
});

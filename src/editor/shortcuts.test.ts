import { describe, expect, it } from 'vitest';
import { shortcutFor } from './shortcuts.ts';

const press = (
  key: string,
  mods: Partial<Record<'shiftKey' | 'ctrlKey' | 'metaKey' | 'altKey', boolean>> = {},
) => shortcutFor({ key, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, ...mods });

describe('shortcutFor', () => {
  it.each([
    ['b', {}, 'brush'],
    ['e', {}, 'eraser'],
    ['[', {}, 'smaller'],
    [']', {}, 'larger'],
    ['z', { ctrlKey: true }, 'undo'],
    ['z', { metaKey: true }, 'undo'],
    ['Z', { metaKey: true, shiftKey: true }, 'redo'],
    ['y', { ctrlKey: true }, 'redo'],
    ['F', { shiftKey: true }, 'fillAll'],
    ['C', { shiftKey: true }, 'clear'],
    ['I', { shiftKey: true }, 'invert'],
    ['f', {}, 'fit'],
    ['1', {}, 'actualSize'],
    ['x', {}, null],
    ['b', { altKey: true }, null],
    ['c', { ctrlKey: true }, null],
  ] as const)('%s with %o is %s', (key, mods, action) => {
    expect(press(key, mods)).toBe(action);
  });
});

import { describe, expect, it } from 'vitest';
import { boardKeyCommand, type KeyChord } from './boardKeyboard.ts';

const chord = (key: string, modifiers: Partial<Omit<KeyChord, 'key'>> = {}): KeyChord => ({
  key,
  altKey: false,
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  ...modifiers,
});

describe('boardKeyCommand', () => {
  it.each([
    {
      name: 'ArrowRight focuses the next',
      chord: chord('ArrowRight'),
      focused: 1,
      command: { kind: 'focus', index: 2 },
    },
    {
      name: 'ArrowLeft focuses the previous',
      chord: chord('ArrowLeft'),
      focused: 1,
      command: { kind: 'focus', index: 0 },
    },
    {
      name: 'ArrowLeft stays on the first',
      chord: chord('ArrowLeft'),
      focused: 0,
      command: { kind: 'focus', index: 0 },
    },
    {
      name: 'ArrowRight stays on the last',
      chord: chord('ArrowRight'),
      focused: 3,
      command: { kind: 'focus', index: 3 },
    },
    {
      name: 'Home focuses the first',
      chord: chord('Home'),
      focused: 2,
      command: { kind: 'focus', index: 0 },
    },
    { name: 'End focuses the last', chord: chord('End'), focused: 0, command: { kind: 'focus', index: 3 } },
    {
      name: 'Alt+ArrowRight moves right',
      chord: chord('ArrowRight', { altKey: true }),
      focused: 1,
      command: { kind: 'move', from: 1, to: 2 },
    },
    {
      name: 'Alt+ArrowLeft moves left',
      chord: chord('ArrowLeft', { altKey: true }),
      focused: 1,
      command: { kind: 'move', from: 1, to: 0 },
    },
    {
      name: 'Ctrl+Shift+ArrowRight moves right',
      chord: chord('ArrowRight', { ctrlKey: true, shiftKey: true }),
      focused: 0,
      command: { kind: 'move', from: 0, to: 1 },
    },
    {
      name: 'Cmd+Shift+ArrowLeft moves left',
      chord: chord('ArrowLeft', { metaKey: true, shiftKey: true }),
      focused: 3,
      command: { kind: 'move', from: 3, to: 2 },
    },
    {
      name: 'Shift+ArrowRight alone only focuses',
      chord: chord('ArrowRight', { shiftKey: true }),
      focused: 0,
      command: { kind: 'focus', index: 1 },
    },
    {
      name: 'Alt+ArrowLeft on the first is blocked',
      chord: chord('ArrowLeft', { altKey: true }),
      focused: 0,
      command: { kind: 'blocked' },
    },
    {
      name: 'Alt+ArrowRight on the last is blocked',
      chord: chord('ArrowRight', { altKey: true }),
      focused: 3,
      command: { kind: 'blocked' },
    },
    {
      name: 'Delete removes and focuses the next',
      chord: chord('Delete'),
      focused: 1,
      command: { kind: 'remove', index: 1, focusNext: 2 },
    },
    {
      name: 'Backspace on the last removes and focuses the previous',
      chord: chord('Backspace'),
      focused: 3,
      command: { kind: 'remove', index: 3, focusNext: 2 },
    },
    { name: 'an unrelated key is not the board’s', chord: chord('z'), focused: 0, command: null },
  ])('$name', ({ chord, focused, command }) => {
    expect(boardKeyCommand(chord, focused, 4)).toEqual(command);
  });

  it('removing the only image leaves nothing to focus', () => {
    expect(boardKeyCommand(chord('Delete'), 0, 1)).toEqual({ kind: 'remove', index: 0, focusNext: null });
  });

  it.each(['ArrowRight', 'Home', 'Delete'])('leaves %s alone on an empty board', (key) => {
    expect(boardKeyCommand(chord(key), 0, 0)).toBeNull();
  });
});

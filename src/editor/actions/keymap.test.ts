import { describe, expect, it, vi } from 'vitest';
import { always, type Action } from './action.ts';
import { createKeymap, performFieldAction, type KeyEvent } from './keymap.ts';
import { press, type Modifiers } from './testing.ts';

interface Counter {
  count: number;
  on: boolean;
}

function keyDown(key: string, modifiers: Modifiers = {}, target: unknown = null): KeyEvent {
  return { ...press(key, modifiers), target: target as EventTarget | null, preventDefault: vi.fn() };
}

const counting = (id: string, keys: string[], extra: Partial<Action<Counter>> = {}): Action<Counter> => ({
  id,
  label: id,
  keys,
  group: 'Test',
  enabled: always,
  perform: (context) => context.count++,
  ...extra,
});

function bound(...actions: Action<Counter>[]) {
  const keymap = createKeymap();
  const context: Counter = { count: 0, on: false };
  keymap.bind(actions, () => context);
  return { keymap, context };
}

describe('the keymap', () => {
  it('performs the action a key names and keeps the key from the page', () => {
    const { keymap, context } = bound(counting('b', ['B']));
    const event = keyDown('b');
    keymap.onKeyDown(event);
    expect(context.count).toBe(1);
    expect(event.preventDefault).toHaveBeenCalled();
    const other = keyDown('x');
    keymap.onKeyDown(other);
    expect(context.count).toBe(1);
    expect(other.preventDefault).not.toHaveBeenCalled();
  });

  it('leaves typing alone, except for actions that run while typing', () => {
    const { keymap, context } = bound(
      counting('b', ['B']),
      counting('escape', ['Escape'], { whileTyping: true }),
    );
    for (const tagName of ['TEXTAREA', 'SELECT']) keymap.onKeyDown(keyDown('b', {}, { tagName }));
    for (const type of ['text', 'search', 'number', 'checkbox'])
      keymap.onKeyDown(keyDown('b', {}, { tagName: 'INPUT', type }));
    keymap.onKeyDown(keyDown('b', {}, { tagName: 'DIV', isContentEditable: true }));
    expect(context.count).toBe(0);
    keymap.onKeyDown(keyDown('Escape', {}, { tagName: 'TEXTAREA' }));
    expect(context.count).toBe(1);
  });

  it('answers keys while a radio or a slider has the focus: nothing is typed there', () => {
    const { keymap, context } = bound(counting('b', ['B']));
    for (const type of ['radio', 'range']) keymap.onKeyDown(keyDown('b', {}, { tagName: 'INPUT', type }));
    expect(context.count).toBe(2);
  });

  it('leaves an action bound by its own field to that field', () => {
    const { keymap, context } = bound(counting('generate', ['Mod+Enter'], { field: 'the prompt' }));
    keymap.onKeyDown(keyDown('Enter', { ctrlKey: true }));
    expect(context.count).toBe(0);
  });

  it('does not perform a disabled action, yet still keeps its key from the page', () => {
    const { keymap, context } = bound(counting('undo', ['Mod+Z'], { enabled: () => false }));
    const event = keyDown('z', { ctrlKey: true });
    keymap.onKeyDown(event);
    expect(context.count).toBe(0);
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it("runs every bound table's action for a key, and leaves Escape its default", () => {
    const keymap = createKeymap();
    const first: Counter = { count: 0, on: false };
    const second: Counter = { count: 0, on: false };
    keymap.bind([counting('cancelStroke', ['Escape'])], () => first);
    const unbind = keymap.bind([counting('cancelRun', ['Escape'])], () => second);
    const event = keyDown('Escape');
    keymap.onKeyDown(event);
    expect([first.count, second.count]).toEqual([1, 1]);
    expect(event.preventDefault).not.toHaveBeenCalled();
    unbind();
    keymap.onKeyDown(keyDown('Escape'));
    expect([first.count, second.count]).toEqual([2, 1]);
  });

  it('releases a held key on key-up, or when the window loses focus', () => {
    const hold = counting('pan', ['Space'], {
      perform: (context) => (context.on = true),
      release: (context) => (context.on = false),
    });
    const { keymap, context } = bound(hold);
    keymap.onKeyDown(keyDown(' '));
    expect(context.on).toBe(true);
    keymap.onKeyUp({ key: ' ' });
    expect(context.on).toBe(false);
    keymap.onKeyDown(keyDown(' '));
    keymap.releaseAll();
    expect(context.on).toBe(false);
  });

  it('reads the context as it is at the key press', () => {
    const keymap = createKeymap();
    let context: Counter = { count: 0, on: false };
    keymap.bind([counting('b', ['B'])], () => context);
    const later: Counter = { count: 10, on: false };
    context = later;
    keymap.onKeyDown(keyDown('b'));
    expect(later.count).toBe(11);
  });
});

describe('a view that binds its own keys', () => {
  const nudge = counting('nudge', ['ArrowLeft', 'ArrowRight'], {
    field: 'the painting area',
    enabled: (context) => context.on,
    perform: (context, press) => (context.count += press?.key === 'ArrowLeft' ? -1 : 1),
  });

  it('performs its enabled action with the key pressed, and says so; the window leaves it alone', () => {
    const { keymap, context } = bound(nudge);
    keymap.onKeyDown(keyDown('ArrowLeft'));
    expect(context.count).toBe(0);
    expect(performFieldAction([nudge], 'the painting area', press('ArrowLeft'), context)).toBe(false);
    context.on = true;
    expect(performFieldAction([nudge], 'the painting area', press('ArrowLeft'), context)).toBe(true);
    expect(performFieldAction([nudge], 'the painting area', press('ArrowRight'), context)).toBe(true);
    expect(performFieldAction([nudge], 'the painting area', press('ArrowUp'), context)).toBe(false);
    expect(performFieldAction([nudge], 'the prompt', press('ArrowLeft'), context)).toBe(false);
    expect(context.count).toBe(0);
    performFieldAction([nudge], 'the painting area', press('ArrowLeft'), context);
    expect(context.count).toBe(-1);
  });

  it('hands the window keymap’s actions the key that named them', () => {
    const pressed: string[] = [];
    const { keymap } = bound(
      counting('arrow', ['ArrowUp'], { perform: (_context, key) => pressed.push(key!.key) }),
    );
    keymap.onKeyDown(keyDown('ArrowUp'));
    expect(pressed).toEqual(['ArrowUp']);
  });
});

import { describe, expect, it, vi } from 'vitest';
import { createStudioStore } from '../../state/store.ts';
import {
  BRUSH_STEP,
  MASK_ACTIONS,
  ZOOM_STEP,
  maskAction,
  type MaskActionContext,
  type MaskActionId,
} from './maskActions.tsx';
import { actionsFor, press, pressFor } from './testing.ts';

/** The one action a press names, or null (what the key handler performs). */
const actionFor = (key: string, modifiers = {}) => actionsFor(MASK_ACTIONS, press(key, modifiers))[0] ?? null;

function maskContext() {
  return {
    store: createStudioStore(),
    fit: vi.fn(),
    actualSize: vi.fn(),
    zoomBy: vi.fn(),
    cancelGesture: vi.fn(),
    holdPan: vi.fn(),
  } satisfies MaskActionContext;
}

describe('the mask action a key press names', () => {
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
    [' ', {}, 'pan'],
    ['Escape', {}, 'cancelStroke'],
    ['=', {}, 'zoomIn'],
    ['+', { shiftKey: true }, 'zoomIn'],
    ['-', {}, 'zoomOut'],
    ['x', {}, null],
    ['b', { altKey: true }, null],
    ['c', { ctrlKey: true }, null],
    ['=', { ctrlKey: true }, null],
  ] as const)('%s with %o is %s', (key, modifiers, action) => {
    expect(actionFor(key, modifiers)).toBe(action);
  });

  it.each(MASK_ACTIONS.flatMap((action) => action.keys.map((combo) => [combo, action.id])))(
    '%s names %s and nothing else',
    (combo, id) => {
      expect(actionsFor(MASK_ACTIONS, pressFor(combo))).toEqual([id]);
    },
  );
});

describe('the mask actions', () => {
  it('change the tool and the brush size, and say which tool is in hand', () => {
    const context = maskContext();
    const run = (id: MaskActionId) => maskAction(id).perform(context);
    const prefs = () => context.store.getState().editorPrefs;
    const active = (id: MaskActionId) => maskAction(id).active?.(context);

    run('eraser');
    expect([prefs().tool, active('eraser'), active('brush')]).toEqual(['eraser', true, false]);
    run('brush');
    expect(prefs().tool).toBe('brush');
    const size = prefs().brushSize;
    run('larger');
    expect(prefs().brushSize).toBe(Math.round(size * BRUSH_STEP));
    run('smaller');
    run('smaller');
    expect(prefs().brushSize).toBe(Math.round(Math.round(size * BRUSH_STEP) / BRUSH_STEP / BRUSH_STEP));
  });

  it('fill, invert and clear commit one operation each, which undo and redo walk through', () => {
    const context = maskContext();
    const action = maskAction;
    const history = () => context.store.getState().mask.history;

    expect([action('undo').enabled(context), action('redo').enabled(context)]).toEqual([false, false]);
    for (const id of ['fillAll', 'invert', 'clear'] as const) action(id).perform(context);
    expect(history().operations.map((operation) => operation.kind)).toEqual(['fill-all', 'invert', 'clear']);
    action('undo').perform(context);
    expect([action('undo').enabled(context), action('redo').enabled(context)]).toEqual([true, true]);
    action('redo').perform(context);
    expect(history().operations).toHaveLength(3);
    expect(action('redo').enabled(context)).toBe(false);
  });

  it('hand the view, the gesture and Space to the editor', () => {
    const context = maskContext();
    for (const id of ['fit', 'actualSize', 'zoomIn', 'zoomOut', 'cancelStroke', 'pan'] as const) {
      maskAction(id).perform(context);
    }
    maskAction('pan').release?.(context);
    expect(context.fit).toHaveBeenCalledOnce();
    expect(context.actualSize).toHaveBeenCalledOnce();
    expect(context.zoomBy.mock.calls).toEqual([[ZOOM_STEP], [1 / ZOOM_STEP]]);
    expect(context.cancelGesture).toHaveBeenCalledOnce();
    expect(context.holdPan.mock.calls).toEqual([[true], [false]]);
  });
});

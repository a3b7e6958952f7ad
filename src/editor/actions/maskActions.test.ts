import { describe, expect, it, vi } from 'vitest';
import { MIN_SELECTION_PX } from '../../state/mask.ts';
import { createStudioStore } from '../../state/store.ts';
import {
  BRUSH_STEP,
  FAR_NUDGE_STEP_PX,
  MASK_ACTIONS,
  NUDGE_STEP_PX,
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
    viewScale: () => 0.5,
    announce: vi.fn(),
  } satisfies MaskActionContext;
}

/** A context whose mask belongs to a 300 × 150 image, as when the editor shows one. */
function paintingContext() {
  const context = maskContext();
  context.store.getState().mask.follow({ id: 'target', name: 'target.png', width: 300, height: 150 });
  return context;
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
    ['r', {}, 'rectangle'],
    ['o', {}, 'ellipse'],
    ['l', {}, 'lasso'],
    ['ArrowLeft', {}, 'moveSelection'],
    ['ArrowDown', { shiftKey: true }, 'moveSelectionFar'],
    ['ArrowRight', { ctrlKey: true }, 'resizeSelection'],
    ['ArrowUp', { metaKey: true, shiftKey: true }, 'resizeSelectionFar'],
    ['Enter', {}, 'fillSelection'],
    ['Delete', {}, 'eraseSelection'],
    ['Backspace', {}, 'eraseSelection'],
    ['ArrowLeft', { altKey: true }, null],
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
    run('lasso');
    expect([prefs().tool, active('lasso'), active('eraser')]).toEqual(['lasso', true, false]);
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

describe('the keyboard path to a shape in the mask', () => {
  const selection = (context: MaskActionContext) => context.store.getState().mask.selection;
  const arrow = (key: string, modifiers = {}) => press(key, modifiers);

  it('takes up a shape tool with a selection mid-image, and says so', () => {
    const context = paintingContext();
    maskAction('rectangle').perform(context);
    expect(context.store.getState().editorPrefs.tool).toBe('rectangle');
    expect(selection(context)).toEqual({ shape: 'rectangle', left: 100, top: 50, width: 100, height: 50 });
    expect(context.announce).toHaveBeenLastCalledWith(
      'Rectangle selection, 100 × 50 pixels at 100, 50. Enter fills it into the mask.',
    );
    // Another shape keeps the box; a brush lets it go.
    maskAction('ellipse').perform(context);
    expect(selection(context)).toMatchObject({ shape: 'ellipse', left: 100, width: 100 });
    maskAction('brush').perform(context);
    expect(selection(context)).toBeNull();
  });

  it('moves and resizes by screen steps at the zoom shown, Shift further, and announces each', () => {
    const context = paintingContext();
    maskAction('rectangle').perform(context);
    // At 50% a screen step is two natural pixels.
    maskAction('moveSelection').perform(context, arrow('ArrowLeft'));
    expect(selection(context)).toMatchObject({ left: 100 - NUDGE_STEP_PX * 2, top: 50 });
    maskAction('moveSelectionFar').perform(context, arrow('ArrowDown', { shiftKey: true }));
    expect(selection(context)).toMatchObject({ top: 150 - 50 }); // stopped at the bottom edge
    maskAction('resizeSelection').perform(context, arrow('ArrowRight', { ctrlKey: true }));
    expect(selection(context)).toMatchObject({ width: 100 + NUDGE_STEP_PX * 2, height: 50 });
    maskAction('resizeSelectionFar').perform(context, arrow('ArrowUp', { ctrlKey: true, shiftKey: true }));
    // 128 natural pixels shorter is past the smallest a selection gets.
    expect(50 - FAR_NUDGE_STEP_PX * 2).toBeLessThan(MIN_SELECTION_PX);
    expect(selection(context)).toMatchObject({ height: MIN_SELECTION_PX });
    expect(context.announce).toHaveBeenLastCalledWith('Rectangle selection, 116 × 4 pixels at 84, 100');
  });

  it('fills the selection into the mask, or cuts it out, one history entry each', () => {
    const context = paintingContext();
    expect(maskAction('fillSelection').enabled(context)).toBe(false);
    expect(maskAction('rectangle').enabled(context)).toBe(true);
    maskAction('rectangle').perform(context);
    maskAction('fillSelection').perform(context);
    maskAction('eraseSelection').perform(context);
    expect(context.store.getState().mask.history.operations).toMatchObject([
      { kind: 'shape', shape: 'rectangle', mode: 'paint', left: 100, top: 50, width: 100, height: 50 },
      { kind: 'shape', mode: 'erase' },
    ]);
    expect(context.announce).toHaveBeenLastCalledWith('Selection erased from the mask.');
  });

  it('offers no shape tool before there is an image to paint on', () => {
    const context = maskContext();
    expect(maskAction('rectangle').enabled(context)).toBe(false);
    maskAction('rectangle').perform(context);
    expect(selection(context)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import {
  EMPTY_MASK_HISTORY,
  commitOperation,
  certainlyPainted,
  paintBounds,
  parseMaskOperations,
  redoOperation,
  scaleOperations,
  undoOperation,
  type MaskOperation,
  type MaskStroke,
} from './mask.ts';

const stroke = (id: string, mode: MaskStroke['mode'] = 'paint'): MaskStroke => ({
  kind: 'stroke',
  id,
  points: [10, 20, 30, 40],
  size: 8,
  mode,
});
const op = (kind: 'fill-all' | 'clear' | 'invert', id = kind): MaskOperation => ({ kind, id });

describe('mask history', () => {
  it('undoes and redoes one gesture at a time', () => {
    let history = commitOperation(EMPTY_MASK_HISTORY, stroke('a'));
    history = commitOperation(history, stroke('b'));
    history = undoOperation(history);
    expect(history.operations.map((o) => o.id)).toEqual(['a']);
    history = redoOperation(history);
    expect(history.operations.map((o) => o.id)).toEqual(['a', 'b']);
    expect(history.undone).toEqual([]);
  });

  it('forgets what was undone once something new is done', () => {
    let history = commitOperation(EMPTY_MASK_HISTORY, stroke('a'));
    history = undoOperation(history);
    history = commitOperation(history, stroke('c'));
    expect(redoOperation(history)).toBe(history);
    expect(history.operations.map((o) => o.id)).toEqual(['c']);
  });

  it('undo and redo with nothing to take do nothing', () => {
    expect(undoOperation(EMPTY_MASK_HISTORY)).toBe(EMPTY_MASK_HISTORY);
    expect(redoOperation(EMPTY_MASK_HISTORY)).toBe(EMPTY_MASK_HISTORY);
  });
});

const image = { width: 100, height: 100 };

describe('paintBounds', () => {
  it.each<[string, MaskOperation[], ReturnType<typeof paintBounds>]>([
    ['nothing', [], null],
    ['a paint stroke', [stroke('a')], { left: 6, top: 16, width: 28, height: 28 }],
    ['only erasing', [stroke('a', 'erase')], null],
    ['paint then clear', [stroke('a'), op('clear')], null],
    ['clear then paint', [op('clear'), stroke('a')], { left: 6, top: 16, width: 28, height: 28 }],
    ['fill all', [op('fill-all')], { left: 0, top: 0, width: 100, height: 100 }],
    ['invert of nothing (everything painted)', [op('invert')], { left: 0, top: 0, width: 100, height: 100 }],
    [
      'a stroke off the image',
      [{ kind: 'stroke', id: 'x', points: [-50, -50, -20, -30], size: 8, mode: 'paint' }],
      null,
    ],
  ])('%s → %o', (_name, operations, expected) => {
    expect(paintBounds(operations, image)).toEqual(expected);
  });
});

describe('certainlyPainted', () => {
  it.each<[string, MaskOperation[], boolean]>([
    ['nothing', [], false],
    ['a paint stroke last', [stroke('a', 'erase'), stroke('b')], true],
    ['fill all last', [op('fill-all')], true],
    ['an erase last (pixels decide)', [stroke('a'), stroke('b', 'erase')], false],
    ['an invert last (pixels decide)', [op('fill-all'), op('invert')], false],
    ['clear last', [stroke('a'), op('clear')], false],
  ])('%s → %s', (_name, operations, expected) => {
    expect(certainlyPainted(operations, image)).toBe(expected);
  });
});

describe('scaleOperations', () => {
  it('maps strokes onto an image of another size and leaves whole-mask operations alone', () => {
    const scaled = scaleOperations(
      [stroke('a'), op('invert')],
      { width: 100, height: 100 },
      { width: 200, height: 50 },
    );
    expect(scaled[0]).toMatchObject({ points: [20, 10, 60, 20], size: 8 });
    expect(scaled[1]).toEqual(op('invert'));
  });
});

describe('parseMaskOperations', () => {
  it('keeps well-formed operations and drops the rest', () => {
    const stroke = { kind: 'stroke', id: 's', points: [1, 2, 3, 4], size: 8, mode: 'paint' };
    const fill = { kind: 'invert', id: 'i' };
    expect(
      parseMaskOperations([stroke, fill, { kind: 'stroke', id: 'x' }, { kind: 'lasso', id: 'l' }, null]),
    ).toEqual([stroke, fill]);
  });
});

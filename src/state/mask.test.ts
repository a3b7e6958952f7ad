import { describe, expect, it } from 'vitest';
import {
  EMPTY_MASK_HISTORY,
  commitOperation,
  certainlyPainted,
  paintBounds,
  parseMaskOperations,
  defaultSelection,
  maskOperationsFor,
  maskQuestion,
  moveSelection,
  outlineArea,
  outlineContains,
  ownerOf,
  redoOperation,
  resizeSelection,
  selectionBetween,
  undoOperation,
  type MaskLasso,
  type MaskOperation,
  type MaskStroke,
} from './mask.ts';
import type { BoardImage } from './board.ts';

const stroke = (id: string, mode: MaskStroke['mode'] = 'paint'): MaskStroke => ({
  kind: 'stroke',
  id,
  points: [10, 20, 30, 40],
  size: 8,
  mode,
});
const lasso = (points: number[], mode: MaskLasso['mode'] = 'paint'): MaskLasso => ({
  kind: 'lasso',
  id: 'l',
  points,
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
    [
      'a filled shape',
      [{ kind: 'shape', id: 's', shape: 'ellipse', mode: 'paint', left: 10, top: 20, width: 30, height: 40 }],
      { left: 10, top: 20, width: 30, height: 40 },
    ],
    [
      'a shape cut out of nothing',
      [
        {
          kind: 'shape',
          id: 's',
          shape: 'rectangle',
          mode: 'erase',
          left: 10,
          top: 20,
          width: 30,
          height: 40,
        },
      ],
      null,
    ],
    ['invert of nothing (everything painted)', [op('invert')], { left: 0, top: 0, width: 100, height: 100 }],
    [
      'a stroke off the image',
      [{ kind: 'stroke', id: 'x', points: [-50, -50, -20, -30], size: 8, mode: 'paint' }],
      null,
    ],
    // An outline paints inside its corners only: no brush radius around them.
    ['a lasso', [lasso([20.5, 10, 60.2, 30, 30, 70])], { left: 20, top: 10, width: 41, height: 60 }],
    [
      'a lasso over the edge, clipped',
      [lasso([-20, 50, 80, -10, 140, 90])],
      { left: 0, top: 0, width: 100, height: 90 },
    ],
    ['a lasso cut out of nothing', [lasso([20, 10, 60, 30, 30, 70], 'erase')], null],
    ['a lasso off the image', [lasso([-40, -40, -10, -40, -10, -5])], null],
    // Grow and feather spread paint by their amount, after whatever came before them.
    [
      'a stroke grown by 5',
      [stroke('a'), { kind: 'grow', id: 'g', px: 5 }],
      { left: 1, top: 11, width: 38, height: 38 },
    ],
    [
      'a stroke shrunk by 5 (no smaller box promised)',
      [stroke('a'), { kind: 'grow', id: 'g', px: -5 }],
      { left: 6, top: 16, width: 28, height: 28 },
    ],
    [
      'a stroke feathered by 4, then another stroke',
      [stroke('a'), { kind: 'feather', id: 'f', px: 4 }, lasso([80, 80, 90, 80, 90, 90])],
      { left: 2, top: 12, width: 88, height: 78 },
    ],
    ['a grow of nothing', [{ kind: 'grow', id: 'g', px: 5 }], null],
    [
      'a grow at the edge, clipped',
      [op('fill-all'), { kind: 'grow', id: 'g', px: 5 }],
      { left: 0, top: 0, ...image },
    ],
    [
      'a saved mask put back over a stroke',
      [
        stroke('a'),
        { kind: 'replace', id: 'r', name: 'door', operations: [lasso([20, 10, 60, 30, 30, 70])] },
      ],
      { left: 20, top: 10, width: 40, height: 60 },
    ],
    [
      'a blank saved mask put back',
      [stroke('a'), { kind: 'replace', id: 'r', name: 'none', operations: [] }],
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
    ['a paint lasso last', [stroke('a', 'erase'), lasso([20, 10, 60, 30, 30, 70])], true],
    ['an erase lasso last (pixels decide)', [stroke('a'), lasso([20, 10, 60, 30, 30, 70], 'erase')], false],
    ['a lasso off the image', [lasso([-40, -40, -10, -40, -10, -5])], false],
    // Its bounds overlap the image, but the outline only passes by the corner.
    ['a lasso round the corner, not on it', [lasso([-30, 10, -5, -5, 10, -30, -10, -10])], false],
    ['a lasso round the whole image', [lasso([-10, -10, 200, -10, -10, 200])], true],
    ['a lasso with no area', [lasso([10, 10, 50, 50, 90, 90])], false],
    ['a grow of paint', [stroke('a'), { kind: 'grow', id: 'g', px: 3 }], true],
    ['a shrink (pixels decide)', [stroke('a'), { kind: 'grow', id: 'g', px: -3 }], false],
    ['a feather (pixels decide)', [stroke('a'), { kind: 'feather', id: 'f', px: 3 }], false],
    [
      'a saved paint stroke put back',
      [{ kind: 'replace', id: 'r', name: 'd', operations: [stroke('a')] }],
      true,
    ],
  ])('%s → %s', (_name, operations, expected) => {
    expect(certainlyPainted(operations, image)).toBe(expected);
  });
});

describe('parseMaskOperations', () => {
  it('keeps well-formed operations and drops the rest', () => {
    const stroke = { kind: 'stroke', id: 's', points: [1, 2, 3, 4], size: 8, mode: 'paint' };
    const fill = { kind: 'invert', id: 'i' };
    const shape = {
      kind: 'shape',
      id: 'r',
      shape: 'rectangle',
      mode: 'paint',
      left: 1,
      top: 2,
      width: 3,
      height: 4,
    };
    expect(
      parseMaskOperations([
        stroke,
        fill,
        shape,
        { ...shape, shape: 'star' },
        { kind: 'stroke', id: 'x' },
        { kind: 'lasso', id: 'l' },
        null,
      ]),
    ).toEqual([stroke, fill, shape]);
  });

  it('keeps a lasso of three corners or more, as x, y pairs', () => {
    const triangle = { kind: 'lasso', id: 'l', points: [1, 2, 30, 4, 5, 60], mode: 'erase' };
    expect(
      parseMaskOperations([
        triangle,
        { ...triangle, points: [1, 2, 30, 4] },
        { ...triangle, points: [1, 2, 30, 4, 5] },
        { ...triangle, points: [1, 2, 30, 4, 5, '60'] },
        { ...triangle, mode: 'xor' },
        { ...triangle, size: 8 },
      ]),
    ).toEqual([triangle, { ...triangle }]);
  });
});

describe('a lasso outline', () => {
  it('encloses the area the shoelace says, either way round', () => {
    expect(outlineArea([0, 0, 10, 0, 10, 10, 0, 10])).toBe(100);
    expect(outlineArea([0, 0, 0, 10, 10, 10, 10, 0])).toBe(100);
    expect(outlineArea([0, 0, 10, 0, 20, 0])).toBe(0);
  });

  it('contains a point by the nonzero rule, as the raster fills it', () => {
    const square = [0, 0, 10, 0, 10, 10, 0, 10];
    expect(outlineContains(square, { x: 5, y: 5 })).toBe(true);
    expect(outlineContains(square, { x: 15, y: 5 })).toBe(false);
    // A pentagram drawn in one go: its centre is wound twice, filled by nonzero (evenodd would leave it).
    const star = [50, 0, 79, 90, 2, 35, 98, 35, 21, 90];
    expect(outlineContains(star, { x: 50, y: 45 })).toBe(true);
    expect(outlineContains(star, { x: 5, y: 5 })).toBe(false);
  });
});

const boardImage = (id: string, width = 100, height = 100): BoardImage => ({
  id,
  name: `${id}.png`,
  blob: new Blob([id]),
  url: `blob:${id}`,
  width,
  height,
  notice: null,
  sourceImageId: null,
});

describe('whose mask it is', () => {
  const target = boardImage('target');
  const painted = { history: commitOperation(EMPTY_MASK_HISTORY, stroke('a')), owner: ownerOf(target) };
  const board = (images: BoardImage[], setAside: BoardImage | null = null) => ({ images, setAside });

  it('asks nothing while the mask is blank or its image is first', () => {
    const blank = { history: EMPTY_MASK_HISTORY, owner: ownerOf(target) };
    expect(maskQuestion(blank, board([boardImage('other'), target]))).toBeNull();
    expect(maskQuestion(painted, board([target, boardImage('other')]))).toBeNull();
    // Everything painted was erased again: nothing to lose.
    const erasedAway = { history: commitOperation(painted.history, op('clear')), owner: ownerOf(target) };
    expect(maskQuestion(erasedAway, board([boardImage('other'), target]))).toBeNull();
  });

  it.each<[string, BoardImage[], BoardImage | null, string, boolean]>([
    ['behind another of its size', [boardImage('same'), target], null, 'board', true],
    ['behind another of a different size', [boardImage('wide', 200, 100), target], null, 'board', false],
    ['set aside by the board', [boardImage('same')], target, 'set-aside', true],
    ['gone after a reload', [boardImage('tall', 100, 300)], null, 'gone', false],
  ])('asks when its image is %s', (_name, images, setAside, place, canCarryOver) => {
    expect(maskQuestion(painted, board(images, setAside))).toMatchObject({
      owner: { imageId: 'target' },
      ownerPlace: place,
      first: { id: images[0]!.id },
      canCarryOver,
    });
  });

  it('exports a painted mask only with its own image, and a blank one with any', () => {
    expect(maskOperationsFor(painted, target)).toEqual({ ok: true, operations: painted.history.operations });
    expect(maskOperationsFor(painted, boardImage('same'))).toEqual({
      ok: false,
      message: expect.stringMatching(/painted on 'target\.png', not on 'same\.png'/),
    });
    expect(maskOperationsFor({ history: EMPTY_MASK_HISTORY, owner: null }, target)).toEqual({
      ok: true,
      operations: [],
    });
  });
});

describe('a shape selection', () => {
  const image = { width: 300, height: 150 };

  it('appears centred, a third of the image each way', () => {
    expect(defaultSelection('rectangle', image)).toEqual({
      shape: 'rectangle',
      left: 100,
      top: 50,
      width: 100,
      height: 50,
    });
  });

  it('moves and resizes by whole pixels and stays inside the image', () => {
    const placed = defaultSelection('ellipse', image);
    expect(moveSelection(placed, 10.4, -5, image)).toMatchObject({ left: 110, top: 45 });
    expect(moveSelection(placed, 1000, 1000, image)).toMatchObject({ left: 200, top: 100 });
    expect(moveSelection(placed, -1000, -1000, image)).toMatchObject({ left: 0, top: 0 });
    expect(resizeSelection(placed, 30, 10, image)).toMatchObject({ left: 100, width: 130, height: 60 });
    expect(resizeSelection(placed, 1000, 1000, image)).toMatchObject({ width: 200, height: 100 });
    expect(resizeSelection(placed, -1000, -1000, image)).toMatchObject({ width: 4, height: 4 });
  });

  it('is drawn by a drag in either direction, clipped, and a click draws none', () => {
    expect(selectionBetween('rectangle', { x: 50, y: 60 }, { x: 10, y: -20 }, image)).toEqual({
      shape: 'rectangle',
      left: 10,
      top: 0,
      width: 40,
      height: 60,
    });
    expect(selectionBetween('rectangle', { x: 50, y: 60 }, { x: 51, y: 61 }, image)).toBeNull();
  });
});

describe("the selection tools' records read back", () => {
  it('a stroke without hardness (older studios) is kept, a hardness beyond 1 is not', () => {
    const old = { kind: 'stroke', id: 's', points: [1, 2], size: 8, mode: 'paint' };
    const soft = { ...old, id: 't', hardness: 0.25 };
    expect(parseMaskOperations([old, soft, { ...old, id: 'u', hardness: 2 }])).toEqual([old, soft]);
  });

  it('grow, feather and a saved mask put back are kept; an absurd amount is not', () => {
    const grow = { kind: 'grow', id: 'g', px: -12 };
    const feather = { kind: 'feather', id: 'f', px: 6 };
    const replace = { kind: 'replace', id: 'r', name: 'door', operations: [grow] };
    expect(parseMaskOperations([grow, feather, replace, { kind: 'grow', id: 'x', px: 10_000 }])).toEqual([
      grow,
      feather,
      replace,
    ]);
  });
});

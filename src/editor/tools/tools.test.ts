import type Konva from 'konva';
import { describe, expect, it } from 'vitest';
import type { MaskOperation, MaskSelection } from '../../state/mask.ts';
import type { View } from '../viewport.ts';
import { createBrushTool } from './brush/index.ts';
import { createEraserTool } from './eraser/index.ts';
import { createLassoTool } from './lasso/index.ts';
import { createPanTool } from './pan/index.ts';
import { createShapeTool } from './shape/index.ts';
import type { ToolContext, ToolPointer } from './types.ts';

/** A stage's loan to a tool, recording what the tool commits and where it moves the view. */
function stageContext(selection: MaskSelection | null = null, prefs: Partial<ToolContext> = {}) {
  const commits: MaskOperation[] = [];
  const views: View[] = [];
  const shown: (MaskSelection | null)[] = [];
  const selected: (MaskSelection | null)[] = [];
  const liveStroke = {
    setAttrs: () => undefined,
    stroke: () => '#ff4f8b',
    points: () => undefined,
    visible: () => undefined,
    getLayer: () => null,
  } as unknown as Konva.Line;
  // The lasso's outline as last shown: its points, and whether it is shown at all.
  const outline = { points: [] as number[], visible: false };
  const liveOutline = {
    points: (points: number[]) => (outline.points = [...points]),
    visible: (visible: boolean) => (outline.visible = visible),
    getLayer: () => null,
  } as unknown as Konva.Line;
  const context: ToolContext = {
    liveStroke,
    liveOutline,
    brushSizeNatural: 12,
    hardness: 1,
    selectionMode: 'add',
    view: { x: 0, y: 0, scale: 1 },
    setView: (view) => views.push(view),
    commit: (operation) => commits.push(operation),
    image: { width: 200, height: 100 },
    shape: 'rectangle',
    selection,
    showSelection: (next) => shown.push(next),
    select: (next) => selected.push(next),
    ...prefs,
  };
  return { context, commits, views, shown, selected, outline };
}

const at = (x: number, y: number): ToolPointer => ({ screen: { x, y }, natural: { x, y } });
const altAt = (x: number, y: number): ToolPointer => ({ ...at(x, y), alt: true });

describe('tool factories', () => {
  it.each([
    ['brush', createBrushTool, 'paint'],
    ['eraser', createEraserTool, 'erase'],
  ] as const)('two %s tools keep a gesture each', (_name, create, mode) => {
    const [first, second] = [create(), create()];
    const stage = stageContext();
    first.onPointerDown(stage.context, at(0, 0));
    first.onPointerMove(stage.context, at(40, 0));
    // The other editor's tool has no gesture: its moves and release leave nothing.
    second.onPointerMove(stage.context, at(80, 0));
    second.onPointerUp(stage.context, at(80, 0));
    expect(stage.commits).toEqual([]);
    first.onPointerUp(stage.context, at(40, 0));
    expect(stage.commits).toMatchObject([{ kind: 'stroke', mode, size: 12, points: [0, 0, 40, 0] }]);
  });

  it('a cancelled stroke leaves no record, and the other tool is untouched', () => {
    const [first, second] = [createBrushTool(), createBrushTool()];
    const stage = stageContext();
    first.onPointerDown(stage.context, at(0, 0));
    second.onPointerDown(stage.context, at(5, 5));
    first.onCancel(stage.context);
    first.onPointerUp(stage.context, at(10, 0));
    second.onPointerUp(stage.context, at(5, 5));
    expect(stage.commits).toMatchObject([{ kind: 'stroke', points: [5, 5] }]);
  });

  it('two pan tools keep a drag each', () => {
    const [first, second] = [createPanTool(), createPanTool()];
    const stage = stageContext();
    first.onPointerDown(stage.context, at(10, 10));
    second.onPointerMove(stage.context, at(50, 50));
    expect(stage.views).toEqual([]);
    first.onPointerMove(stage.context, at(15, 12));
    expect(stage.views).toEqual([{ x: 5, y: 2, scale: 1 }]);
    second.onPointerDown(stage.context, at(0, 0));
    first.onPointerUp(stage.context, at(15, 12));
    second.onPointerMove(stage.context, at(1, 1));
    expect(stage.views).toEqual([
      { x: 5, y: 2, scale: 1 },
      { x: 1, y: 1, scale: 1 },
    ]);
  });
});

describe('the shape tool', () => {
  const placed: MaskSelection = { shape: 'rectangle', left: 50, top: 20, width: 40, height: 30 };

  it('draws a selection while dragging and settles it once, on release; it paints nothing', () => {
    const stage = stageContext();
    const tool = createShapeTool();
    tool.onPointerDown(stage.context, at(10, 10));
    tool.onPointerMove(stage.context, at(30, 40));
    tool.onPointerMove(stage.context, at(60, 50));
    expect(stage.shown.at(-1)).toEqual({ shape: 'rectangle', left: 10, top: 10, width: 50, height: 40 });
    expect(stage.selected).toEqual([]);
    tool.onPointerUp(stage.context, at(60, 50));
    expect(stage.selected).toEqual([{ shape: 'rectangle', left: 10, top: 10, width: 50, height: 40 }]);
    expect(stage.commits).toEqual([]);
  });

  it('moves the selection when the drag starts inside it, and a click outside lets it go', () => {
    const stage = stageContext(placed);
    const tool = createShapeTool();
    tool.onPointerDown(stage.context, at(60, 30));
    tool.onPointerUp(stage.context, at(70, 25));
    expect(stage.selected).toEqual([{ ...placed, left: 60, top: 15 }]);
    tool.onPointerDown(stage.context, at(150, 80));
    tool.onPointerUp(stage.context, at(150, 80));
    expect(stage.selected.at(-1)).toBeNull();
  });

  it('a cancelled drag shows the selection there was, and settles nothing', () => {
    const stage = stageContext(placed);
    const tool = createShapeTool();
    tool.onPointerDown(stage.context, at(0, 0));
    tool.onPointerMove(stage.context, at(100, 90));
    tool.onCancel(stage.context);
    tool.onPointerUp(stage.context, at(100, 90));
    expect(stage.shown.at(-1)).toEqual(placed);
    expect(stage.selected).toEqual([]);
  });
});

describe('the lasso', () => {
  /** Presses at the first point, moves through the rest, and lets go at the last. */
  function drawFreehand(
    tool: ReturnType<typeof createLassoTool>,
    stage: ReturnType<typeof stageContext>,
    points: [number, number][],
  ) {
    const [first, ...rest] = points;
    tool.onPointerDown(stage.context, at(...first!));
    for (const point of rest) tool.onPointerMove(stage.context, at(...point));
    tool.onPointerUp(stage.context, at(...(points.at(-1) ?? first!)));
  }

  it('fills a freehand outline as one record on release, dropping points under two screen pixels apart', () => {
    const stage = stageContext();
    const tool = createLassoTool();
    tool.onPointerDown(stage.context, at(10, 10));
    tool.onPointerMove(stage.context, at(10.5, 10.5));
    tool.onPointerMove(stage.context, at(60, 10));
    tool.onPointerMove(stage.context, at(61, 10));
    tool.onPointerMove(stage.context, at(60, 50));
    expect(stage.outline).toEqual({ points: [10, 10, 60, 10, 60, 50], visible: true });
    expect(stage.commits).toEqual([]);
    tool.onPointerUp(stage.context, at(60, 50));
    expect(stage.commits).toEqual([
      { kind: 'lasso', id: expect.any(String), points: [10, 10, 60, 10, 60, 50], mode: 'paint' },
    ]);
    expect(stage.outline).toEqual({ points: [], visible: false });
  });

  it('measures the step on screen: zoomed out, the same hand movement is more natural pixels', () => {
    const stage = stageContext();
    stage.context.view = { x: 0, y: 0, scale: 0.25 };
    const tool = createLassoTool();
    // 6 natural pixels are 1.5 on screen: dropped; 40 are 10: kept.
    drawFreehand(tool, stage, [
      [0, 0],
      [6, 0],
      [40, 0],
      [40, 40],
    ]);
    expect(stage.commits).toMatchObject([{ points: [0, 0, 40, 0, 40, 40] }]);
  });

  it.each<[string, [number, number][]]>([
    ['a click', [[20, 20]]],
    [
      'a straight line',
      [
        [10, 10],
        [50, 10],
        [90, 10],
      ],
    ],
    [
      'a sliver a hair wide',
      [
        [10, 10],
        [90, 10],
        [90, 10.2],
      ],
    ],
    [
      'two points and back to the first',
      [
        [10, 10],
        [50, 50],
        [10, 10],
      ],
    ],
  ])('commits nothing for %s', (_name, points) => {
    const stage = stageContext();
    const tool = createLassoTool();
    drawFreehand(tool, stage, points);
    expect(stage.commits).toEqual([]);
    expect(stage.outline.visible).toBe(false);
  });

  it('a cancelled outline leaves no record, and the release after it none either', () => {
    const stage = stageContext();
    const tool = createLassoTool();
    tool.onPointerDown(stage.context, at(10, 10));
    tool.onPointerMove(stage.context, at(80, 10));
    tool.onPointerMove(stage.context, at(80, 80));
    tool.onCancel(stage.context);
    expect(stage.outline.visible).toBe(false);
    tool.onPointerUp(stage.context, at(80, 80));
    expect(stage.commits).toEqual([]);
  });

  it('with Alt, places a polygon a click at a time and closes it on a click at its first corner', () => {
    const stage = stageContext();
    const tool = createLassoTool();
    tool.onPointerDown(stage.context, altAt(10, 10));
    tool.onPointerUp(stage.context, altAt(10, 10));
    expect(tool.open()).toBe(true);
    // Between clicks the outline runs to the pointer; Alt need not stay held.
    tool.onPointerMove(stage.context, at(90, 10));
    expect(stage.outline.points).toEqual([10, 10, 90, 10]);
    for (const [x, y] of [
      [90, 10],
      [90, 80],
    ] as const) {
      tool.onPointerDown(stage.context, at(x, y));
      tool.onPointerUp(stage.context, at(x, y));
    }
    expect(stage.commits).toEqual([]);
    tool.onPointerDown(stage.context, at(14, 13));
    expect(tool.open()).toBe(false);
    expect(stage.commits).toMatchObject([{ kind: 'lasso', points: [10, 10, 90, 10, 90, 80], mode: 'paint' }]);
    // The release of the closing click begins nothing.
    tool.onPointerUp(stage.context, at(14, 13));
    expect(stage.commits).toHaveLength(1);
  });

  it('closes a polygon on a double click, or on Enter (onFinish)', () => {
    const stage = stageContext();
    const tool = createLassoTool({ variant: 'polygon' });
    const click = (x: number, y: number) => {
      tool.onPointerDown(stage.context, at(x, y));
      tool.onPointerUp(stage.context, at(x, y));
    };
    click(10, 10);
    click(90, 10);
    click(90, 80);
    click(91, 81);
    expect(stage.commits).toMatchObject([{ points: [10, 10, 90, 10, 90, 80] }]);
    click(100, 10);
    click(150, 10);
    click(150, 60);
    tool.onPointerMove(stage.context, at(120, 90));
    tool.onFinish(stage.context);
    // Where the pointer was is no corner: only the clicks are.
    expect(stage.commits).toMatchObject([{}, { points: [100, 10, 150, 10, 150, 60] }]);
    expect(tool.open()).toBe(false);
  });

  it('an open polygon cancelled leaves no record; one closed with too few corners leaves none either', () => {
    const stage = stageContext();
    const tool = createLassoTool();
    tool.onPointerDown(stage.context, altAt(10, 10));
    tool.onPointerUp(stage.context, altAt(10, 10));
    tool.onPointerDown(stage.context, at(90, 10));
    tool.onPointerUp(stage.context, at(90, 10));
    tool.onCancel(stage.context);
    expect([tool.open(), stage.outline.visible]).toEqual([false, false]);
    tool.onPointerDown(stage.context, altAt(10, 10));
    tool.onPointerDown(stage.context, at(90, 10));
    tool.onFinish(stage.context);
    expect(stage.commits).toEqual([]);
  });

  it('two lasso tools keep a gesture each, and an erasing one cuts out', () => {
    const [first, second] = [createLassoTool(), createLassoTool({ mode: 'erase' })];
    const stage = stageContext();
    first.onPointerDown(stage.context, at(0, 0));
    first.onPointerMove(stage.context, at(40, 0));
    second.onPointerMove(stage.context, at(80, 0));
    second.onPointerUp(stage.context, at(80, 0));
    expect(stage.commits).toEqual([]);
    first.onPointerMove(stage.context, at(40, 40));
    first.onPointerUp(stage.context, at(40, 40));
    drawFreehand(second, stage, [
      [0, 0],
      [30, 0],
      [0, 30],
    ]);
    expect(stage.commits).toMatchObject([
      { mode: 'paint', points: [0, 0, 40, 0, 40, 40] },
      { mode: 'erase', points: [0, 0, 30, 0, 0, 30] },
    ]);
  });

  describe('add and subtract', () => {
    const triangle = [at(10, 10), at(60, 10), at(30, 50)];
    const drawWith = (tool: ReturnType<typeof createLassoTool>, context: ToolContext, alt: boolean) => {
      const [first, ...rest] = triangle;
      tool.onPointerDown(context, first!);
      for (const point of rest) tool.onPointerMove(context, alt ? { ...point, alt: true } : point);
      tool.onPointerUp(context, alt ? { ...rest.at(-1)!, alt: true } : rest.at(-1)!);
    };

    it.each([
      ['add', false, 'paint'],
      ['add', true, 'erase'],
      ['subtract', false, 'erase'],
      ['subtract', true, 'paint'],
    ] as const)(
      'in %s mode, Alt held while drawing %s, a freehand lasso commits %s',
      (mode, alt, expected) => {
        const stage = stageContext(null, { selectionMode: mode });
        drawWith(createLassoTool(), stage.context, alt);
        expect(stage.commits).toMatchObject([{ kind: 'lasso', mode: expected }]);
      },
    );

    it('a polygon (Alt at its first click) follows the mode alone', () => {
      const stage = stageContext(null, { selectionMode: 'subtract' });
      const lasso = createLassoTool();
      lasso.onPointerDown(stage.context, altAt(10, 10));
      lasso.onPointerUp(stage.context, altAt(10, 10));
      for (const point of [at(60, 10), at(30, 50)]) {
        lasso.onPointerDown(stage.context, point);
        lasso.onPointerUp(stage.context, point);
      }
      lasso.onFinish(stage.context);
      expect(stage.commits).toMatchObject([{ kind: 'lasso', mode: 'erase' }]);
    });

    it('a soft brush writes its hardness; a hard one writes none, as old records read', () => {
      const soft = stageContext(null, { hardness: 0.4 });
      const brush = createBrushTool();
      brush.onPointerDown(soft.context, at(0, 0));
      brush.onPointerUp(soft.context, at(0, 0));
      expect(soft.commits).toMatchObject([{ kind: 'stroke', hardness: 0.4 }]);
      const hard = stageContext();
      brush.onPointerDown(hard.context, at(0, 0));
      brush.onPointerUp(hard.context, at(0, 0));
      expect(hard.commits[0]).not.toHaveProperty('hardness');
    });
  });
});

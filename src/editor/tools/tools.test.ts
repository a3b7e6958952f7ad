import type Konva from 'konva';
import { describe, expect, it } from 'vitest';
import type { MaskOperation, MaskSelection } from '../../state/mask.ts';
import type { View } from '../viewport.ts';
import { createBrushTool } from './brush/index.ts';
import { createEraserTool } from './eraser/index.ts';
import { createPanTool } from './pan/index.ts';
import { createShapeTool } from './shape/index.ts';
import type { ToolContext, ToolPointer } from './types.ts';

/** A stage's loan to a tool, recording what the tool commits and where it moves the view. */
function stageContext(selection: MaskSelection | null = null) {
  const commits: MaskOperation[] = [];
  const views: View[] = [];
  const shown: (MaskSelection | null)[] = [];
  const selected: (MaskSelection | null)[] = [];
  const liveStroke = {
    setAttrs: () => undefined,
    points: () => undefined,
    visible: () => undefined,
    getLayer: () => null,
  } as unknown as Konva.Line;
  const context: ToolContext = {
    liveStroke,
    brushSizeNatural: 12,
    view: { x: 0, y: 0, scale: 1 },
    setView: (view) => views.push(view),
    commit: (operation) => commits.push(operation),
    image: { width: 200, height: 100 },
    shape: 'rectangle',
    selection,
    showSelection: (next) => shown.push(next),
    select: (next) => selected.push(next),
  };
  return { context, commits, views, shown, selected };
}

const at = (x: number, y: number): ToolPointer => ({ screen: { x, y }, natural: { x, y } });

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

import type Konva from 'konva';
import { describe, expect, it } from 'vitest';
import type { MaskOperation } from '../../state/mask.ts';
import type { View } from '../viewport.ts';
import { createBrushTool } from './brush/index.ts';
import { createEraserTool } from './eraser/index.ts';
import { createPanTool } from './pan/index.ts';
import type { ToolContext, ToolPointer } from './types.ts';

/** A stage's loan to a tool, recording what the tool commits and where it moves the view. */
function stageContext() {
  const commits: MaskOperation[] = [];
  const views: View[] = [];
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
  };
  return { context, commits, views };
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

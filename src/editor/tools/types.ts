import type Konva from 'konva';
import type { SelectionMode } from '../../state/editorPrefsSlice.ts';
import type { MaskOperation, MaskSelection, ShapeKind } from '../../state/mask.ts';
import type { Point, Size, View } from '../viewport.ts';

export interface ToolPointer {
  /** Stage (CSS) pixels. */
  screen: Point;
  /** The first image's natural pixels. */
  natural: Point;
  /**
   * Alt was held (the lasso places a polygon's corners by clicks when a gesture starts so, and a freehand
   * outline drawn with it held takes from the mask).
   */
  alt?: boolean;
}

/** What the stage lends a tool for one gesture. */
export interface ToolContext {
  /** The Konva line that shows the stroke being drawn; a view, updated in place off React's render path. */
  liveStroke: Konva.Line;
  /** The Konva line that shows the lasso's outline being drawn, closed; a view like `liveStroke`. */
  liveOutline: Konva.Line;
  /** Brush diameter in natural pixels at the current zoom. */
  brushSizeNatural: number;
  /** Brush hardness, 0 to 1 (1 a hard edge). */
  hardness: number;
  /** Whether a lasso adds to the painted area or takes from it (Alt while drawing one turns it round). */
  selectionMode: SelectionMode;
  view: View;
  setView: (view: View) => void;
  commit: (operation: MaskOperation) => void;
  /** The natural size of the image being painted. */
  image: Size;
  /** The shape the shape tool in hand draws. */
  shape: ShapeKind;
  /** The shape selected for filling, as the store has it. */
  selection: MaskSelection | null;
  /** Shows a selection being dragged, through its Konva view, off React's render path. */
  showSelection: (selection: MaskSelection | null) => void;
  /** Settles the selection in the store, once, at the end of a gesture. */
  select: (selection: MaskSelection | null) => void;
}

/**
 * A tool (design.md §4): the stage forwards pointer events to the active tool, nothing else. Each editor
 * makes its own from the tool's factory, so a gesture's state belongs to one editor.
 */
export interface MaskTool {
  id: string;
  /** CSS cursor over the stage while the tool is active. */
  cursor: string;
  onPointerDown: (context: ToolContext, pointer: ToolPointer) => void;
  onPointerMove: (context: ToolContext, pointer: ToolPointer) => void;
  onPointerUp: (context: ToolContext, pointer: ToolPointer) => void;
  /** Abandons the gesture in progress; it leaves no history entry. */
  onCancel: (context: ToolContext) => void;
  /**
   * True while the gesture goes on between presses (a polygon placed a corner per click): the stage keeps
   * forwarding moves to the tool, and Escape (onCancel) or Enter (onFinish) ends it.
   */
  open?: () => boolean;
  /** Ends the open gesture as it stands, committing what it makes (Enter closes a polygon). */
  onFinish?: (context: ToolContext) => void;
}

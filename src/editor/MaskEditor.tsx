/**
 * The mask painting stage: the first image fitted to the view, the painted area as a tinted overlay, a
 * brush cursor. Pointer events go to the active tool; the stroke being drawn lives in a Konva Line updated
 * through a ref and reaches the store once, on release (design.md §4).
 */
import Konva from 'konva';
import {
  useCallback,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type PointerEvent,
} from 'react';
import { Circle, Ellipse, Group, Image as KonvaImage, Layer, Line, Rect, Shape, Stage } from 'react-konva';
import { useStore } from 'zustand';
import type { SizeRule } from '../contract/index.ts';
import { extensionOf } from '../state/framingSlice.ts';
import { paintBounds, type MaskOperation, type MaskSelection, type PixelBox } from '../state/mask.ts';
import type { ExtendedCanvas } from '../state/outpaint.ts';
import type { StudioStore } from '../state/store.ts';
import { performFieldAction, useBoundActions, type Keymap } from './actions/keymap.ts';
import {
  MASK_ACTIONS,
  PAINTING_AREA,
  type MaskActionContext,
  type MaskMenuPart,
} from './actions/maskActions.tsx';
import { ExtendHandles, showCanvasExtension } from './ExtendHandles.tsx';
import { canvasBoxOf, canvasEdgeAt, createExtendGesture, edgeCursor } from './extendGesture.ts';
import { traceOutline, type Outline } from './maskOutline.ts';
import { maskRasterFor, type MaskRaster } from './maskRaster.ts';
import { MaskToolbar, ZoomControls } from './MaskToolbar.tsx';
import { RegionFrame, showRegionFrame } from './RegionFrame.tsx';
import { createFrameGesture, frameCursor, framePartAt } from './regionFrameGesture.ts';
import { createBrushTool } from './tools/brush/index.ts';
import { createEraserTool } from './tools/eraser/index.ts';
import { createLassoTool } from './tools/lasso/index.ts';
import { createPanTool } from './tools/pan/index.ts';
import { createShapeTool } from './tools/shape/index.ts';
import type { MaskTool, ToolContext, ToolPointer } from './tools/types.ts';
import { useDecodedImage, useElementSize } from './useElementSize.ts';
import {
  centredView,
  fitView,
  pinchView,
  screenToNatural,
  wheelZoomFactor,
  zoomAround,
  type Point,
  type Size,
  type TouchPair,
  type View,
} from './viewport.ts';

/**
 * The overlay colour, made a tint by the opacity of the overlay's whole canvas (CSS, not Konva's
 * `opacity`): Konva applies a layer's opacity to each shape's globalAlpha, which would make the raster's
 * destination-out remove only half the tint and leave the unpainted area tinted too. One opacity over the
 * finished layer also keeps overlapping strokes from darkening.
 */
export const MASK_TINT = '#ff4f8b';
const MASK_OPACITY = '0.5';
/** Under the marching ants the tint only hints at the area, so the image inside reads as it is. */
const OUTLINE_TINT_OPACITY = '0.15';
/** The ants' dash and pace, in screen pixels and screen pixels a second. */
const ANT_DASH = 5;
const ANT_SPEED = 18;

/** The raster's painted area, traced from a small copy of it (an outline needs no finer grid). */
function outlineOf(raster: MaskRaster): Outline {
  const { width, height } = raster.size;
  const step = Math.max(1, Math.max(width, height) / 640);
  const [columns, rows] = [Math.ceil(width / step), Math.ceil(height / step)];
  const small = document.createElement('canvas');
  small.width = columns;
  small.height = rows;
  const context = small.getContext('2d', { willReadFrequently: true });
  if (!context) return [];
  context.drawImage(raster.canvas, 0, 0, columns, rows);
  const { data } = context.getImageData(0, 0, columns, rows);
  const painted = (x: number, y: number) => {
    const column = Math.min(columns - 1, Math.floor(x / step));
    const row = Math.min(rows - 1, Math.floor(y / step));
    return data[(row * columns + column) * 4 + 3]! < 128;
  };
  return traceOutline(painted, raster.size);
}

/**
 * The painted area's outline as marching ants: black and white dashes that crawl, the same at any zoom,
 * drawn from the traced outline (not per frame) with only the dash offset animated.
 */
function MarchingAnts({ outlineRef, scale }: { outlineRef: { current: Outline }; scale: number }) {
  const shapeRef = useRef<Konva.Shape>(null);
  useEffect(() => {
    const shape = shapeRef.current;
    const layer = shape?.getLayer();
    if (!shape || !layer) return;
    const animation = new Konva.Animation((frame) => {
      shape.setAttr('antOffset', ((frame?.time ?? 0) / 1000) * ANT_SPEED);
    }, layer);
    animation.start();
    return () => {
      animation.stop();
    };
  }, []);
  return (
    <Shape
      ref={shapeRef}
      listening={false}
      perfectDrawEnabled={false}
      sceneFunc={(context, shape) => {
        const native = context._context;
        const offset = (shape.getAttr('antOffset') as number | undefined) ?? 0;
        const outline = outlineRef.current;
        if (outline.length === 0) return;
        native.save();
        native.lineWidth = 1.5 / scale;
        native.lineJoin = 'round';
        native.beginPath();
        for (const line of outline) {
          native.moveTo(line[0]!, line[1]!);
          for (let index = 2; index < line.length; index += 2) native.lineTo(line[index]!, line[index + 1]!);
        }
        native.setLineDash([]);
        native.strokeStyle = 'black';
        native.stroke();
        native.setLineDash([ANT_DASH / scale, ANT_DASH / scale]);
        native.lineDashOffset = -offset / scale;
        native.strokeStyle = 'white';
        native.stroke();
        native.restore();
      }}
    />
  );
}

const NO_OPERATIONS: readonly MaskOperation[] = [];
/** What stays bound while the model takes no mask: looking at the image, not painting on it. */
const VIEW_ACTIONS = MASK_ACTIONS.filter((action) => action.group === 'View' || action.id === 'pan');
/** One array for every render, so a re-render (a zoom mid-polygon) does not wipe the outline's points. */
const NO_POINTS: number[] = [];

/** The view that fits `box` (in the image's natural pixels, which may start left of or above the image). */
function fitBox(box: PixelBox, stage: Size): View {
  const view = fitView(box, stage);
  return { ...view, x: view.x - box.left * view.scale, y: view.y - box.top * view.scale };
}

/** A dashed white outline with a dark halo, legible on any image, its dashes the same at any zoom. */
const selectionOutline = (scale: number) => ({
  stroke: 'white',
  strokeWidth: 1.5,
  strokeScaleEnabled: false,
  dash: [6 / scale, 4 / scale],
  fill: 'rgba(255, 255, 255, 0.08)',
  shadowColor: 'black',
  shadowBlur: 2,
  shadowOpacity: 0.9,
});

export interface MaskImage {
  /** The board image's id: the mask shows only on the image it was painted on. */
  id: string;
  url: string;
  name: string;
  width: number;
  height: number;
}

/**
 * `store` is the studio's: the mask document and the editor's preferences are read and changed there.
 * `keymap` is the page's key handler; the editor binds its actions to it while it is shown.
 */
export function MaskEditor({
  image,
  store,
  keymap,
  regionFrame = null,
  sizeRule,
  maskUnavailable = null,
}: {
  image: MaskImage;
  store: StudioStore;
  keymap: Keymap;
  /**
   * The crop a region edit sends, in natural pixels, framed on the image with the mask's bounds it must
   * hold; null for a whole-image edit. The designer moves and resizes it here (regionFrameGesture.ts).
   */
  regionFrame?: { box: PixelBox; maskBounds: PixelBox } | null;
  /** The size rule of the model the edit goes to: a resized frame and a dragged-out canvas keep to it. */
  sizeRule: SizeRule;
  /**
   * Why the model the edit goes to takes no mask, or null. The tools and the canvas's edges are then
   * disabled with this said over the canvas; a mask painted before is kept, shown faintly, and not sent.
   */
  maskUnavailable?: string | null;
}) {
  const containerRef = useRef<HTMLDivElement>(null);
  const stageSize = useElementSize(containerRef);
  const decoded = useDecodedImage(image.url);
  const natural = useMemo(() => ({ width: image.width, height: image.height }), [image.width, image.height]);
  // A mask painted on another image is not shown on this one: the studio asks what becomes of it.
  const owned = useStore(store, (state) => state.mask.owner?.imageId === image.id);
  const allOperations = useStore(store, (state) => state.mask.history.operations);
  const operations = owned ? allOperations : NO_OPERATIONS;
  const selection = useStore(store, (state) => (owned ? state.mask.selection : null));
  const toolId = useStore(store, (state) => state.editorPrefs.tool);
  const brushSize = useStore(store, (state) => state.editorPrefs.brushSize);
  const maskDisplay = useStore(store, (state) => state.editorPrefs.maskDisplay);
  const extension = useStore(store, (state) => extensionOf(state.framing, image.id));
  // Fitting shows the whole canvas an extension would make, so its new area can be seen and dragged further.
  const fitted = useMemo(() => canvasBoxOf(natural, extension), [natural, extension]);
  const [menuPart, setMenuPart] = useState<{ part: MaskMenuPart } | null>(null);
  // Traced from the raster when the mask changes; the ants read it each frame (a view, not React state).
  const outlineRef = useRef<Outline>([]);
  // This editor's own tools: a gesture in progress belongs to it alone.
  const [tools] = useState(() => {
    const shape = createShapeTool();
    return {
      brush: createBrushTool(),
      eraser: createEraserTool(),
      rectangle: shape,
      ellipse: shape,
      lasso: createLassoTool(),
      pan: createPanTool(),
    };
  });
  const strokeInHand = toolId === 'brush' || toolId === 'eraser';

  // Null until the designer zooms or pans: until then the image is fitted to whatever size the stage has.
  const [chosenView, setChosenView] = useState<View | null>(null);
  const view = chosenView ?? (stageSize ? fitBox(fitted, stageSize) : null);
  // Tools read the view between renders (several pointer events can arrive within one frame).
  const viewRef = useRef<View | null>(null);
  useLayoutEffect(() => {
    viewRef.current = view;
  });
  const setView = useCallback((next: View) => {
    viewRef.current = next;
    setChosenView(next);
  }, []);
  const [spaceHeld, setSpaceHeld] = useState(false);
  const [panning, setPanning] = useState(false);
  // What a press would take under the pointer when it is the frame or an edge's tab, not the tool in hand.
  const [framingCursor, setFramingCursor] = useState<string | null>(null);
  const regionFrameRef = useRef<Konva.Group>(null);
  const extensionRef = useRef<Konva.Group>(null);

  const liveStrokeRef = useRef<Konva.Line>(null);
  const liveOutlineRef = useRef<Konva.Line>(null);
  const maskLayerRef = useRef<Konva.Layer>(null);
  const cursorRef = useRef<Konva.Circle>(null);
  const selectionRectRef = useRef<Konva.Rect>(null);
  const selectionEllipseRef = useRef<Konva.Ellipse>(null);
  const announcerRef = useRef<HTMLParagraphElement>(null);
  const announcerId = useId();
  const gestureRef = useRef<{ tool: MaskTool; pointerId: number } | null>(null);
  // A gesture that goes on between presses (a lasso polygon placed a corner per click), whichever is pressed.
  const openToolRef = useRef<MaskTool | null>(null);
  // Fingers on the stage (stage pixels by pointer id): a second one turns the touch into a pinch.
  const touchesRef = useRef(new Map<number, Point>());
  const pinchRef = useRef<{ ids: readonly [number, number]; view: View; from: TouchPair } | null>(null);

  const raster = useMemo(() => maskRasterFor(natural), [natural]);
  useEffect(() => {
    if (raster.sync(operations)) maskLayerRef.current?.batchDraw();
    // Traced once per change of the mask, and only while the ants are what shows it.
    outlineRef.current = maskDisplay === 'outline' ? outlineOf(raster) : [];
  }, [raster, operations, maskDisplay]);
  useEffect(() => {
    const overlay = maskLayerRef.current?.getNativeCanvasElement();
    if (overlay) {
      overlay.style.opacity =
        maskDisplay === 'outline' || maskUnavailable ? OUTLINE_TINT_OPACITY : MASK_OPACITY;
    }
  });

  const fit = useCallback(
    () => stageSize && setView(fitBox(fitted, stageSize)),
    [stageSize, fitted, setView],
  );
  const actualSize = useCallback(
    () => stageSize && setView(centredView(natural, stageSize, 1)),
    [stageSize, natural, setView],
  );
  const zoomBy = useCallback(
    (factor: number) => {
      const current = viewRef.current;
      if (!current || !stageSize) return;
      setView(
        zoomAround(current, { x: stageSize.width / 2, y: stageSize.height / 2 }, current.scale * factor),
      );
    },
    [stageSize, setView],
  );

  /** Draws the selection's outline (both shapes' views, one shown), off React's render path. */
  const showSelection = useCallback((shown: MaskSelection | null) => {
    const rect = selectionRectRef.current;
    const ellipse = selectionEllipseRef.current;
    if (!rect || !ellipse) return;
    rect.visible(shown?.shape === 'rectangle');
    ellipse.visible(shown?.shape === 'ellipse');
    if (shown) {
      rect.setAttrs({ x: shown.left, y: shown.top, width: shown.width, height: shown.height });
      ellipse.setAttrs({
        x: shown.left + shown.width / 2,
        y: shown.top + shown.height / 2,
        radiusX: shown.width / 2,
        radiusY: shown.height / 2,
      });
    }
    rect.getLayer()?.batchDraw();
  }, []);
  useLayoutEffect(() => showSelection(selection), [showSelection, selection, stageSize]);

  const toolContext = useCallback((): ToolContext | null => {
    const currentView = viewRef.current;
    const liveStroke = liveStrokeRef.current;
    const liveOutline = liveOutlineRef.current;
    if (!currentView || !liveStroke || !liveOutline) return null;
    return {
      liveStroke,
      liveOutline,
      view: currentView,
      brushSizeNatural: store.getState().editorPrefs.brushSize / currentView.scale,
      hardness: store.getState().editorPrefs.hardness / 100,
      selectionMode: store.getState().editorPrefs.selectionMode,
      setView,
      commit: (operation) => {
        // Drawn into the overlay before the store hears of it, so the stroke never blinks out on release.
        const next = [...store.getState().mask.history.operations, operation];
        raster.sync(next);
        store.getState().mask.commit(operation);
      },
      image: natural,
      shape: store.getState().editorPrefs.tool === 'ellipse' ? 'ellipse' : 'rectangle',
      selection: store.getState().mask.selection,
      showSelection,
      select: (next) => store.getState().mask.select(next),
    };
  }, [store, raster, setView, natural, showSelection]);

  const cancelGesture = useCallback(() => {
    const gesture = gestureRef.current;
    const open = openToolRef.current;
    const context = toolContext();
    if ((!gesture && !open) || !context) return;
    gesture?.tool.onCancel(context);
    if (open && open !== gesture?.tool) open.onCancel(context);
    gestureRef.current = null;
    openToolRef.current = null;
    setPanning(false);
  }, [toolContext]);

  /** Enter: ends the open gesture as it stands (closes a lasso polygon); false when there is none. */
  const finishGesture = useCallback((): boolean => {
    const open = openToolRef.current;
    const context = toolContext();
    if (!open?.onFinish || !context) return false;
    open.onFinish(context);
    openToolRef.current = open.open?.() ? open : null;
    return true;
  }, [toolContext]);

  // Another tool taken up drops the open gesture of the one put down.
  useEffect(() => {
    if (openToolRef.current && openToolRef.current !== tools[toolId]) cancelGesture();
  }, [toolId, tools, cancelGesture]);

  const actionContext: MaskActionContext = {
    store,
    fit,
    actualSize,
    zoomBy,
    cancelGesture,
    holdPan: setSpaceHeld,
    viewScale: () => viewRef.current?.scale ?? 1,
    // Set directly: the message must be read even when it repeats, and re-rendering for it is wasted.
    announce: (message) => {
      if (announcerRef.current) announcerRef.current.textContent = message;
    },
    openMaskMenu: (part) => setMenuPart({ part }),
  };
  useBoundActions(keymap, maskUnavailable ? VIEW_ACTIONS : MASK_ACTIONS, actionContext);
  const noteId = useId();

  // Wheel zoom needs preventDefault, which React's passive wheel listener cannot do.
  useEffect(() => {
    const element = containerRef.current;
    if (!element) return;
    const onWheel = (event: WheelEvent) => {
      const current = viewRef.current;
      if (!current) return;
      event.preventDefault();
      const box = element.getBoundingClientRect();
      const anchor = { x: event.clientX - box.left, y: event.clientY - box.top };
      setView(zoomAround(current, anchor, current.scale * wheelZoomFactor(event.deltaY, event.ctrlKey)));
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, [setView]);

  const pointerOf = (event: { clientX: number; clientY: number; altKey?: boolean }): ToolPointer | null => {
    const current = viewRef.current;
    const element = containerRef.current;
    if (!current || !element) return null;
    const box = element.getBoundingClientRect();
    const screen = { x: event.clientX - box.left, y: event.clientY - box.top };
    return { screen, natural: screenToNatural(screen, current), alt: event.altKey === true };
  };

  const moveCursor = (pointer: ToolPointer | null) => {
    const cursor = cursorRef.current;
    if (!cursor) return;
    cursor.visible(pointer !== null);
    if (pointer) cursor.position(pointer.screen);
    cursor.getLayer()?.batchDraw();
  };

  const touchPair = (ids: readonly [number, number]): TouchPair => [
    touchesRef.current.get(ids[0])!,
    touchesRef.current.get(ids[1])!,
  ];

  /** Two fingers down: the stroke the first one began is abandoned (no history entry) for a pinch. */
  const startPinch = () => {
    const view = viewRef.current;
    if (!view) return;
    cancelGesture();
    const [first, second] = [...touchesRef.current.keys()];
    const ids = [first!, second!] as const;
    pinchRef.current = { ids, view, from: touchPair(ids) };
  };

  const endTouch = (pointerId: number) => {
    touchesRef.current.delete(pointerId);
    if (pinchRef.current?.ids.includes(pointerId)) pinchRef.current = null;
  };

  /**
   * The gesture a press at `pointer` starts on the framing rather than with the tool: an edge's tab drags
   * the canvas out, the region frame's handles resize it and its outline or tab moves it; null elsewhere.
   */
  const framingGestureAt = (pointer: ToolPointer): MaskTool | null => {
    const current = viewRef.current;
    if (!current || maskUnavailable) return null;
    const edge = canvasEdgeAt(fitted, current, pointer.screen);
    if (edge) {
      const show = (next: ExtendedCanvas | null) => {
        if (extensionRef.current) showCanvasExtension(extensionRef.current, natural, next, current.scale);
      };
      return createExtendGesture({
        image: natural,
        from: extension,
        edge,
        rule: sizeRule,
        show,
        settle: (next) => {
          show(next);
          store.getState().framing.setExtension(image.id, next, null);
        },
      });
    }
    const part = regionFrame && framePartAt(regionFrame.box, current, pointer.screen);
    if (!regionFrame || !part) return null;
    return createFrameGesture({
      frame: regionFrame.box,
      part,
      maskBounds: regionFrame.maskBounds,
      image: natural,
      rule: sizeRule,
      show: (box) => {
        if (regionFrameRef.current) showRegionFrame(regionFrameRef.current, box, current.scale);
      },
      place: (box) => store.getState().framing.placeFrame(image.id, box),
    });
  };

  /** The cursor for what a press here would take of the framing, or null for the tool's. */
  const framingCursorAt = (pointer: ToolPointer | null): string | null => {
    const current = viewRef.current;
    if (!pointer || !current || maskUnavailable) return null;
    const edge = canvasEdgeAt(fitted, current, pointer.screen);
    if (edge) return edgeCursor(edge);
    const part = regionFrame && framePartAt(regionFrame.box, current, pointer.screen);
    return part ? frameCursor(part) : null;
  };

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (event.pointerType === 'touch') {
      const pointer = pointerOf(event);
      if (!pointer) return;
      touchesRef.current.set(event.pointerId, pointer.screen);
      if (touchesRef.current.size === 2) {
        event.currentTarget.setPointerCapture(event.pointerId);
        startPinch();
        return;
      }
      // A third finger, or the one left after a pinch, neither paints nor pinches.
      if (touchesRef.current.size > 2 || pinchRef.current) return;
    }
    if (gestureRef.current || (event.button !== 0 && event.button !== 1)) return;
    const context = toolContext();
    const pointer = pointerOf(event);
    if (!context || !pointer) return;
    event.preventDefault();
    const tool =
      spaceHeld || event.button === 1 || maskUnavailable
        ? tools.pan
        : (openToolRef.current ?? framingGestureAt(pointer) ?? tools[toolId]);
    event.currentTarget.setPointerCapture(event.pointerId);
    gestureRef.current = { tool, pointerId: event.pointerId };
    if (tool === tools.pan) setPanning(true);
    tool.onPointerDown(context, pointer);
  };

  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const pointer = pointerOf(event);
    moveCursor(pointer);
    if (pointer && touchesRef.current.has(event.pointerId)) {
      touchesRef.current.set(event.pointerId, pointer.screen);
      const pinch = pinchRef.current;
      if (pinch?.ids.includes(event.pointerId)) {
        setView(pinchView(pinch.view, pinch.from, touchPair(pinch.ids)));
        return;
      }
    }
    const gesture = gestureRef.current;
    const context = toolContext();
    if (!context) return;
    if (!gesture) {
      // Between the clicks of a polygon the pointer shows where the next corner would go.
      if (pointer && openToolRef.current) openToolRef.current.onPointerMove(context, pointer);
      else setFramingCursor(spaceHeld ? null : framingCursorAt(pointer));
      return;
    }
    if (gesture.pointerId !== event.pointerId) return;
    // Coalesced events keep a fast stroke as smooth as the pointer hardware reported it.
    const samples = event.nativeEvent.getCoalescedEvents?.() ?? [];
    for (const sample of samples.length > 0 ? samples : [event.nativeEvent]) {
      const point = pointerOf(sample);
      if (point) gesture.tool.onPointerMove(context, point);
    }
  };

  const onPointerUp = (event: PointerEvent<HTMLDivElement>) => {
    endTouch(event.pointerId);
    const gesture = gestureRef.current;
    if (!gesture || gesture.pointerId !== event.pointerId) return;
    const context = toolContext();
    const pointer = pointerOf(event);
    if (context && pointer) gesture.tool.onPointerUp(context, pointer);
    if (gesture.tool !== tools.pan) {
      openToolRef.current = gesture.tool.open?.() ? gesture.tool : null;
      // The press kept the focus where it was (preventDefault); Enter must reach the open polygon here.
      if (openToolRef.current) containerRef.current?.focus({ preventScroll: true });
    }
    gestureRef.current = null;
    setPanning(false);
  };

  const painting = !maskUnavailable && !spaceHeld && !panning && strokeInHand && !framingCursor;
  const idleCursor = maskUnavailable ? 'grab' : (framingCursor ?? tools[toolId].cursor);
  const cursor = panning ? 'grabbing' : spaceHeld ? 'grab' : idleCursor;
  // Where the image and the frame lie on the stage, for tests to aim at (the board's canvas does the same).
  const screenRect = (box: PixelBox) =>
    view
      ? [
          box.left * view.scale + view.x,
          box.top * view.scale + view.y,
          box.width * view.scale,
          box.height * view.scale,
        ]
          .map((value) => value.toFixed(2))
          .join(',')
      : undefined;

  return (
    // A grid: the mask tools and the zoom controls have cells of their own beside the stage (MaskToolbar.tsx).
    <div className="grid size-full grid-cols-[minmax(0,1fr)_auto] grid-rows-[auto_minmax(0,1fr)] select-none">
      <MaskToolbar
        context={actionContext}
        menu={menuPart}
        onMenuClosed={() => setMenuPart(null)}
        unavailable={maskUnavailable}
        noteId={noteId}
      />
      <div className="contents">
        <div
          ref={containerRef}
          role="application"
          aria-label={`Mask painting on ${image.name}, ${image.width} × ${image.height}`}
          aria-describedby={maskUnavailable ? `${announcerId} ${noteId}` : announcerId}
          // Focusable, so the keyboard can place, nudge and fill a selection here (maskActions.tsx).
          tabIndex={0}
          onKeyDown={(event) => {
            // Enter closes a lasso polygon being placed before it fills a selection (there is none then).
            if (event.key === 'Enter' && finishGesture()) event.preventDefault();
            else if (performFieldAction(MASK_ACTIONS, PAINTING_AREA, event, actionContext)) {
              event.preventDefault();
            }
          }}
          data-zoom={view ? view.scale.toFixed(4) : undefined}
          data-image-box={screenRect({ left: 0, top: 0, ...natural })}
          data-region-frame={regionFrame ? screenRect(regionFrame.box) : undefined}
          className="relative col-start-1 row-start-2 touch-none overflow-hidden focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none focus-visible:ring-inset @min-[780px]/mask:col-span-2"
          style={{ cursor }}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={(event) => {
            endTouch(event.pointerId);
            cancelGesture();
          }}
          onPointerLeave={() => {
            moveCursor(null);
            setFramingCursor(null);
          }}
          onContextMenu={(event) => event.preventDefault()}
        >
          {stageSize && view && (
            <Stage width={stageSize.width} height={stageSize.height}>
              <Layer listening={false}>
                <Group x={view.x} y={view.y} scaleX={view.scale} scaleY={view.scale}>
                  {decoded && <KonvaImage image={decoded} width={natural.width} height={natural.height} />}
                </Group>
              </Layer>
              <Layer ref={maskLayerRef} listening={false}>
                <Group x={view.x} y={view.y} scaleX={view.scale} scaleY={view.scale}>
                  {/* The tint shows where the raster is transparent, i.e. painted. */}
                  <Rect width={natural.width} height={natural.height} fill={MASK_TINT} />
                  <KonvaImage
                    image={raster.canvas}
                    width={natural.width}
                    height={natural.height}
                    globalCompositeOperation="destination-out"
                  />
                  <Line
                    ref={liveStrokeRef}
                    points={[]}
                    stroke={MASK_TINT}
                    lineCap="round"
                    lineJoin="round"
                    visible={false}
                    perfectDrawEnabled={false}
                  />
                </Group>
              </Layer>
              <Layer listening={false}>
                {/* Over the tint rather than in its layer, so the outline keeps its full contrast. */}
                <Group x={view.x} y={view.y} scaleX={view.scale} scaleY={view.scale}>
                  {maskDisplay === 'outline' && <MarchingAnts outlineRef={outlineRef} scale={view.scale} />}
                  {regionFrame && (
                    <RegionFrame box={regionFrame.box} scale={view.scale} groupRef={regionFrameRef} />
                  )}
                  {!maskUnavailable && (
                    <ExtendHandles
                      image={natural}
                      extension={extension}
                      scale={view.scale}
                      groupRef={extensionRef}
                    />
                  )}
                  <Rect ref={selectionRectRef} visible={false} {...selectionOutline(view.scale)} />
                  <Ellipse
                    ref={selectionEllipseRef}
                    radiusX={0}
                    radiusY={0}
                    visible={false}
                    {...selectionOutline(view.scale)}
                  />
                  <Line
                    ref={liveOutlineRef}
                    points={NO_POINTS}
                    closed
                    lineJoin="round"
                    visible={false}
                    perfectDrawEnabled={false}
                    {...selectionOutline(view.scale)}
                  />
                </Group>
                <Circle
                  ref={cursorRef}
                  radius={brushSize / 2}
                  stroke="white"
                  strokeWidth={1.5}
                  shadowColor="black"
                  shadowBlur={2}
                  shadowOpacity={0.9}
                  visible={false}
                  opacity={painting ? 1 : 0}
                />
              </Layer>
            </Stage>
          )}
          {maskUnavailable && (
            <p
              id={noteId}
              className="pointer-events-none absolute top-2 left-1/2 w-max max-w-[min(36rem,calc(100%-1.5rem))] -translate-x-1/2 rounded-lg border border-line bg-panel/95 px-3 py-1.5 text-center text-[12px] leading-snug text-fg shadow-lg shadow-black/30"
            >
              {maskUnavailable}
              {paintBounds(operations, natural) && (
                <span className="text-fg-muted"> The mask painted here is kept, not sent.</span>
              )}
            </p>
          )}
        </div>
        {view && <ZoomControls zoom={view.scale} context={actionContext} />}
        <p ref={announcerRef} id={announcerId} aria-live="polite" className="sr-only" />
      </div>
    </div>
  );
}

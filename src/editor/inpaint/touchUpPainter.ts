/**
 * The touch-up view's canvas, kept out of React: a copy of the composite at the canvas's size, with the
 * committed strokes painted over it by the same maths the worker applies at full size (touchUp.ts). While a
 * stroke is drawn only its newest segment's box is worked out and put on the canvas, so painting stays
 * smooth however large the source; the stroke is handed back as a record on pointer-up.
 */
import type { PixelBox } from '../../state/mask.ts';
import type { Size } from '../viewport.ts';
import {
  applyTouchUp,
  blendThroughCoverage,
  clearCoverage,
  coverSegment,
  unionBox,
  type CoverageBuffer,
  type PixelArea,
  type TouchUpMode,
  type TouchUpStroke,
} from './touchUp.ts';

/** What the view paints with: the composite, the source and the model's output, and where the output goes. */
export interface TouchUpImages {
  composite: Blob;
  source: Blob;
  raw: Blob;
  natural: Size;
  /** The part of the source the model's output covers, in natural pixels. */
  box: PixelBox;
}

export interface Brush {
  mode: TouchUpMode;
  /** The diameter in the source's natural pixels. */
  size: number;
  hardness: number;
}

/** The images at the canvas's size, as decoded pixels: what every stroke is worked out from. */
export interface ViewPixels {
  size: Size;
  /** Canvas pixels per natural pixel. */
  scale: number;
  composite: Uint8ClampedArray;
  source: Uint8ClampedArray;
  model: PixelArea | null;
}

function pixelsAt(bitmap: ImageBitmap, size: Size, to: PixelBox = { left: 0, top: 0, ...size }) {
  const canvas = new OffscreenCanvas(to.width, to.height);
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  context.imageSmoothingQuality = 'high';
  context.drawImage(bitmap, 0, 0, to.width, to.height);
  return context.getImageData(0, 0, to.width, to.height).data;
}

/** Decodes the images scaled to `size` (the canvas's pixels, the source's shape). */
export async function viewPixels(images: TouchUpImages, size: Size): Promise<ViewPixels> {
  const scale = size.width / images.natural.width;
  const fitted = { resizeWidth: size.width, resizeHeight: size.height, resizeQuality: 'high' as const };
  const [composite, source, raw] = await Promise.all([
    createImageBitmap(images.composite, fitted),
    createImageBitmap(images.source, fitted),
    createImageBitmap(images.raw),
  ]);
  const { box } = images;
  const left = Math.round(box.left * scale);
  const top = Math.round(box.top * scale);
  const area = {
    left,
    top,
    width: Math.max(1, Math.min(size.width, Math.round((box.left + box.width) * scale)) - left),
    height: Math.max(1, Math.min(size.height, Math.round((box.top + box.height) * scale)) - top),
  };
  const pixels: ViewPixels = {
    size,
    scale,
    composite: pixelsAt(composite, size),
    source: pixelsAt(source, size),
    model: { rgba: pixelsAt(raw, area, area), area },
  };
  for (const bitmap of [composite, source, raw]) bitmap.close();
  return pixels;
}

export class TouchUpPainter {
  private readonly context: CanvasRenderingContext2D;
  /** The composite with the committed strokes over it. */
  private readonly committed: ImageData;
  /** What the canvas shows: `committed` with the stroke being drawn. */
  private readonly shown: ImageData;
  private readonly coverage: CoverageBuffer;
  private committedStrokes: readonly TouchUpStroke[] = [];
  private live: { brush: Brush; points: number[]; reached: PixelBox | null } | null = null;

  /** Until the first showStrokes the canvas keeps what it showed (a view made again keeps the old one up). */
  private shownOnce = false;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly pixels: ViewPixels,
  ) {
    const { width, height } = pixels.size;
    this.context = canvas.getContext('2d')!;
    this.committed = new ImageData(width, height);
    this.shown = new ImageData(width, height);
    this.coverage = { coverage: new Uint8Array(width * height), width, height };
  }

  /** Shows the composite with `strokes` (undo, redo, a fresh start); the strokes just drawn are not replayed. */
  showStrokes(strokes: readonly TouchUpStroke[]): void {
    const same =
      strokes.length === this.committedStrokes.length &&
      strokes.every((stroke, index) => stroke === this.committedStrokes[index]);
    if (same && this.shownOnce) return;
    this.shownOnce = true;
    // Sized only now, in the same task as it is drawn: resizing clears a canvas.
    this.canvas.width = this.pixels.size.width;
    this.canvas.height = this.pixels.size.height;
    this.cancel();
    const { composite, source, model, size, scale } = this.pixels;
    this.committed.data.set(composite);
    applyTouchUp({ size, result: this.committed.data, source, model, strokes, scale });
    this.committedStrokes = strokes;
    this.shown.data.set(this.committed.data);
    this.context.putImageData(this.shown, 0, 0);
  }

  /** Starts a stroke at a point in natural pixels. */
  begin(x: number, y: number, brush: Brush): void {
    if (!this.shownOnce) return;
    this.cancel();
    this.live = { brush, points: [x, y], reached: null };
    this.paintSegment(x, y, x, y);
  }

  extend(x: number, y: number): void {
    const live = this.live;
    if (!live) return;
    const { points } = live;
    const lastX = points[points.length - 2]!;
    const lastY = points[points.length - 1]!;
    // A point that moved less than a canvas pixel adds nothing to see, only work.
    if (Math.hypot(x - lastX, y - lastY) * this.pixels.scale < 0.75) return;
    points.push(x, y);
    this.paintSegment(lastX, lastY, x, y);
  }

  /** Ends the stroke: its record, now part of what is shown, or null when none was begun. */
  end(): TouchUpStroke | null {
    const live = this.live;
    if (!live) return null;
    this.live = null;
    if (live.reached) {
      this.committed.data.set(this.shown.data);
      clearCoverage(this.coverage, live.reached);
    }
    const stroke: TouchUpStroke = { id: crypto.randomUUID(), points: live.points, ...live.brush };
    this.committedStrokes = [...this.committedStrokes, stroke];
    return stroke;
  }

  /** Drops the stroke being drawn (Escape, a lost pointer): what is shown goes back to the committed strokes. */
  cancel(): void {
    const live = this.live;
    if (!live) return;
    this.live = null;
    if (!live.reached) return;
    clearCoverage(this.coverage, live.reached);
    this.put(this.committed, live.reached);
    this.shown.data.set(this.committed.data);
  }

  private paintSegment(ax: number, ay: number, bx: number, by: number): void {
    const live = this.live!;
    const { scale, source, model } = this.pixels;
    const { brush } = live;
    const reached = coverSegment(
      this.coverage,
      ax * scale,
      ay * scale,
      bx * scale,
      by * scale,
      (brush.size * scale) / 2,
      brush.hardness,
    );
    if (!reached) return;
    live.reached = unionBox(live.reached, reached);
    blendThroughCoverage(
      this.shown.data,
      this.committed.data,
      brush.mode,
      source,
      model,
      this.coverage,
      reached,
    );
    this.put(this.shown, reached);
  }

  private put(image: ImageData, rect: PixelBox): void {
    this.context.putImageData(image, 0, 0, rect.left, rect.top, rect.width, rect.height);
  }
}

/**
 * The mask as pixels, at the first image's natural size and already in the API's polarity: painted
 * pixels transparent (alpha 0), the rest opaque white. One raster serves both the on-screen overlay and
 * the exported PNG, and it is kept in step with the operations incrementally, so exporting after a
 * painting session costs an encode, not a replay of every stroke.
 */
import type { MaskAdjust, MaskOperation, MaskStroke } from '../state/mask.ts';
import { adjustPaint } from './maskAdjust.ts';
import type { Size } from './viewport.ts';

const OPAQUE = '#fff';

/** Either kind of 2D context: the page's raster, and the inpainting worker's OffscreenCanvas. */
export type Context2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/**
 * Draws one operation onto a raster already in the API's polarity. `context` may carry a transform (the
 * inpainting worker replays a mask scaled and cropped to what is sent); the operation stays in natural pixels.
 */
export function drawMaskOperation(context: Context2D, operation: MaskOperation, size: Size): void {
  if (operation.kind === 'replace') {
    drawMaskOperation(context, { kind: 'clear', id: operation.id }, size);
    for (const part of operation.operations) drawMaskOperation(context, part, size);
    return;
  }
  if (operation.kind === 'grow' || operation.kind === 'feather') {
    adjustRaster(context, operation);
    return;
  }
  if (operation.kind === 'stroke' && (operation.hardness ?? 1) < 1) {
    drawSoftStroke(context, operation, size);
    return;
  }
  context.save();
  context.fillStyle = OPAQUE;
  context.strokeStyle = OPAQUE;
  switch (operation.kind) {
    case 'fill-all':
      context.clearRect(0, 0, size.width, size.height);
      break;
    case 'clear':
      context.fillRect(0, 0, size.width, size.height);
      break;
    case 'invert':
      // xor with an opaque fill turns alpha a into 1 - a: painted and unpainted swap.
      context.globalCompositeOperation = 'xor';
      context.fillRect(0, 0, size.width, size.height);
      break;
    case 'shape': {
      context.globalCompositeOperation = operation.mode === 'paint' ? 'destination-out' : 'source-over';
      const { left, top, width, height } = operation;
      context.beginPath();
      if (operation.shape === 'rectangle') context.rect(left, top, width, height);
      else context.ellipse(left + width / 2, top + height / 2, width / 2, height / 2, 0, 0, Math.PI * 2);
      context.fill();
      break;
    }
    case 'lasso': {
      const { points } = operation;
      if (points.length < 6) break;
      context.globalCompositeOperation = operation.mode === 'paint' ? 'destination-out' : 'source-over';
      context.beginPath();
      context.moveTo(points[0]!, points[1]!);
      for (let index = 2; index < points.length; index += 2)
        context.lineTo(points[index]!, points[index + 1]!);
      context.closePath();
      context.fill('nonzero');
      break;
    }
    case 'stroke': {
      // Painting removes opacity; erasing puts it back.
      context.globalCompositeOperation = operation.mode === 'paint' ? 'destination-out' : 'source-over';
      const { points } = operation;
      if (points.length === 2) {
        // A click without a drag still leaves a dab, as in every paint program.
        context.beginPath();
        context.arc(points[0]!, points[1]!, operation.size / 2, 0, Math.PI * 2);
        context.fill();
        break;
      }
      context.lineWidth = operation.size;
      context.lineCap = 'round';
      context.lineJoin = 'round';
      context.beginPath();
      context.moveTo(points[0]!, points[1]!);
      for (let index = 2; index < points.length; index += 2)
        context.lineTo(points[index]!, points[index + 1]!);
      context.stroke();
      break;
    }
  }
  context.restore();
}

/** Natural pixels to the context's pixels (the worker scales; neither rotates nor skews). */
function scaleOf(context: Context2D): { x: number; y: number; scale: number } {
  const transform = context.getTransform();
  return { x: transform.a, y: transform.d, scale: Math.hypot(transform.a, transform.b) || 1 };
}

/**
 * Grow, shrink or feather what is painted, pixel by pixel over the whole canvas, which is the image (or, in
 * the worker, the part of it that is sent: paint just outside that part is not seen, so near its edge a grow
 * may reach a little less far than on the whole image). The amount is in natural pixels, so it is scaled by
 * the context's transform; the pixels are read and written in the canvas's own.
 */
function adjustRaster(context: Context2D, operation: MaskAdjust): void {
  const { width, height } = context.canvas;
  if (width === 0 || height === 0 || operation.px === 0) return;
  const pixels = context.getImageData(0, 0, width, height);
  const px = operation.px * scaleOf(context).scale;
  adjustPaint(pixels.data, width, height, operation.kind === 'grow' ? { grow: px } : { feather: px });
  context.putImageData(pixels, 0, 0);
}

/**
 * A stroke with a soft edge: its blurred shadow alone is composited, the line itself drawn far outside the
 * canvas. Shadows ignore the transform (https://html.spec.whatwg.org/multipage/canvas.html#shadows), so
 * their blur and offset are scaled by it here, and the edge is the same at any size the mask is drawn at.
 */
function drawSoftStroke(context: Context2D, operation: MaskStroke, size: Size): void {
  const hardness = Math.min(1, Math.max(0, operation.hardness ?? 1));
  const radius = operation.size / 2;
  // The fade's width; the line's edge lies at its middle, and the blur spreads it over the whole fade.
  const fade = radius * (1 - hardness);
  const { x: scaleX, y: scaleY, scale } = scaleOf(context);
  const away = (size.width + size.height + operation.size) * 2;
  context.save();
  context.globalCompositeOperation = operation.mode === 'paint' ? 'destination-out' : 'source-over';
  context.fillStyle = OPAQUE;
  context.strokeStyle = OPAQUE;
  context.shadowColor = OPAQUE;
  context.shadowBlur = fade * 0.8 * scale;
  context.shadowOffsetX = -away * scaleX;
  context.shadowOffsetY = -away * scaleY;
  const { points } = operation;
  context.beginPath();
  if (points.length === 2) {
    context.arc(points[0]! + away, points[1]! + away, Math.max(0.5, radius - fade / 2), 0, Math.PI * 2);
    context.fill();
  } else {
    context.lineWidth = Math.max(1, operation.size - fade);
    context.lineCap = 'round';
    context.lineJoin = 'round';
    context.moveTo(points[0]! + away, points[1]! + away);
    for (let index = 2; index < points.length; index += 2)
      context.lineTo(points[index]! + away, points[index + 1]! + away);
    context.stroke();
  }
  context.restore();
}

export class MaskRaster {
  readonly canvas: HTMLCanvasElement;
  readonly context: CanvasRenderingContext2D;
  private drawn: readonly MaskOperation[] = [];

  constructor(readonly size: Size) {
    this.canvas = document.createElement('canvas');
    this.canvas.width = size.width;
    this.canvas.height = size.height;
    this.context = this.canvas.getContext('2d')!;
    this.context.fillStyle = OPAQUE;
    this.context.fillRect(0, 0, size.width, size.height);
  }

  /** Brings the pixels up to `operations`; draws only the newest when one was appended. False if unchanged. */
  sync(operations: readonly MaskOperation[]): boolean {
    const before = this.drawn;
    const samePrefix = before.every((operation, index) => operations[index] === operation);
    if (samePrefix && operations.length === before.length) return false;
    if (samePrefix && operations.length === before.length + 1) {
      drawMaskOperation(this.context, operations.at(-1)!, this.size);
    } else {
      this.context.save();
      this.context.fillStyle = OPAQUE;
      this.context.fillRect(0, 0, this.size.width, this.size.height);
      this.context.restore();
      for (const operation of operations) drawMaskOperation(this.context, operation, this.size);
    }
    this.drawn = operations;
    return true;
  }
}

let shared: MaskRaster | null = null;

/** The raster of the mask being edited: the editor draws into it, the export reads it. */
export function maskRasterFor(size: Size): MaskRaster {
  if (!shared || shared.size.width !== size.width || shared.size.height !== size.height) {
    shared = new MaskRaster(size);
  }
  return shared;
}

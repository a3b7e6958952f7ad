/**
 * Dragging a studio result out of where it is shown (the canvas, the edit result, the strip) onto the
 * reference board. The full-size image's object URL travels as `text/uri-list`, which the board's drop
 * handling fetches back as bytes (studio/intake.ts); a strip card shows a thumbnail, so the URL is set
 * here rather than left to the browser, which would carry the <img>'s own (small) source.
 */
import type { DragEvent } from 'react';

/** Marks a drag as one of the studio's own results, so a drop zone can offer itself only for those. */
export const RESULT_DRAG_TYPE = 'application/x-atelier-result';

export function startResultDrag(event: DragEvent, fullSizeUrl: string): void {
  event.dataTransfer.effectAllowed = 'copy';
  event.dataTransfer.setData('text/uri-list', fullSizeUrl);
  event.dataTransfer.setData('text/plain', fullSizeUrl);
  event.dataTransfer.setData(RESULT_DRAG_TYPE, fullSizeUrl);
}

export function isResultDrag(event: DragEvent): boolean {
  return event.dataTransfer.types.includes(RESULT_DRAG_TYPE);
}

/**
 * Dragging a studio result out of where it is shown (the canvas, the edit result, the strip) onto the
 * reference board. The stored image's id travels in the studio's own drag type, so the board takes the
 * stored record with its lineage (studio/intake.ts); the full-size image's object URL travels as
 * `text/uri-list`, fetched back as bytes when the record is gone. A strip card shows a thumbnail, so the
 * URL is set here rather than left to the browser, which would carry the <img>'s own (small) source.
 */
import type { DragEvent } from 'react';
import { RESULT_DRAG_TYPE } from '../../state/resultDrag.ts';

/** `image` is the full-size one: its stored id and object URL. */
export function startResultDrag(event: DragEvent, image: { id: string; url: string }): void {
  event.dataTransfer.effectAllowed = 'copy';
  event.dataTransfer.setData('text/uri-list', image.url);
  event.dataTransfer.setData('text/plain', image.url);
  event.dataTransfer.setData(RESULT_DRAG_TYPE, image.id);
}

/** Whether the drag is one of the studio's own results, so a drop zone can offer itself only for those. */
export function isResultDrag(event: DragEvent): boolean {
  return event.dataTransfer.types.includes(RESULT_DRAG_TYPE);
}

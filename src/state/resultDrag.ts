/**
 * The studio's own drag type for a result dragged onto the reference board (ui/kit/resultDrag.ts writes
 * it, studio/intake.ts reads it). Its value is the stored image's id, so the board image can be the stored
 * record and the next edit's lineage points back at it; the object URL travels beside it as
 * `text/uri-list` for anything that does not know this type.
 */
export const RESULT_DRAG_TYPE = 'application/x-atelier-result';

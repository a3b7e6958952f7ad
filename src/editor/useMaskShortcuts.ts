import { useEffect, useRef } from 'react';
import type { MaskFill } from '../state/mask.ts';
import type { StudioStore } from '../state/store.ts';
import { shortcutFor } from './shortcuts.ts';

/** Each `[` or `]` changes the brush by this factor, so small and large brushes step alike. */
export const BRUSH_STEP = 1.25;

function typingInto(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

export function commitFill(store: StudioStore, kind: MaskFill['kind']): void {
  store.getState().mask.commit({ kind, id: crypto.randomUUID() });
}

/** Window-wide keys while the editor is shown; typing in a field is left alone. */
export function useMaskShortcuts(
  store: StudioStore,
  handlers: {
    fit: () => void;
    actualSize: () => void;
    onSpace: (held: boolean) => void;
    onEscape: () => void;
  },
): void {
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (typingInto(event.target)) return;
      const { fit, actualSize, onSpace, onEscape } = latest.current;
      if (event.key === ' ') {
        event.preventDefault();
        onSpace(true);
        return;
      }
      if (event.key === 'Escape') onEscape();
      const action = shortcutFor(event);
      if (!action) return;
      event.preventDefault();
      const { mask, editorPrefs } = store.getState();
      switch (action) {
        case 'brush':
        case 'eraser':
          editorPrefs.setTool(action);
          break;
        case 'smaller':
          editorPrefs.setBrushSize(editorPrefs.brushSize / BRUSH_STEP);
          break;
        case 'larger':
          editorPrefs.setBrushSize(editorPrefs.brushSize * BRUSH_STEP);
          break;
        case 'fillAll':
          commitFill(store, 'fill-all');
          break;
        case 'clear':
          commitFill(store, 'clear');
          break;
        case 'invert':
          commitFill(store, 'invert');
          break;
        case 'undo':
          mask.undo();
          break;
        case 'redo':
          mask.redo();
          break;
        case 'fit':
          fit();
          break;
        case 'actualSize':
          actualSize();
          break;
      }
    };
    const onKeyUp = (event: KeyboardEvent) => {
      if (event.key === ' ') latest.current.onSpace(false);
    };
    const onBlur = () => latest.current.onSpace(false);
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener('keyup', onKeyUp);
    window.addEventListener('blur', onBlur);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('keyup', onKeyUp);
      window.removeEventListener('blur', onBlur);
    };
  }, [store]);
}

/** What a key pressed on the focused reference board does, given the focused index and the count. */

/** The modifier state of a key event; a DOM or React KeyboardEvent is one. */
export interface KeyChord {
  key: string;
  altKey: boolean;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
}

export type BoardKeyCommand =
  | { kind: 'move'; from: number; to: number }
  | { kind: 'focus'; index: number }
  | { kind: 'remove'; index: number; focusNext: number | null }
  /** A reorder past either end: it moves nothing, yet the key is still the board's. */
  | { kind: 'blocked' };

/** The command for `chord`, or null when the key is not the board's (it then reaches the page). */
export function boardKeyCommand(
  chord: KeyChord,
  focusedIndex: number,
  count: number,
): BoardKeyCommand | null {
  if (count === 0) return null;
  const step = chord.key === 'ArrowLeft' ? -1 : chord.key === 'ArrowRight' ? 1 : 0;
  // Alt+arrow is the usual reorder chord; Ctrl/Cmd+Shift+arrow is there for where Alt+arrow means "Back".
  const reorder = chord.altKey || (chord.shiftKey && (chord.ctrlKey || chord.metaKey));
  if (step !== 0 && reorder) {
    const to = focusedIndex + step;
    return to >= 0 && to < count ? { kind: 'move', from: focusedIndex, to } : { kind: 'blocked' };
  }
  if (step !== 0) return { kind: 'focus', index: Math.min(count - 1, Math.max(0, focusedIndex + step)) };
  if (chord.key === 'Home') return { kind: 'focus', index: 0 };
  if (chord.key === 'End') return { kind: 'focus', index: count - 1 };
  if (chord.key === 'Delete' || chord.key === 'Backspace') {
    const focusNext =
      focusedIndex + 1 < count ? focusedIndex + 1 : focusedIndex > 0 ? focusedIndex - 1 : null;
    return { kind: 'remove', index: focusedIndex, focusNext };
  }
  return null;
}

import { useState, type ReactNode } from 'react';
import { useBoundActions, useKeymap, type Keymap } from '../../editor/actions/keymap.ts';
import { ShortcutSheet } from './ShortcutSheet.tsx';
import { STUDIO_ACTIONS, type StudioActionContext } from './studioActions.ts';

/**
 * The page's one key handler with the studio's actions bound to it, and the shortcut sheet `?` opens.
 * `keymap` goes to the mask editor, which binds its own actions while it is shown.
 */
export function useStudioKeys(context: Omit<StudioActionContext, 'openShortcuts'>): {
  keymap: Keymap;
  sheet: ReactNode;
} {
  const keymap = useKeymap();
  const [sheetOpen, setSheetOpen] = useState(false);
  useBoundActions(keymap, STUDIO_ACTIONS, { ...context, openShortcuts: () => setSheetOpen(true) });
  return { keymap, sheet: sheetOpen && <ShortcutSheet onClose={() => setSheetOpen(false)} /> };
}

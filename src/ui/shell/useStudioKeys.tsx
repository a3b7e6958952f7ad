import { Suspense, useState, type ReactNode } from 'react';
import { useBoundActions, useKeymap, type Keymap } from '../../editor/actions/keymap.ts';
import { lazyView } from '../kit/lazyView.tsx';
import { STUDIO_ACTIONS, type StudioActionContext } from './studioActions.ts';

// The sheet reads every action table, the mask editor's too, so it comes in a chunk of its own.
const ShortcutSheet = lazyView(() => import('./ShortcutSheet.tsx').then((module) => module.ShortcutSheet));

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
  return {
    keymap,
    sheet: sheetOpen && (
      <Suspense fallback={null}>
        <ShortcutSheet onClose={() => setSheetOpen(false)} />
      </Suspense>
    ),
  };
}

/**
 * The gallery's entries into history and compare, for its `detailActions` and `selectionActions` slots,
 * and the touch-up for its `touchUp` slot.
 * They, the compare and lineage views they open and the word diff those use are in a chunk of their own
 * (historyAndCompare.tsx), preloaded when the page is idle: none of it is on the first screen.
 */
import { lazyView } from '../kit/lazyView.tsx';

const historyAndCompare = () => import('./historyAndCompare.tsx');

export const ResultLineageActions = lazyView(() =>
  historyAndCompare().then((module) => module.ResultLineageActions),
);
export const CompareSelected = lazyView(() => historyAndCompare().then((module) => module.CompareSelected));

/** The studio's own touch-up, for the gallery's `touchUp` slot: its code comes with the first one. */
export const TouchUpView = lazyView(() =>
  import('../edit/TouchUpView.tsx').then((module) => module.TouchUpView),
);

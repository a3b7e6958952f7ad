/**
 * The gallery's entries into history and compare, for its `detailActions` and `selectionActions` slots.
 * They, the compare and lineage views they open and the word diff those use are in a chunk of their own
 * (historyAndCompare.tsx), preloaded when the page is idle: none of it is on the first screen.
 */
import { lazyView } from '../kit/lazyView.tsx';

const historyAndCompare = () => import('./historyAndCompare.tsx');

export const ResultLineageActions = lazyView(() =>
  historyAndCompare().then((module) => module.ResultLineageActions),
);
export const CompareSelected = lazyView(() => historyAndCompare().then((module) => module.CompareSelected));

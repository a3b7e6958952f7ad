/**
 * A problem about a field of the draft was judged against the draft as it was: once that field changes
 * (by the designer, or by the studio adjusting it) or the model does, the banner goes. What still holds
 * for the new draft is said before sending by the live check (DraftCaveats), in the new model's terms.
 */
import { INITIAL_DRAFT, type Draft } from '../state/draft.ts';
import type { StudioStore } from '../state/store.ts';

const isDraftField = (param: string): param is keyof Draft => Object.hasOwn(INITIAL_DRAFT, param);

export function clearStaleProblems(store: StudioStore): () => void {
  return store.subscribe((now, before) => {
    const param = now.session.problem?.param;
    if (!param || !isDraftField(param) || now.draft.draft === before.draft.draft) return;
    const changed = (field: keyof Draft) => now.draft.draft[field] !== before.draft.draft[field];
    if (changed(param) || changed('model')) now.session.dismissProblem();
  });
}

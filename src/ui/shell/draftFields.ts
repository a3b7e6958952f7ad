/** The draft's fields as the settings read and set them, and the refusal aimed at each. */
import type { Draft, DraftField } from '../../state/draft.ts';
import { useStudio, useStudioState } from '../../studio/index.ts';

/** The refusal's message when it names this parameter, else null. */
export function useFieldProblem(param: string): string | null {
  return useStudioState((state) =>
    state.session.problem?.param === param ? state.session.problem.message : null,
  );
}

/** One draft field with a setter that also clears a refusal aimed at it. */
export function useDraftField<K extends DraftField>(field: K): [Draft[K], (value: Draft[K]) => void] {
  const studio = useStudio();
  const value = useStudioState((state) => state.draft.draft[field]);
  return [value, (next) => studio.updateDraft({ [field]: next } as Partial<Draft>)];
}

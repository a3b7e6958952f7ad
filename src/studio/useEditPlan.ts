import { useEffect, useMemo, useState } from 'react';
import type { ModelCapabilities } from '../contract/index.ts';
import type * as EditPlanModule from './editPlan.ts';
import type { EditPlan } from './editPlan.ts';
import { useStudioState } from './StudioContext.tsx';

type Planner = typeof EditPlanModule;

/** The planning code, once loaded: shared by every view that asks, fetched once. */
let planner: Planner | null = null;
let loading: Promise<Planner | null> | null = null;

/**
 * The edit plan for the board, mask and settings as they stand, sent to `model` (editPlan.ts); null with an
 * empty board, and for the moment it takes the planning code to arrive after the first screen.
 */
export function useEditPlan(model: ModelCapabilities): EditPlan | null {
  const [loaded, setLoaded] = useState(planner);
  useEffect(() => {
    if (loaded) return;
    let current = true;
    loading ??= import('./editPlan.ts').then(
      (module) => (planner = module),
      () => {
        loading = null;
        return null;
      },
    );
    void loading.then((module) => {
      if (current && module) setLoaded(module);
    });
    return () => {
      current = false;
    };
  }, [loaded]);
  const images = useStudioState((state) => state.board.images);
  const history = useStudioState((state) => state.mask.history);
  const owner = useStudioState((state) => state.mask.owner);
  const chosen = useStudioState((state) => state.inpaint.settings);
  const size = useStudioState((state) => state.draft.draft.size);
  const chosenFrame = useStudioState((state) => state.framing.placedFrame);
  // Through the Responses API the board's images go whole and the answer is the result (conversation.ts):
  // no region, no frame, nothing pasted back.
  const throughResponses = useStudioState((state) => state.draft.draft.api === 'responses');
  const settings = useMemo(
    () => (throughResponses ? { ...chosen, region: 'never' as const, composite: false } : chosen),
    [throughResponses, chosen],
  );
  const placedFrame = throughResponses ? null : chosenFrame;
  return useMemo(
    () => loaded?.editPlanOf(images, { history, owner }, settings, model, size, { placedFrame }) ?? null,
    [loaded, images, history, owner, settings, model, size, placedFrame],
  );
}

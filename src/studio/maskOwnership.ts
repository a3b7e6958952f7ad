/**
 * The mask belongs to the image it was painted on. A blank mask follows whatever image is first; a painted
 * one stays with its image, and while another is first the studio asks (`maskQuestion`) until the designer
 * keeps it on its image, carries it over (same size only) or discards it.
 */
import { maskIsBlank, maskQuestion } from '../state/mask.ts';
import type { StudioState, StudioStore } from '../state/store.ts';

/** The open question, if any, for the UI and the studio's own checks. */
export const openMaskQuestion = (state: StudioState) => maskQuestion(state.mask, state.board);

/** Keeps the mask's owner in step with the board; returns the stop. */
export function keepMaskWithItsImage(store: StudioStore): () => void {
  const check = () => {
    const { board, mask } = store.getState();
    const first = board.images[0] ?? null;
    const blank = maskIsBlank(mask.history.operations, mask.owner);
    if (blank && (mask.owner?.imageId ?? null) !== (first?.id ?? null)) mask.follow(first);
    // Once the mask no longer needs it (answered, discarded, undone to nothing), the set-aside image goes.
    const { setAside } = store.getState().board;
    const { owner, history } = store.getState().mask;
    if (setAside && (owner?.imageId !== setAside.id || maskIsBlank(history.operations, owner))) {
      board.releaseSetAside();
    }
  };
  check();
  return store.subscribe((now, before) => {
    if (
      now.board.images !== before.board.images ||
      now.board.setAside !== before.board.setAside ||
      now.mask.history !== before.mask.history ||
      now.mask.owner !== before.mask.owner
    )
      check();
  });
}

/** The designer's answers to the question. */
export function maskAnswers(store: StudioStore) {
  return {
    /** The mask stays on its image, which becomes the first image again. */
    keepMaskOnItsImage: (limit: number) => {
      const question = openMaskQuestion(store.getState());
      if (question) store.getState().board.bringFirst(question.owner.imageId, limit);
    },
    /** The mask moves, unchanged, to the first image, which has its exact size. */
    carryMaskOver: () => {
      const question = openMaskQuestion(store.getState());
      if (question?.canCarryOver && question.first) store.getState().mask.carryOver(question.first);
    },
    /** The mask is forgotten; a blank one then belongs to the first image. */
    discardMask: () => store.getState().mask.reset(),
  };
}

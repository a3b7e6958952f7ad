/**
 * Asks what becomes of a painted mask once the image it was painted on is no longer first (a reorder, a
 * removal, "Edit this", a branch, a restored draft): keep it on its image, carry it over (only onto the
 * same size: a mask is never stretched), or discard it. Escape keeps it, the answer that loses nothing.
 */
import { useId, useMemo } from 'react';
import { maskQuestion, type MaskQuestion } from '../../state/mask.ts';
import { useStudio, useStudioState } from '../../studio/index.ts';
import { roomyButtonClass } from '../kit/buttons.ts';
import { Dialog } from '../kit/Dialog.tsx';

const sized = (image: { name: string; width: number; height: number }) =>
  `${image.name} (${image.width} × ${image.height})`;

function situation({ owner, ownerPlace, first, canCarryOver }: MaskQuestion): string {
  const painted = `The mask was painted on ${sized(owner)}`;
  const where = ownerPlace === 'gone' ? `${painted}, which is no longer on the board.` : `${painted}.`;
  if (!first) return `${where} The board is empty now.`;
  const now = `${sized(first)} is the first image now, the one an edit changes.`;
  const stretch = canCarryOver
    ? ''
    : ' A mask is never stretched onto another size, so it cannot carry over.';
  return `${where} ${now}${stretch}`;
}

function Choice(props: { label: string; detail: string; primary?: boolean; onChoose: () => void }) {
  const detailId = useId();
  return (
    <button
      type="button"
      aria-describedby={detailId}
      onClick={props.onChoose}
      className={`${roomyButtonClass} flex w-full flex-col items-start gap-0.5 text-left ${
        props.primary ? 'border-accent/60' : ''
      }`}
    >
      <span>{props.label}</span>
      <span id={detailId} className="text-[12px] font-normal text-fg-muted">
        {props.detail}
      </span>
    </button>
  );
}

export function MaskOwnerPrompt({ limit }: { limit: number }) {
  const studio = useStudio();
  const history = useStudioState((state) => state.mask.history);
  const owner = useStudioState((state) => state.mask.owner);
  const images = useStudioState((state) => state.board.images);
  const setAside = useStudioState((state) => state.board.setAside);
  const question = useMemo(
    () => maskQuestion({ history, owner }, { images, setAside }),
    [history, owner, images, setAside],
  );
  if (!question) return null;
  const canKeep = question.ownerPlace !== 'gone';
  const keep = () => studio.keepMaskOnItsImage(limit);
  const firstName = question.first?.name;
  return (
    <Dialog
      title="What becomes of the mask?"
      titleBar={false}
      padded
      ownsKeys
      // Escape keeps the mask on its image; with that image gone there is no answer that loses nothing.
      onClose={() => canKeep && keep()}
      className="w-[26rem]"
    >
      <h2 className="text-[14px] font-semibold">What becomes of the mask?</h2>
      <p className="mt-2 text-[13px] leading-relaxed text-fg-muted">{situation(question)}</p>
      <div className="mt-4 flex flex-col gap-2">
        {canKeep && (
          <Choice
            primary
            label={`Keep it on ${question.owner.name}`}
            detail={`${question.owner.name} becomes the first image again.`}
            onChoose={keep}
          />
        )}
        {question.canCarryOver && firstName && (
          <Choice
            label={`Carry it over to ${firstName}`}
            detail="Same size: the mask covers the same pixels there."
            onChoose={studio.carryMaskOver}
          />
        )}
        <Choice
          label="Discard the mask"
          detail={
            firstName ? `${firstName} starts with a blank mask.` : 'The next image starts with a blank mask.'
          }
          onChoose={studio.discardMask}
        />
      </div>
    </Dialog>
  );
}

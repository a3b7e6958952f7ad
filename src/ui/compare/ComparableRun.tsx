/**
 * The Generate canvas's run: its images (a click opens one at full size), and, for a run of several, ticks
 * that pick two to four of them to compare in place, side by side, before/after or two by two, without
 * going to the gallery.
 */
import { Suspense, useState } from 'react';
import { variantImage, type Run, type Variant } from '../../state/run.ts';
import { buttonClass } from '../kit/buttons.ts';
import { fullSizeImagesOfRuns, useOpenFullSize } from '../kit/fullSize.tsx';
import { lazyView } from '../kit/lazyView.tsx';
import { RunImages } from '../kit/RunImages.tsx';
import type { Picked } from './PickedCompare.tsx';

const PickedCompare = lazyView(() => import('./PickedCompare.tsx').then((module) => module.PickedCompare));

/** Two can share a slider or sit side by side; three or four sit two by two. */
export const MAX_PICKS = 4;

/** `runs` are the session's, in the strip's order: the full-size viewer steps through all of them. */
export function ComparableRun({ run, runs }: { run: Run; runs: readonly Run[] }) {
  const openFullSize = useOpenFullSize();
  const [pickedIds, setPickedIds] = useState<string[]>([]);
  const [comparing, setComparing] = useState(false);
  // In the run's order, whatever order they were ticked in, so "image 1" is always on the left.
  const picked = run.variants.flatMap((variant, index): Picked[] => {
    const image = variantImage(variant);
    return image && pickedIds.includes(variant.id) ? [{ variant, image, name: `Image ${index + 1}` }] : [];
  });
  const toggle = (variant: Variant) =>
    setPickedIds((ids) =>
      ids.includes(variant.id)
        ? ids.filter((id) => id !== variant.id)
        : ids.length < MAX_PICKS
          ? [...ids, variant.id]
          : ids,
    );
  const canCompare = picked.length >= 2;

  if (comparing && canCompare) {
    return (
      <Suspense fallback={<div className="size-full" />}>
        <PickedCompare picked={picked} onBack={() => setComparing(false)} />
      </Suspense>
    );
  }
  return (
    <div className="relative h-full w-full">
      <RunImages
        run={run}
        onOpen={
          openFullSize
            ? (variant) => openFullSize(fullSizeImagesOfRuns(runs), variantImage(variant)!.id)
            : undefined
        }
        picks={run.request.n > 1 ? { picked: pickedIds, toggle } : undefined}
      />
      {pickedIds.length > 0 && (
        <div
          role="group"
          aria-label="Picked for comparing"
          className="absolute bottom-2 left-1/2 flex -translate-x-1/2 items-center gap-3 rounded-lg border border-line-strong bg-panel/95 px-3 py-2 text-[12.5px] shadow-xl shadow-black/50 backdrop-blur"
        >
          <span className="text-fg-muted tabular-nums">
            {picked.length} picked
            {picked.length < 2 ? ', pick another' : picked.length === MAX_PICKS ? ' (the most)' : ''}
          </span>
          <button
            type="button"
            disabled={!canCompare}
            onClick={() => setComparing(true)}
            className={buttonClass}
          >
            Compare
          </button>
          <button type="button" onClick={() => setPickedIds([])} className={buttonClass}>
            Clear
          </button>
        </div>
      )}
    </div>
  );
}

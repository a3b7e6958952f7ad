/**
 * The Generate canvas's run: its images (a click opens one at full size), and, for a run of several, ticks
 * that pick two to four of them to compare in place, side by side, before/after or two by two, without
 * going to the gallery.
 */
import { useState } from 'react';
import { variantImage, type Run, type StudioImage, type Variant } from '../../state/run.ts';
import { buttonClass } from '../kit/buttons.ts';
import { fullSizeImagesOfRuns, useOpenFullSize } from '../kit/fullSize.tsx';
import { RunImages } from '../kit/RunImages.tsx';
import { Segmented } from '../kit/Segmented.tsx';
import { BeforeAfterSlider } from './BeforeAfterSlider.tsx';
import { useRunComparedImage } from './comparedImage.ts';
import { SideBySide, ZOOMS, type Zoom } from './SideBySide.tsx';

/** Two can share a slider or sit side by side; three or four sit two by two. */
export const MAX_PICKS = 4;

interface Picked {
  variant: Variant;
  image: StudioImage;
  name: string;
}

type PairMode = 'side-by-side' | 'slider';

function GridCell({ picked }: { picked: Picked }) {
  const image = useRunComparedImage(picked.image.url, picked.image.size);
  return (
    <figure className="flex min-h-0 min-w-0 flex-col gap-1.5">
      <figcaption className="shrink-0 text-[12px] text-fg-muted">{picked.name}</figcaption>
      <div className="grid min-h-0 flex-1 place-items-center [container-type:size]">
        {image && (
          <img
            src={picked.image.url}
            alt={picked.name}
            draggable={false}
            className="checkerboard block rounded-sm shadow-xl shadow-black/50"
            style={{
              width: `min(100cqw, 100cqh * ${image.width / image.height})`,
              aspectRatio: `${image.width} / ${image.height}`,
            }}
          />
        )}
      </div>
    </figure>
  );
}

function PairCompare({ pair, mode, zoom }: { pair: [Picked, Picked]; mode: PairMode; zoom: Zoom }) {
  const [first, second] = pair;
  const left = useRunComparedImage(first.image.url, first.image.size);
  const right = useRunComparedImage(second.image.url, second.image.size);
  if (mode === 'slider' && left && right) {
    return (
      <BeforeAfterSlider
        before={left}
        after={right}
        afterName={second.name}
        names={[first.name, second.name]}
      />
    );
  }
  return (
    <SideBySide
      zoom={zoom}
      left={{ image: left, label: first.name, alt: first.name }}
      right={{ image: right, label: second.name, alt: second.name }}
    />
  );
}

function PickedCompare({ picked, onBack }: { picked: Picked[]; onBack: () => void }) {
  const [mode, setMode] = useState<PairMode>('side-by-side');
  const [zoom, setZoom] = useState<Zoom>('fit');
  const pair = picked.length === 2 ? ([picked[0]!, picked[1]!] as [Picked, Picked]) : null;
  return (
    <section aria-label="Comparison" className="flex h-full w-full flex-col">
      <div className="flex shrink-0 flex-wrap items-center justify-center gap-3">
        <button type="button" onClick={onBack} className={buttonClass}>
          Back to all images
        </button>
        {pair && (
          <Segmented
            look="toolbar"
            label="Compare view"
            value={mode}
            onChange={setMode}
            options={[
              { value: 'side-by-side', label: 'Side by side' },
              { value: 'slider', label: 'Before/after' },
            ]}
          />
        )}
        {pair && mode === 'side-by-side' && (
          <Segmented
            look="toolbar"
            label="Zoom"
            value={zoom}
            onChange={setZoom}
            options={ZOOMS.map((value) => ({ value, label: value === 'fit' ? 'Fit' : `${value * 100}%` }))}
          />
        )}
      </div>
      {pair ? (
        <PairCompare pair={pair} mode={mode} zoom={zoom} />
      ) : (
        <div className="grid min-h-0 flex-1 grid-cols-2 grid-rows-2 gap-4 p-4">
          {picked.map((one) => (
            <GridCell key={one.variant.id} picked={one} />
          ))}
        </div>
      )}
    </section>
  );
}

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

  if (comparing && canCompare) return <PickedCompare picked={picked} onBack={() => setComparing(false)} />;
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

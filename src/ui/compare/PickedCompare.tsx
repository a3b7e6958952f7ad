/**
 * Picked variants compared in place: a pair side by side or on a before/after slider, three or four two by
 * two. Its own chunk, loaded when the page is idle, since the first screen never shows it.
 */
import { useState } from 'react';
import type { StudioImage, Variant } from '../../state/run.ts';
import { useInpaintParts } from '../../studio/index.ts';
import { buttonClass } from '../kit/buttons.ts';
import { driftCaption } from '../kit/inpaintText.ts';
import { Segmented } from '../kit/Segmented.tsx';
import { BeforeAfterSlider } from './BeforeAfterSlider.tsx';
import { useRunComparedImage } from './comparedImage.ts';
import { SideBySide, ZOOMS, type Zoom } from './SideBySide.tsx';

export interface Picked {
  variant: Variant;
  image: StudioImage;
  name: string;
}

type PairMode = 'side-by-side' | 'slider';

/** Its name, and for a masked edit's composite how far the model strayed outside the mask ("drift 41%"). */
function usePickedLabel(picked: Picked): string {
  const drift = driftCaption(useInpaintParts(picked.image.id)?.record);
  return drift ? `${picked.name} · ${drift}` : picked.name;
}

function GridCell({ picked }: { picked: Picked }) {
  const image = useRunComparedImage(picked.image.url, picked.image.size);
  const label = usePickedLabel(picked);
  return (
    <figure className="flex min-h-0 min-w-0 flex-col gap-1.5">
      <figcaption className="shrink-0 text-[12px] text-fg-muted">{label}</figcaption>
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
  const firstLabel = usePickedLabel(first);
  const secondLabel = usePickedLabel(second);
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
      left={{ image: left, label: firstLabel, alt: first.name }}
      right={{ image: right, label: secondLabel, alt: second.name }}
    />
  );
}

export function PickedCompare({ picked, onBack }: { picked: Picked[]; onBack: () => void }) {
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

/**
 * A run's images as they arrive: one large, or a grid where every variant refines in its own cell, each
 * partial fading in over the one before. The generate canvas and the edit result both show runs this way.
 */
import { useState } from 'react';
import { parseSize } from '../../contract/index.ts';
import { variantImage, type Run, type StudioImage, type Variant } from '../../state/run.ts';
import { STATUS_LABELS } from './format.ts';

/**
 * Shows an image and, when it changes, fades the new one in over the old so partials refine in place.
 * The layers share one grid cell sized to the (absolutely positioned, so definite) box around them: that
 * makes `max-h-full` resolve, so an image of any aspect ratio fits without overflowing.
 */
function CrossfadeImage({ image, alt }: { image: StudioImage; alt: string }) {
  const [layers, setLayers] = useState<StudioImage[]>([image]);
  // Derived from props during render (React's "storing information from previous renders" pattern).
  if (layers.at(-1)!.url !== image.url) setLayers([layers.at(-1)!, image]);
  return (
    <div className="relative h-full w-full">
      <div className="absolute inset-0 grid grid-cols-[100%] grid-rows-[100%] place-items-center">
        {layers.map((layer, index) => {
          const top = index === layers.length - 1;
          return (
            <img
              key={layer.url}
              src={layer.url}
              alt={top ? alt : ''}
              aria-hidden={top ? undefined : true}
              draggable={false}
              className={`checkerboard col-start-1 row-start-1 max-h-full max-w-full rounded-sm object-contain shadow-2xl shadow-black/60 ${top && layers.length > 1 ? 'animate-fade-in' : ''}`}
            />
          );
        })}
      </div>
    </div>
  );
}

/** The frame a coming image will fill, fitted to the stage at its requested aspect ratio. */
function PendingFrame({ size, label }: { size: string; label: string }) {
  const dims = parseSize(size) ?? { width: 1, height: 1 };
  const ratio = dims.width / dims.height;
  return (
    // A size container, so the frame can fit itself with cqw/cqh like object-fit: contain.
    <div className="relative h-full w-full" style={{ containerType: 'size' }}>
      <div className="absolute inset-0 grid place-items-center">
        <div
          role="img"
          aria-label={label}
          style={{ aspectRatio: `${dims.width} / ${dims.height}`, width: `min(100cqw, ${ratio * 100}cqh)` }}
          className="shimmer rounded-sm border border-line"
        />
      </div>
    </div>
  );
}

function imageAlt(run: Run, index: number, variant: Variant): string {
  const edit = run.request.kind === 'edit';
  const count = run.request.n;
  const which = count > 1 ? ` ${index + 1} of ${count}` : '';
  const what = variant.final
    ? `${edit ? 'Edited image' : 'Final image'}${which}`
    : `${edit ? 'Partial edit' : 'Partial image'} ${variant.partialCount}${count > 1 ? ` of image${which}` : ''}`;
  const image = variantImage(variant)!;
  return `${what}: ${run.request.prompt.slice(0, 120)} (${image.size})`;
}

const GRID_GAP_PX = 12;

/** One variant's cell: its final, else its newest partial, else a frame waiting for it. */
function VariantImage({ run, index }: { run: Run; index: number }) {
  const variant = run.variants[index]!;
  const image = variantImage(variant);
  const waiting =
    run.request.n > 1
      ? `Image ${index + 1} of ${run.request.n}, waiting`
      : 'Waiting for the first partial image';
  return (
    <div className="relative h-full w-full">
      {image ? (
        <CrossfadeImage image={image} alt={imageAlt(run, index, variant)} />
      ) : variant.status === 'streaming' ? (
        <PendingFrame size={run.request.size} label={waiting} />
      ) : null}
      {run.request.n > 1 && variant.status !== 'streaming' && variant.status !== 'done' && (
        <span className="absolute left-2 top-2 rounded bg-black/70 px-1.5 py-0.5 text-[11px] text-white">
          {STATUS_LABELS[variant.status]}
        </span>
      )}
    </div>
  );
}

/** The run's images: one large, or a grid where every variant refines in its own cell. */
export function RunImages({ run }: { run: Run }) {
  const { n: count, size } = run.request;
  if (count === 1) return <VariantImage run={run} index={0} />;
  const columns = count <= 2 ? count : count <= 4 ? 2 : count <= 9 ? 3 : 4;
  const rows = Math.ceil(count / columns);
  const dims = parseSize(size) ?? { width: 1, height: 1 };
  const ratio = dims.width / dims.height;
  // Cells as large as the stage allows at the images' aspect ratio, so the grid stays compact and centred
  // instead of leaving wide gutters around portrait images.
  const cellWidth = `min((100cqw - ${(columns - 1) * GRID_GAP_PX}px) / ${columns}, (100cqh - ${(rows - 1) * GRID_GAP_PX}px) / ${rows} * ${ratio})`;
  return (
    <div className="h-full w-full" style={{ containerType: 'size' }}>
      <div
        role="group"
        aria-label={`${count} variants`}
        className="grid h-full w-full content-center justify-center"
        style={{
          gap: GRID_GAP_PX,
          gridTemplateColumns: `repeat(${columns}, calc(${cellWidth}))`,
          gridAutoRows: `calc(${cellWidth} / ${ratio})`,
        }}
      >
        {run.variants.map((variant, index) => (
          <div key={variant.id} className="min-h-0 min-w-0">
            <VariantImage run={run} index={index} />
          </div>
        ))}
      </div>
    </div>
  );
}

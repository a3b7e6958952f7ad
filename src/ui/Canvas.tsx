import { useState } from 'react';
import { parseSize } from '../contract/index.ts';
import {
  elapsedMs,
  runFinals,
  runStatus,
  variantImage,
  type Run,
  type StudioImage,
  type Variant,
} from '../state/run.ts';
import type { VariantStatus } from '../storage/records.ts';
import { formatElapsed } from './format.ts';
import { useNow } from './useNow.ts';

/**
 * Shows an image and, when it changes, fades the new one in over the old so partials refine in place.
 * The layers share one grid cell sized to the (absolutely positioned, so definite) box around them: that
 * makes `max-h-full` resolve, so an image of any aspect ratio fits without overflowing.
 */
export function CrossfadeImage({ image, alt }: { image: StudioImage; alt: string }) {
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

export const STATUS_TEXT: Record<Exclude<VariantStatus, 'streaming'>, string> = {
  done: 'Done',
  error: 'Failed',
  cancelled: 'Cancelled',
  interrupted: 'Interrupted',
};

const STATUS_DOT: Record<VariantStatus, string> = {
  streaming: 'bg-accent animate-pulse',
  done: 'bg-ok',
  error: 'bg-danger',
  cancelled: 'bg-warn',
  interrupted: 'bg-warn',
};

function streamingProgress(run: Run): string {
  const { n: count, partialImages } = run.request;
  if (count > 1) return `${runFinals(run).length} of ${count} images done`;
  const variant = run.variants[0]!;
  if (variant.partial) return `partial ${variant.partialCount} of ${partialImages}`;
  return partialImages > 0 ? 'waiting for the first partial' : 'rendering';
}

export function RunStatusPill({ run }: { run: Run }) {
  const status = runStatus(run);
  const now = useNow(status === 'streaming');
  const finals = runFinals(run).length;
  const kept = run.variants.filter((variant) => !variant.final && variant.partial).length;
  const progress =
    status === 'streaming'
      ? streamingProgress(run)
      : finals === 0 && kept > 0
        ? 'last partial kept'
        : finals > 0 && finals < run.request.n
          ? `${finals} of ${run.request.n} images`
          : null;
  return (
    <div
      role="status"
      aria-label="Run status"
      aria-live="polite"
      className="pointer-events-none absolute left-4 top-4 flex items-center gap-2 rounded-full border border-line bg-panel/90 px-3 py-1 text-[12px] text-fg-muted shadow-lg backdrop-blur"
    >
      <span aria-hidden className={`size-1.5 rounded-full ${STATUS_DOT[status]}`} />
      <span className="font-medium text-fg">
        {status === 'streaming'
          ? run.request.kind === 'edit'
            ? 'Editing'
            : 'Generating'
          : STATUS_TEXT[status]}
      </span>
      {progress && <span>· {progress}</span>}
      <span className="tabular-nums" aria-label="Elapsed time">
        · {formatElapsed(elapsedMs(run, now))}
      </span>
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
          {STATUS_TEXT[variant.status]}
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

function EmptyCanvas() {
  return (
    <div className="flex max-w-sm flex-col items-center gap-3 text-center">
      <svg aria-hidden viewBox="0 0 48 48" className="size-12 text-fg-faint">
        <rect x="6" y="10" width="36" height="28" rx="4" fill="none" stroke="currentColor" strokeWidth="2" />
        <circle cx="17" cy="20" r="3.5" fill="currentColor" />
        <path d="M8 34 L20 24 L28 31 L33 27 L40 33" fill="none" stroke="currentColor" strokeWidth="2" />
      </svg>
      <p className="text-[15px] font-medium text-fg">Nothing on the canvas yet</p>
      <p className="text-[13px] leading-relaxed text-fg-muted">
        Describe an image below and press Generate. Partial images appear here as they arrive and refine into
        the final one.
      </p>
    </div>
  );
}

export function Canvas({ run }: { run: Run | null }) {
  return (
    <section
      aria-label="Canvas"
      className="canvas-backdrop relative flex min-h-0 flex-1 items-center justify-center"
    >
      {run ? (
        <>
          <RunStatusPill run={run} />
          {/* Keyed by run so a new run starts with fresh crossfade layers. */}
          <div key={run.id} className="absolute inset-x-8 top-14 bottom-4">
            <RunImages run={run} />
          </div>
        </>
      ) : (
        <EmptyCanvas />
      )}
    </section>
  );
}

import { useId } from 'react';
import { shownImage } from '../../state/lineage.ts';
import type { GalleryEntry } from '../../storage/studioStorage.ts';
import { QUALITY_LABELS, describeSize, formatDollars, formatElapsed } from '../format.ts';
import { variantDurationMs, statusBadge } from './galleryFormat.ts';
import { useObjectUrl } from './useObjectUrl.ts';

export const BADGE_TONES = {
  warn: 'border-warn/40 bg-warn/15 text-warn',
  danger: 'border-danger/40 bg-danger/15 text-danger',
  muted: 'border-line-strong bg-raised/90 text-fg-muted',
} as const;

export function GalleryCard(props: {
  entry: GalleryEntry;
  selected: boolean;
  onOpen: () => void;
  onToggleSelected: () => void;
}) {
  const { variant } = props.entry;
  const image = shownImage(props.entry);
  const url = useObjectUrl(image ? (image.thumbnail ?? image.blob) : null);
  const badge = statusBadge(variant.status, props.entry.lastPartial !== null);
  const duration = variantDurationMs(variant);
  const prompt = variant.request.prompt;
  const metaId = useId();
  const unfinished = variant.status !== 'done';

  return (
    <li className="relative">
      <button
        type="button"
        onClick={props.onOpen}
        aria-label={prompt}
        aria-describedby={metaId}
        className={`group flex w-full flex-col overflow-hidden rounded-lg border bg-panel text-left transition hover:border-line-strong focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none ${
          props.selected ? 'border-accent/70' : 'border-line'
        }`}
      >
        <div className="checkerboard relative aspect-square w-full overflow-hidden">
          {image ? (
            <img
              src={url ?? undefined}
              alt={`${props.entry.final ? 'Result' : 'Last partial'}: ${prompt}`}
              className={`size-full object-contain transition group-hover:scale-[1.02] ${unfinished ? 'opacity-55' : ''}`}
            />
          ) : (
            <div className="grid size-full place-items-center bg-raised text-[12px] text-fg-faint">
              {variant.status === 'streaming' ? 'Waiting for the first partial…' : 'No image arrived'}
            </div>
          )}
          {badge && (
            <span
              className={`absolute bottom-2 left-2 rounded-full border px-2 py-0.5 text-[11px] font-medium backdrop-blur ${BADGE_TONES[badge.tone]}`}
            >
              {badge.label}
            </span>
          )}
        </div>
        <div className="flex flex-col gap-1.5 px-3 py-2.5">
          <p className="line-clamp-2 min-h-[2.5em] text-[12.5px] leading-[1.25] text-fg">{prompt}</p>
          <div id={metaId} className="flex flex-col gap-0.5 text-[11px] text-fg-muted tabular-nums">
            <span className="sr-only">{badge ? `${badge.label}. ` : ''}</span>
            <span className="truncate">
              {[
                variant.request.model.id,
                image ? `${image.width} × ${image.height}` : describeSize(variant.request.size),
              ].join(' · ')}
            </span>
            <span className="flex gap-2">
              <span>
                {variant.kind === 'edit' ? 'Edit' : 'Generation'} · {QUALITY_LABELS[variant.request.quality]}{' '}
                quality
              </span>
              <span className="ml-auto">
                {variant.costDollars === null ? '' : formatDollars(variant.costDollars)}
              </span>
              {duration !== null && <span>{formatElapsed(duration)}</span>}
            </span>
          </div>
        </div>
      </button>
      <input
        type="checkbox"
        checked={props.selected}
        onChange={props.onToggleSelected}
        aria-label={`Select ${prompt}`}
        className="absolute top-2 right-2 size-4 cursor-pointer accent-[var(--color-accent)]"
      />
    </li>
  );
}

import { useId } from 'react';
import { shownImage } from '../../state/lineage.ts';
import { useModelLabel } from '../../studio/index.ts';
import type { VariantRecord } from '../../storage/records.ts';
import type { GalleryEntry } from '../../storage/studioStorage.ts';
import { Badge } from '../kit/Badge.tsx';
import {
  BILLING_HINT,
  BILLING_HINT_DETAIL,
  QUALITY_LABELS,
  describeSize,
  formatDollars,
  formatElapsed,
  statusBadge,
} from '../kit/format.ts';
import { storedElapsed } from './galleryFormat.ts';
import { useObjectUrl } from '../kit/useObjectUrl.ts';

/** `entry` is undefined while the card's images are read: the grid lists variants before their images. */
export function GalleryCard(props: {
  variant: VariantRecord;
  entry: GalleryEntry | undefined;
  selected: boolean;
  onOpen: () => void;
  onToggleSelected: () => void;
}) {
  const { variant, entry } = props;
  const image = entry ? shownImage(entry) : null;
  // The stored thumbnail; GIFs and SVGs keep none (storage/thumbnail.ts) so they show themselves.
  const url = useObjectUrl(image ? (image.thumbnail ?? image.blob) : null);
  const badge = entry ? statusBadge(variant.status, entry.lastPartial !== null) : null;
  const elapsed = storedElapsed(variant);
  const prompt = variant.request.prompt;
  const metaId = useId();
  const modelLabel = useModelLabel()(variant.request.model.id);
  const unfinished = variant.status !== 'done';

  return (
    <div className="relative">
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
          {!entry ? null : image ? (
            <img
              src={url ?? undefined}
              alt={`${entry.final ? 'Result' : 'Last partial'}: ${prompt}`}
              className={`size-full object-contain transition group-hover:scale-[1.02] ${unfinished ? 'opacity-55' : ''}`}
            />
          ) : (
            <div className="grid size-full place-items-center bg-raised text-[12px] text-fg-faint">
              {variant.status === 'streaming' ? 'Waiting for the first partial…' : 'No image arrived'}
            </div>
          )}
          {badge && (
            <Badge tone={badge.tone} size="medium" className="absolute bottom-2 left-2 backdrop-blur">
              {badge.label}
            </Badge>
          )}
        </div>
        <div className="flex flex-col gap-1.5 px-3 py-2.5">
          <p className="line-clamp-2 min-h-[2.5em] text-[12.5px] leading-[1.25] text-fg">{prompt}</p>
          <div id={metaId} className="flex flex-col gap-0.5 text-[11px] text-fg-muted tabular-nums">
            <span className="sr-only">{badge ? `${badge.label}. ` : ''}</span>
            {/* A model named with its provider may be long: it is cut, never the size after it. */}
            <span className="flex min-w-0">
              <span className="truncate" title={modelLabel}>
                {modelLabel}
              </span>
              <span className="shrink-0 whitespace-pre">
                {' · '}
                {image ? `${image.width} × ${image.height}` : describeSize(variant.request.size)}
              </span>
            </span>
            {/* The kind is never cut: where the card is too narrow for it beside the cost and the time (a
                billing hint is long), those two move under it, to the right, and never break themselves. */}
            <span className="flex flex-wrap gap-x-2">
              <span>
                {variant.kind === 'edit' ? 'Edit' : 'Generation'} · {QUALITY_LABELS[variant.request.quality]}{' '}
                quality
              </span>
              <span className="ml-auto flex gap-2 whitespace-nowrap">
                {/* Where the cost goes: a result stopped before its usage arrived may be billed all the same. */}
                {variant.costDollars === null && badge?.billingHint ? (
                  <span className="text-warn" title={BILLING_HINT_DETAIL}>
                    {BILLING_HINT}
                  </span>
                ) : (
                  variant.costDollars !== null && <span>{formatDollars(variant.costDollars)}</span>
                )}
                {elapsed && <span>{formatElapsed(elapsed)}</span>}
              </span>
            </span>
          </div>
        </div>
      </button>
      <input
        type="checkbox"
        checked={props.selected}
        onChange={props.onToggleSelected}
        aria-label={`Select ${prompt}`}
        // 24 px: the smallest touch target WCAG 2.2 accepts over the card's own button.
        className="absolute top-1.5 right-1.5 size-6 cursor-pointer accent-[var(--color-accent)]"
      />
    </div>
  );
}

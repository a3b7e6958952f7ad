import { useDeferredValue, useId, useMemo, type ReactNode } from 'react';
import { visibleSelection } from '../../state/gallery.ts';
import type { ImageRequestKind } from '../../contract/index.ts';
import type { GalleryEntry } from '../../storage/studioStorage.ts';
import { controlClass } from '../controls.tsx';
import { GalleryCard } from './GalleryCard.tsx';
import { GalleryDetail } from './GalleryDetail.tsx';
import { GalleryHeader, headerButtonClass } from './GalleryHeader.tsx';
import { DeletionToast } from './deletion.tsx';
import { useGallery, useGalleryModels, useStudioState } from '../../studio/index.ts';

/** Views built elsewhere plug their buttons in here. */
export interface GallerySlots {
  /** Shown in the detail view of one result (history, compare with its source). */
  detailActions?: (entry: GalleryEntry) => ReactNode;
  /** Shown in the header while results are ticked (compare the selection). */
  selectionActions?: (entries: GalleryEntry[]) => ReactNode;
}

const KIND_OPTIONS: { value: ImageRequestKind | ''; label: string }[] = [
  { value: '', label: 'Generations and edits' },
  { value: 'generation', label: 'Generations' },
  { value: 'edit', label: 'Edits' },
];

const selectClass = `${controlClass(false)} appearance-none bg-[url(/chevron.svg)] bg-[length:10px] bg-[right_10px_center] bg-no-repeat pr-7`;

function FilterBar() {
  const filter = useStudioState((state) => state.gallery.filter);
  const models = useGalleryModels();
  const searchId = useId();
  const setFilter = useStudioState((state) => state.gallery.setFilter);
  return (
    <div role="search" className="flex shrink-0 flex-wrap items-center gap-2 px-6 py-3">
      <label htmlFor={searchId} className="sr-only">
        Search prompts
      </label>
      <input
        id={searchId}
        type="search"
        value={filter.text}
        placeholder="Search prompts"
        onChange={(event) => setFilter({ text: event.target.value })}
        className={`${controlClass(false)} max-w-sm`}
      />
      <div className="w-44">
        <select
          aria-label="Filter by model"
          value={filter.model ?? ''}
          onChange={(event) => setFilter({ model: event.target.value || null })}
          className={selectClass}
        >
          <option value="">All models</option>
          {models.map((model) => (
            <option key={model} value={model}>
              {model}
            </option>
          ))}
        </select>
      </div>
      <div className="w-52">
        <select
          aria-label="Filter by kind"
          value={filter.kind ?? ''}
          onChange={(event) => setFilter({ kind: (event.target.value || null) as ImageRequestKind | null })}
          className={selectClass}
        >
          {KIND_OPTIONS.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

function EmptyState({ filtered }: { filtered: boolean }) {
  const setFilter = useStudioState((state) => state.gallery.setFilter);
  return (
    <div className="grid flex-1 place-items-center px-6 text-center">
      {filtered ? (
        <div className="flex flex-col items-center gap-3">
          <p className="text-[13px] text-fg-muted">No result matches these filters.</p>
          <button
            type="button"
            onClick={() => setFilter({ text: '', model: null, kind: null })}
            className={headerButtonClass}
          >
            Clear filters
          </button>
        </div>
      ) : (
        <p className="max-w-sm text-[13px] leading-relaxed text-fg-muted">
          Nothing here yet. Every image you generate or edit is kept here as it arrives, even the last partial
          of one that was cut off.
        </p>
      )}
    </div>
  );
}

function Gallery({ slots }: { slots: GallerySlots }) {
  const filter = useStudioState((state) => state.gallery.filter);
  const text = useDeferredValue(filter.text);
  const entries = useGallery({ text, model: filter.model, kind: filter.kind });
  const selectedIds = useStudioState((state) => state.gallery.selectedIds);
  const detailId = useStudioState((state) => state.gallery.detailId);
  const { setOpen, showDetail, toggleSelected } = useStudioState((state) => state.gallery);
  const listed = useMemo(() => new Set(entries?.map((entry) => entry.variant.id)), [entries]);
  const selected = visibleSelection(selectedIds, listed);
  const detail = entries?.find((entry) => entry.variant.id === detailId) ?? null;
  const filtered = filter.text.trim() !== '' || filter.model !== null || filter.kind !== null;

  return (
    <section
      aria-label="Gallery"
      className="absolute inset-0 z-20 flex flex-col bg-canvas"
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        // The studio cancels a running stream on Escape; in the gallery it only leaves the gallery.
        event.stopPropagation();
        setOpen(false);
      }}
    >
      <GalleryHeader
        resultCount={entries?.length ?? 0}
        selectedIds={selected}
        selectionActions={slots.selectionActions?.(
          entries?.filter((entry) => selected.includes(entry.variant.id)) ?? [],
        )}
      />
      <FilterBar />
      {entries === undefined ? (
        <p role="status" className="px-6 text-[13px] text-fg-muted">
          Reading the gallery…
        </p>
      ) : entries.length === 0 ? (
        <EmptyState filtered={filtered} />
      ) : (
        <ul
          aria-label="Results"
          className="grid min-h-0 flex-1 auto-rows-min grid-cols-[repeat(auto-fill,minmax(200px,1fr))] gap-4 overflow-y-auto px-6 pb-6"
        >
          {entries.map((entry) => (
            <GalleryCard
              key={entry.variant.id}
              entry={entry}
              selected={selected.includes(entry.variant.id)}
              onOpen={() => showDetail(entry.variant.id)}
              onToggleSelected={() => toggleSelected(entry.variant.id)}
            />
          ))}
        </ul>
      )}
      {detail && (
        <GalleryDetail key={detail.variant.id} entry={detail} actions={slots.detailActions?.(detail)} />
      )}
    </section>
  );
}

/**
 * The gallery laid over the studio, which stays mounted beneath (inert) so streams keep running and
 * keep being recorded while the designer browses; and the undo toast, which outlives the gallery.
 */
export function GalleryLayer({ children, ...slots }: GallerySlots & { children: ReactNode }) {
  const open = useStudioState((state) => state.gallery.open);
  return (
    // min-w-0 all the way down: a flex item is otherwise as wide as its content, and a long session strip
    // would widen the page past the window instead of scrolling.
    <div className="relative flex min-h-0 min-w-0 flex-1">
      <div inert={open} className="flex min-h-0 min-w-0 flex-1">
        {children}
      </div>
      {open && <Gallery slots={slots} />}
      <DeletionToast />
    </div>
  );
}

/** Opens and closes the gallery from the top bar. */
export function GalleryToggle() {
  const open = useStudioState((state) => state.gallery.open);
  const setOpen = useStudioState((state) => state.gallery.setOpen);
  return (
    <button
      type="button"
      aria-pressed={open}
      onClick={() => setOpen(!open)}
      className={`rounded-md border px-3 py-1 text-[12.5px] font-medium transition focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none ${
        open ? 'border-accent/60 bg-active text-fg' : 'border-line bg-raised text-fg-muted hover:text-fg'
      }`}
    >
      Gallery
    </button>
  );
}

import { Suspense, useDeferredValue, useId, useMemo } from 'react';
import { visibleSelection } from '../../state/gallery.ts';
import type { ImageRequestKind } from '../../contract/index.ts';
import { buttonClass } from '../kit/buttons.ts';
import { controlClass, selectControlClass } from '../kit/form.tsx';
import type { GallerySlots } from './Gallery.tsx';
import { GalleryDetail } from './GalleryDetail.tsx';
import { GalleryGrid } from './GalleryGrid.tsx';
import { GalleryHeader } from './GalleryHeader.tsx';
import {
  useGalleryEntries,
  useGalleryModels,
  useGalleryVariants,
  useModelLabel,
  useStudio,
  useStudioState,
} from '../../studio/index.ts';

const KIND_OPTIONS: { value: ImageRequestKind | ''; label: string }[] = [
  { value: '', label: 'Generations and edits' },
  { value: 'generation', label: 'Generations' },
  { value: 'edit', label: 'Edits' },
];

const selectClass = selectControlClass(false);

function FilterBar() {
  const filter = useStudioState((state) => state.gallery.filter);
  const stored = useGalleryModels();
  const labelOf = useModelLabel();
  // By the names the picker uses, not the addresses stored (`gw/gpt-image-2`), in their order.
  const models = stored
    .map((id) => ({ id, label: labelOf(id) }))
    .sort((a, b) => a.label.localeCompare(b.label));
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
      {/* As wide as the longest model's name with its provider ("GPT Image 2 · Budget gateway"). */}
      <div className="max-w-80 min-w-44">
        <select
          aria-label="Filter by model"
          value={filter.model ?? ''}
          onChange={(event) => setFilter({ model: event.target.value || null })}
          className={selectClass}
        >
          <option value="">All models</option>
          {models.map((model) => (
            <option key={model.id} value={model.id}>
              {model.label}
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
            className={buttonClass}
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

/** More than a 2560x1440 screen shows (11 columns by 6 rows), with the rows overscanned below. */
const FIRST_PAGE = 96;

/** The gallery view, in a chunk of its own: loaded when the page is idle or the gallery is first opened. */
export function Gallery({ slots }: { slots: GallerySlots }) {
  const filter = useStudioState((state) => state.gallery.filter);
  const text = useDeferredValue(filter.text);
  const query = { text, model: filter.model, kind: filter.kind };
  // The newest page first, read through an index, so the grid shows at once however long the history;
  // then the whole listing (a read of every variant), which replaces it. Asked for together, IndexedDB
  // would answer the page only after the whole.
  const firstPage = useGalleryVariants({ ...query, limit: FIRST_PAGE });
  const everything = useGalleryVariants(firstPage === undefined ? null : query);
  const variants = everything ?? firstPage;
  const selectedIds = useStudioState((state) => state.gallery.selectedIds);
  const detailId = useStudioState((state) => state.gallery.detailId);
  // Actions never change: read once, so the view re-renders only for the state it selects above.
  const { setOpen, showDetail, toggleSelected } = useStudio().store.getState().gallery;
  const listed = useMemo(() => new Set(variants?.map((variant) => variant.id)), [variants]);
  const selected = visibleSelection(selectedIds, listed);
  // The grid reads the images of the cards in view; these are the only other entries read whole.
  const tickedInListing = variants?.filter((variant) => selected.includes(variant.id)).map(({ id }) => id);
  const ticked = useGalleryEntries(tickedInListing ?? []) ?? [];
  const [detail] = useGalleryEntries(detailId !== null && listed.has(detailId) ? [detailId] : []) ?? [];
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
        resultCount={variants?.length ?? 0}
        countingOn={everything === undefined && firstPage?.length === FIRST_PAGE}
        selectedIds={selected}
        selectionActions={
          // Views built elsewhere may load their own chunk; the header must not wait for them.
          <Suspense>{slots.selectionActions?.(ticked)}</Suspense>
        }
      />
      <FilterBar />
      {variants === undefined ? (
        <p role="status" className="px-6 text-[13px] text-fg-muted">
          Reading the gallery…
        </p>
      ) : variants.length === 0 ? (
        <EmptyState filtered={filtered} />
      ) : (
        <GalleryGrid
          variants={variants}
          selectedIds={selected}
          onOpen={showDetail}
          onToggleSelected={toggleSelected}
        />
      )}
      {detail && (
        <GalleryDetail
          key={detail.variant.id}
          entry={detail}
          actions={<Suspense>{slots.detailActions?.(detail)}</Suspense>}
          touchUp={slots.touchUp}
        />
      )}
    </section>
  );
}

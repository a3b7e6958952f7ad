/**
 * The gallery's results as a virtualised grid: rows of cards as wide as the window allows, and only the
 * rows in view (plus a few either side) in the DOM, so thousands of results scroll as lightly as ten.
 * https://tanstack.com/virtual/latest/docs/api/virtualizer
 */
import { defaultRangeExtractor, useVirtualizer } from '@tanstack/react-virtual';
import {
  memo,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type FocusEvent,
  type ReactNode,
} from 'react';
import type { VariantRecord } from '../../storage/records.ts';
import { useGalleryEntries } from '../../studio/index.ts';
import { GalleryCard } from './GalleryCard.tsx';
import {
  CARD_GAP_PX,
  estimatedRowHeight,
  gridLayout,
  rowItems,
  rowsToRender,
  type GridLayout,
} from './gridLayout.ts';

/** Rows rendered beyond each edge of the view: enough that Tab always finds the next card already there. */
const OVERSCAN_ROWS = 2;
/** The list's bottom padding (pb-6), kept when the virtualiser scrolls a row into view. */
const PADDING_END_PX = 24;

/**
 * How long a row stays in the DOM before its cards are built and read their images. Rows that only fly
 * past while the scrollbar is dragged or flung never build any; the rows overscanned below the view have
 * theirs before they come into sight at an ordinary pace.
 */
const ROW_SETTLE_MS = 90;

/** False until the component has been mounted for `ms`. */
function useSettled(ms: number): boolean {
  const [settled, setSettled] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(true), ms);
    return () => clearTimeout(timer);
  }, [ms]);
  return settled;
}

/** The element's content width (inside its padding), known before the first paint and kept current. */
function useContentWidth(element: HTMLElement | null): number | null {
  const [width, setWidth] = useState<number | null>(null);
  useLayoutEffect(() => {
    if (!element) return;
    const measure = () => {
      const style = getComputedStyle(element);
      setWidth(element.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [element]);
  return width;
}

interface RowProps {
  variants: readonly VariantRecord[];
  row: number;
  layout: GridLayout;
  /** The row's offset from the top of the grid. */
  top: number;
  measure: (element: HTMLElement | null) => void;
  selectedIds: readonly string[];
  onOpen: (variantId: string) => void;
  onToggleSelected: (variantId: string) => void;
}

/** A card's place in the list, for assistive technology: only some of the list is ever in the DOM. */
function Item(props: { position: number; size: number; children: ReactNode }) {
  return (
    <div role="listitem" aria-posinset={props.position} aria-setsize={props.size}>
      {props.children}
    </div>
  );
}

/** A row's cards with their images, read once the row has settled in view. */
function RowCards(props: Omit<RowProps, 'measure'> & { start: number; end: number }) {
  const variants = props.variants.slice(props.start, props.end);
  const entries = useGalleryEntries(variants.map((variant) => variant.id));
  const entryOf = new Map(entries?.map((entry) => [entry.variant.id, entry]));
  return variants.map((variant, column) => (
    <Item key={variant.id} position={props.start + column + 1} size={props.variants.length}>
      <GalleryCard
        variant={variant}
        entry={entryOf.get(variant.id)}
        selected={props.selectedIds.includes(variant.id)}
        onOpen={() => props.onOpen(variant.id)}
        onToggleSelected={() => props.onToggleSelected(variant.id)}
      />
    </Item>
  ));
}

/**
 * One row of cards. Memoised: scrolling re-renders the grid every frame, and only rows that arrive or
 * move need to render. A row that has just arrived shows blank cards of the same size until it has
 * settled, so dragging the scrollbar across thousands of results builds no cards on the way.
 */
const GalleryRow = memo(function GalleryRow({ measure, ...props }: RowProps) {
  const { start, end } = rowItems(props.row, props.layout, props.variants.length);
  const settled = useSettled(ROW_SETTLE_MS);
  return (
    <div
      ref={measure}
      data-index={props.row}
      className="absolute top-0 left-0 grid w-full items-start"
      style={{
        transform: `translateY(${props.top}px)`,
        gap: CARD_GAP_PX,
        gridTemplateColumns: `repeat(${props.layout.columns}, minmax(0, 1fr))`,
      }}
    >
      {settled ? (
        <RowCards {...props} start={start} end={end} />
      ) : (
        props.variants.slice(start, end).map((variant, column) => (
          <Item key={variant.id} position={start + column + 1} size={props.variants.length}>
            <div
              className="rounded-lg border border-line bg-panel"
              style={{ height: estimatedRowHeight(props.layout) }}
            />
          </Item>
        ))
      )}
    </div>
  );
});

export function GalleryGrid(props: {
  variants: readonly VariantRecord[];
  selectedIds: readonly string[];
  onOpen: (variantId: string) => void;
  onToggleSelected: (variantId: string) => void;
}) {
  const { variants } = props;
  // A state, not a ref: the width and the virtualiser both need the element once it is mounted.
  const [list, setList] = useState<HTMLDivElement | null>(null);
  const width = useContentWidth(list);
  const layout = useMemo(() => gridLayout(width ?? 0, variants.length), [width, variants.length]);
  const focusedRow = useRef<number | null>(null);

  // The React Compiler would not memoise around the virtualiser's mutable instance; this build does not use
  // the compiler, and the component re-renders on every scroll as the virtualiser expects.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: width === null ? 0 : layout.rows,
    getScrollElement: () => list,
    estimateSize: () => estimatedRowHeight(layout),
    gap: CARD_GAP_PX,
    paddingEnd: PADDING_END_PX,
    scrollPaddingEnd: PADDING_END_PX,
    overscan: OVERSCAN_ROWS,
    rangeExtractor: useCallback(
      (range: Parameters<typeof defaultRangeExtractor>[0]) =>
        rowsToRender(defaultRangeExtractor(range), focusedRow.current, range.count),
      [],
    ),
  });
  // Rows are measured at their laid-out height; a new column count changes every row's.
  useLayoutEffect(() => virtualizer.measure(), [virtualizer, layout.columns]);

  const rowOf = (event: FocusEvent) => {
    const row = (event.target as Element).closest<HTMLElement>('[data-index]')?.dataset.index;
    return row === undefined ? null : Number(row);
  };

  return (
    <div
      ref={setList}
      role="list"
      aria-label="Results"
      onFocus={(event) => {
        focusedRow.current = rowOf(event);
      }}
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget)) focusedRow.current = null;
      }}
      className="min-h-0 flex-1 overflow-y-auto px-6"
    >
      <div className="relative w-full" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((row) => (
          <GalleryRow
            key={row.key}
            variants={variants}
            row={row.index}
            layout={layout}
            top={row.start}
            measure={virtualizer.measureElement}
            selectedIds={props.selectedIds}
            onOpen={props.onOpen}
            onToggleSelected={props.onToggleSelected}
          />
        ))}
      </div>
    </div>
  );
}

import { useRef, type RefObject, type UIEvent } from 'react';
import type { ComparedImage } from './comparedImage.ts';

/** Fit shows both whole; the others show image pixels at that many screen pixels, panes scrolling together. */
export const ZOOMS = ['fit', 1, 2] as const;
export type Zoom = (typeof ZOOMS)[number];

export interface SidePane {
  image: ComparedImage | null;
  label: string;
  alt: string;
}

function Pane({
  pane,
  zoom,
  scrollRef,
  onScroll,
}: {
  pane: SidePane;
  zoom: Zoom;
  scrollRef: RefObject<HTMLDivElement | null>;
  onScroll: (event: UIEvent<HTMLDivElement>) => void;
}) {
  const { image } = pane;
  const url = image?.url ?? null;
  return (
    <figure className="flex min-h-0 min-w-0 flex-1 flex-col gap-2">
      <figcaption className="shrink-0 truncate text-[12px] text-fg-muted">{pane.label}</figcaption>
      <div
        ref={scrollRef}
        onScroll={onScroll}
        className={`min-h-0 flex-1 rounded-md border border-line ${zoom === 'fit' ? 'overflow-hidden [container-type:size]' : 'overflow-auto'}`}
      >
        {image && url ? (
          <img
            src={url}
            alt={pane.alt}
            draggable={false}
            className="checkerboard mx-auto block max-w-none"
            style={
              zoom === 'fit'
                ? {
                    width: `min(100cqw, 100cqh * ${image.width / image.height})`,
                    aspectRatio: `${image.width} / ${image.height}`,
                  }
                : { width: image.width * zoom, height: image.height * zoom }
            }
          />
        ) : (
          <div className="grid size-full place-items-center text-[12px] text-fg-faint">No image arrived</div>
        )}
      </div>
    </figure>
  );
}

/** Two images next to each other; zoomed in, scrolling one pane scrolls the other to the same place. */
export function SideBySide(props: { left: SidePane; right: SidePane; zoom: Zoom }) {
  const leftPane = useRef<HTMLDivElement>(null);
  const rightPane = useRef<HTMLDivElement>(null);
  // A scroll we set on the other pane fires its own scroll event; that echo must not be mirrored back.
  const echo = useRef<HTMLDivElement | null>(null);

  const mirror = (event: UIEvent<HTMLDivElement>) => {
    const source = event.currentTarget;
    if (echo.current === source) {
      echo.current = null;
      return;
    }
    const target = source === leftPane.current ? rightPane.current : leftPane.current;
    if (!target) return;
    const fraction = (position: number, extent: number) => (extent > 0 ? position / extent : 0);
    const left = fraction(source.scrollLeft, source.scrollWidth - source.clientWidth);
    const top = fraction(source.scrollTop, source.scrollHeight - source.clientHeight);
    const nextLeft = Math.round(left * (target.scrollWidth - target.clientWidth));
    const nextTop = Math.round(top * (target.scrollHeight - target.clientHeight));
    if (nextLeft === Math.round(target.scrollLeft) && nextTop === Math.round(target.scrollTop)) return;
    echo.current = target;
    target.scrollTo({ left: nextLeft, top: nextTop });
  };

  return (
    <div className="flex min-h-0 flex-1 gap-4 p-4">
      <Pane pane={props.left} zoom={props.zoom} scrollRef={leftPane} onScroll={mirror} />
      <Pane pane={props.right} zoom={props.zoom} scrollRef={rightPane} onScroll={mirror} />
    </div>
  );
}

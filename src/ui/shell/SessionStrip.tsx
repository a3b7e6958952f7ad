import { leadImage, runFinals, runStatus, type Run, type StudioImage } from '../../state/run.ts';
import { useStudioState } from '../../studio/index.ts';
import { useThumbnail } from '../../studio/queries.ts';
import { fullSizeImagesOfRuns, useOpenFullSize } from '../kit/fullSize.tsx';
import { startResultDrag } from '../kit/resultDrag.ts';
import { useObjectUrl } from '../kit/useObjectUrl.ts';

/**
 * A card's picture: the image's thumbnail, never its full size (a long session would decode megabytes per
 * card). A drag still takes the full-size image to the board.
 */
function StripThumbnail({ image }: { image: StudioImage }) {
  const url = useObjectUrl(useThumbnail(image));
  return (
    <span className="checkerboard block size-full">
      {url && (
        <img
          src={url}
          alt=""
          onDragStart={(event) => startResultDrag(event, image)}
          className="size-full object-cover"
        />
      )}
    </span>
  );
}

/**
 * This session's results, newest first; a click puts one back on the canvas, a double-click opens it at
 * full size (stepping on through the others), a drag takes it to the board. `compact` (Edit mode) gives the
 * mask the height of smaller cards: there the strip is a source of references, not the way to the results.
 */
export function SessionStrip({
  runs,
  selectedId,
  compact = false,
}: {
  runs: readonly Run[];
  selectedId: string | null;
  compact?: boolean;
}) {
  const select = useStudioState((state) => state.session.select);
  const openFullSize = useOpenFullSize();
  const shown = runs.filter((run) => leadImage(run) !== null);
  if (shown.length === 0) return null;
  return (
    <nav
      aria-label="Session results"
      className={`flex shrink-0 gap-2 overflow-x-auto px-6 ${compact ? 'pb-2' : 'pb-4'}`}
    >
      {shown.map((run) => {
        const image = leadImage(run)!;
        const selected = run.id === selectedId;
        return (
          <button
            key={run.id}
            type="button"
            aria-pressed={selected}
            aria-label={`Show result: ${run.request.prompt.slice(0, 60)}`}
            title={`${run.request.prompt}\n\nDouble-click to open at full size`}
            onClick={() => select(run.id)}
            onDoubleClick={() => openFullSize?.(fullSizeImagesOfRuns(shown), image.id)}
            className={`relative ${compact ? 'size-11' : 'size-14'} shrink-0 overflow-hidden rounded-md border transition focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none ${
              selected ? 'border-accent ring-1 ring-accent/60' : 'border-line opacity-70 hover:opacity-100'
            }`}
          >
            <StripThumbnail image={image} />
            {runFinals(run).length > 1 && (
              <span className="absolute right-0.5 bottom-0.5 rounded bg-black/70 px-1 text-[10px] text-white">
                {runFinals(run).length}
              </span>
            )}
            {runStatus(run) !== 'done' && runStatus(run) !== 'streaming' && (
              <span aria-hidden className="absolute inset-x-0 bottom-0 h-0.5 bg-warn" />
            )}
          </button>
        );
      })}
    </nav>
  );
}

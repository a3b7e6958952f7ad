/**
 * A run's images as they arrive: one large, or a grid where every variant refines in its own cell, each
 * partial fading in over the one before. The generate canvas and the edit result both show runs this way.
 * A click on an image opens it at full size, a drag takes it to the reference board, and the cells of a
 * run of several can be picked for comparing.
 */
import { useState, type ReactNode } from 'react';
import { formatSize, parseSize } from '../../contract/index.ts';
import { variantImage, type Run, type StudioImage, type Variant } from '../../state/run.ts';
import { ExpandIcon } from './icons.tsx';
import {
  DRIFT_MAP_ALT,
  useInpaintImages,
  type InpaintImageRecords,
  type InpaintShow,
} from './InpaintParts.tsx';
import { STATUS_LABELS } from './format.ts';
import { startResultDrag } from './resultDrag.ts';

/** What a designer can do with the images shown; each is offered only when given. */
export interface RunImageActions {
  /** Opens the variant's image at full size. */
  onOpen?: (variant: Variant) => void;
  /** The variants picked for comparing, and how a pick is toggled. */
  picks?: { picked: readonly string[]; toggle: (variant: Variant) => void };
  /**
   * For masked edits: what each cell shows (the composite, the model's output, or the drift map over the
   * composite), and each final's stored parts by its image id.
   */
  inpaint?: { show: InpaintShow; parts: ReadonlyMap<string, InpaintImageRecords> };
  /**
   * For a region edit: the image its crop was cut from and where, so a partial (the crop as the model
   * answers it) shows in place on the dimmed source, not as a picture of its own.
   */
  partialPlace?: PartialPlace | null;
  /** What each arrived image's corner offers besides opening it (touching it up, taking it as the source). */
  cellActions?: readonly CellAction[];
}

/** A button over an image's corner: an icon, its name for the image ("Touch up image 2") and what it does. */
export interface CellAction {
  label: (imageName: string) => string;
  title: string;
  icon: ReactNode;
  offered: (variant: Variant) => boolean;
  perform: (variant: Variant) => void;
}

/** A region edit's source (its URL and natural size) and the box of it that was sent. */
export interface PartialPlace {
  sourceUrl: string;
  size: { width: number; height: number };
  box: { left: number; top: number; width: number; height: number };
}

/**
 * Shows an image and, when it changes, fades the new one in over the old so partials refine in place.
 * The layers share one grid cell sized to the (absolutely positioned, so definite) box around them: that
 * makes `max-h-full` resolve, so an image of any aspect ratio fits without overflowing.
 */
/** True when both sizes are known and of one aspect ratio, or either is not known (`auto`). */
function sameShape(a: StudioImage, b: StudioImage): boolean {
  const [first, second] = [parseSize(a.size), parseSize(b.size)];
  return !first || !second || Math.abs(first.width / first.height - second.width / second.height) < 0.01;
}

function CrossfadeImage({ image, alt, onOpen }: { image: StudioImage; alt: string; onOpen?: () => void }) {
  const [layers, setLayers] = useState<StudioImage[]>([image]);
  // Derived from props during render (React's "storing information from previous renders" pattern). The
  // image before fades out under the new one only when they have one shape: a region edit's partials are
  // its crop, and would show around the composite of the whole source.
  const previous = layers.at(-1)!;
  if (previous.url !== image.url) setLayers(sameShape(previous, image) ? [previous, image] : [image]);
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
              // The newest image is what a drag takes (full size, whatever the strip shows) and a click opens.
              draggable={top}
              onDragStart={top ? (event) => startResultDrag(event, layer) : undefined}
              onClick={top ? onOpen : undefined}
              className={`checkerboard col-start-1 row-start-1 max-h-full max-w-full rounded-sm object-contain shadow-2xl shadow-black/60 ${top && layers.length > 1 ? 'animate-fade-in' : ''} ${top && onOpen ? 'cursor-zoom-in' : ''}`}
            />
          );
        })}
      </div>
    </div>
  );
}

/** The box an image of `size` fills when fitted to its (size-container) cell, like object-fit: contain. */
function fittedBoxStyle(dims: { width: number; height: number } | null) {
  if (!dims) return { width: '100cqw', height: '100cqh' };
  return {
    aspectRatio: `${dims.width} / ${dims.height}`,
    width: `min(100cqw, ${(dims.width / dims.height) * 100}cqh)`,
  };
}

/** A partial of a region edit in its place on the source, which is dimmed around it. */
function PlacedPartial({ place, image, alt }: { place: PartialPlace; image: StudioImage; alt: string }) {
  const { size, box } = place;
  const share = (part: number, whole: number) => `${(part / whole) * 100}%`;
  const boxStyle = {
    left: share(box.left, size.width),
    top: share(box.top, size.height),
    width: share(box.width, size.width),
    height: share(box.height, size.height),
  };
  return (
    <div className="relative h-full w-full" style={{ containerType: 'size' }}>
      <div className="absolute inset-0 grid place-items-center">
        <div
          className="relative overflow-hidden rounded-sm shadow-2xl shadow-black/60"
          style={fittedBoxStyle(size)}
        >
          <img
            src={place.sourceUrl}
            alt=""
            draggable={false}
            className="absolute inset-0 h-full w-full opacity-45"
          />
          <img src={image.url} alt={alt} draggable={false} className="absolute" style={boxStyle} />
          <div aria-hidden className="pointer-events-none absolute ring-1 ring-accent/80" style={boxStyle} />
        </div>
      </div>
    </div>
  );
}

/**
 * The drift map over the composite, in the box the composite's <img> takes: fitted to the cell like it, and
 * never past the composite's natural size, which `max-w-full max-h-full` leave it at in a larger cell.
 */
function DriftOverlay({ url, size }: { url: string; size: string }) {
  const dims = parseSize(size);
  if (!dims) return null;
  return (
    <div className="pointer-events-none absolute inset-0" style={{ containerType: 'size' }}>
      <div className="absolute inset-0 grid place-items-center">
        <img
          src={url}
          alt={DRIFT_MAP_ALT}
          draggable={false}
          className="block rounded-sm"
          style={{
            aspectRatio: `${dims.width} / ${dims.height}`,
            width: `min(100cqw, ${(dims.width / dims.height) * 100}cqh, ${dims.width}px)`,
          }}
        />
      </div>
    </div>
  );
}

/**
 * The frame an image fills, fitted to the stage at its requested aspect ratio: shimmering while one is
 * coming, dashed and saying so when the variant ended before any image arrived (so a batch's empty cells
 * keep their place instead of collapsing to a floating label).
 */
function ImageFrame({
  size,
  label,
  ended,
  children,
}: {
  size: string;
  label: string;
  ended?: string;
  /** Drawn inside the frame, over it (a provider's progress). */
  children?: ReactNode;
}) {
  return (
    // A size container, so the frame can fit itself with cqw/cqh like object-fit: contain.
    <div className="relative h-full w-full" style={{ containerType: 'size' }}>
      <div className="absolute inset-0 grid place-items-center">
        <div
          role="img"
          aria-label={label}
          style={fittedBoxStyle(parseSize(size) ?? { width: 1, height: 1 })}
          className={
            ended
              ? 'grid place-items-center rounded-sm border border-dashed border-line-strong p-3 text-center text-[12px] text-fg-muted'
              : 'shimmer relative rounded-sm border border-line'
          }
        >
          {ended}
          {children}
        </div>
      </div>
    </div>
  );
}

/**
 * A provider that works before it answers (a task gateway) says how far it is; the frame shows it as a bar,
 * since no partial image will come to show progress instead.
 */
function ProviderProgressBar({ stage, progress }: NonNullable<Variant['progress']>) {
  const words = stage === 'queued' ? 'Queued at the provider' : `Working: ${progress}%`;
  return (
    <div className="pointer-events-none absolute inset-x-4 bottom-4 flex flex-col gap-1.5 text-[11px] text-fg-muted">
      <span aria-hidden>{words}</span>
      <div
        role="progressbar"
        aria-label="Provider progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={progress}
        aria-valuetext={words}
        className="h-1 overflow-hidden rounded-full bg-line"
      >
        <div className="h-full bg-accent transition-[width] duration-300" style={{ width: `${progress}%` }} />
      </div>
    </div>
  );
}

const cornerButton =
  'pointer-events-auto grid size-8 place-items-center rounded-md border border-white/15 bg-black/60 text-white shadow-md backdrop-blur transition hover:bg-black/80 focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none';

/**
 * Over the image's own corner (not the cell's, which can be wider): the keyboard's way to open it, and the
 * tick that picks it for comparing. Shown on hover or focus, and the tick always while anything is picked.
 */
function ImageControls(props: {
  image: StudioImage;
  name: string;
  onOpen?: () => void;
  actions: readonly { label: string; title: string; icon: ReactNode; perform: () => void }[];
  pick?: { picked: boolean; picking: boolean; toggle: () => void };
}) {
  // A keyboard's focus on any of them shows them all, as a hover does: one icon alone says little.
  const reveal = 'opacity-0 group-hover:opacity-100 group-has-[:focus-visible]:opacity-100';
  return (
    <div className="pointer-events-none absolute inset-0" style={{ containerType: 'size' }}>
      <div className="absolute inset-0 grid place-items-center">
        <div className="relative" style={fittedBoxStyle(parseSize(props.image.size))}>
          <div className="absolute top-2 right-2 flex gap-1.5">
            {props.pick && (
              <label
                title={props.pick.picked ? 'Picked for comparing' : 'Pick for comparing'}
                className={`${cornerButton} relative cursor-pointer has-[:focus-visible]:opacity-100 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-accent/70 ${props.pick.picked ? 'border-accent bg-accent/85 hover:bg-accent' : ''} ${props.pick.picking || props.pick.picked ? '' : reveal}`}
              >
                <input
                  type="checkbox"
                  // Over the whole tick, so the box itself takes the click (and the focus ring shows on it).
                  className="absolute inset-0 m-0 cursor-pointer appearance-none opacity-0"
                  aria-label={`Pick ${props.name} for comparing`}
                  checked={props.pick.picked}
                  onChange={props.pick.toggle}
                />
                <svg aria-hidden viewBox="0 0 16 16" className="pointer-events-none size-4">
                  {props.pick.picked ? (
                    <path
                      d="M3.5 8.5l3 3 6-7"
                      fill="none"
                      stroke="currentColor"
                      strokeWidth="2"
                      strokeLinecap="round"
                      strokeLinejoin="round"
                    />
                  ) : (
                    <rect
                      x="3"
                      y="3"
                      width="10"
                      height="10"
                      rx="2"
                      fill="none"
                      stroke="currentColor"
                      strokeWidth="1.5"
                    />
                  )}
                </svg>
              </label>
            )}
            {props.actions.map((action) => (
              <button
                key={action.label}
                type="button"
                aria-label={action.label}
                title={action.title}
                onClick={action.perform}
                className={`${cornerButton} ${reveal}`}
              >
                {action.icon}
              </button>
            ))}
            {props.onOpen && (
              <button
                type="button"
                aria-label={`Open ${props.name} at full size`}
                title="Open at full size (or click the image)"
                onClick={props.onOpen}
                className={`${cornerButton} ${reveal}`}
              >
                <ExpandIcon />
              </button>
            )}
          </div>
        </div>
      </div>
    </div>
  );
}

function imageAlt(run: Run, index: number, variant: Variant, image: StudioImage, raw: boolean): string {
  const edit = run.request.kind === 'edit';
  const count = run.request.n;
  const which = count > 1 ? ` ${index + 1} of ${count}` : '';
  const what = raw
    ? `Model's output${which}`
    : variant.final
      ? `${edit ? 'Edited image' : 'Final image'}${which}`
      : `${edit ? 'Partial edit' : 'Partial image'} ${variant.partialCount}${count > 1 ? ` of image${which}` : ''}`;
  return `${what}: ${run.request.prompt.slice(0, 120)} (${image.size})`;
}

const GRID_GAP_PX = 12;

/** One variant's cell: its final, else its newest partial, else a frame waiting for it. */
function VariantImage({ run, index, actions }: { run: Run; index: number; actions: RunImageActions }) {
  const variant = run.variants[index]!;
  const { onOpen, picks, inpaint, partialPlace, cellActions = [] } = actions;
  const parts = useInpaintImages(variant.final && inpaint?.parts.get(variant.final.id));
  const show = inpaint?.show ?? 'composite';
  const raw: StudioImage | null =
    show === 'raw' && parts.raw ? { ...parts.raw, size: formatSize(parts.raw) } : null;
  // The model's output replaces the composite (crossfading like a partial); the drift map lies over it.
  const image = raw ?? variantImage(variant);
  const drift = show === 'drift' && image ? parts.drift : null;
  const several = run.request.n > 1;
  const waiting = several
    ? `Image ${index + 1} of ${run.request.n}, waiting`
    : 'Waiting for the first partial image';
  const open = onOpen && (() => onOpen(variant));
  const name = several ? `image ${index + 1}` : 'the image';
  return (
    <div className="group relative h-full w-full">
      {image && !variant.final && partialPlace ? (
        <PlacedPartial place={partialPlace} image={image} alt={imageAlt(run, index, variant, image, false)} />
      ) : image ? (
        <>
          <CrossfadeImage
            image={image}
            alt={imageAlt(run, index, variant, image, raw !== null)}
            onOpen={open}
          />
          {drift && <DriftOverlay url={drift.url} size={image.size} />}
          <ImageControls
            image={image}
            name={name}
            onOpen={open}
            actions={cellActions
              .filter((action) => action.offered(variant))
              .map((action) => ({
                ...action,
                label: action.label(name),
                perform: () => action.perform(variant),
              }))}
            pick={
              picks && several
                ? {
                    picked: picks.picked.includes(variant.id),
                    picking: picks.picked.length > 0,
                    toggle: () => picks.toggle(variant),
                  }
                : undefined
            }
          />
        </>
      ) : variant.status === 'streaming' ? (
        <ImageFrame size={run.request.size} label={waiting}>
          {variant.progress && <ProviderProgressBar {...variant.progress} />}
        </ImageFrame>
      ) : (
        <ImageFrame
          size={run.request.size}
          label={`${several ? `Image ${index + 1} of ${run.request.n}` : 'The image'}: ${STATUS_LABELS[variant.status]}, no image arrived`}
          ended={`${STATUS_LABELS[variant.status]} before any image arrived`}
        />
      )}
      {run.request.n > 1 && variant.status !== 'streaming' && variant.status !== 'done' && (
        <span className="absolute left-2 top-2 rounded bg-black/70 px-1.5 py-0.5 text-[11px] text-white">
          {STATUS_LABELS[variant.status]}
        </span>
      )}
    </div>
  );
}

/** The run's images: one large, or a grid where every variant refines in its own cell. */
export function RunImages({ run, ...actions }: { run: Run } & RunImageActions) {
  const { n: count, size } = run.request;
  if (count === 1) return <VariantImage run={run} index={0} actions={actions} />;
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
            <VariantImage run={run} index={index} actions={actions} />
          </div>
        ))}
      </div>
    </div>
  );
}

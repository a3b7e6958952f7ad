/**
 * The reference board: the images an edit sends, in order. The first is the edit target (the mask applies
 * to it). Add by picker, drop or paste; drag a thumbnail to reorder (or use its arrow buttons); remove.
 */
import { useRef, useState, type DragEvent } from 'react';
import { formatBytes } from '../../contract/index.ts';
import type { BoardImage } from '../../state/board.ts';
import { useBoardStore, type BoardNotice } from '../../state/boardStore.ts';
import { addFilesToBoard, incomingFromTransfer } from './addToBoard.ts';

/** The drag type of a thumbnail being reordered, so it is never mistaken for a file being added. */
const BOARD_DRAG_TYPE = 'application/x-atelier-board-index';

/** A small icon button over a thumbnail (reorder, remove), shown on hover and focus. */
function ThumbnailButton(props: {
  label: string;
  title: string;
  iconPath: string;
  onClick: () => void;
  disabled?: boolean;
  danger?: boolean;
}) {
  return (
    <button
      type="button"
      aria-label={props.label}
      title={props.title}
      disabled={props.disabled}
      onClick={props.onClick}
      className={`grid size-6 place-items-center rounded-md bg-canvas/80 text-fg-muted backdrop-blur transition hover:bg-active focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none disabled:opacity-30 ${props.danger ? 'hover:text-danger' : 'hover:text-fg'}`}
    >
      <svg
        aria-hidden
        viewBox="0 0 12 12"
        className="size-3"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.6"
      >
        <path d={props.iconPath} />
      </svg>
    </button>
  );
}

/** Drops files or studio results; reorders when the drag came from the board itself. */
export async function dropOnBoard(event: DragEvent, limit: number, targetIndex: number | null) {
  event.preventDefault();
  const store = useBoardStore.getState();
  const from = event.dataTransfer.getData(BOARD_DRAG_TYPE);
  if (from !== '') {
    if (targetIndex !== null) store.move(Number(from), targetIndex);
    return;
  }
  const incoming = await incomingFromTransfer(event.dataTransfer);
  if (incoming.length === 0) {
    store.notify('error', 'Nothing to add: drop image files, or images from the studio’s results.');
    return;
  }
  await addFilesToBoard(incoming, limit);
}

function Thumbnail(props: { image: BoardImage; index: number; count: number; limit: number }) {
  const { image, index, count } = props;
  const [dropping, setDropping] = useState(false);
  const store = useBoardStore.getState;
  const first = index === 0;
  return (
    <li
      draggable
      aria-label={`${index + 1}. ${image.name}${first ? ', edit target' : ''}`}
      onDragStart={(event) => {
        event.dataTransfer.setData(BOARD_DRAG_TYPE, String(index));
        event.dataTransfer.effectAllowed = 'move';
      }}
      onDragOver={(event) => {
        event.preventDefault();
        setDropping(true);
      }}
      onDragLeave={() => setDropping(false)}
      onDrop={(event) => {
        event.stopPropagation();
        setDropping(false);
        void dropOnBoard(event, props.limit, index);
      }}
      className={`group relative flex w-28 shrink-0 cursor-grab flex-col gap-1.5 rounded-lg border p-1.5 transition active:cursor-grabbing ${
        first ? 'border-accent/70 bg-accent/10' : 'border-line bg-raised hover:border-line-strong'
      } ${dropping ? 'ring-2 ring-accent' : ''}`}
    >
      <div className="checkerboard relative h-16 overflow-hidden rounded-md">
        <img src={image.url} alt={image.name} draggable={false} className="h-full w-full object-cover" />
        {first && (
          <span
            title="The mask applies here: the API applies it to the first image"
            className="absolute bottom-1 left-1 rounded bg-accent px-1.5 py-px text-[10px] font-semibold whitespace-nowrap text-accent-fg shadow"
          >
            Edit target
          </span>
        )}
        <div className="absolute top-1 right-1 flex gap-1 opacity-0 transition group-focus-within:opacity-100 group-hover:opacity-100">
          <ThumbnailButton
            label={`Move ${image.name} earlier`}
            title="Move earlier"
            disabled={first}
            onClick={() => store().move(index, index - 1)}
            iconPath="M7.5 2.5L4 6l3.5 3.5"
          />
          <ThumbnailButton
            label={`Move ${image.name} later`}
            title="Move later"
            disabled={index === count - 1}
            onClick={() => store().move(index, index + 1)}
            iconPath="M4.5 2.5L8 6 4.5 9.5"
          />
          <ThumbnailButton
            label={`Remove ${image.name}`}
            title="Remove from the board"
            onClick={() => store().remove(image.id)}
            iconPath="M3 3l6 6M9 3L3 9"
            danger
          />
        </div>
      </div>
      <div className="min-w-0 px-0.5">
        <p className="truncate text-[11px] font-medium text-fg" title={image.name}>
          {image.name}
        </p>
        <p className="text-[10px] leading-tight tabular-nums text-fg-muted">
          {image.width} × {image.height}
          <br />
          {formatBytes(image.blob.size)}
        </p>
      </div>
    </li>
  );
}

function Notice({ notice }: { notice: BoardNotice }) {
  const error = notice.tone === 'error';
  return (
    <div
      role={error ? 'alert' : 'status'}
      className={`flex items-start gap-2 rounded-lg border px-3 py-1.5 text-[12px] leading-snug ${
        error ? 'border-danger/50 bg-danger/10 text-fg' : 'border-warn/40 bg-warn/10 text-fg'
      }`}
    >
      <span
        aria-hidden
        className={`mt-1.5 size-1.5 shrink-0 rounded-full ${error ? 'bg-danger' : 'bg-warn'}`}
      />
      <span className="flex-1">{notice.text}</span>
      <button
        type="button"
        aria-label="Dismiss"
        onClick={() => useBoardStore.getState().dismiss(notice.id)}
        className="text-fg-muted transition hover:text-fg"
      >
        ×
      </button>
    </div>
  );
}

/** Opens the file picker; shared by the board and the empty edit canvas. */
export function AddImagesButton({ limit, prominent = false }: { limit: number; prominent?: boolean }) {
  const inputRef = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={inputRef}
        type="file"
        multiple
        accept="image/*"
        aria-label="Image files"
        className="sr-only"
        tabIndex={-1}
        onChange={(event) => {
          const files = [...(event.target.files ?? [])].map((file) => ({
            blob: file as Blob,
            name: file.name,
          }));
          event.target.value = '';
          void addFilesToBoard(files, limit);
        }}
      />
      <button
        type="button"
        onClick={() => inputRef.current?.click()}
        className={
          prominent
            ? 'rounded-md bg-accent px-4 py-1.5 text-[13px] font-semibold text-accent-fg shadow-sm transition hover:brightness-110 focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none'
            : 'rounded-md border border-line bg-raised px-2.5 py-1 text-[12px] font-medium text-fg transition hover:border-line-strong hover:bg-active focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none'
        }
      >
        Add images…
      </button>
    </>
  );
}

export function BoardNotices() {
  const notices = useBoardStore((store) => store.notices);
  if (notices.length === 0) return null;
  return (
    <div className="flex flex-col gap-1.5">
      {notices.map((notice) => (
        <Notice key={notice.id} notice={notice} />
      ))}
    </div>
  );
}

/** Shown once an image is on the board; before that the empty edit canvas invites the first ones. */
export function ReferenceBoard({ limit }: { limit: number }) {
  const images = useBoardStore((store) => store.images);
  if (images.length === 0) return null;
  return (
    <section
      aria-label="Reference board"
      onDragOver={(event) => event.preventDefault()}
      onDrop={(event) => void dropOnBoard(event, limit, images.length - 1)}
      className="flex flex-col gap-2 rounded-xl border border-line bg-panel/80 px-3 py-2.5"
    >
      <div className="flex items-center justify-between gap-3">
        <h2 className="text-[11px] font-medium uppercase tracking-[0.08em] text-fg-muted">
          References{' '}
          <span className="ml-1 tabular-nums normal-case tracking-normal text-fg-faint">
            {images.length} / {limit}
          </span>
        </h2>
        <div className="flex items-center gap-3">
          <span className="text-[11px] text-fg-faint">Drop, paste or</span>
          <AddImagesButton limit={limit} />
        </div>
      </div>
      <ol aria-label="Reference images" className="flex gap-2 overflow-x-auto pb-1">
        {images.map((image, index) => (
          <Thumbnail key={image.id} image={image} index={index} count={images.length} limit={limit} />
        ))}
      </ol>
    </section>
  );
}

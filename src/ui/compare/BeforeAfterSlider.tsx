import { useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { ComparedImage } from './comparedImage.ts';

const clampPercent = (value: number) => Math.min(100, Math.max(0, value));

/** Arrow keys nudge, Page keys and Shift+arrows jump a tenth, Home and End show one image whole. */
function nextPosition(position: number, event: KeyboardEvent): number | null {
  const step = event.shiftKey ? 10 : 1;
  switch (event.key) {
    case 'ArrowLeft':
    case 'ArrowDown':
      return clampPercent(position - step);
    case 'ArrowRight':
    case 'ArrowUp':
      return clampPercent(position + step);
    case 'PageDown':
      return clampPercent(position - 10);
    case 'PageUp':
      return clampPercent(position + 10);
    case 'Home':
      return 0;
    case 'End':
      return 100;
    default:
      return null;
  }
}

/**
 * The two images stacked in one frame of the result's aspect, the source shown left of the divider. The
 * frame is sized with container units so it fits the space both ways without measuring it.
 */
export function BeforeAfterSlider(props: {
  before: ComparedImage;
  after: ComparedImage;
  afterName: string;
  /** What the two sides are called: Before and After for an edit, the variants' names otherwise. */
  names?: [string, string];
}) {
  const [position, setPosition] = useState(50);
  const [beforeName, afterLabel] = props.names ?? ['Before', 'After'];
  const beforeUrl = props.before.url;
  const afterUrl = props.after.url;
  const { width, height } = props.after;

  const moveTo = (event: PointerEvent<HTMLDivElement>) => {
    const frame = event.currentTarget.getBoundingClientRect();
    setPosition(clampPercent(((event.clientX - frame.left) / frame.width) * 100));
  };

  return (
    <div className="min-h-0 flex-1 p-4 [container-type:size]">
      <div
        className="checkerboard relative mx-auto cursor-ew-resize touch-none overflow-hidden rounded-md select-none"
        style={{ width: `min(100cqw, 100cqh * ${width / height})`, aspectRatio: `${width} / ${height}` }}
        onPointerDown={(event) => {
          event.currentTarget.setPointerCapture(event.pointerId);
          moveTo(event);
        }}
        onPointerMove={(event) => {
          if (event.currentTarget.hasPointerCapture(event.pointerId)) moveTo(event);
        }}
      >
        {afterUrl && (
          <img
            src={afterUrl}
            alt={`${afterLabel}: ${props.afterName}`}
            draggable={false}
            className="absolute inset-0 size-full object-contain"
          />
        )}
        {beforeUrl && (
          <img
            src={beforeUrl}
            alt={`${beforeName}: ${props.names ? 'the other image' : 'the source'}`}
            draggable={false}
            className="absolute inset-0 size-full object-contain"
            style={{ clipPath: `inset(0 ${100 - position}% 0 0)` }}
          />
        )}
        <span className="pointer-events-none absolute top-2 left-2 rounded bg-black/65 px-1.5 py-0.5 text-[11px] text-white">
          {beforeName}
        </span>
        <span className="pointer-events-none absolute top-2 right-2 rounded bg-black/65 px-1.5 py-0.5 text-[11px] text-white">
          {afterLabel}
        </span>
        <div
          role="slider"
          tabIndex={0}
          aria-label={`Divider between ${beforeName.toLowerCase()} and ${afterLabel.toLowerCase()}`}
          aria-orientation="horizontal"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.round(position)}
          aria-valuetext={`${Math.round(position)}% ${beforeName.toLowerCase()}`}
          onKeyDown={(event) => {
            const next = nextPosition(position, event);
            if (next === null) return;
            event.preventDefault();
            setPosition(next);
          }}
          className="group absolute inset-y-0 w-6 -translate-x-1/2 outline-none"
          style={{ left: `${position}%` }}
        >
          <span className="absolute inset-y-0 left-1/2 w-0.5 -translate-x-1/2 bg-white shadow-[0_0_0_1px_rgb(0_0_0/0.35)]" />
          <span className="absolute top-1/2 left-1/2 grid size-8 -translate-1/2 place-items-center rounded-full border border-black/20 bg-white text-black shadow-lg group-focus-visible:ring-2 group-focus-visible:ring-accent">
            <svg aria-hidden viewBox="0 0 16 16" className="size-4">
              <path
                d="M6 4L2 8l4 4M10 4l4 4-4 4"
                fill="none"
                stroke="currentColor"
                strokeWidth="1.6"
                strokeLinecap="round"
                strokeLinejoin="round"
              />
            </svg>
          </span>
        </div>
      </div>
    </div>
  );
}

/** The studio's small line icons, drawn in the text colour; each is decorative (its button has a name). */
import type { ComponentProps } from 'react';

type IconProps = ComponentProps<'svg'>;

/** One stroked path with round ends and joins, as the arrow icons are drawn. */
function RoundedPath({ d }: { d: string }) {
  return (
    <path
      d={d}
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
      strokeLinecap="round"
      strokeLinejoin="round"
    />
  );
}

export function CloseIcon({ className = 'size-3.5', ...rest }: IconProps) {
  return (
    <svg aria-hidden viewBox="0 0 16 16" className={className} {...rest}>
      <path d="M3.5 3.5l9 9m0-9l-9 9" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
    </svg>
  );
}

export function DownloadIcon({ className = 'size-3.5', ...rest }: IconProps) {
  return (
    <svg aria-hidden viewBox="0 0 16 16" className={className} {...rest}>
      <RoundedPath d="M8 2v8m0 0L4.5 6.5M8 10l3.5-3.5M3 13h10" />
    </svg>
  );
}

/** Two arrows pointing out of the corners, for opening at full size. */
export function ExpandIcon({ className = 'size-4', ...rest }: IconProps) {
  return (
    <svg aria-hidden viewBox="0 0 16 16" className={className} {...rest}>
      <RoundedPath d="M9.5 2.5h4v4M13.5 2.5L9 7M6.5 13.5h-4v-4M2.5 13.5L7 9" />
    </svg>
  );
}

/** A brush, its handle up to the right and its tip down to the left, for touching up a result. */
export function BrushIcon({ className = 'size-4', ...rest }: IconProps) {
  return (
    <svg aria-hidden viewBox="0 0 16 16" className={className} {...rest}>
      <RoundedPath d="M13.5 2.5L7.8 8.2M6.9 7.3l1.8 1.8M6.6 9.4c-1.3-1.3-3.3-.4-3.3 1.3 0 1.2-.6 2-1.3 2.3 1.8.8 4.2.6 5-.8.5-.9.3-2-.4-2.8z" />
    </svg>
  );
}

/** An arrow turning back into a frame, for taking a result back in as the source of the next edit. */
export function UseAsSourceIcon({ className = 'size-4', ...rest }: IconProps) {
  return (
    <svg aria-hidden viewBox="0 0 16 16" className={className} {...rest}>
      <RoundedPath d="M9.5 2.5h-6a1 1 0 0 0-1 1v9a1 1 0 0 0 1 1h9a1 1 0 0 0 1-1v-6M13.5 2.5L7.5 8.5M7.5 5v3.5H11" />
    </svg>
  );
}

/** A circled exclamation mark, for a problem. */
export function AlertIcon({ className = 'size-4', ...rest }: IconProps) {
  return (
    <svg aria-hidden viewBox="0 0 16 16" className={className} {...rest}>
      <circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
      <path d="M8 4.5v4.2M8 11.2v.3" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
    </svg>
  );
}

/** A die showing five, for picking a number at random. */
export function DiceIcon({ className = 'size-4', ...rest }: IconProps) {
  return (
    <svg aria-hidden viewBox="0 0 16 16" className={className} {...rest}>
      <rect
        x="2.25"
        y="2.25"
        width="11.5"
        height="11.5"
        rx="2.5"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.5"
      />
      {[
        [5.5, 5.5],
        [10.5, 5.5],
        [8, 8],
        [5.5, 10.5],
        [10.5, 10.5],
      ].map(([cx, cy]) => (
        <circle key={`${cx}-${cy}`} cx={cx} cy={cy} r="1.05" fill="currentColor" />
      ))}
    </svg>
  );
}

/** Points right; rotated a quarter turn, down (an expanded tree row). */
export function ChevronIcon({ className = 'size-3.5', ...rest }: IconProps) {
  return (
    <svg aria-hidden viewBox="0 0 16 16" className={className} {...rest}>
      <path d="M6 3.5L10.5 8 6 12.5" fill="none" stroke="currentColor" strokeWidth="1.6" />
    </svg>
  );
}

export function ArrowRightIcon({ className = 'size-3', ...rest }: IconProps) {
  return (
    <svg aria-hidden viewBox="0 0 16 16" className={className} {...rest}>
      <path d="M2 8h11m-3.5-3.5L13 8l-3.5 3.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  );
}

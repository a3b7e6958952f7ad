import type { ReactNode } from 'react';

const SIZES = {
  /** A dialog's or panel's close button. */
  medium: 'grid size-7 place-items-center rounded-md hover:bg-active',
  /** Inside a banner's line of text. */
  small: 'rounded p-0.5',
} as const;

/** A button that shows only an icon; `label` is its accessible name. */
export function IconButton(props: {
  label: string;
  onClick: () => void;
  size?: keyof typeof SIZES;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      aria-label={props.label}
      onClick={props.onClick}
      className={`${SIZES[props.size ?? 'medium']} shrink-0 text-fg-muted transition hover:text-fg focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none`}
    >
      {props.children}
    </button>
  );
}

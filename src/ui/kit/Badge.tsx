import type { ReactNode } from 'react';

const BADGE_TONES = {
  warn: 'border-warn/40 bg-warn/15 text-warn',
  danger: 'border-danger/40 bg-danger/15 text-danger',
  muted: 'border-line-strong bg-raised/90 text-fg-muted',
  ok: 'border-ok/30 bg-ok/10 text-ok',
  accent: 'border-accent/30 bg-accent/10 text-accent',
} as const;

export type BadgeTone = keyof typeof BADGE_TONES;

const SIZES = {
  /** Inside a line of small text. */
  small: 'px-1.5 py-px text-[10.5px]',
  /** On a thumbnail. */
  medium: 'px-2 py-0.5 text-[11px]',
  /** On a large image. */
  large: 'px-2.5 py-0.5 text-[12px]',
} as const;

/** A short status word in a pill; `className` places it (over an image, say). */
export function Badge(props: {
  tone: BadgeTone;
  size?: keyof typeof SIZES;
  title?: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <span
      title={props.title}
      className={`rounded-full border font-medium ${SIZES[props.size ?? 'small']} ${BADGE_TONES[props.tone]} ${props.className ?? ''}`}
    >
      {props.children}
    </span>
  );
}

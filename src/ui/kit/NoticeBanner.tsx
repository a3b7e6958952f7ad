/**
 * One notice as a banner: what the studio did (info, which goes by itself) or what failed (error, which
 * stays), always with its own Dismiss. Pointing at it or focusing it holds it (`onHold`), so an info
 * notice is not taken away while it is being read.
 */
import type { FocusEvent, ReactNode } from 'react';
import type { Notice } from '../../state/noticesSlice.ts';
import { IconButton } from './IconButton.tsx';
import { CloseIcon } from './icons.tsx';

export function NoticeBanner(props: {
  notice: Notice;
  label: string;
  onDismiss: () => void;
  onHold: (held: boolean) => void;
  /** What follows the notice's own text (a storage failure says what is still safe). */
  children?: ReactNode;
}) {
  const { notice, onHold } = props;
  const error = notice.tone === 'error';
  // Moving focus between the banner's own parts is not leaving it.
  const onBlur = (event: FocusEvent<HTMLDivElement>) => {
    if (!event.currentTarget.contains(event.relatedTarget)) onHold(false);
  };
  return (
    <div
      role={error ? 'alert' : 'status'}
      aria-label={props.label}
      onPointerEnter={() => onHold(true)}
      onPointerLeave={() => onHold(false)}
      onFocus={() => onHold(true)}
      onBlur={onBlur}
      className={`flex items-start gap-2.5 rounded-lg border px-3 py-2 text-[12px] leading-snug text-fg ${
        error ? 'border-danger/50 bg-danger/10' : 'border-line bg-raised/80'
      }`}
    >
      <span
        aria-hidden
        className={`mt-1.5 size-1.5 shrink-0 rounded-full ${error ? 'bg-danger' : 'bg-accent'}`}
      />
      <p className="min-w-0 flex-1">
        {notice.text}
        {props.children}
      </p>
      <IconButton label="Dismiss" size="small" onClick={props.onDismiss}>
        <CloseIcon />
      </IconButton>
    </div>
  );
}

/**
 * The prompts sent before, newest first, opened from the prompt: a search field that filters as it is
 * typed and a list the arrows move through (the WAI-ARIA combobox pattern with a listbox popup:
 * https://www.w3.org/WAI/ARIA/apg/patterns/combobox/). Enter puts the prompt picked into the draft;
 * Escape, or a click elsewhere, closes the list and leaves the prompt as it was.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { PromptRecord } from '../../storage/records.ts';
import { usePromptHistory } from '../../studio/index.ts';
import { useNow } from '../kit/useNow.ts';

const relativeTime = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'short' });
const UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['week', 7 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** "3 min. ago", "yesterday", "now": when the prompt was last sent, as a glance needs it. */
function sentWhen(usedAt: number, now: number): string {
  const elapsed = now - usedAt;
  const [unit, length] = UNITS.find(([, size]) => elapsed >= size) ?? ['second', 1_000];
  return unit === 'second' ? 'just now' : relativeTime.format(-Math.floor(elapsed / length), unit);
}

function Key({ children }: { children: string }) {
  return (
    <kbd className="rounded border border-line bg-raised px-1 py-px font-sans text-[10.5px] text-fg-muted">
      {children}
    </kbd>
  );
}

export function PromptHistory(props: { onRecall: (prompt: string) => void; onClose: () => void }) {
  const id = useId();
  const [search, setSearch] = useState('');
  const [active, setActive] = useState(0);
  const prompts = usePromptHistory(search, true);
  // When the list opened: ages need not tick while it is open for a moment.
  const now = useNow(false);
  const boxRef = useRef<HTMLDivElement>(null);
  const { onClose } = props;
  const count = prompts?.length ?? 0;
  const activeIndex = Math.min(active, count - 1);
  const optionId = (index: number) => `${id}-option-${index}`;

  // A click anywhere else closes the list, as a native select's does.
  useEffect(() => {
    const onPointerDown = (event: PointerEvent) => {
      if (!boxRef.current?.contains(event.target as Node)) onClose();
    };
    window.addEventListener('pointerdown', onPointerDown);
    return () => window.removeEventListener('pointerdown', onPointerDown);
  }, [onClose]);

  useEffect(() => {
    if (activeIndex >= 0)
      document.getElementById(optionId(activeIndex))?.scrollIntoView({ block: 'nearest' });
  });

  const recall = (record: PromptRecord | undefined) => record && props.onRecall(record.text);

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const moves: Partial<Record<string, number>> = {
      ArrowDown: activeIndex + 1,
      ArrowUp: activeIndex - 1,
      PageDown: activeIndex + 8,
      PageUp: activeIndex - 8,
    };
    const move = moves[event.key];
    if (move !== undefined && count > 0) {
      event.preventDefault();
      setActive(Math.max(0, Math.min(count - 1, move)));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      recall(prompts?.[activeIndex]);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      onClose();
    }
  };

  return (
    <div
      ref={boxRef}
      // Keys typed here are the list's: the page's shortcuts (Escape cancelling a run, `/`, `G`) wait.
      onKeyDown={(event) => event.stopPropagation()}
      className="absolute inset-x-0 bottom-full z-30 mb-2 flex max-h-[min(24rem,calc(100dvh-10rem))] flex-col overflow-hidden rounded-xl border border-line-strong bg-raised shadow-2xl shadow-black/50"
    >
      <div className="flex items-center gap-2 border-b border-line px-3">
        <svg aria-hidden viewBox="0 0 16 16" className="size-3.5 shrink-0 text-fg-faint">
          <circle cx="7" cy="7" r="4.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
          <path d="M10.5 10.5L14 14" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
        </svg>
        <input
          autoFocus
          role="combobox"
          aria-label="Search recent prompts"
          aria-expanded
          aria-controls={`${id}-list`}
          aria-autocomplete="list"
          aria-activedescendant={activeIndex >= 0 ? optionId(activeIndex) : undefined}
          value={search}
          placeholder="Search recent prompts"
          spellCheck={false}
          onChange={(event) => {
            setSearch(event.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
          className="min-w-0 flex-1 bg-transparent py-2.5 text-[13px] text-fg outline-none placeholder:text-fg-faint"
        />
        <span className="shrink-0 text-[11px] text-fg-faint tabular-nums" aria-live="polite">
          {prompts && (search.trim() === '' ? `${count} recent` : `${count} found`)}
        </span>
      </div>
      <ul
        id={`${id}-list`}
        role="listbox"
        aria-label="Recent prompts"
        className="min-h-0 flex-1 overflow-y-auto py-1"
      >
        {prompts?.map((record, index) => (
          <li
            key={record.text}
            id={optionId(index)}
            role="option"
            aria-selected={index === activeIndex}
            // The focus stays in the search field: a press must not take it away before the click lands.
            onPointerDown={(event) => event.preventDefault()}
            onPointerMove={() => index !== activeIndex && setActive(index)}
            onClick={() => recall(record)}
            className={`mx-1 flex cursor-pointer items-baseline gap-3 rounded-md px-2.5 py-1.5 ${
              index === activeIndex ? 'bg-active text-fg' : 'text-fg-muted'
            }`}
          >
            <span className="line-clamp-2 min-w-0 flex-1 text-[13px] leading-snug">{record.text}</span>
            <span className="shrink-0 text-[11px] text-fg-faint tabular-nums">
              {sentWhen(record.usedAt, now)}
              {record.uses > 1 && ` · ${record.uses}×`}
            </span>
          </li>
        ))}
      </ul>
      {prompts && count === 0 && (
        <p className="px-4 pt-1 pb-4 text-[12px] text-fg-faint">
          {search.trim() === ''
            ? 'No prompts yet: each prompt you send is kept here.'
            : `No recent prompt holds “${search.trim()}”.`}
        </p>
      )}
      <p className="flex shrink-0 gap-3 border-t border-line px-3 py-1.5 text-[11px] text-fg-faint">
        <span>
          <Key>↑</Key> <Key>↓</Key> to move
        </span>
        <span>
          <Key>↵</Key> to use
        </span>
        <span>
          <Key>Esc</Key> to close
        </span>
      </p>
    </div>
  );
}

/** A wrapping grid of radio chips; a disabled chip keeps its place and says why on hover. */
import { useId, type ReactNode } from 'react';

export interface Chip<V extends string> {
  value: V;
  label: string;
  icon?: ReactNode;
  disabled: boolean;
  reason: string | null;
}

export function ChipGrid<V extends string>(props: {
  label: string;
  chips: readonly Chip<V>[];
  value: V | null;
  columns: number;
  onChange: (value: V) => void;
}) {
  const id = useId();
  return (
    <div className="flex flex-col gap-1.5">
      <span id={`${id}-label`} className="text-[11px] font-medium tracking-[0.08em] text-fg-faint uppercase">
        {props.label}
      </span>
      <div
        role="radiogroup"
        aria-labelledby={`${id}-label`}
        className="grid gap-1"
        style={{ gridTemplateColumns: `repeat(${props.columns}, minmax(0, 1fr))` }}
      >
        {props.chips.map((chip) => {
          const checked = chip.value === props.value;
          return (
            <label
              key={chip.value}
              title={chip.reason ?? undefined}
              className={`flex flex-col items-center justify-center gap-1 rounded-md border px-0.5 py-1.5 text-[11px] leading-none tabular-nums transition select-none has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-accent/70 ${
                chip.disabled
                  ? 'cursor-not-allowed border-transparent text-fg-faint/60'
                  : checked
                    ? 'border-accent/60 bg-accent/15 text-fg'
                    : 'cursor-pointer border-line bg-raised text-fg-muted hover:border-line-strong hover:text-fg'
              }`}
            >
              <input
                type="radio"
                name={id}
                className="sr-only"
                value={chip.value}
                checked={checked}
                disabled={chip.disabled}
                title={chip.reason ?? undefined}
                onChange={() => props.onChange(chip.value)}
              />
              {chip.icon}
              {chip.label}
            </label>
          );
        })}
      </div>
    </div>
  );
}

/** A small frame with the chip's proportions, so 21:9 reads at a glance. */
export function RatioGlyph({ across, down }: { across: number; down: number }) {
  const scale = 12 / Math.max(across, down);
  const width = Math.max(3, across * scale);
  const height = Math.max(3, down * scale);
  return (
    <svg aria-hidden viewBox="0 0 14 14" className="size-3.5">
      <rect
        x={(14 - width) / 2}
        y={(14 - height) / 2}
        width={width}
        height={height}
        rx={1.5}
        fill="none"
        stroke="currentColor"
        strokeWidth={1.25}
      />
    </svg>
  );
}

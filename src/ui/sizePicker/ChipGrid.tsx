/**
 * A labelled wrapping grid of radio chips. A disabled chip keeps its place, and why it is disabled is said
 * as text under the grid: a disabled radio takes no focus and a title shows on hover only, so keyboard and
 * touch users would otherwise never learn it.
 */
import { useId } from 'react';
import { Segmented, type ChoiceOption } from '../kit/Segmented.tsx';

export function ChipGrid<V extends string>(props: {
  label: string;
  chips: readonly ChoiceOption<V>[];
  value: V | null;
  columns: number;
  onChange: (value: V) => void;
}) {
  const id = useId();
  const reasons = [
    ...new Set(props.chips.flatMap((chip) => (chip.disabled && chip.reason ? [chip.reason] : []))),
  ];
  return (
    <div className="flex flex-col gap-1.5">
      <span id={`${id}-label`} className="text-[11px] font-medium tracking-[0.08em] text-fg-faint uppercase">
        {props.label}
      </span>
      <Segmented
        look="chips"
        labelledBy={`${id}-label`}
        value={props.value}
        options={props.chips}
        columns={props.columns}
        onChange={props.onChange}
        describedBy={reasons.length > 0 ? `${id}-reasons` : undefined}
      />
      {reasons.length > 0 && (
        <p id={`${id}-reasons`} className="text-[11px] leading-snug text-fg-faint">
          {reasons.join(' ')}
        </p>
      )}
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

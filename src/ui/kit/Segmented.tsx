/**
 * The studio's one segmented control: a row (or grid) of radio buttons that reads like a switch. The radios
 * are native and drawn by their labels, so the browser gives the group one tab stop and arrow keys that move
 * between the options (skipping disabled ones), and screen readers and tests meet plain radios.
 */
import { useId, type ReactNode } from 'react';

export interface ChoiceOption<V extends string | number> {
  value: V;
  label: string;
  /** Drawn before the label (the size picker's ratio glyphs). */
  icon?: ReactNode;
  disabled?: boolean;
  /** Why the option is disabled, shown on hover (SegmentedField also says it as text below). */
  reason?: string | null;
  /** What the option does, shown on hover. */
  hint?: string;
}

interface Look {
  group: string;
  option: string;
  disabled: string;
  checked: string;
  idle: string;
}

const FOCUS_RING = 'has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-accent/70';

/** How each place in the studio draws the control; the behaviour is the same in all of them. */
const LOOKS = {
  /** A settings field: equal segments filling the panel's width. */
  field: {
    group: 'grid auto-cols-fr grid-flow-col gap-0.5 rounded-md border bg-raised p-0.5',
    option: 'flex items-center justify-center rounded-[5px] px-1.5 py-1 text-[12px]',
    disabled: 'cursor-not-allowed text-fg-faint line-through decoration-fg-faint/50',
    checked: 'bg-active text-fg shadow-sm',
    idle: 'cursor-pointer text-fg-muted hover:text-fg',
  },
  /** In a dialog's toolbar. */
  toolbar: {
    group: 'flex gap-0.5 rounded-md border border-line bg-raised p-0.5',
    option: 'rounded-[5px] px-2.5 py-1 text-[12px]',
    disabled: 'cursor-not-allowed text-fg-faint',
    checked: 'bg-active text-fg shadow-sm',
    idle: 'cursor-pointer text-fg-muted hover:text-fg',
  },
  /** Floating over the canvas: the studio's mode. */
  floating: {
    group: 'inline-flex gap-0.5 rounded-lg border border-line bg-panel p-0.5 shadow-lg shadow-black/30',
    option: 'rounded-md px-4 py-1 text-[12px] font-medium',
    disabled: 'cursor-not-allowed text-fg-faint',
    checked: 'bg-active text-fg shadow-sm',
    idle: 'cursor-pointer text-fg-muted hover:text-fg',
  },
  /** A wrapping grid of chips, each with an icon over its label. */
  chips: {
    group: 'grid gap-1',
    option:
      'flex flex-col items-center justify-center gap-1 rounded-md border px-0.5 py-1.5 text-[11px] leading-none tabular-nums',
    disabled: 'cursor-not-allowed border-transparent text-fg-faint/60',
    checked: 'border-accent/60 bg-accent/15 text-fg',
    idle: 'cursor-pointer border-line bg-raised text-fg-muted hover:border-line-strong hover:text-fg',
  },
} satisfies Record<string, Look>;

export type SegmentedLook = keyof typeof LOOKS;

export function Segmented<V extends string | number>(props: {
  /** The group's accessible name; or `labelledBy`, the id of a visible label. */
  label?: string;
  labelledBy?: string;
  /** Null: none is checked. */
  value: V | null;
  options: readonly ChoiceOption<V>[];
  onChange: (value: V) => void;
  look: SegmentedLook;
  /** For `chips`: how many to a row. */
  columns?: number;
  invalid?: boolean;
  describedBy?: string;
}) {
  const name = useId();
  const look: Look = LOOKS[props.look];
  const border =
    props.look === 'field' ? (props.invalid ? ' border-danger ring-1 ring-danger/60' : ' border-line') : '';
  return (
    <div
      role="radiogroup"
      aria-label={props.label}
      aria-labelledby={props.labelledBy}
      aria-invalid={props.invalid ? true : undefined}
      aria-describedby={props.describedBy}
      className={`${look.group}${border}`}
      style={props.columns ? { gridTemplateColumns: `repeat(${props.columns}, minmax(0, 1fr))` } : undefined}
    >
      {props.options.map((option) => {
        const checked = option.value === props.value;
        const state = option.disabled ? look.disabled : checked ? look.checked : look.idle;
        const title = option.reason ?? option.hint;
        return (
          <label
            key={option.value}
            title={title}
            className={`relative transition select-none ${FOCUS_RING} ${look.option} ${state}`}
          >
            <input
              type="radio"
              name={name}
              // Invisible but covering the whole segment, so a pointer lands on the radio itself.
              className="absolute inset-0 m-0 cursor-[inherit] appearance-none opacity-0"
              value={String(option.value)}
              checked={checked}
              disabled={option.disabled}
              title={title}
              onChange={() => props.onChange(option.value)}
            />
            {option.icon}
            {option.label}
          </label>
        );
      })}
    </div>
  );
}

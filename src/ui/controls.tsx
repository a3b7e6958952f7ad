/** The studio's form primitives: labelled, keyboard-usable, and marked when a refusal names them. */
import { useId, type ReactNode } from 'react';
import { useFieldProblem } from './draftFields.ts';
export interface ChoiceOption<V extends string | number> {
  value: V;
  label: string;
  disabled?: boolean;
  /** Why the option is disabled, shown on hover. */
  reason?: string | null;
}

const controlBase =
  'w-full rounded-md border bg-raised px-2.5 py-1.5 text-[13px] text-fg outline-none transition ' +
  'focus-visible:ring-2 focus-visible:ring-accent/70 disabled:cursor-not-allowed disabled:opacity-45';

export function controlClass(invalid: boolean): string {
  return `${controlBase} ${invalid ? 'border-danger ring-1 ring-danger/60' : 'border-line hover:border-line-strong'}`;
}

export function FieldShell(props: {
  label: string;
  htmlFor?: string;
  labelId?: string;
  problem: string | null;
  problemId: string;
  note?: ReactNode;
  aside?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="flex flex-col gap-1.5">
      <div className="flex items-baseline justify-between gap-2">
        <label
          htmlFor={props.htmlFor}
          id={props.labelId}
          className={`text-[11px] font-medium uppercase tracking-[0.08em] ${props.problem ? 'text-danger' : 'text-fg-muted'}`}
        >
          {props.label}
        </label>
        {props.aside}
      </div>
      {props.children}
      {props.problem ? (
        <p id={props.problemId} className="text-[12px] leading-snug text-danger">
          {props.problem}
        </p>
      ) : (
        props.note
      )}
    </div>
  );
}

export function SelectField<V extends string>(props: {
  label: string;
  param: string;
  value: V;
  options?: readonly ChoiceOption<V>[];
  /** Shows the options under headings instead of `options`. */
  groups?: readonly { label: string; options: readonly ChoiceOption<V>[] }[];
  onChange: (value: V) => void;
  disabled?: boolean;
  title?: string;
  note?: ReactNode;
}) {
  const id = useId();
  const renderOption = (option: ChoiceOption<V>) => (
    <option
      key={option.value}
      value={option.value}
      disabled={option.disabled}
      title={option.reason ?? undefined}
    >
      {option.label}
    </option>
  );
  const problem = useFieldProblem(props.param);
  return (
    <FieldShell
      label={props.label}
      htmlFor={id}
      problem={problem}
      problemId={`${id}-problem`}
      note={props.note}
    >
      <select
        id={id}
        value={props.value}
        disabled={props.disabled}
        title={props.title}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${id}-problem` : undefined}
        onChange={(event) => props.onChange(event.target.value as V)}
        className={`${controlClass(problem !== null)} appearance-none bg-[url(/chevron.svg)] bg-[length:10px] bg-[right_10px_center] bg-no-repeat pr-7`}
      >
        {props.groups
          ? props.groups.map((group) => (
              <optgroup key={group.label} label={group.label}>
                {group.options.map(renderOption)}
              </optgroup>
            ))
          : props.options?.map(renderOption)}
      </select>
    </FieldShell>
  );
}

/** A row of radio buttons that reads like a segmented switch; arrow keys move between options. */
export function SegmentedField<V extends string | number>(props: {
  label: string;
  param: string;
  value: V;
  options: readonly ChoiceOption<V>[];
  onChange: (value: V) => void;
  note?: ReactNode;
}) {
  const id = useId();
  const problem = useFieldProblem(props.param);
  // A title is read on hover only: keyboard and touch users would never learn why an option is off.
  const reasons = [
    ...new Set(props.options.flatMap((option) => (option.disabled && option.reason ? [option.reason] : []))),
  ];
  return (
    <FieldShell
      label={props.label}
      labelId={`${id}-label`}
      problem={problem}
      problemId={`${id}-problem`}
      note={
        (props.note || reasons.length > 0) && (
          <div id={`${id}-reasons`} className="flex flex-col gap-1">
            {reasons.map((reason) => (
              <p key={reason} className="text-[11px] leading-snug text-fg-faint">
                {reason}
              </p>
            ))}
            {props.note}
          </div>
        )
      }
    >
      <div
        role="radiogroup"
        aria-labelledby={`${id}-label`}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${id}-problem` : reasons.length > 0 ? `${id}-reasons` : undefined}
        className={`grid auto-cols-fr grid-flow-col gap-0.5 rounded-md border bg-raised p-0.5 ${problem ? 'border-danger ring-1 ring-danger/60' : 'border-line'}`}
      >
        {props.options.map((option) => {
          const checked = option.value === props.value;
          return (
            <label
              key={option.value}
              title={option.reason ?? undefined}
              className={`relative flex items-center justify-center rounded-[5px] px-1.5 py-1 text-[12px] transition select-none has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-accent/70 ${
                option.disabled
                  ? 'cursor-not-allowed text-fg-faint line-through decoration-fg-faint/50'
                  : checked
                    ? 'bg-active text-fg shadow-sm'
                    : 'cursor-pointer text-fg-muted hover:text-fg'
              }`}
            >
              <input
                type="radio"
                name={id}
                className="sr-only"
                value={String(option.value)}
                checked={checked}
                disabled={option.disabled}
                onChange={() => props.onChange(option.value)}
              />
              {option.label}
            </label>
          );
        })}
      </div>
    </FieldShell>
  );
}

/**
 * The studio's form primitives: labelled, keyboard-usable, and marked when a refusal names them. They know
 * nothing of the store: the caller passes the refusal aimed at the field as `problem`.
 */
import { useId, type ReactNode } from 'react';
import { Segmented, type ChoiceOption } from './Segmented.tsx';

const controlBase =
  'w-full rounded-md border bg-raised px-2.5 py-1.5 text-[13px] text-fg outline-none transition ' +
  'focus-visible:ring-2 focus-visible:ring-accent/70 disabled:cursor-not-allowed disabled:opacity-45';

export function controlClass(invalid: boolean): string {
  return `${controlBase} ${invalid ? 'border-danger ring-1 ring-danger/60' : 'border-line hover:border-line-strong'}`;
}

/** A native select drawn like the other controls, with the studio's chevron. */
export function selectControlClass(invalid: boolean): string {
  return `${controlClass(invalid)} appearance-none bg-[url(/chevron.svg)] bg-[length:10px] bg-[right_10px_center] bg-no-repeat pr-7`;
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
  value: V;
  options?: readonly ChoiceOption<V>[];
  /** Shows the options under headings instead of `options`. */
  groups?: readonly { label: string; options: readonly ChoiceOption<V>[] }[];
  onChange: (value: V) => void;
  /** The refusal aimed at this field, if any. */
  problem: string | null;
  disabled?: boolean;
  title?: string;
  note?: ReactNode;
}) {
  const id = useId();
  const { problem } = props;
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
        className={selectControlClass(problem !== null)}
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

/** A labelled segmented control whose disabled options say why in text, not only on hover. */
export function SegmentedField<V extends string | number>(props: {
  label: string;
  value: V;
  options: readonly ChoiceOption<V>[];
  onChange: (value: V) => void;
  /** The refusal aimed at this field, if any. */
  problem: string | null;
  note?: ReactNode;
}) {
  const id = useId();
  const { problem } = props;
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
      <Segmented
        look="field"
        labelledBy={`${id}-label`}
        value={props.value}
        options={props.options}
        onChange={props.onChange}
        invalid={problem !== null}
        describedBy={problem ? `${id}-problem` : reasons.length > 0 ? `${id}-reasons` : undefined}
      />
    </FieldShell>
  );
}

/** A setting that is on or off, with a line under it on what it does as it is now set. */
export function ToggleField(props: {
  label: string;
  checked: boolean;
  note: string;
  onChange: (checked: boolean) => void;
}) {
  const id = useId();
  const noteId = useId();
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="flex cursor-pointer items-center gap-2 text-[13px] text-fg select-none">
        <input
          id={id}
          type="checkbox"
          checked={props.checked}
          aria-describedby={noteId}
          onChange={(event) => props.onChange(event.target.checked)}
          className="accent-accent"
        />
        {props.label}
      </label>
      <p id={noteId} className="text-[11px] leading-snug text-fg-faint">
        {props.note}
      </p>
    </div>
  );
}

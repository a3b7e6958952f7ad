/**
 * Named presets of the settings, at the head of the settings panel: one click applies a preset (through the
 * draft's own checks, so whatever the model cannot take is said as for any change), the preset in use is
 * marked, and each can be renamed or deleted where it is listed. The prompt and the board are not settings.
 */
import { useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { Draft } from '../../state/draft.ts';
import type { PresetRecord } from '../../storage/records.ts';
import { draftMatchesPreset, usePresets, useStudio, useStudioState } from '../../studio/index.ts';
import { QUALITY_LABELS } from '../kit/format.ts';
import { CloseIcon } from '../kit/icons.tsx';

const nameKey = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();

/** What a new preset is called unless the designer says otherwise: the model, a fixed size, the quality. */
function suggestedName(draft: Draft, modelLabel: string): string {
  const size = draft.size === 'auto' ? [] : [draft.size.replace('x', '×')];
  return [modelLabel.replace(/^GPT Image /, ''), ...size, QUALITY_LABELS[draft.quality]].join(' · ');
}

const inputClass =
  'w-full rounded-md border border-line-strong bg-raised px-2 py-1 text-[12.5px] text-fg outline-none focus-visible:ring-2 focus-visible:ring-accent/70';
const textButtonClass =
  'rounded-md px-2 py-1 text-[12px] font-medium transition focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none disabled:cursor-not-allowed disabled:opacity-45';

/** An inline form for a name: Enter keeps it, Escape leaves it; a name already used elsewhere is refused. */
function NameForm(props: {
  label: string;
  initial: string;
  submitLabel: string;
  /** The message for a name this form may not take, or null when it may. */
  refusal: (name: string) => string | null;
  /** Said under the field for a name it may take (that saving it replaces a preset's settings). */
  note?: (name: string) => string | null;
  onSubmit: (name: string) => void;
  onCancel: () => void;
}) {
  const id = useId();
  const [name, setName] = useState(props.initial);
  const refusal = name.trim() === '' ? null : props.refusal(name);
  const note = refusal ?? (name.trim() === '' ? null : (props.note?.(name) ?? null));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() !== '' && refusal === null) props.onSubmit(name.trim());
  };
  const onKeyDown = (event: KeyboardEvent) => {
    // Escape leaves the form alone: it must not also cancel a run streaming behind it.
    event.stopPropagation();
    if (event.key === 'Escape') props.onCancel();
  };
  return (
    <form onSubmit={submit} onKeyDown={onKeyDown} className="flex flex-col gap-1.5">
      <input
        autoFocus
        aria-label={props.label}
        aria-invalid={refusal ? true : undefined}
        aria-describedby={note ? `${id}-note` : undefined}
        value={name}
        spellCheck={false}
        onChange={(event) => setName(event.target.value)}
        onFocus={(event) => event.currentTarget.select()}
        className={inputClass}
      />
      {note && (
        <p
          id={`${id}-note`}
          className={`text-[11px] leading-snug ${refusal ? 'text-danger' : 'text-fg-faint'}`}
        >
          {note}
        </p>
      )}
      <div className="flex justify-end gap-1">
        <button
          type="button"
          onClick={props.onCancel}
          className={`${textButtonClass} text-fg-muted hover:text-fg`}
        >
          Cancel
        </button>
        <button
          type="submit"
          disabled={name.trim() === '' || refusal !== null}
          className={`${textButtonClass} bg-accent text-accent-fg hover:brightness-110`}
        >
          {props.submitLabel}
        </button>
      </div>
    </form>
  );
}

function PresetRow(props: { preset: PresetRecord; inUse: boolean; presets: readonly PresetRecord[] }) {
  const studio = useStudio();
  const { preset, inUse } = props;
  const [editing, setEditing] = useState<'rename' | 'delete' | null>(null);

  if (editing === 'rename') {
    return (
      <li>
        <NameForm
          label={`New name for ${preset.name}`}
          initial={preset.name}
          submitLabel="Rename"
          refusal={(name) =>
            props.presets.some((other) => other.id !== preset.id && nameKey(other.name) === nameKey(name))
              ? `Another preset is called “${name.trim()}”.`
              : null
          }
          onSubmit={(name) => {
            setEditing(null);
            void studio.renamePreset(preset.id, name);
          }}
          onCancel={() => setEditing(null)}
        />
      </li>
    );
  }
  if (editing === 'delete') {
    return (
      <li className="flex items-center gap-1 rounded-md bg-danger/10 py-0.5 pr-0.5 pl-2">
        <span className="min-w-0 flex-1 truncate text-[12.5px] text-fg">Delete “{preset.name}”?</span>
        <button
          type="button"
          autoFocus
          onClick={() => void studio.deletePreset(preset.id)}
          className={`${textButtonClass} bg-danger text-white hover:brightness-110`}
        >
          Delete
        </button>
        <button
          type="button"
          onClick={() => setEditing(null)}
          className={`${textButtonClass} text-fg-muted hover:text-fg`}
        >
          Keep
        </button>
      </li>
    );
  }
  return (
    <li className="group flex items-center gap-0.5 rounded-md transition hover:bg-active/60">
      <button
        type="button"
        aria-pressed={inUse}
        title={inUse ? `${preset.name}: the settings in use` : `Apply ${preset.name}`}
        onClick={() => studio.applyPreset(preset)}
        className={`flex min-w-0 flex-1 items-center gap-2 rounded-md px-2 py-1 text-left text-[12.5px] transition focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none ${
          inUse ? 'text-fg' : 'text-fg-muted hover:text-fg'
        }`}
      >
        <span
          aria-hidden
          className={`size-1.5 shrink-0 rounded-full ${inUse ? 'bg-accent' : 'bg-line-strong'}`}
        />
        <span className="truncate">{preset.name}</span>
      </button>
      <button
        type="button"
        aria-label={`Rename ${preset.name}`}
        onClick={() => setEditing('rename')}
        className="grid size-6 shrink-0 place-items-center rounded text-fg-faint opacity-0 transition group-hover:opacity-100 hover:text-fg focus-visible:opacity-100 focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none"
      >
        <svg aria-hidden viewBox="0 0 16 16" className="size-3.5">
          <path
            d="M10.5 3l2.5 2.5L6 12.5H3.5V10z"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.4"
            strokeLinejoin="round"
          />
        </svg>
      </button>
      <button
        type="button"
        aria-label={`Delete ${preset.name}`}
        onClick={() => setEditing('delete')}
        className="grid size-6 shrink-0 place-items-center rounded text-fg-faint opacity-0 transition group-hover:opacity-100 hover:text-danger focus-visible:opacity-100 focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none"
      >
        <CloseIcon className="size-3" />
      </button>
    </li>
  );
}

export function PresetsControl(props: { defaultModel: string; modelLabel: string }) {
  const studio = useStudio();
  const presets = usePresets();
  const headingId = useId();
  const draft = useStudioState((state) => state.draft.draft);
  const [saving, setSaving] = useState(false);
  // The draft runs on the relay's default until it names a model: a preset saved from it names that one.
  const effective = { ...draft, model: draft.model ?? props.defaultModel };
  const named = (name: string) => presets?.find((preset) => nameKey(preset.name) === nameKey(name));

  return (
    <section aria-labelledby={headingId} className="flex flex-col gap-2 border-b border-line px-4 py-3">
      <div className="flex items-center justify-between gap-2">
        <h2 id={headingId} className="text-[12px] font-semibold text-fg">
          Presets
        </h2>
        {!saving && (
          <button
            type="button"
            onClick={() => setSaving(true)}
            className={`${textButtonClass} -mr-2 text-fg-muted hover:bg-active hover:text-fg`}
          >
            Save settings…
          </button>
        )}
      </div>
      {saving && (
        <NameForm
          label="Preset name"
          initial={suggestedName(effective, props.modelLabel)}
          submitLabel="Save"
          refusal={() => null}
          note={(name) => {
            const same = named(name);
            return same ? `Saving replaces the settings of “${same.name}”.` : null;
          }}
          onSubmit={(name) => {
            setSaving(false);
            void studio.savePreset(name);
          }}
          onCancel={() => setSaving(false)}
        />
      )}
      {presets && presets.length > 0 ? (
        <ul aria-labelledby={headingId} className="-mx-2 flex flex-col">
          {presets.map((preset) => (
            <PresetRow
              key={preset.id}
              preset={preset}
              presets={presets}
              inUse={draftMatchesPreset(effective, preset)}
            />
          ))}
        </ul>
      ) : (
        presets &&
        !saving && (
          <p className="text-[11px] leading-snug text-fg-faint">
            Save the settings below under a name to come back to them in one click. The prompt is not part of
            a preset.
          </p>
        )
      )}
    </section>
  );
}

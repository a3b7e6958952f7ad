import { useId, type ReactNode } from 'react';
import {
  BACKGROUNDS,
  FACT_KEYS,
  INPUT_FIDELITIES,
  MODERATIONS,
  QUALITIES,
  isRasterFormat,
  openFacts,
  type Background,
  type Certainty,
  type ConfiguredModel,
  type GifRule,
  type ModelCapabilities,
  type ModelStatus,
  type StudioConfig,
} from '../contract/index.ts';
import { useBoardStore } from '../state/boardStore.ts';
import { useDraftStore } from '../state/draftStore.ts';
import { draftForModel, makesWholeImage } from '../state/draft.ts';
import {
  FieldShell,
  controlClass,
  SegmentedField,
  SelectField,
  useDraftField,
  useFieldProblem,
  type ChoiceOption,
} from './controls.tsx';
import { FORMAT_LABELS, QUALITY_LABELS, capitalise } from './format.ts';
import { HelpPopover } from './HelpPopover.tsx';
import { CostPanel } from './cost/CostPanel.tsx';
import { SizePicker } from './sizePicker/SizePicker.tsx';

const CERTAINTY_LABELS: Record<Certainty, string> = {
  confirmed: 'Confirmed',
  reported: 'Reported',
  unconfirmed: 'Unconfirmed',
};

const STATUS_GROUPS: readonly { status: ModelStatus; label: string }[] = [
  { status: 'current', label: 'Current' },
  { status: 'newer', label: 'Newer (facts reported only)' },
  { status: 'retired', label: 'Retired' },
];

/** What the picker says of a model beside its name: retired ones name the day and the replacement. */
function modelOptionLabel(model: ConfiguredModel): string {
  if (model.status !== 'retired') return model.label;
  return `${model.label} — shut down ${model.shutdownDate}${model.replacement ? `, use ${model.replacement}` : ''}`;
}

/** Every fact about the model with how sure the sources are, readable by click or keyboard. */
function ModelNotes({ model }: { model: ModelCapabilities }) {
  const open = openFacts(model);
  return (
    <div className="flex items-center justify-between gap-2 text-[11px] text-fg-faint">
      {open.length > 0
        ? `${open.length} facts about this model are not confirmed`
        : 'Every fact is confirmed'}
      <HelpPopover
        buttonLabel={`What is known about ${model.label}`}
        dialogLabel={`Model notes for ${model.label}`}
        heading={`${model.label}: what the sources say`}
      >
        <ul className="flex flex-col gap-1.5 text-[11px] leading-snug text-fg-muted">
          {FACT_KEYS.map((key) => {
            const note = model.facts[key];
            return (
              <li key={key}>
                <span className={note.certainty === 'confirmed' ? 'text-fg' : 'text-warn'}>
                  {CERTAINTY_LABELS[note.certainty]}
                </span>
                : {note.text} <span className="text-fg-faint">{note.source}</span>
              </li>
            );
          })}
        </ul>
      </HelpPopover>
    </div>
  );
}

function ModelField({ config, model }: { config: StudioConfig; model: ModelCapabilities }) {
  const modelId = useDraftStore((store) => store.draft.model);
  // Snapshots are pinned copies of a listed model: valid ids, but not choices of their own.
  const listed = config.models.filter((option) => option.snapshotOf === null);
  const groups = STATUS_GROUPS.map(({ status, label }) => ({
    label,
    options: listed
      .filter((option) => option.status === status)
      .map((option) => ({
        value: option.id,
        label: modelOptionLabel(option),
        disabled: status === 'retired',
      })),
  })).filter((group) => group.options.length > 0);
  return (
    <SelectField
      label="Model"
      param="model"
      value={modelId ?? config.defaultModel}
      groups={groups}
      onChange={(id) => {
        const next = config.models.find((option) => option.id === id);
        const { draft, adjust } = useDraftStore.getState();
        const { patch, notice } = next ? draftForModel(draft, next) : { patch: {}, notice: null };
        adjust({ ...patch, model: id }, notice);
      }}
      note={<ModelNotes model={model} />}
    />
  );
}

function SizeField({ model }: { model: ModelCapabilities }) {
  const [size, setSize] = useDraftField('size');
  // In edit mode the first board image is the source "Match source" takes its aspect ratio from.
  const source = useBoardStore((store) => (store.mode === 'edit' ? store.images[0] : undefined));
  return (
    <SizePicker
      model={model}
      size={size}
      onChange={(next, why) => (why ? useDraftStore.getState().adjust({ size: next }, why) : setSize(next))}
      source={source && { width: source.width, height: source.height }}
    />
  );
}

function FormatFields({ model }: { model: ModelCapabilities }) {
  const [format, setFormat] = useDraftField('output_format');
  const [compression, setCompression] = useDraftField('output_compression');
  const editing = useBoardStore((store) => store.mode === 'edit');
  const compressionId = useId();
  const problem = useFieldProblem('output_compression');
  const compresses = format === 'jpeg' || format === 'webp';
  const compressionReason = compresses
    ? null
    : format === 'png'
      ? 'PNG is lossless: compression applies to JPEG and WebP only.'
      : `${FORMAT_LABELS[format]} takes no compression: it applies to JPEG and WebP only.`;
  // SVG is for generations only; GIF from an edit is unconfirmed (openai-images-2026-12.md §8 C5).
  const offered = model.outputFormats.filter((value) => !editing || isRasterFormat(value));
  return (
    <>
      <SegmentedField
        label="Format"
        param="output_format"
        value={format}
        options={offered.map((value) => ({ value, label: FORMAT_LABELS[value] }))}
        onChange={(value) => {
          // JPEG has no alpha: a transparent background gives way rather than leaving nothing checked.
          const { draft, adjust } = useDraftStore.getState();
          if (value === 'jpeg' && draft.background === 'transparent') {
            adjust(
              { output_format: value, background: 'auto' },
              'JPEG has no alpha, so the background is now Auto.',
            );
          } else setFormat(value);
        }}
        note={
          editing && offered.length < model.outputFormats.length ? (
            <p className="text-[11px] leading-snug text-fg-faint">
              GIF and SVG are made from a prompt; edits return PNG, JPEG or WebP.
            </p>
          ) : (
            makesWholeImage({ output_format: format }) && (
              <p className="text-[11px] leading-snug text-fg-faint">
                {FORMAT_LABELS[format]} is made whole, not streamed: the image appears when it is done.
              </p>
            )
          )
        }
      />
      {format === 'gif' && model.gif && <GifFields rule={model.gif} />}
      {format === 'svg' && model.svg && <SvgAuthorField />}
      <FieldShell
        label="Compression"
        htmlFor={compressionId}
        problem={problem}
        problemId={`${compressionId}-problem`}
        note={
          compressionReason && (
            <p id={`${compressionId}-reason`} className="text-[11px] leading-snug text-fg-faint">
              {compressionReason}
            </p>
          )
        }
        aside={
          <span className={`text-[12px] tabular-nums ${compresses ? 'text-fg-muted' : 'text-fg-faint'}`}>
            {compresses ? `${compression}%` : '—'}
          </span>
        }
      >
        <div title={compressionReason ?? undefined}>
          <input
            id={compressionId}
            type="range"
            min={0}
            max={100}
            step={1}
            value={compresses ? compression : 100}
            disabled={!compresses}
            title={compressionReason ?? undefined}
            aria-describedby={compressionReason ? `${compressionId}-reason` : undefined}
            aria-invalid={problem ? true : undefined}
            onChange={(event) => setCompression(Number(event.target.value))}
            className="w-full accent-(--color-accent) disabled:cursor-not-allowed disabled:opacity-40"
          />
        </div>
      </FieldShell>
    </>
  );
}

/** GIF: how many frames and how long each shows (2.6's limits, from the catalogue). */
function GifFields({ rule }: { rule: GifRule }) {
  const [frames, setFrames] = useDraftField('frame_count');
  const [duration, setDuration] = useDraftField('frame_duration_ms');
  const durationId = useId();
  const durationProblem = useFieldProblem('frame_duration_ms');
  return (
    <>
      <SelectField
        label="Frames"
        param="frame_count"
        value={String(frames)}
        options={Array.from({ length: rule.maxFrames - rule.minFrames + 1 }, (_, index) => {
          const count = rule.minFrames + index;
          return { value: String(count), label: `${count} frames` };
        })}
        onChange={(value) => setFrames(Number(value))}
      />
      <FieldShell
        label="Frame duration"
        htmlFor={durationId}
        problem={durationProblem}
        problemId={`${durationId}-problem`}
        aside={
          <span className="text-[12px] text-fg-faint tabular-nums">{(frames * duration) / 1000} s loop</span>
        }
      >
        <div className="relative">
          <input
            id={durationId}
            type="number"
            min={rule.minFrameDurationMs}
            max={rule.maxFrameDurationMs}
            step={10}
            value={duration}
            aria-invalid={durationProblem ? true : undefined}
            onChange={(event) => setDuration(Math.round(Number(event.target.value)))}
            className={`${controlClass(durationProblem !== null)} pr-9 tabular-nums`}
          />
          <span className="pointer-events-none absolute top-1/2 right-2.5 -translate-y-1/2 text-[12px] text-fg-faint">
            ms
          </span>
        </div>
      </FieldShell>
    </>
  );
}

/** SVG: the text model that writes the file (`svg.model`, required by the API as reported). */
function SvgAuthorField() {
  const [author, setAuthor] = useDraftField('svg_model');
  const id = useId();
  const problem = useFieldProblem('svg.model');
  return (
    <FieldShell
      label="SVG author model"
      htmlFor={id}
      problem={problem}
      problemId={`${id}-problem`}
      note={
        <p className="text-[11px] leading-snug text-fg-faint">
          A text model writes the SVG from the image; its tokens are billed too.
        </p>
      }
    >
      <input
        id={id}
        type="text"
        value={author}
        spellCheck={false}
        aria-invalid={problem ? true : undefined}
        onChange={(event) => setAuthor(event.target.value)}
        className={controlClass(problem !== null)}
      />
    </FieldShell>
  );
}

/** GPT Image 2.6: how much the model plans the scene; leaving it out means high. Free of charge. */
function ComplexityField({ model }: { model: ModelCapabilities }) {
  const [complexity, setComplexity] = useDraftField('complexity');
  return (
    <SegmentedField
      label="Complexity"
      param="complexity"
      value={complexity ?? 'high'}
      options={model.complexities.map((value) => ({ value, label: capitalise(value) }))}
      onChange={(value) => setComplexity(value === 'high' ? null : value)}
      note={<p className="text-[11px] text-fg-faint">How much the scene is planned; no extra charge.</p>}
    />
  );
}

function BackgroundField({ model }: { model: ModelCapabilities }) {
  const [background, setBackground] = useDraftField('background');
  const jpeg = useDraftStore((store) => store.draft.output_format === 'jpeg');
  const options: ChoiceOption<Background>[] = BACKGROUNDS.map((value) => {
    const reason =
      value !== 'transparent'
        ? null
        : model.transparency === 'none'
          ? `${model.label} does not make transparent backgrounds.`
          : jpeg
            ? 'JPEG has no alpha: pick PNG or WebP.'
            : null;
    return { value, label: capitalise(value), disabled: reason !== null, reason };
  });
  return (
    <SegmentedField
      label="Background"
      param="background"
      value={background}
      options={options}
      onChange={setBackground}
      note={
        model.transparency === 'preview' && (
          <p className="text-[11px] leading-snug text-fg-faint">
            Transparency is a preview on {model.label}: a result may come back opaque.
          </p>
        )
      }
    />
  );
}

const DEFAULT_FIDELITY = 'default';

/** Edits only. "Default" leaves the parameter out, the one choice open on models that refuse it. */
function InputFidelityField({ model }: { model: ModelCapabilities }) {
  const [fidelity, setFidelity] = useDraftField('input_fidelity');
  // The studio sends it only where the API is known to honour it (openai-images-2026-12.md §8 C2).
  const reason =
    model.inputFidelity === 'supported'
      ? null
      : model.inputFidelity === 'ignored'
        ? `${model.label} ignores input fidelity: it always reads inputs at high fidelity.`
        : model.inputFidelity === 'unknown'
          ? `Whether ${model.label} honours input fidelity is undocumented, so the studio leaves it out.`
          : `${model.label} does not accept input fidelity.`;
  return (
    <SegmentedField
      label="Input fidelity"
      param="input_fidelity"
      value={fidelity ?? DEFAULT_FIDELITY}
      options={[
        { value: DEFAULT_FIDELITY, label: 'Default' },
        ...INPUT_FIDELITIES.map((value) => ({
          value,
          label: capitalise(value),
          disabled: reason !== null,
          reason,
        })),
      ]}
      onChange={(value) => setFidelity(value === DEFAULT_FIDELITY ? null : value)}
      note={
        // When the options are off, the field says why under them already.
        reason === null && (
          <p className="text-[11px] text-fg-faint">
            High keeps faces and fine detail of the inputs closer; it reads more input tokens.
          </p>
        )
      }
    />
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="flex flex-col gap-4 border-b border-line px-4 py-4 last:border-b-0">
      <h2 className="text-[12px] font-semibold text-fg">{title}</h2>
      {children}
    </section>
  );
}

export function SettingsPanel({ config, model }: { config: StudioConfig; model: ModelCapabilities }) {
  const [quality, setQuality] = useDraftField('quality');
  const [moderation, setModeration] = useDraftField('moderation');
  const [partialImages, setPartialImages] = useDraftField('partial_images');
  const [n, setN] = useDraftField('n');
  const editing = useBoardStore((store) => store.mode === 'edit');
  const format = useDraftStore((store) => store.draft.output_format);
  const partialsReason = !model.supportsStreaming
    ? `${model.label} does not stream, so it sends no partial images.`
    : makesWholeImage({ output_format: format })
      ? `${FORMAT_LABELS[format]} is made whole, so there are no partial images.`
      : null;
  // The API's edit form has no moderation field, so only the default applies there.
  const moderationUnavailableReason = !model.supportsModeration
    ? `${model.label} does not take a moderation setting.`
    : editing
      ? 'Edits have no moderation setting; OpenAI applies its default.'
      : null;

  return (
    <aside
      aria-label="Settings"
      className="flex w-80 shrink-0 flex-col overflow-y-auto border-r border-line bg-panel"
    >
      <Section title="Image">
        <ModelField config={config} model={model} />
        <SizeField model={model} />
        <SegmentedField
          label="Quality"
          param="quality"
          value={quality}
          options={QUALITIES.filter((value) => model.qualities.includes(value)).map((value) => ({
            value,
            label: QUALITY_LABELS[value],
          }))}
          onChange={setQuality}
        />
        {model.complexities.length > 0 && <ComplexityField model={model} />}
        {editing && <InputFidelityField model={model} />}
      </Section>
      <Section title="Output">
        <FormatFields model={model} />
        <BackgroundField model={model} />
      </Section>
      <Section title="Run">
        <SegmentedField
          label="Partial images"
          param="partial_images"
          value={partialImages}
          options={Array.from({ length: model.maxPartialImages + 1 }, (_, value) => ({
            value,
            label: String(value),
            disabled: value > 0 && partialsReason !== null,
            reason: value > 0 ? partialsReason : null,
          }))}
          onChange={setPartialImages}
        />
        <SelectField
          label="Images"
          param="n"
          value={String(n)}
          options={Array.from({ length: model.maxImagesPerRequest }, (_, index) => ({
            value: String(index + 1),
            label: index === 0 ? '1 image' : `${index + 1} images`,
          }))}
          onChange={(value) => setN(Number(value))}
          note={
            n > 1 && (
              <p className="text-[11px] leading-snug text-fg-faint">
                Sent as {n} parallel single-image requests, so each image streams its own partials: how the
                API interleaves several images in one stream is undocumented. Each request pays for the prompt
                {editing ? ' and the input images' : ''} again.
              </p>
            )
          }
        />
        <SegmentedField
          label="Moderation"
          param="moderation"
          value={moderation}
          options={MODERATIONS.map((value) => {
            const reason = value === 'auto' ? null : moderationUnavailableReason;
            return { value, label: capitalise(value), disabled: reason !== null, reason };
          })}
          onChange={setModeration}
          note={<p className="text-[11px] text-fg-faint">Low filters less strictly.</p>}
        />
      </Section>
      <Section title="Cost">
        <CostPanel model={model} />
      </Section>
    </aside>
  );
}

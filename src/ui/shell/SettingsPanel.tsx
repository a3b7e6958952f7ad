import { Suspense, useId, type ReactNode } from 'react';
import {
  BACKGROUNDS,
  COMPLEXITIES,
  FACT_KEYS,
  IMAGE_TOOL_FORMATS,
  MAINLINE_MODELS,
  NOT_IN_IMAGE_TOOL,
  INPUT_FIDELITIES,
  MODERATIONS,
  QUALITIES,
  openFacts,
  whyNoResponsesApi,
  whyUnavailable,
  type Background,
  type Certainty,
  type Complexity,
  type ConfiguredModel,
  type GifRule,
  type ModelCapabilities,
  type ModelStatus,
  type OptionFields,
  type OutputFormat,
  type StudioConfig,
} from '../../contract/index.ts';
import { draftForModel, rendersInBackground, makesWholeImage, type RunApi } from '../../state/draft.ts';
import { FieldShell, controlClass, SegmentedField, SelectField, ToggleField } from '../kit/form.tsx';
import type { ChoiceOption } from '../kit/Segmented.tsx';
import { useDraftField, useFieldProblem } from './draftFields.ts';
import { SeedField } from './SeedField.tsx';
import { useStudio, useStudioState } from '../../studio/index.ts';
import { FORMAT_LABELS, QUALITY_LABELS, capitalise, formatDollars } from '../kit/format.ts';
import { HelpPopover } from '../kit/HelpPopover.tsx';

import { CostPanel } from '../cost/CostPanel.tsx';
import { lazyView } from '../kit/lazyView.tsx';

// Presets are read from storage anyway; their controls arrive with them, when the page is idle.
const PresetsControl = lazyView(() =>
  import('../prompt/PresetsControl.tsx').then((module) => module.PresetsControl),
);

// Shown in Edit mode only, so its code comes with the mask editor's, when the page is idle.
const InpaintSettingsFields = lazyView(() =>
  import('../edit/InpaintSettings.tsx').then((module) => module.InpaintSettingsFields),
);
import { SizePicker } from '../sizePicker/SizePicker.tsx';

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

/** What an option is judged in: the kind of request the studio would send, in the draft's format. */
const optionFields = (editing: boolean, format: OutputFormat): OptionFields => ({
  kind: editing ? 'edit' : 'generation',
  output_format: format,
});

/** An option as the contract judges it: disabled, and saying why, where the studio would not send it. */
function judgedOption<V extends string | number>(
  value: V,
  label: string,
  reason: string | null,
): ChoiceOption<V> {
  return { value, label, disabled: reason !== null, reason };
}

/** What the picker says of a model beside its name: retired ones name the day and the replacement. */
function modelOptionLabel(model: ConfiguredModel): string {
  if (model.status !== 'retired') return model.label;
  return `${model.label} — shut down ${model.shutdownDate}${model.replacement ? `, use ${model.replacement}` : ''}`;
}

/**
 * What sets a provider's model apart when several providers sit side by side: its bill and the capabilities
 * it lacks, so a cheap gateway and OpenAI can be compared from the list itself.
 */
function modelCapabilityNotes(model: ConfiguredModel): string[] {
  const notes: string[] = [];
  if (model.pricePerImage !== undefined) notes.push(`${formatDollars(model.pricePerImage)}/image`);
  else if (model.usdPerCredit !== undefined) notes.push('billed in credits');
  if (!model.supportsMask) notes.push('no mask');
  if (!model.supportsStreaming) notes.push('no streaming');
  if (model.maxImagesPerRequest === 1) notes.push('1 image per request');
  if (model.status === 'newer') notes.push('facts reported only');
  return notes;
}

/** The picker's groups: by status for one provider, as it always was; by provider when there are several. */
function modelGroups(config: StudioConfig) {
  // Snapshots are pinned copies of a listed model: valid ids, but not choices of their own.
  const listed = config.models.filter((option) => option.snapshotOf === null);
  const option = (model: ConfiguredModel, label: string) => ({
    value: model.id,
    label,
    disabled: model.status === 'retired',
  });
  if (config.providers.length <= 1) {
    return STATUS_GROUPS.map(({ status, label }) => ({
      label,
      options: listed
        .filter((model) => model.status === status)
        .map((model) => option(model, modelOptionLabel(model))),
    })).filter((group) => group.options.length > 0);
  }
  return config.providers
    .map((provider) => ({
      label: provider.label,
      options: listed
        .filter((model) => model.provider.id === provider.id)
        // Retired models stay listed (a stored result names them) but last, under the ones to choose.
        .sort((a, b) => Number(a.status === 'retired') - Number(b.status === 'retired'))
        .map((model) => {
          const notes = model.status === 'retired' ? [] : modelCapabilityNotes(model);
          return option(model, [modelOptionLabel(model), ...notes].join(' · '));
        }),
    }))
    .filter((group) => group.options.length > 0);
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

/**
 * With several providers the closed picker shows the model's name, which two providers may share: the line
 * under it says whose it is (its price and what it lacks are in the option's own text).
 */
function ProviderLine({ config, modelId }: { config: StudioConfig; modelId: string }) {
  const model = config.models.find((candidate) => candidate.id === modelId);
  if (config.providers.length <= 1 || !model) return null;
  return <p className="text-[11px] leading-snug text-fg-muted">From {model.provider.label}</p>;
}

function ModelField({ config, model }: { config: StudioConfig; model: ModelCapabilities }) {
  const { store } = useStudio();
  const modelId = useStudioState((state) => state.draft.draft.model);
  const problem = useFieldProblem('model');
  const groups = modelGroups(config);
  return (
    <SelectField
      label="Model"
      problem={problem}
      value={modelId ?? config.defaultModel}
      groups={groups}
      onChange={(id) => {
        const next = config.models.find((option) => option.id === id);
        const { draft, adjust } = store.getState().draft;
        const { patch, notice } = next ? draftForModel(draft, next) : { patch: {}, notice: null };
        adjust({ ...patch, model: id }, notice);
      }}
      note={
        <>
          <ProviderLine config={config} modelId={modelId ?? config.defaultModel} />
          <ModelNotes model={model} />
        </>
      }
    />
  );
}

function SizeField({ model }: { model: ModelCapabilities }) {
  const { store } = useStudio();
  const [size, setSize] = useDraftField('size');
  // In edit mode the first board image is the source "Match source" takes its aspect ratio from.
  const source = useStudioState((state) => (state.draft.mode === 'edit' ? state.board.images[0] : undefined));
  const problem = useFieldProblem('size');
  return (
    <SizePicker
      model={model}
      size={size}
      problem={problem}
      onChange={(next, why) => (why ? store.getState().draft.adjust({ size: next }, why) : setSize(next))}
      source={source && { width: source.width, height: source.height }}
    />
  );
}

function FormatFields({ model }: { model: ModelCapabilities }) {
  const { store } = useStudio();
  const [format, setFormat] = useDraftField('output_format');
  const [compression, setCompression] = useDraftField('output_compression');
  const editing = useStudioState((state) => state.draft.mode === 'edit');
  const compressionId = useId();
  const problem = useFieldProblem('output_compression');
  const formatProblem = useFieldProblem('output_format');
  const fields = optionFields(editing, format);
  // The slider is one control for every level, so it asks about the most compression there is.
  const compressionReason = whyUnavailable(model, fields, 'output_compression', 0);
  const compresses = compressionReason === null;
  // A format the studio would not send is left out of the choice; the note says why once.
  const throughResponses = useStudioState((state) => state.draft.draft.api === 'responses');
  const formats = model.outputFormats.map((value) => ({
    value,
    reason:
      throughResponses && !(IMAGE_TOOL_FORMATS as readonly string[]).includes(value)
        ? NOT_IN_IMAGE_TOOL.output_format
        : whyUnavailable(model, fields, 'output_format', value),
  }));
  const offered = formats.filter((option) => option.reason === null).map((option) => option.value);
  const withheld = [...new Set(formats.flatMap((option) => (option.reason === null ? [] : [option.reason])))];
  return (
    <>
      <SegmentedField
        label="Format"
        problem={formatProblem}
        value={format}
        options={offered.map((value) => ({ value, label: FORMAT_LABELS[value] }))}
        onChange={(value) => {
          // JPEG has no alpha: a transparent background gives way rather than leaving nothing checked.
          const { draft, adjust } = store.getState().draft;
          if (value === 'jpeg' && draft.background === 'transparent') {
            adjust(
              { output_format: value, background: 'auto' },
              'JPEG has no alpha, so the background is now Auto.',
            );
          } else setFormat(value);
        }}
        note={
          withheld.length > 0
            ? withheld.map((reason) => (
                <p key={reason} className="text-[11px] leading-snug text-fg-faint">
                  {reason}
                </p>
              ))
            : makesWholeImage({ output_format: format }) && (
                <p className="text-[11px] leading-snug text-fg-faint">
                  {FORMAT_LABELS[format]} is made whole, not streamed: the image appears when it is done.
                </p>
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
  const framesProblem = useFieldProblem('frame_count');
  return (
    <>
      <SelectField
        label="Frames"
        problem={framesProblem}
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
function ComplexityField({ offered }: { offered: readonly Complexity[] }) {
  const [complexity, setComplexity] = useDraftField('complexity');
  const problem = useFieldProblem('complexity');
  return (
    <SegmentedField
      label="Complexity"
      problem={problem}
      value={complexity ?? 'high'}
      options={offered.map((value) => ({ value, label: capitalise(value) }))}
      onChange={(value) => setComplexity(value === 'high' ? null : value)}
      note={<p className="text-[11px] text-fg-faint">How much the scene is planned; no extra charge.</p>}
    />
  );
}

function BackgroundField({ model, fields }: { model: ModelCapabilities; fields: OptionFields }) {
  const [background, setBackground] = useDraftField('background');
  const problem = useFieldProblem('background');
  const options: ChoiceOption<Background>[] = BACKGROUNDS.map((value) =>
    judgedOption(value, capitalise(value), whyUnavailable(model, fields, 'background', value)),
  );
  return (
    <SegmentedField
      label="Background"
      problem={problem}
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
function InputFidelityField({ model, fields }: { model: ModelCapabilities; fields: OptionFields }) {
  const [fidelity, setFidelity] = useDraftField('input_fidelity');
  const problem = useFieldProblem('input_fidelity');
  const options = INPUT_FIDELITIES.map((value) =>
    judgedOption(value, capitalise(value), whyUnavailable(model, fields, 'input_fidelity', value)),
  );
  return (
    <SegmentedField
      label="Input fidelity"
      problem={problem}
      value={fidelity ?? DEFAULT_FIDELITY}
      options={[{ value: DEFAULT_FIDELITY, label: 'Default' }, ...options]}
      onChange={(value) => setFidelity(value === DEFAULT_FIDELITY ? null : value)}
      note={
        // When the options are off, the field says why under them already.
        options.every((option) => !option.disabled) && (
          <p className="text-[11px] text-fg-faint">
            High keeps faces and fine detail of the inputs closer; it reads more input tokens.
          </p>
        )
      }
    />
  );
}

const API_LABELS: Record<RunApi, string> = { images: 'Images API', responses: 'Responses API' };

/** An edit through the Responses API sends whole images (conversation.ts), and its answer is the result. */
const WHOLE_IMAGE_KEPT =
  'The board’s images go whole, with the mask if one is painted, and the model’s image, at the size asked for (Auto is about a megapixel), is the result: nothing is pasted back, so pixels outside the mask may change. The Images API keeps them exactly, at full size.';

/**
 * Which API the run goes through (the Images API unless the designer picks the other), and through the
 * Responses API the mainline model and whether each image renders on with the tab closed. What the image
 * tool has no field for is said here, since those settings stay in the draft but are not sent.
 */
function ApiFields({ config, model }: { config: StudioConfig; model: ModelCapabilities }) {
  const [api, setApi] = useDraftField('api');
  const [mainlineModel, setMainlineModel] = useDraftField('mainline_model');
  const [, setKeepRendering] = useDraftField('keep_rendering');
  const problem = useFieldProblem('api');
  const mainlineProblem = useFieldProblem('model');
  const draft = useStudioState((state) => state.draft.draft);
  const editing = useStudioState((state) => state.draft.mode === 'edit');
  const configured = config.models.find((candidate) => candidate.id === model.id);
  const refusal = configured ? whyNoResponsesApi(configured, config.providers) : null;
  const background = rendersInBackground(draft);
  // Not in the tool's model list is a fact of its own certainty: said, and the request goes on for the API.
  const toolFact = model.facts.responsesTool;
  const notListed = model.responsesTool
    ? []
    : [
        `${CERTAINTY_LABELS[toolFact.certainty]}: ${toolFact.text} The run is sent all the same, for the API to judge.`,
      ];
  const unsent: string[] = [
    ...(draft.seed !== null && model.supportsSeed ? [NOT_IN_IMAGE_TOOL.seed] : []),
    ...(model.complexities.length > 0 ? [NOT_IN_IMAGE_TOOL.complexity] : []),
    ...(editing ? [WHOLE_IMAGE_KEPT] : []),
  ];
  return (
    <>
      <SegmentedField
        label="API"
        problem={problem}
        value={api}
        options={[
          { value: 'images', label: API_LABELS.images },
          judgedOption('responses', API_LABELS.responses, refusal),
        ]}
        onChange={setApi}
        note={
          api === 'responses' && (
            <>
              <p className="text-[11px] leading-snug text-fg-faint">
                A mainline model reads the prompt, may rewrite it, and calls the image tool. Each image starts
                a conversation you can continue; the mainline model’s tokens are billed too.
              </p>
              {notListed.map((caveat) => (
                <p key={caveat} className="text-[11px] leading-snug text-warn">
                  {caveat}
                </p>
              ))}
              {unsent.map((reason) => (
                <p key={reason} className="text-[11px] leading-snug text-fg-faint">
                  {reason}
                </p>
              ))}
            </>
          )
        }
      />
      {api === 'responses' && (
        <>
          <SelectField
            label="Mainline model"
            problem={mainlineProblem}
            value={mainlineModel}
            options={MAINLINE_MODELS.map((value) => ({ value, label: value }))}
            onChange={setMainlineModel}
          />
          <ToggleField
            label="Keep rendering if I close the tab"
            checked={background}
            note={
              background
                ? 'Sent as a background response: it renders on if the tab closes or the connection drops, and the studio re-attaches to it.'
                : 'Rendered while the tab is open: closing it stops the image.'
            }
            onChange={setKeepRendering}
          />
        </>
      )}
    </>
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
  const qualityProblem = useFieldProblem('quality');
  const partialImagesProblem = useFieldProblem('partial_images');
  const imagesProblem = useFieldProblem('n');
  const moderationProblem = useFieldProblem('moderation');
  const editing = useStudioState((state) => state.draft.mode === 'edit');
  const format = useStudioState((state) => state.draft.draft.output_format);
  // The image tool has no complexity or seed: the API field says so, and their controls step aside. Its
  // fields are judged as a generation's, as the relay judges a tool that names no `edit` action.
  const throughResponses = useStudioState((state) => state.draft.draft.api === 'responses');
  const fields = optionFields(editing && !throughResponses, format);
  const complexities = COMPLEXITIES.filter(
    (value) => whyUnavailable(model, fields, 'complexity', value) === null,
  );

  return (
    <aside
      aria-label="Settings"
      className="flex w-80 shrink-0 flex-col overflow-y-auto border-r border-line bg-panel"
    >
      <Suspense fallback={<div className="h-[7.5rem] border-b border-line" />}>
        <PresetsControl defaultModel={config.defaultModel} modelLabel={model.label} />
      </Suspense>
      {editing && !throughResponses && (
        <Section title="Inpainting">
          <Suspense fallback={null}>
            <InpaintSettingsFields model={model} />
          </Suspense>
        </Section>
      )}
      <Section title="Image">
        <ModelField config={config} model={model} />
        <SizeField model={model} />
        <SegmentedField
          label="Quality"
          problem={qualityProblem}
          value={quality}
          options={QUALITIES.filter((value) => whyUnavailable(model, fields, 'quality', value) === null).map(
            (value) => ({ value, label: QUALITY_LABELS[value] }),
          )}
          onChange={setQuality}
        />
        {complexities.length > 0 && !throughResponses && <ComplexityField offered={complexities} />}
        {editing && !throughResponses && <InputFidelityField model={model} fields={fields} />}
      </Section>
      <Section title="Output">
        <FormatFields model={model} />
        <BackgroundField model={model} fields={fields} />
      </Section>
      <Section title="Run">
        <ApiFields config={config} model={model} />
        <SegmentedField
          label="Partial images"
          problem={partialImagesProblem}
          value={partialImages}
          options={Array.from({ length: model.maxPartialImages + 1 }, (_, value) =>
            judgedOption(value, String(value), whyUnavailable(model, fields, 'partial_images', value)),
          )}
          onChange={setPartialImages}
        />
        <SelectField
          label="Images"
          problem={imagesProblem}
          value={String(n)}
          options={Array.from({ length: model.maxImagesPerRequest }, (_, index) => ({
            value: String(index + 1),
            label: index === 0 ? '1 image' : `${index + 1} images`,
          }))}
          onChange={(value) => setN(Number(value))}
          note={
            n > 1 &&
            (throughResponses ? (
              <p className="text-[11px] leading-snug text-fg-faint">
                Sent as {n} responses side by side, each the first turn of a conversation of its own (the
                image tool makes one image per response). Each pays for the prompt, the mainline model
                {editing ? ' and the input images' : ''} again.
              </p>
            ) : (
              <p className="text-[11px] leading-snug text-fg-faint">
                Sent as {n} parallel single-image requests, so each image streams its own partials: how the
                API interleaves several images in one stream is undocumented. Each request pays for the prompt
                {editing ? ' and the input images' : ''} again.
              </p>
            ))
          }
        />
        {model.supportsSeed && !throughResponses && <SeedField model={model} fields={fields} />}
        <SegmentedField
          label="Moderation"
          problem={moderationProblem}
          value={moderation}
          options={MODERATIONS.map((value) =>
            judgedOption(value, capitalise(value), whyUnavailable(model, fields, 'moderation', value)),
          )}
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

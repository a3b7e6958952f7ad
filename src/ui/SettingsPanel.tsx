import { useId, type ReactNode } from 'react';
import {
  BACKGROUNDS,
  INPUT_FIDELITIES,
  MODERATIONS,
  OUTPUT_FORMATS,
  QUALITIES,
  type Background,
  type ModelCapabilities,
  type StudioConfig,
} from '../contract/index.ts';
import { useBoardStore } from '../state/boardStore.ts';
import { useDraftStore } from '../state/draftStore.ts';
import {
  FieldShell,
  SegmentedField,
  SelectField,
  useDraftField,
  useFieldProblem,
  type ChoiceOption,
} from './controls.tsx';
import { FORMAT_LABELS, capitalise } from './format.ts';
import { HelpPopover } from './HelpPopover.tsx';
import { CostPanel } from './cost/CostPanel.tsx';
import { SizePicker } from './sizePicker/SizePicker.tsx';

function ModelField({ config, model }: { config: StudioConfig; model: ModelCapabilities }) {
  const [modelId, setModel] = useDraftField('model');
  return (
    <SelectField
      label="Model"
      param="model"
      value={modelId ?? config.defaultModel}
      options={config.models.map((option) => ({ value: option.id, label: option.label }))}
      onChange={setModel}
      note={
        model.unconfirmed.length > 0 && (
          <div className="flex items-center justify-between gap-2 text-[11px] text-fg-faint">
            {model.unconfirmed.length} facts about this model are unconfirmed
            <HelpPopover
              buttonLabel={`What is unconfirmed about ${model.label}`}
              dialogLabel={`Unconfirmed facts about ${model.label}`}
              heading={`${model.label}: what the sources leave open`}
            >
              <ul className="flex list-disc flex-col gap-1.5 pl-4 text-[11px] leading-snug text-fg-muted">
                {model.unconfirmed.map((fact) => (
                  <li key={fact}>{fact}</li>
                ))}
              </ul>
            </HelpPopover>
          </div>
        )
      }
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
      onChange={setSize}
      source={source && { width: source.width, height: source.height }}
    />
  );
}

function FormatFields() {
  const [format, setFormat] = useDraftField('output_format');
  const [compression, setCompression] = useDraftField('output_compression');
  const compressionId = useId();
  const problem = useFieldProblem('output_compression');
  const png = format === 'png';
  const pngReason = 'PNG is lossless: compression applies to JPEG and WebP only.';
  return (
    <>
      <SegmentedField
        label="Format"
        param="output_format"
        value={format}
        options={OUTPUT_FORMATS.map((value) => ({ value, label: FORMAT_LABELS[value] }))}
        onChange={setFormat}
      />
      <FieldShell
        label="Compression"
        htmlFor={compressionId}
        problem={problem}
        problemId={`${compressionId}-problem`}
        aside={
          <span className={`text-[12px] tabular-nums ${png ? 'text-fg-faint' : 'text-fg-muted'}`}>
            {png ? '—' : `${compression}%`}
          </span>
        }
      >
        <div title={png ? pngReason : undefined}>
          <input
            id={compressionId}
            type="range"
            min={0}
            max={100}
            step={1}
            value={png ? 100 : compression}
            disabled={png}
            title={png ? pngReason : undefined}
            aria-invalid={problem ? true : undefined}
            onChange={(event) => setCompression(Number(event.target.value))}
            className="w-full accent-(--color-accent) disabled:cursor-not-allowed disabled:opacity-40"
          />
        </div>
      </FieldShell>
    </>
  );
}

function BackgroundField({ model }: { model: ModelCapabilities }) {
  const [background, setBackground] = useDraftField('background');
  const jpeg = useDraftStore((store) => store.draft.output_format === 'jpeg');
  const options: ChoiceOption<Background>[] = BACKGROUNDS.map((value) => {
    const reason =
      value !== 'transparent'
        ? null
        : (model.transparentUnavailableReason ?? (jpeg ? 'JPEG has no alpha: pick PNG or WebP.' : null));
    return { value, label: capitalise(value), disabled: reason !== null, reason };
  });
  return (
    <SegmentedField
      label="Background"
      param="background"
      value={background}
      options={options}
      onChange={setBackground}
    />
  );
}

const DEFAULT_FIDELITY = 'default';

/** Edits only. "Default" leaves the parameter out, the one choice open on models that refuse it. */
function InputFidelityField({ model }: { model: ModelCapabilities }) {
  const [fidelity, setFidelity] = useDraftField('input_fidelity');
  const reason = model.inputFidelity
    ? null
    : (model.inputFidelityUnavailableReason ?? `${model.label} does not accept input fidelity.`);
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
        <p className="text-[11px] text-fg-faint">
          {reason ?? 'High keeps faces and fine detail of the inputs closer; it reads more input tokens.'}
        </p>
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
            label: capitalise(value),
          }))}
          onChange={setQuality}
        />
        {editing && <InputFidelityField model={model} />}
      </Section>
      <Section title="Output">
        <FormatFields />
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
            disabled: value > 0 && !model.supportsStreaming,
            reason:
              value > 0 && !model.supportsStreaming
                ? `${model.label} does not stream, so it sends no partial images.`
                : null,
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

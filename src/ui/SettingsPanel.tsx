import { useId, type ReactNode } from 'react';
import {
  BACKGROUNDS,
  MODERATIONS,
  OUTPUT_FORMATS,
  QUALITIES,
  isExperimentalSize,
  type Background,
  type ModelCapabilities,
  type StudioConfig,
} from '../contract/index.ts';
import { customSizeProblem, sizeChoicesFor } from '../state/draft.ts';
import { useDraftStore } from '../state/draftStore.ts';
import {
  FieldShell,
  SegmentedField,
  SelectField,
  controlClass,
  useDraftField,
  useFieldProblem,
  type ChoiceOption,
} from './controls.tsx';
import { FORMAT_LABELS, capitalise, describeSize } from './format.ts';

const CUSTOM_SIZE = 'custom';

function ModelField({ config }: { config: StudioConfig }) {
  const [model, setModel] = useDraftField('model');
  return (
    <SelectField
      label="Model"
      param="model"
      value={model ?? config.defaultModel}
      options={config.models.map((option) => ({ value: option.id, label: option.label }))}
      onChange={setModel}
    />
  );
}

function SizeField({ model }: { model: ModelCapabilities }) {
  const [size, setSize] = useDraftField('size');
  const sizeEntry = useDraftStore((store) => store.sizeEntry);
  const customId = useId();
  const problem = useFieldProblem('size');
  const choices = sizeChoicesFor(model);
  const custom = sizeEntry === 'custom' || !choices.includes(size);
  const typedProblem = custom ? customSizeProblem(model, size) : null;
  const shownProblem = problem ?? typedProblem;

  const pick = (value: string) => {
    if (value === CUSTOM_SIZE) {
      useDraftStore.getState().setSizeEntry('custom');
      return;
    }
    useDraftStore.getState().setSizeEntry('preset');
    setSize(value);
  };

  return (
    <div className="flex flex-col gap-2">
      <SelectField
        label="Size"
        param="size"
        value={custom ? CUSTOM_SIZE : size}
        options={[
          ...choices.map((choice) => ({ value: choice, label: describeSize(choice) })),
          { value: CUSTOM_SIZE, label: 'Custom…' },
        ]}
        onChange={pick}
        note={
          !custom && isExperimentalSize(model.sizeRule, size) ? (
            <p className="text-[11px] text-warn">Above 2560 × 1440 is experimental at OpenAI.</p>
          ) : null
        }
      />
      {custom && (
        <FieldShell
          label="Custom size"
          htmlFor={customId}
          problem={problem ? null : typedProblem}
          problemId={`${customId}-problem`}
          note={
            <p className="text-[11px] text-fg-faint">
              {model.sizeRule.kind === 'flexible'
                ? `Width × height, multiples of ${model.sizeRule.multipleOf}, long edge ≤ ${model.sizeRule.maxEdge}.`
                : `${model.label} takes only the sizes listed above.`}
            </p>
          }
        >
          <input
            id={customId}
            type="text"
            inputMode="numeric"
            autoComplete="off"
            spellCheck={false}
            placeholder="1536x1024"
            value={size}
            aria-invalid={shownProblem ? true : undefined}
            aria-describedby={typedProblem && !problem ? `${customId}-problem` : undefined}
            onChange={(event) => setSize(event.target.value.trim())}
            className={`${controlClass(shownProblem !== null)} font-mono tabular-nums`}
          />
        </FieldShell>
      )}
    </div>
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

  return (
    <aside
      aria-label="Settings"
      className="flex w-72 shrink-0 flex-col overflow-y-auto border-r border-line bg-panel"
    >
      <Section title="Image">
        <ModelField config={config} />
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
        />
        <SegmentedField
          label="Moderation"
          param="moderation"
          value={moderation}
          options={MODERATIONS.map((value) => ({ value, label: capitalise(value) }))}
          onChange={setModeration}
          note={<p className="text-[11px] text-fg-faint">Low filters less strictly.</p>}
        />
      </Section>
    </aside>
  );
}

/**
 * The size control: presets, aspect-ratio chips × resolution tier, custom width × height with the
 * nearest valid size one click away, and a map of the valid region. Older models show only their fixed
 * sizes. Every rule comes from the model's size rule in the contract.
 */
import { useId, useMemo, useState, Suspense } from 'react';
import {
  ASPECT_RATIOS,
  SIZE_TIERS,
  formatSize,
  isExperimentalSize,
  nearestValidSize,
  parseSize,
  sizeForAspectTier,
  sizeMatchingSource,
  sizeViolation,
  type AspectRatio,
  type Dimensions,
  type FlexibleSizeRule,
  type ModelCapabilities,
  type SizeTier,
} from '../../contract/index.ts';
import { sizeChoicesFor } from '../../state/draft.ts';
import { Badge } from '../kit/Badge.tsx';
import { SelectField, controlClass } from '../kit/form.tsx';
import { describeSize } from '../kit/format.ts';
import type { ChoiceOption } from '../kit/Segmented.tsx';
import { ChipGrid, RatioGlyph } from './ChipGrid.tsx';

import { lazyView } from '../kit/lazyView.tsx';

// A drawing to drag a size on: it arrives when the page is idle, in the square it will fill.
const ValidRegionMap = lazyView(() => import('./ValidRegionMap.tsx').then((module) => module.ValidRegionMap));
import { describeRatio, formatMegapixels, parseEdge, resolutionState } from './sizeMap.ts';

const AUTO = 'auto';
/** The preset select's value while the size is not one of the presets. */
const CUSTOM = 'custom';

const EXPERIMENTAL_NOTE = 'Above 2560 × 1440 OpenAI calls the output experimental.';

function SizeSummary({ model, size }: { model: ModelCapabilities; size: string }) {
  const dims = parseSize(size);
  if (!dims) return <span className="text-[12px] text-fg-faint">Model decides</span>;
  return (
    <span className="flex items-center gap-1.5 text-[12px] tabular-nums text-fg-muted">
      {formatMegapixels(dims)} · {describeRatio(dims)}
      {isExperimentalSize(model.sizeRule, size) && (
        <Badge tone="warn" title={EXPERIMENTAL_NOTE}>
          Experimental
        </Badge>
      )}
    </span>
  );
}

/** Why the resolution chips wait while the size is Auto. */
const AUTO_TIER_REASON = 'Auto lets the model choose the size: pick an aspect ratio first.';

function AspectAndTier(props: { rule: FlexibleSizeRule; size: string; onChange: (size: string) => void }) {
  const { rule, size, onChange } = props;
  // The last tier the size was at (or the designer picked), so a ratio chosen after a custom size or Auto
  // keeps it.
  const [remembered, setRemembered] = useState<SizeTier>('1K');
  // Mapping every chip runs the size rule a few thousand times; the panel re-renders on each streamed event.
  const { resolution, ratioChips, tierChips } = useMemo(() => {
    const resolution = resolutionState(rule, size, remembered);
    const ratioChips: ChoiceOption<AspectRatio | typeof AUTO>[] = [
      { value: AUTO, label: 'Auto', icon: <AutoGlyph />, disabled: false, reason: null },
      ...ASPECT_RATIOS.map((value) => {
        const mapped = sizeForAspectTier(rule, value, resolution.tier);
        const [across, down] = value.split(':').map(Number) as [number, number];
        return {
          value,
          label: value,
          icon: <RatioGlyph across={across} down={down} />,
          disabled: !mapped.ok,
          reason: mapped.ok ? mapped.adjusted : mapped.reason,
        };
      }),
    ];
    const tierChips: ChoiceOption<SizeTier>[] = SIZE_TIERS.map((value) => {
      if (resolution.ratio === null) return { value, label: value, disabled: true, reason: AUTO_TIER_REASON };
      const mapped = sizeForAspectTier(rule, resolution.ratio, value);
      return { value, label: value, disabled: !mapped.ok, reason: mapped.ok ? null : mapped.reason };
    });
    return { resolution, ratioChips, tierChips };
  }, [rule, size, remembered]);
  // Derived from props during render (React's "storing information from previous renders" pattern).
  if (resolution.lit && resolution.lit !== remembered) setRemembered(resolution.lit);
  const onChip = resolution.lit !== null;

  return (
    <div className="flex flex-col gap-3">
      <ChipGrid
        label="Aspect ratio"
        chips={ratioChips}
        value={size === AUTO ? AUTO : onChip ? resolution.ratio : null}
        columns={7}
        onChange={(value) => {
          if (value === AUTO) return onChange(AUTO);
          const mapped = sizeForAspectTier(rule, value, resolution.tier);
          if (mapped.ok) onChange(formatSize(mapped.size));
        }}
      />
      <ChipGrid
        label="Resolution"
        chips={tierChips}
        value={resolution.lit}
        columns={3}
        onChange={(value) => {
          if (!resolution.ratio) return;
          setRemembered(value);
          const mapped = sizeForAspectTier(rule, resolution.ratio, value);
          if (mapped.ok) onChange(formatSize(mapped.size));
        }}
      />
    </div>
  );
}

function AutoGlyph() {
  return (
    <svg aria-hidden viewBox="0 0 14 14" className="size-3.5">
      <rect
        x={1.5}
        y={3}
        width={11}
        height={8}
        rx={1.5}
        fill="none"
        stroke="currentColor"
        strokeWidth={1.25}
        strokeDasharray="2 1.6"
      />
    </svg>
  );
}

/** Why the size is refused and the nearest size the model accepts, one click away. */
function SizeSuggestion(props: {
  id?: string;
  problem: string;
  suggestion: Dimensions;
  onChange: (size: string) => void;
}) {
  const { suggestion } = props;
  return (
    <div className="flex flex-col items-start gap-1.5 rounded-md border border-danger/30 bg-danger/8 px-2.5 py-2">
      <p id={props.id} className="text-[12px] leading-snug text-danger">
        {props.problem}
      </p>
      <button
        type="button"
        onClick={() => props.onChange(formatSize(suggestion))}
        className="rounded-md border border-line-strong bg-raised px-2 py-1 text-[12px] font-medium text-fg transition hover:bg-active focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none"
      >
        Use {suggestion.width} × {suggestion.height}
      </button>
    </div>
  );
}

function CustomSize(props: {
  rule: FlexibleSizeRule;
  size: string;
  refused: boolean;
  onChange: (size: string) => void;
}) {
  const { rule, size, onChange } = props;
  const id = useId();
  const dims = parseSize(size);
  // What is being typed while it is not yet a whole size (one field still empty, say); it lapses as soon
  // as the size changes by other means (a preset, a chip, the map).
  const [typing, setTyping] = useState<{ width: string; height: string; over: string } | null>(null);
  const draft = typing?.over === size ? typing : null;
  const width = draft?.width ?? (dims ? String(dims.width) : '');
  const height = draft?.height ?? (dims ? String(dims.height) : '');
  const problem = dims ? sizeViolation(rule, size) : null;
  const suggestion = dims && problem ? nearestValidSize(rule, dims) : null;

  const edit = (next: { width: string; height: string }) => {
    const parsedWidth = parseEdge(next.width);
    const parsedHeight = parseEdge(next.height);
    if (parsedWidth !== null && parsedHeight !== null) {
      setTyping(null);
      onChange(`${parsedWidth}x${parsedHeight}`);
    } else {
      setTyping({ ...next, over: size });
    }
  };
  const invalid = problem !== null || props.refused;
  const field = (axis: 'width' | 'height', value: string) => (
    <input
      type="number"
      inputMode="numeric"
      min={rule.multipleOf}
      max={rule.maxEdge}
      step={rule.multipleOf}
      aria-label={axis === 'width' ? 'Custom width' : 'Custom height'}
      placeholder={axis === 'width' ? 'Width' : 'Height'}
      value={value}
      aria-invalid={invalid ? true : undefined}
      aria-describedby={problem ? `${id}-problem` : undefined}
      onChange={(event) => edit({ width, height, [axis]: event.target.value })}
      className={`${controlClass(invalid)} font-mono tabular-nums [appearance:textfield] [&::-webkit-inner-spin-button]:appearance-none`}
    />
  );

  return (
    <div role="group" aria-labelledby={`${id}-label`} className="flex flex-col gap-1.5">
      <span id={`${id}-label`} className="text-[11px] font-medium tracking-[0.08em] text-fg-faint uppercase">
        Custom size
      </span>
      <div className="grid grid-cols-[1fr_auto_1fr_auto] items-center gap-1.5">
        {field('width', width)}
        <span aria-hidden className="text-[12px] text-fg-faint">
          ×
        </span>
        {field('height', height)}
        <span className="text-[11px] text-fg-faint">px</span>
      </div>
      {problem && suggestion ? (
        <SizeSuggestion id={`${id}-problem`} problem={problem} suggestion={suggestion} onChange={onChange} />
      ) : (
        <p className="text-[11px] text-fg-faint">
          Multiples of {rule.multipleOf}, long edge ≤ {rule.maxEdge}, up to {rule.maxAspectRatio}:1. Arrow
          keys step by {rule.multipleOf}.
        </p>
      )}
    </div>
  );
}

export function SizePicker(props: {
  model: ModelCapabilities;
  size: string;
  /** `why` says, for a size the picker chose itself (Match source), which one and why. */
  onChange: (size: string, why?: string) => void;
  /** The first input image of an edit: offers "Match source" (its own size, or the nearest valid one). */
  source?: Dimensions;
  /** The refusal aimed at the size, if any. */
  problem: string | null;
}) {
  const { model, size, onChange, source } = props;
  const rule = model.sizeRule;
  const refusal = props.problem;
  const presets = sizeChoicesFor(model);
  const isPreset = presets.includes(size);
  const dims = parseSize(size);
  const validDims = dims && sizeViolation(rule, size) === null ? dims : null;

  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-col gap-1.5">
        <SelectField
          label="Size"
          problem={refusal}
          value={isPreset ? size : CUSTOM}
          options={[
            ...presets.map((choice) => ({ value: choice, label: describeSize(choice) })),
            ...(isPreset ? [] : [{ value: CUSTOM, label: 'Custom size', disabled: true }]),
          ]}
          onChange={onChange}
          note={
            <div className="flex items-center justify-between gap-2">
              <SizeSummary model={model} size={size} />
              {source && (
                <button
                  type="button"
                  onClick={() => {
                    const match = sizeMatchingSource(rule, source);
                    onChange(formatSize(match.size), match.why);
                  }}
                  className="text-[12px] font-medium text-accent hover:underline"
                >
                  Match source
                </button>
              )}
            </div>
          }
        />
        {refusal && <SizeSummary model={model} size={size} />}
      </div>
      {rule.kind === 'fixed' && !isPreset && dims && (
        // A size kept from a model with free sizes: say why this one refuses it and offer the closest.
        <SizeSuggestion
          problem={`${model.label}: ${sizeViolation(rule, size)}`}
          suggestion={nearestValidSize(rule, dims)}
          onChange={onChange}
        />
      )}
      {rule.kind === 'flexible' && (
        <>
          <AspectAndTier rule={rule} size={size} onChange={onChange} />
          <CustomSize rule={rule} size={size} refused={refusal !== null} onChange={onChange} />
          <Suspense
            fallback={
              <div aria-hidden className="aspect-square w-full rounded-md border border-line bg-canvas" />
            }
          >
            <ValidRegionMap rule={rule} size={validDims} onChange={(next) => onChange(formatSize(next))} />
          </Suspense>
        </>
      )}
    </div>
  );
}

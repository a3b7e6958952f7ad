/**
 * How a masked edit is sent and pasted back: pasting back on or off, the feather and growth of the pasted
 * area, region or whole image, and the context a region takes, with what the edit would send right now.
 */
import { useId, useState } from 'react';
import type { ModelCapabilities } from '../../contract/index.ts';
import {
  INPAINT_LIMITS,
  REGION_CHOICES,
  type InpaintSettings,
  type RegionChoice,
} from '../../state/inpaint.ts';
import { extendedCanvas, OUTPAINT_ASPECTS } from '../../state/outpaint.ts';
import { useEditPlan, useStudio, useStudioState, type EditPlan } from '../../studio/index.ts';
import { controlClass, SegmentedField, selectControlClass } from '../kit/form.tsx';
import { lazyView } from '../kit/lazyView.tsx';

// The dialog and the batch runner it shares studio/reframe.ts with come with the first reframe.
const ReframeDialog = lazyView(() => import('./ReframeDialog.tsx').then((module) => module.ReframeDialog));

const REGION_LABELS: Record<RegionChoice, string> = { auto: 'Auto', always: 'Region', never: 'Whole image' };

const px = (size: { width: number; height: number }) => `${size.width} × ${size.height}`;

/** What Apply edit would send, in a sentence. */
export function planSentence(edit: EditPlan, source: { width: number; height: number }): string {
  const { plan } = edit;
  if (plan.kind === 'region') {
    return `Sends a ${px(plan.box)} region of the ${px(source)} source, at ${px(plan.sent)}; the result is pasted back at full resolution.`;
  }
  const scaled = plan.sent.width !== source.width || plan.sent.height !== source.height;
  const how = scaled ? `scaled from ${px(source)} to ${px(plan.sent)}` : `at ${px(source)}, as it is`;
  return edit.masked
    ? `Sends the whole image ${how}; the result is pasted back at ${px(source)}.`
    : `Sends the whole image ${how}. Paint a mask to edit part of it.`;
}

/**
 * A number in pixels. While the designer types, the field shows what was typed (an empty field, a lone
 * minus sign); the setting takes each number as it comes, within its limits, and shows that once they leave.
 */
function PixelField(props: {
  label: string;
  value: number | null;
  min: number;
  max: number;
  placeholder?: string;
  onChange: (value: number | null) => void;
}) {
  const id = useId();
  const [typed, setTyped] = useState<string | null>(null);
  const shown = typed ?? (props.value === null ? '' : String(props.value));
  return (
    <div className="flex min-w-0 flex-1 flex-col gap-1">
      <label htmlFor={id} className="text-[11px] font-medium tracking-[0.08em] text-fg-muted uppercase">
        {props.label}
      </label>
      <div className="relative">
        <input
          id={id}
          type="number"
          inputMode="numeric"
          min={props.min}
          max={props.max}
          step={1}
          placeholder={props.placeholder}
          value={shown}
          onChange={(event) => {
            const text = event.target.value;
            setTyped(text);
            if (text === '') props.onChange(null);
            else if (Number.isFinite(Number(text))) props.onChange(Number(text));
          }}
          onBlur={() => setTyped(null)}
          className={`${controlClass(false)} pr-8 tabular-nums`}
        />
        <span
          aria-hidden
          className="pointer-events-none absolute top-1/2 right-2.5 -translate-y-1/2 text-[11px] text-fg-faint"
        >
          px
        </span>
      </div>
    </div>
  );
}

/** Outpainting: the edit target onto a larger canvas of a chosen shape, the new area masked for the model. */
function ExtendCanvas({
  first,
  model,
}: {
  first: { width: number; height: number };
  model: ModelCapabilities;
}) {
  const studio = useStudio();
  const id = useId();
  const [reframing, setReframing] = useState(false);
  const [label, setLabel] = useState(OUTPAINT_ASPECTS[0]!.label);
  const [extending, setExtending] = useState(false);
  const painted = useStudioState((state) => state.mask.history.operations.length > 0);
  const aspect = OUTPAINT_ASPECTS.find((choice) => choice.label === label)!;
  const extended = extendedCanvas(first, aspect);
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={id} className="text-[11px] font-medium tracking-[0.08em] text-fg-muted uppercase">
        Outpaint to
      </label>
      <div className="flex gap-2">
        <select
          id={id}
          value={label}
          onChange={(event) => setLabel(event.target.value)}
          className={`${selectControlClass(false)} min-w-0 flex-1`}
        >
          {OUTPAINT_ASPECTS.map((choice) => (
            <option key={choice.label} value={choice.label}>
              {choice.label}
            </option>
          ))}
        </select>
        <button
          type="button"
          disabled={!extended || extending}
          onClick={() => {
            setExtending(true);
            void studio.extendCanvas(aspect).finally(() => setExtending(false));
          }}
          className="shrink-0 rounded-md border border-line bg-raised px-3 py-1.5 text-[13px] font-medium text-fg transition hover:border-line-strong hover:bg-active focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none disabled:cursor-not-allowed disabled:opacity-45"
        >
          {extending ? 'Extending…' : 'Extend canvas'}
        </button>
      </div>
      <p className="text-[11px] leading-snug text-fg-faint">
        {extended
          ? `A ${extended.canvas.width} × ${extended.canvas.height} canvas, the new area masked and the original's pixels locked${painted ? '; it replaces the mask painted now' : ''}.`
          : `The image already has the shape ${label}.`}
      </p>
      <button
        type="button"
        onClick={() => setReframing(true)}
        onPointerEnter={() => void ReframeDialog.preload()}
        onFocus={() => void ReframeDialog.preload()}
        className="self-start rounded-md border border-line bg-raised px-3 py-1.5 text-[13px] font-medium text-fg transition hover:border-line-strong hover:bg-active focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none"
      >
        Reframe to several sizes…
      </button>
      {reframing && <ReframeDialog model={model} onClose={() => setReframing(false)} />}
    </div>
  );
}

export function InpaintSettingsFields({ model }: { model: ModelCapabilities }) {
  const settings = useStudioState((state) => state.inpaint.settings);
  const change = useStudioState((state) => state.inpaint.change);
  const first = useStudioState((state) => state.board.images[0] ?? null);
  const edit = useEditPlan(model.sizeRule);
  const checkboxId = useId();
  const set = (patch: Partial<InpaintSettings>) => change(patch);
  return (
    <div role="group" aria-label="Inpainting" className="flex flex-col gap-4">
      <div className="flex flex-col gap-1">
        <label
          htmlFor={checkboxId}
          className="flex cursor-pointer items-center gap-2 text-[13px] text-fg select-none"
        >
          <input
            id={checkboxId}
            type="checkbox"
            checked={settings.composite}
            onChange={(event) => set({ composite: event.target.checked })}
            className="accent-accent"
          />
          Paste back onto the source
        </label>
        <p className="text-[11px] leading-snug text-fg-faint">
          {settings.composite
            ? 'Every pixel outside the mask and its feather stays exactly the source’s; the model’s own output is kept beside it.'
            : 'The result is the model’s output as it is: the models also change pixels outside the mask.'}
        </p>
      </div>
      {settings.composite && (
        <div className="flex gap-3">
          <PixelField
            label="Feather"
            value={settings.featherPx}
            {...INPAINT_LIMITS.featherPx}
            onChange={(value) => set({ featherPx: value ?? 0 })}
          />
          <PixelField
            label="Grow"
            value={settings.growPx}
            {...INPAINT_LIMITS.growPx}
            onChange={(value) => set({ growPx: value ?? 0 })}
          />
        </div>
      )}
      <SegmentedField
        label="Send"
        problem={null}
        value={settings.region}
        options={REGION_CHOICES.map((value) => ({ value, label: REGION_LABELS[value] }))}
        onChange={(region) => set({ region })}
        note={
          <p className="text-[11px] leading-snug text-fg-faint">
            A region sends a padded crop around the mask at a size the model makes: on a large photo it is
            cheaper and sharper than the whole image scaled down. Auto uses it when the photo is larger than
            one output and the region is at most half of it.
          </p>
        }
      />
      {settings.region !== 'never' && (
        <PixelField
          label="Region padding"
          value={settings.regionPaddingPx}
          {...INPAINT_LIMITS.regionPaddingPx}
          placeholder="Auto"
          onChange={(value) => set({ regionPaddingPx: value })}
        />
      )}
      {edit && first && (
        <p aria-label="What the edit sends" className="text-[12px] leading-snug text-fg-muted">
          {planSentence(edit, first)}
        </p>
      )}
      {edit?.pasteBackProblem && (
        <p role="status" className="text-[12px] leading-snug text-warn">
          {edit.pasteBackProblem}
        </p>
      )}
      {first && <ExtendCanvas first={first} model={model} />}
    </div>
  );
}

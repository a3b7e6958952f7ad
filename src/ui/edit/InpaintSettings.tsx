/**
 * How a masked edit is sent and pasted back: pasting back on or off, the feather and growth of the pasted
 * area, region or whole image, and the context a region takes, with what the edit would send right now.
 * For a model that takes no mask these are disabled, and the panel says why (the contract's `whyNoMask`).
 */
import { useId, useState } from 'react';
import { whyNoMask, type ModelCapabilities } from '../../contract/index.ts';
import {
  INPAINT_LIMITS,
  REGION_CHOICES,
  type InpaintSettings,
  type RegionChoice,
} from '../../state/inpaint.ts';
import type { BoardImage } from '../../state/board.ts';
import { extensionOf } from '../../state/framingSlice.ts';
import { canvasProblem, extendedCanvas, OUTPAINT_ASPECTS } from '../../state/outpaint.ts';
import { useEditPlan, useStudio, useStudioState, type EditPlan } from '../../studio/index.ts';
import { controlClass, SegmentedField, selectControlClass, ToggleField } from '../kit/form.tsx';
import { lazyView } from '../kit/lazyView.tsx';

// The dialog and the batch runner it shares studio/reframe.ts with come with the first reframe.
const ReframeDialog = lazyView(() => import('./ReframeDialog.tsx').then((module) => module.ReframeDialog));

const REGION_LABELS: Record<RegionChoice, string> = { auto: 'Auto', always: 'Region', never: 'Whole image' };

const px = (size: { width: number; height: number }) => `${size.width} × ${size.height}`;

/** What Apply edit would send, in a sentence; `masks` says whether the model takes a mask at all. */
export function planSentence(
  edit: EditPlan,
  source: { width: number; height: number },
  masks: boolean,
): string {
  const { plan } = edit;
  if (plan.kind === 'region') {
    const region = edit.framePlaced ? `the ${px(plan.box)} region you placed` : `a ${px(plan.box)} region`;
    return `Sends ${region} of the ${px(source)} source, at ${px(plan.sent)}; the result is pasted back at full resolution.`;
  }
  const scaled = plan.sent.width !== source.width || plan.sent.height !== source.height;
  const how = scaled ? `scaled from ${px(source)} to ${px(plan.sent)}` : `at ${px(source)}, as it is`;
  if (edit.masked) return `Sends the whole image ${how}; the result is pasted back at ${px(source)}.`;
  if (edit.maskWithheld) {
    return `Sends the whole image ${how} as a reference, without the mask painted, which stays on the canvas.`;
  }
  return masks
    ? `Sends the whole image ${how}. Paint a mask to edit part of it.`
    : `Sends the whole image ${how} as a reference.`;
}

/** Everything here works on a mask: a fieldset disables it all at once for a model that takes none. */
const maskControls = 'flex min-w-0 flex-col gap-4 disabled:opacity-45';

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

/**
 * Outpainting: the edit target onto a larger canvas, the new area masked for the model. Picking a shape
 * here and dragging the image's edges on the canvas (MaskEditor.tsx) set the same pending extension.
 */
function ExtendCanvas({ first, model }: { first: BoardImage; model: ModelCapabilities }) {
  const studio = useStudio();
  const id = useId();
  const noteId = useId();
  const [reframing, setReframing] = useState(false);
  const [extending, setExtending] = useState(false);
  // The shape last picked that the image already has: there is nothing pending to say it by.
  const [sameShape, setSameShape] = useState<string | null>(null);
  const painted = useStudioState((state) => state.mask.history.operations.length > 0);
  const extension = useStudioState((state) => extensionOf(state.framing, first.id));
  const setExtension = useStudioState((state) => state.framing.setExtension);
  const problem = extension && canvasProblem(first, extension.canvas, model.sizeRule);
  const note = !extension
    ? sameShape
      ? `The image already has the shape ${sameShape}.`
      : 'Pick a shape, or drag an edge of the image outward on the canvas.'
    : (problem ??
      `A ${px(extension.canvas)} canvas, the new area masked and the original's pixels locked${painted ? '; it replaces the mask painted now' : ''}.`);
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={id} className="text-[11px] font-medium tracking-[0.08em] text-fg-muted uppercase">
        Outpaint to
      </label>
      <div className="flex gap-2">
        <select
          id={id}
          aria-describedby={noteId}
          value={extension ? (extension.aspect ?? DRAGGED) : ''}
          onChange={(event) => {
            const aspect = OUTPAINT_ASPECTS.find((choice) => choice.label === event.target.value);
            if (!aspect) return setExtension(first.id, null, null);
            const extended = extendedCanvas(first, aspect);
            setSameShape(extended ? null : aspect.label);
            setExtension(first.id, extended, aspect.label);
          }}
          className={`${selectControlClass(Boolean(problem))} min-w-0 flex-1`}
        >
          <option value="">No extension</option>
          {extension && !extension.aspect && <option value={DRAGGED}>Dragged out</option>}
          {OUTPAINT_ASPECTS.map((choice) => (
            <option key={choice.label} value={choice.label}>
              {choice.label}
            </option>
          ))}
        </select>
        <button
          type="button"
          disabled={!extension || problem !== null || extending}
          onClick={() => {
            setExtending(true);
            void studio.extendCanvas(model.sizeRule).finally(() => setExtending(false));
          }}
          className="shrink-0 rounded-md border border-line bg-raised px-3 py-1.5 text-[13px] font-medium text-fg transition hover:border-line-strong hover:bg-active focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none disabled:cursor-not-allowed disabled:opacity-45"
        >
          {extending ? 'Extending…' : 'Extend canvas'}
        </button>
      </div>
      <p id={noteId} className={`text-[11px] leading-snug ${problem ? 'text-warn' : 'text-fg-faint'}`}>
        {note}
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

/** The select's value for an extension dragged out on the canvas rather than picked as a shape. */
const DRAGGED = 'dragged';

export function InpaintSettingsFields({ model }: { model: ModelCapabilities }) {
  const settings = useStudioState((state) => state.inpaint.settings);
  const change = useStudioState((state) => state.inpaint.change);
  const first = useStudioState((state) => state.board.images[0] ?? null);
  const edit = useEditPlan(model);
  const resetFrame = useStudioState((state) => state.framing.resetFrame);
  const set = (patch: Partial<InpaintSettings>) => change(patch);
  const noMask = whyNoMask(model);
  const noteId = useId();
  const describedBy = noMask ? noteId : undefined;
  return (
    <div role="group" aria-label="Inpainting" className="flex flex-col gap-4">
      {noMask && (
        <p id={noteId} className="text-[12px] leading-snug text-fg-muted">
          Pasting back, regions and outpainting need a mask. {noMask}
        </p>
      )}
      <fieldset disabled={noMask !== null} aria-describedby={describedBy} className={maskControls}>
        <ToggleField
          label="Paste back onto the source"
          checked={settings.composite}
          onChange={(composite) => set({ composite })}
          note={
            settings.composite
              ? 'Every pixel outside the mask and its feather stays exactly the source’s; the model’s own output is kept beside it.'
              : 'The result is the model’s output as it is: the models also change pixels outside the mask.'
          }
        />
        {settings.composite && (
          <>
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
            <ToggleField
              label="Colour match"
              checked={settings.colourMatch}
              onChange={(colourMatch) => set({ colourMatch })}
              note={
                settings.colourMatch
                  ? 'The model’s pixels inside the mask are corrected for the colour shift it made around the mask, where it was asked to keep the source; the result says what was applied.'
                  : 'The model’s pixels inside the mask are pasted with its colours as they are, even where it shifted them a little.'
              }
            />
          </>
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
            onChange={(value) => {
              // A padding typed is a frame asked for: the studio's, around the mask, replaces the one placed.
              resetFrame();
              set({ regionPaddingPx: value });
            }}
          />
        )}
      </fieldset>
      {edit && first && (
        <div className="flex flex-col gap-1.5">
          <p aria-label="What the edit sends" className="text-[12px] leading-snug text-fg-muted">
            {planSentence(edit, first, noMask === null)}
          </p>
          {edit.framePlaced && (
            <button
              type="button"
              onClick={resetFrame}
              className="self-start rounded-md border border-line bg-raised px-3 py-1.5 text-[13px] font-medium text-fg transition hover:border-line-strong hover:bg-active focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none"
            >
              Reset frame
            </button>
          )}
        </div>
      )}
      {edit?.pasteBackProblem && (
        <p role="status" className="text-[12px] leading-snug text-warn">
          {edit.pasteBackProblem}
        </p>
      )}
      {first && (
        <fieldset disabled={noMask !== null} aria-describedby={describedBy} className={maskControls}>
          <ExtendCanvas first={first} model={model} />
        </fieldset>
      )}
    </div>
  );
}

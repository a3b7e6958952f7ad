import { useState } from 'react';
import {
  isResult,
  parameterDiff,
  promptDiff,
  sourceImageIdOf,
  type CompareMode,
  type CompareSubject,
  type ParameterValue,
} from '../../state/compare.ts';
import { shownImage } from '../../state/lineage.ts';
import type { ImageRecord } from '../../storage/records.ts';
import type { GalleryEntry } from '../../storage/studioStorage.ts';
import { Dialog } from '../kit/Dialog.tsx';
import { PARAM_LABELS } from '../kit/format.ts';
import { driftCaption } from '../kit/inpaintText.ts';
import { Segmented } from '../kit/Segmented.tsx';
import { BeforeAfterSlider } from './BeforeAfterSlider.tsx';
import { SideBySide, ZOOMS, type Zoom } from './SideBySide.tsx';
import { useStoredComparedImage } from './comparedImage.ts';
import { useSubjectImage } from './useSubjectImage.ts';

export interface CompareViewProps {
  /** The "before": a result, or the uploaded image an edit started from. */
  left: CompareSubject;
  right: GalleryEntry;
  /** How it opens; the designer can switch. */
  mode: CompareMode;
  onClose: () => void;
}

const EXTRA_PARAM_LABELS: Readonly<Record<string, string>> = {
  kind: 'Kind',
  input_fidelity: 'Input fidelity',
};

function formatValue(value: ParameterValue): string {
  if (value === null) return '—';
  if (typeof value === 'boolean') return value ? 'On' : 'Off';
  return String(value);
}

function PromptDiffText({ left, right }: { left: string; right: string }) {
  if (left === right) return <p className="text-[13px] leading-relaxed text-fg">{right}</p>;
  return (
    <p className="text-[13px] leading-relaxed text-fg">
      {promptDiff(left, right).map((part, index) =>
        part.change === 'added' ? (
          <ins key={index} className="rounded-sm bg-ok/20 text-ok no-underline">
            {part.text}
          </ins>
        ) : part.change === 'removed' ? (
          <del key={index} className="rounded-sm bg-danger/20 text-danger">
            {part.text}
          </del>
        ) : (
          <span key={index}>{part.text}</span>
        ),
      )}
    </p>
  );
}

function ChangesPanel(props: { left: GalleryEntry; right: GalleryEntry; names: [string, string] }) {
  const differences = parameterDiff(props.left.variant, props.right.variant);
  const leftPrompt = props.left.variant.request.prompt;
  const rightPrompt = props.right.variant.request.prompt;
  return (
    <section
      aria-label="What changed"
      className="grid max-h-[34%] shrink-0 grid-cols-[minmax(0,3fr)_minmax(0,2fr)] gap-6 overflow-y-auto border-t border-line px-5 py-4"
    >
      <div className="flex flex-col gap-2">
        <h3 className="text-[11px] font-medium tracking-[0.08em] text-fg-muted uppercase">
          {leftPrompt === rightPrompt ? 'Prompt (the same)' : 'Prompt changes'}
        </h3>
        <PromptDiffText left={leftPrompt} right={rightPrompt} />
      </div>
      <div className="flex flex-col gap-2">
        <h3 className="text-[11px] font-medium tracking-[0.08em] text-fg-muted uppercase">Parameters</h3>
        {differences.length === 0 ? (
          <p className="text-[12px] text-fg-muted">Every parameter is the same.</p>
        ) : (
          <table className="w-full text-[12px] tabular-nums">
            <thead>
              <tr className="text-left text-fg-muted">
                <th scope="col" className="py-1 pr-3 font-medium">
                  Parameter
                </th>
                <th scope="col" className="py-1 pr-3 font-medium">
                  {props.names[0]}
                </th>
                <th scope="col" className="py-1 font-medium">
                  {props.names[1]}
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-line/60">
              {differences.map((difference) => (
                <tr key={difference.param}>
                  <th scope="row" className="py-1 pr-3 text-left font-normal text-fg-muted">
                    {PARAM_LABELS[difference.param] ??
                      EXTRA_PARAM_LABELS[difference.param] ??
                      difference.param}
                  </th>
                  <td className="py-1 pr-3 text-fg">{formatValue(difference.left)}</td>
                  <td className="py-1 text-fg">{formatValue(difference.right)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}

function describeSide(subject: CompareSubject, image: ImageRecord | null): string {
  const size = image ? ` · ${image.width} × ${image.height}` : '';
  if (!isResult(subject)) return `${image?.name ?? 'Uploaded image'}${size}`;
  const { variant } = subject;
  const place =
    variant.variantCount > 1 ? ` · variant ${variant.variantIndex + 1} of ${variant.variantCount}` : '';
  // A masked edit's composite: how far the model strayed outside the mask (the last partial is no composite).
  const drift = image?.role === 'final' ? driftCaption(variant.inpaint) : null;
  return `${variant.request.prompt.slice(0, 80)}${place}${size}${drift ? ` · ${drift}` : ''}`;
}

/**
 * Two results, or an edit and its source: a before/after slider or the two side by side, and below them
 * what changed in the prompt and parameters.
 */
export function CompareView(props: CompareViewProps) {
  const leftImage = useSubjectImage(props.left);
  const rightImage = shownImage(props.right);
  const left = useStoredComparedImage(leftImage);
  const right = useStoredComparedImage(rightImage);
  const [mode, setMode] = useState<CompareMode>(props.mode);
  const [zoom, setZoom] = useState<Zoom>('fit');
  const canSlide = leftImage !== null && rightImage !== null;
  const shownMode = canSlide ? mode : 'side-by-side';
  // An edit against what it changed reads as before and after; two results as left and right.
  const isEditOfLeft = leftImage !== null && sourceImageIdOf(props.right.variant) === leftImage.id;
  const names: [string, string] = isEditOfLeft ? ['Before', 'After'] : ['Left', 'Right'];
  const rightName = describeSide(props.right, rightImage);

  return (
    <Dialog
      title="Compare"
      onClose={props.onClose}
      fillsWindow
      toolbar={
        <>
          <Segmented
            look="toolbar"
            label="Compare view"
            value={shownMode}
            onChange={setMode}
            options={[
              { value: 'slider', label: 'Slider', disabled: !canSlide },
              { value: 'side-by-side', label: 'Side by side' },
            ]}
          />
          {shownMode === 'side-by-side' && (
            <Segmented
              look="toolbar"
              label="Zoom"
              value={zoom}
              onChange={setZoom}
              options={ZOOMS.map((value) => ({
                value,
                label: value === 'fit' ? 'Fit' : `${value * 100}%`,
              }))}
            />
          )}
        </>
      }
    >
      {shownMode === 'slider' && left && right ? (
        <BeforeAfterSlider before={left} after={right} afterName={rightName} />
      ) : (
        <SideBySide
          zoom={zoom}
          left={{
            image: left,
            label: `${names[0]}: ${describeSide(props.left, leftImage)}`,
            alt: `${names[0]}: ${describeSide(props.left, leftImage)}`,
          }}
          right={{ image: right, label: `${names[1]}: ${rightName}`, alt: `${names[1]}: ${rightName}` }}
        />
      )}
      {isResult(props.left) ? (
        <ChangesPanel left={props.left} right={props.right} names={names} />
      ) : (
        <p className="shrink-0 border-t border-line px-5 py-3 text-[12px] text-fg-muted">
          The source is an image from outside the studio, so there is no prompt or parameters to compare.
          Prompt: <span className="text-fg">{props.right.variant.request.prompt}</span>
        </p>
      )}
    </Dialog>
  );
}

/** The Show control and the one-line note of a masked edit's result (see InpaintParts.tsx). */
import { useId } from 'react';
import type { InpaintRecord } from '../../storage/records.ts';
import type { InpaintShow } from './InpaintParts.tsx';
import { colourMatchSummary, driftSummary, rawOutputNote, strokeCount } from './inpaintText.ts';
import { Segmented, type SegmentedLook } from './Segmented.tsx';

/** "Show: Composite | Model's output | Drift map", with an option whose image is missing disabled and why. */
export function InpaintShowControl(props: {
  value: InpaintShow;
  onChange: (show: InpaintShow) => void;
  /** Whether the model's output and the drift map are there to show (a write storage refused is not). */
  has: { raw: boolean; drift: boolean };
  look?: SegmentedLook;
  /** The label's look: muted on a panel, light over an image. */
  labelClassName?: string;
}) {
  const labelId = useId();
  const missing = 'Not stored with this result';
  return (
    <div className="flex shrink-0 items-center gap-2">
      <span id={labelId} className={props.labelClassName ?? 'text-[12px] text-fg-muted'}>
        Show
      </span>
      <Segmented
        look={props.look ?? 'toolbar'}
        labelledBy={labelId}
        value={props.value}
        onChange={props.onChange}
        options={[
          {
            value: 'composite',
            label: 'Composite',
            hint: 'The source with the model’s pixels only through the mask',
          },
          {
            value: 'raw',
            label: "Model's output",
            hint: 'What the model sent back, before it was pasted onto the source',
            disabled: !props.has.raw,
            reason: props.has.raw ? null : missing,
          },
          {
            value: 'drift',
            label: 'Drift map',
            hint: 'Where the model changed pixels outside the mask (the composite keeps the source’s there)',
            disabled: !props.has.drift,
            reason: props.has.drift ? null : missing,
          },
        ]}
      />
    </div>
  );
}

/**
 * The one line about the paste-back, with its colour match when that was on, and, while a region edit's
 * own output is shown, what it covers.
 */
export function InpaintNote(props: { record: InpaintRecord; shown: InpaintShow; className?: string }) {
  const note = props.shown === 'raw' ? rawOutputNote(props.record) : null;
  const colour = colourMatchSummary(props.record);
  return (
    <p className={props.className ?? 'text-[12px] leading-snug text-fg-muted'}>
      {note && <span className="font-medium text-fg">{note}. </span>}
      {driftSummary(props.record)}
      {touchUpNote(props.record)}
      {colour && ` ${colour}`}
    </p>
  );
}

/** What the touch-ups did, after the drift: a touched-up result is no longer the composite as pasted back. */
function touchUpNote(record: InpaintRecord): string {
  const strokes = record.touchUp?.strokes.length ?? 0;
  if (strokes === 0) return '';
  return ` Touched up with ${strokeCount(strokes)}; the drift is measured on the touched-up result.`;
}

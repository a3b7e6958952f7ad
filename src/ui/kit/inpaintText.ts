/** What the studio says about a masked edit's paste-back, wherever its result is shown: pure, so tested. */
import { DRIFT_THRESHOLD } from '../../editor/inpaint/compositeMath.ts';
import type { InpaintRecord } from '../../storage/records.ts';

/**
 * A share as a whole percentage, never rounded to a figure it is not: a trace of drift is not "0%", and a
 * share short of all of them is not "100%".
 */
export function formatDriftShare(share: number): string {
  if (share <= 0) return 'none';
  if (share < 0.01) return 'under 1%';
  if (share < 1 && share > 0.99) return 'over 99%';
  return `${Math.round(share * 100)}%`;
}

/** The one line that says how far the model strayed outside the mask, or why nothing was pasted back. */
export function driftSummary(record: InpaintRecord): string {
  if (record.notComposited !== null) return `Not pasted back: ${record.notComposited}`;
  if (record.driftShare === null)
    return 'Pasted back onto the source; the drift outside the mask was not measured.';
  if (record.driftShare <= 0)
    return `No drift outside the mask: no protected pixel changed by more than ${DRIFT_THRESHOLD} levels.`;
  return `Drift outside the mask: ${formatDriftShare(record.driftShare)} of protected pixels changed by more than ${DRIFT_THRESHOLD} levels; the composite keeps the source's.`;
}

const CHANNEL_NAMES = ['red', 'green', 'blue'] as const;

/** A level offset as the line gives it: whole levels, a true minus sign. */
const signedLevels = (offset: number) => {
  const levels = Math.round(offset);
  return levels < 0 ? `−${-levels}` : `+${levels}`;
};

/**
 * The one line on the colour match of a composited edit's pasted pixels: per channel that changed, its gain
 * and offset ("red −12, blue ×1.11"), or why it was skipped. Null when it was off, or nothing was pasted.
 */
export function colourMatchSummary(record: InpaintRecord): string | null {
  const match = record.colourMatch;
  if (!isComposited(record) || !match) return null;
  if (match.kind === 'skipped') return `Colour match skipped: ${match.reason}.`;
  const changes = CHANNEL_NAMES.flatMap((name, channel) => {
    const gain = match.gain[channel]!;
    const offset = match.offset[channel]!;
    const parts = [
      ...(Math.abs(gain - 1) >= 0.005 ? [`×${gain.toFixed(2)}`] : []),
      ...(Math.round(offset) !== 0 ? [signedLevels(offset)] : []),
    ];
    return parts.length > 0 ? [`${name} ${parts.join(' ')}`] : [];
  });
  if (changes.length === 0)
    return 'Colour match: the model’s colours already agreed with the source around the mask.';
  return `Colour matched to the source around the mask: ${changes.join(', ')}.`;
}

/** A compact form for a caption beside other facts ("drift 41%"); null when there is no figure to give. */
export function driftCaption(record: InpaintRecord | null | undefined): string | null {
  if (!record || record.notComposited !== null || record.driftShare === null) return null;
  return `drift ${formatDriftShare(record.driftShare)}`;
}

/**
 * Under the model's own output of a region edit, which is only the crop it was sent (often scaled): which
 * part of the source it answers for. Null for a whole-image edit, whose output covers the whole source.
 */
export function rawOutputNote(record: InpaintRecord): string | null {
  if (record.kind !== 'region') return null;
  const { box, sent } = record;
  const region = `${box.width} × ${box.height}`;
  const scaled = sent.width !== box.width || sent.height !== box.height;
  return `Model's output for the ${region} region${scaled ? `, sent at ${sent.width} × ${sent.height}` : ''}`;
}

/** Whether the composite, the model's output and the drift map can be told apart: it was pasted back. */
export function isComposited(record: InpaintRecord | null | undefined): record is InpaintRecord {
  return !!record && record.notComposited === null;
}

/** Whether a final can be touched up: pasted back, with the model's output stored beside it. */
export function canTouchUp(
  parts: { record: InpaintRecord | null; raw: unknown } | null | undefined,
): boolean {
  return !!parts && isComposited(parts.record) && parts.raw != null;
}

/**
 * For a run of several masked edits, one line for all of them ("image 1 41%, image 2 under 1%"); a single
 * one gets the full sentence. Null when none of them is a masked edit's.
 */
export function runDriftSummary(records: readonly (InpaintRecord | null)[]): string | null {
  const known = records.flatMap((record, index) => (record ? [{ record, index }] : []));
  if (known.length === 0) return null;
  if (records.length === 1) return driftSummary(known[0]!.record);
  const each = known.map(({ record, index }) => {
    const figure =
      record.notComposited !== null
        ? 'not pasted back'
        : record.driftShare === null
          ? 'not measured'
          : formatDriftShare(record.driftShare);
    const strokes = record.touchUp?.strokes.length ?? 0;
    return `image ${index + 1} ${figure}${strokes > 0 ? ` (touched up, ${strokeCount(strokes)})` : ''}`;
  });
  return `Drift outside the mask (share of protected pixels changed by more than ${DRIFT_THRESHOLD} levels): ${each.join(', ')}.`;
}

/** "1 stroke", "3 strokes". */
export const strokeCount = (strokes: number) => `${strokes} ${strokes === 1 ? 'stroke' : 'strokes'}`;

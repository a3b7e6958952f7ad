import { describe, expect, it } from 'vitest';
import type { InpaintRecord } from '../../storage/records.ts';
import {
  colourMatchSummary,
  driftCaption,
  driftSummary,
  formatDriftShare,
  isComposited,
  rawOutputNote,
  runDriftSummary,
  canTouchUp,
} from './inpaintText.ts';

const record = (patch: Partial<InpaintRecord> = {}): InpaintRecord => ({
  kind: 'region',
  box: { left: 100, top: 80, width: 1216, height: 816 },
  sent: { width: 1216, height: 816 },
  source: { width: 3000, height: 2000 },
  growPx: 8,
  featherPx: 12,
  driftShare: 0.41,
  notComposited: null,
  ...patch,
});

describe('formatDriftShare', () => {
  it.each([
    [0, 'none'],
    [0.00001, 'under 1%'],
    [0.0099, 'under 1%'],
    [0.01, '1%'],
    [0.414, '41%'],
    [0.415, '42%'],
    [0.994, 'over 99%'],
    [1, '100%'],
  ])('%s → %s', (share, text) => {
    expect(formatDriftShare(share)).toBe(text);
  });
});

describe('driftSummary', () => {
  it.each([
    [
      record(),
      "Drift outside the mask: 41% of protected pixels changed by more than 8 levels; the composite keeps the source's.",
    ],
    [
      record({ driftShare: 0.002 }),
      "Drift outside the mask: under 1% of protected pixels changed by more than 8 levels; the composite keeps the source's.",
    ],
    [
      record({ driftShare: 0 }),
      'No drift outside the mask: no protected pixel changed by more than 8 levels.',
    ],
    [
      record({ driftShare: null }),
      'Pasted back onto the source; the drift outside the mask was not measured.',
    ],
    [
      record({ driftShare: null, notComposited: 'Pasting back was off for this edit.' }),
      'Not pasted back: Pasting back was off for this edit.',
    ],
  ])('%#', (given, text) => {
    expect(driftSummary(given)).toBe(text);
  });
});

describe('driftCaption', () => {
  it('gives the figure only for a composite whose drift is known', () => {
    expect(driftCaption(record())).toBe('drift 41%');
    expect(driftCaption(record({ driftShare: 0.003 }))).toBe('drift under 1%');
    expect(driftCaption(record({ driftShare: null }))).toBeNull();
    expect(driftCaption(record({ notComposited: 'no' }))).toBeNull();
    expect(driftCaption(null)).toBeNull();
    expect(driftCaption(undefined)).toBeNull();
  });
});

describe('rawOutputNote', () => {
  it('names the region a region edit answered for, and the size it was sent at when scaled', () => {
    expect(rawOutputNote(record())).toBe("Model's output for the 1216 × 816 region");
    expect(rawOutputNote(record({ box: { left: 0, top: 0, width: 2432, height: 1632 } }))).toBe(
      "Model's output for the 2432 × 1632 region, sent at 1216 × 816",
    );
  });

  it('says nothing for a whole-image edit', () => {
    expect(rawOutputNote(record({ kind: 'whole' }))).toBeNull();
  });
});

describe('isComposited', () => {
  it('holds only for a record pasted back', () => {
    expect(isComposited(record())).toBe(true);
    expect(isComposited(record({ notComposited: 'no' }))).toBe(false);
    expect(isComposited(null)).toBe(false);
  });
});

describe('runDriftSummary', () => {
  it('gives one image the full sentence and several a figure each', () => {
    expect(runDriftSummary([record()])).toBe(driftSummary(record()));
    expect(
      runDriftSummary([record(), null, record({ driftShare: 0.004 }), record({ notComposited: 'no' })]),
    ).toBe(
      'Drift outside the mask (share of protected pixels changed by more than 8 levels): image 1 41%, image 3 under 1%, image 4 not pasted back.',
    );
    const stroke = { id: 's', mode: 'restore' as const, points: [10, 10], size: 30, hardness: 1 };
    const touchUp = { strokes: [stroke, stroke], compositeDriftShare: 0.2 };
    expect(runDriftSummary([record(), record({ driftShare: 0, touchUp })])).toBe(
      'Drift outside the mask (share of protected pixels changed by more than 8 levels): image 1 41%, image 2 none (touched up, 2 strokes).',
    );
    expect(runDriftSummary([null, null])).toBeNull();
    expect(runDriftSummary([])).toBeNull();
  });
});

describe('colourMatchSummary', () => {
  const applied = (offset: [number, number, number], gain: [number, number, number]) =>
    record({ colourMatch: { kind: 'applied', offset, gain, measuredPixels: 5000 } });

  it('names each channel that changed, with its gain and offset', () => {
    expect(colourMatchSummary(applied([-12, 0.3, 2.6], [1, 1.002, 1.111]))).toBe(
      'Colour matched to the source around the mask: red −12, blue ×1.11 +3.',
    );
  });

  it('says when the colours already agreed', () => {
    expect(colourMatchSummary(applied([0.4, -0.4, 0], [1, 1, 1.004]))).toBe(
      'Colour match: the model’s colours already agreed with the source around the mask.',
    );
  });

  it('gives the reason it was skipped', () => {
    const skipped = record({ colourMatch: { kind: 'skipped', reason: 'the model repainted it' } });
    expect(colourMatchSummary(skipped)).toBe('Colour match skipped: the model repainted it.');
  });

  it('says nothing when it was off, the record is older, or nothing was pasted back', () => {
    expect(colourMatchSummary(record({ colourMatch: null }))).toBeNull();
    expect(colourMatchSummary(record())).toBeNull();
    const notPasted = applied([-12, 0, 0], [1, 1, 1]);
    expect(colourMatchSummary({ ...notPasted, notComposited: 'Pasting back was off.' })).toBeNull();
  });
});

describe('canTouchUp', () => {
  it('takes a pasted-back final with the model output stored beside it, and nothing else', () => {
    expect(canTouchUp({ record: record(), raw: {} })).toBe(true);
    expect(canTouchUp({ record: record(), raw: null })).toBe(false);
    expect(canTouchUp({ record: record({ notComposited: 'no' }), raw: {} })).toBe(false);
    expect(canTouchUp({ record: null, raw: {} })).toBe(false);
    expect(canTouchUp(null)).toBe(false);
  });
});

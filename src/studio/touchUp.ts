/**
 * Touching up a masked edit's result: brush strokes that paint the source's pixels back over the composite
 * ("Restore original") or let the model's through ("Model's pixels"). Everything is read from storage (the
 * edit's stored source, mask, raw output and composite), so a result touches up the same after a reload as
 * straight after its edit, and the pixel work is the inpainting worker's (editor/inpaint/touchUp.ts).
 *
 * Nothing is lost: the paste-back's composite and drift map are kept beside the touched-up final, whose
 * strokes the variant's record keeps, so "Revert touch-ups" brings the composite back and touching up again
 * starts from the strokes already made. Its code loads with the first touch-up.
 */
import type { TouchUpStroke } from '../editor/inpaint/touchUp.ts';
import type { EditPixels } from '../editor/inpaint/work.ts';
import type { Size } from '../editor/viewport.ts';
import type { StudioStore } from '../state/store.ts';
import type { ImageRecord, InpaintRecord } from '../storage/records.ts';
import type { StudioStorage } from '../storage/studioStorage.ts';
import { imageDimensions, type RecordingDeps } from './recording.ts';

/** What a touch-up of one result starts from. */
export interface TouchUpSubject {
  variantId: string;
  /** The final shown now: the composite, or an earlier touch-up of it. */
  finalImageId: string;
  natural: Size;
  record: InpaintRecord;
  /** The edit's source at its natural size, the model's output as it arrived, the paste-back's composite. */
  source: Blob;
  raw: Blob;
  composite: Blob;
  mask: Blob;
  /** The strokes the final was touched up with so far; none while it is the composite itself. */
  strokes: TouchUpStroke[];
}

export type TouchUpOutcome = { ok: true } | { ok: false; message: string };

export interface TouchUp {
  /** What touching up this final starts from, or why it cannot be touched up. */
  subject: (finalImageId: string) => Promise<TouchUpSubject | { problem: string }>;
  /**
   * Makes the composite with `strokes` over it the result (no strokes: the composite itself again), stored
   * and shown everywhere the result is.
   */
  apply: (subject: TouchUpSubject, strokes: readonly TouchUpStroke[]) => Promise<TouchUpOutcome>;
  /** Brings the paste-back's composite back as the result. */
  revert: (finalImageId: string) => Promise<TouchUpOutcome>;
}

export interface TouchUpDeps {
  store: StudioStore;
  storage: StudioStorage;
  loadPixels: () => Promise<EditPixels | null>;
  makeThumbnail: RecordingDeps['makeThumbnail'];
  notLoaded: string;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function createTouchUp(deps: TouchUpDeps): TouchUp {
  const { store, storage } = deps;

  /** The session's runs show the stored final from now on (a reload reads it from storage). */
  const show = (variantId: string, image: ImageRecord) =>
    store.getState().session.replaceFinal(variantId, {
      id: image.id,
      url: URL.createObjectURL(image.blob),
      format: image.format,
      size: `${image.width}x${image.height}`,
    });

  const subject: TouchUp['subject'] = async (finalImageId) => {
    const final = await storage.getImage(finalImageId);
    const variant =
      final?.role === 'final' && final.variantId ? await storage.getVariant(final.variantId) : null;
    const record = variant?.inpaint;
    // Until a result is pasted back, or when it could not be, there is no composite to touch up.
    if (!variant || !record || record.notComposited !== null || record.driftShare === null)
      return { problem: 'Only a result pasted back onto its source through a mask can be touched up.' };
    const sourceId = variant.inputImageIds[0];
    const [source, mask, raw, kept] = await Promise.all([
      sourceId ? storage.getImage(sourceId) : null,
      variant.maskImageId ? storage.getImage(variant.maskImageId) : null,
      storage.variantImage(variant.id, 'raw'),
      storage.variantImage(variant.id, 'composite'),
    ]);
    const missing = [!source && 'its source', !mask && 'its mask', !raw && 'the model’s output'].filter(
      (part) => part !== false,
    );
    if (missing.length > 0)
      return { problem: `This result cannot be touched up: ${missing.join(' and ')} is no longer stored.` };
    return {
      variantId: variant.id,
      finalImageId,
      natural: { width: record.source.width, height: record.source.height },
      record,
      source: source!.blob,
      raw: raw!.blob,
      composite: (kept ?? final!).blob,
      mask: mask!.blob,
      strokes: record.touchUp?.strokes ?? [],
    };
  };

  const revert: TouchUp['revert'] = async (finalImageId) => {
    try {
      const final = await storage.getImage(finalImageId);
      const variant = final?.variantId ? await storage.getVariant(final.variantId) : null;
      const record = variant?.inpaint;
      if (!variant || !record?.touchUp) return { ok: true };
      const restored = await storage.revertTouchUp(variant.id, {
        ...record,
        driftShare: record.touchUp.compositeDriftShare,
        touchUp: null,
      });
      if (restored) show(variant.id, restored);
      return { ok: true };
    } catch (error) {
      return { ok: false, message: `The touch-ups were not reverted (${messageOf(error)}).` };
    }
  };

  const apply: TouchUp['apply'] = async (subject, strokes) => {
    if (strokes.length === 0) return revert(subject.finalImageId);
    const pixels = await deps.loadPixels();
    if (!pixels) return { ok: false, message: `The touch-up was not applied: ${deps.notLoaded}` };
    const { record, natural, variantId } = subject;
    try {
      const colour = record.colourMatch?.kind === 'applied' ? record.colourMatch : null;
      const made = await pixels.touchUp({
        source: subject.source,
        raw: subject.raw,
        composite: subject.composite,
        mask: subject.mask,
        natural,
        plan: { box: record.box, sent: record.sent },
        shape: { growPx: record.growPx, featherPx: record.featherPx },
        locked: record.locked ?? null,
        colour: colour && { offset: colour.offset, gain: colour.gain },
        strokes: [...strokes],
      });
      const thumbnail = await deps.makeThumbnail(made.result, natural).catch(() => null);
      const own = { variantId, sequence: 0, format: 'png' as const, name: null };
      const final = await storage.touchUpFinal(
        variantId,
        { ...own, id: crypto.randomUUID(), role: 'final', blob: made.result, ...natural, thumbnail },
        {
          ...own,
          id: crypto.randomUUID(),
          role: 'drift',
          blob: made.drift,
          ...(await imageDimensions(made.drift)),
          thumbnail: null,
        },
        {
          ...record,
          driftShare: made.driftShare,
          touchUp: {
            strokes: strokes.map((stroke) => ({ ...stroke, points: [...stroke.points] })),
            compositeDriftShare: record.touchUp ? record.touchUp.compositeDriftShare : record.driftShare,
          },
        },
      );
      show(variantId, final);
      return { ok: true };
    } catch (error) {
      return { ok: false, message: `The touch-up was not applied (${messageOf(error)}).` };
    }
  };

  return { subject, apply, revert };
}

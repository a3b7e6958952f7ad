/**
 * Touching up a masked edit's result through the whole studio: real storage, the touch-up's own maths on
 * pixels sharp decodes (testing/testStudio.ts), the result read back from storage and decoded.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { TouchUpStroke } from '../editor/inpaint/touchUp.ts';
import type { MaskOperation } from '../state/mask.ts';
import { openTestStorage } from '../storage/testing/testStorage.ts';
import {
  completedImageEvent,
  createTestStudio,
  photoInEditMode,
  type TestStudio,
} from './testing/testStudio.ts';
import type { TouchUpSubject } from './touchUp.ts';

const SOURCE = { width: 640, height: 480 };

/** A masked edit of a flat 640x480 source (shade 90) whose composite the fake worker makes flat (shade 30). */
async function compositedEdit(test: TestStudio) {
  await photoInEditMode(test, SOURCE);
  const dab: MaskOperation = { kind: 'stroke', id: 'dab', points: [320, 240], size: 200, mode: 'paint' };
  test.studio.store.getState().mask.commit(dab);
  const running = test.studio.run();
  const [request] = await test.received(1);
  request!.send(await completedImageEvent('1024x768'));
  request!.finish();
  await running;
  await test.studio.settled();
  const [entry] = await test.storage.listGallery();
  return entry!;
}

const restoreAcross: TouchUpStroke = {
  id: 'restore-1',
  mode: 'restore',
  points: [100, 240, 540, 240],
  size: 40,
  hardness: 1,
};

async function subjectOf(test: TestStudio, finalImageId: string): Promise<TouchUpSubject> {
  const found = await (await test.studio.touchUp()).subject(finalImageId);
  if ('problem' in found) throw new Error(found.problem);
  return found;
}

async function pixelAt(blob: Blob, x: number, y: number) {
  const { data, info } = await sharp(Buffer.from(await blob.arrayBuffer()))
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const at = (y * info.width + x) * 4;
  return [data[at], data[at + 1], data[at + 2], data[at + 3]];
}

const sourceColour = [90, 120, 200, 255];
const compositeColour = [30, 120, 200, 255];

describe('touching up a masked edit', () => {
  it('stores the touched-up final in the composite’s place and keeps the composite and its drift map', async () => {
    const test = createTestStudio();
    const entry = await compositedEdit(test);
    const pasteBack = entry.final!;
    const pasteBackDrift = await test.storage.variantImage(entry.variant.id, 'drift');
    const touchUp = await test.studio.touchUp();
    const subject = await subjectOf(test, pasteBack.id);
    expect(subject.strokes).toEqual([]);
    expect(await touchUp.apply(subject, [restoreAcross])).toEqual({ ok: true });

    const [after] = await test.storage.listGallery();
    expect(after!.final!.id).not.toBe(pasteBack.id);
    expect(after!.final).toMatchObject({ role: 'final', format: 'png', ...SOURCE });
    expect(await pixelAt(after!.final!.blob, 320, 240)).toEqual(sourceColour);
    expect(await pixelAt(after!.final!.blob, 320, 300)).toEqual(compositeColour);
    expect(after!.variant.inpaint).toMatchObject({
      driftShare: 0.125,
      touchUp: { strokes: [restoreAcross], compositeDriftShare: 0.25 },
    });
    // The paste-back under its own id, so a lineage that points at it keeps its bytes.
    expect(await test.storage.variantImage(entry.variant.id, 'composite')).toMatchObject({
      id: pasteBack.id,
      sha256: pasteBack.sha256,
    });
    expect((await test.storage.variantImage(entry.variant.id, 'composite-drift'))!.id).toBe(
      pasteBackDrift!.id,
    );
    expect((await test.storage.variantImage(entry.variant.id, 'drift'))!.id).not.toBe(pasteBackDrift!.id);
    // The session shows, downloads and sends the touched-up final.
    const [variant] = test.studio.store.getState().session.runs[0]!.variants;
    expect(variant!.final).toMatchObject({ id: after!.final!.id, size: '640x480', format: 'png' });
  });

  it('touches up again from the composite with the strokes so far, and reverts to the composite', async () => {
    const test = createTestStudio();
    const entry = await compositedEdit(test);
    const touchUp = await test.studio.touchUp();
    await touchUp.apply(await subjectOf(test, entry.final!.id), [restoreAcross]);
    const firstTouchUp = (await test.storage.listGallery())[0]!.final!;

    const again = await subjectOf(test, firstTouchUp.id);
    expect(again.strokes).toEqual([restoreAcross]);
    expect(await pixelAt(again.composite, 320, 240)).toEqual(compositeColour);
    const modelStroke: TouchUpStroke = { ...restoreAcross, id: 'model-1', mode: 'model', points: [320, 100] };
    expect(await touchUp.apply(again, [restoreAcross, modelStroke])).toEqual({ ok: true });
    const second = (await test.storage.listGallery())[0]!.final!;
    // The model's output (a flat shade 200 at 1024x768) comes through where the model stroke went.
    expect(await pixelAt(second.blob, 320, 100)).toEqual([200, 120, 200, 255]);
    expect(await pixelAt(second.blob, 320, 240)).toEqual(sourceColour);
    // No later edit sent the first touch-up, so it is not kept.
    expect(await test.storage.getImage(firstTouchUp.id)).toBeNull();

    expect(await touchUp.revert(second.id)).toEqual({ ok: true });
    const [reverted] = await test.storage.listGallery();
    expect(reverted!.final!.id).toBe(entry.final!.id);
    expect(reverted!.final!.sha256).toBe(entry.final!.sha256);
    expect(reverted!.variant.inpaint).toMatchObject({ driftShare: 0.25, touchUp: null });
    expect(await test.storage.variantImage(entry.variant.id, 'composite')).toBeNull();
    expect(await test.storage.getImage(second.id)).toBeNull();
    expect(test.studio.store.getState().session.runs[0]!.variants[0]!.final!.id).toBe(entry.final!.id);
  });

  it('keeps a touched-up final a later edit started from when it is touched up again', async () => {
    const test = createTestStudio();
    const entry = await compositedEdit(test);
    const touchUp = await test.studio.touchUp();
    await touchUp.apply(await subjectOf(test, entry.final!.id), [restoreAcross]);
    const sent = (await test.storage.listGallery())[0]!.final!;
    // A later edit's lineage names it as its first image.
    await test.storage.beginVariant({
      ...entry.variant,
      id: 'later-edit',
      runId: 'later-run',
      parentImageId: sent.id,
      inputImageIds: [sent.id],
      inpaint: null,
    });
    await touchUp.apply(await subjectOf(test, sent.id), []);
    expect(await test.storage.getImage(sent.id)).toMatchObject({
      role: 'composite',
      sequence: 1,
      sha256: sent.sha256,
    });
  });

  it('works after a reload from what is stored, and the archive carries the strokes', async () => {
    const before = createTestStudio();
    const entry = await compositedEdit(before);
    const after = createTestStudio(before);
    await after.studio.start();
    const touchUp = await after.studio.touchUp();
    expect(await touchUp.apply(await subjectOf(after, entry.final!.id), [restoreAcross])).toEqual({
      ok: true,
    });
    const [stored] = await after.storage.listGallery();
    expect(await pixelAt(stored!.final!.blob, 200, 240)).toEqual(sourceColour);
    expect(after.studio.store.getState().session.runs[0]!.variants[0]!.final!.id).toBe(stored!.final!.id);

    const elsewhere = openTestStorage();
    await elsewhere.storage.importZip(await after.studio.exportResults());
    const [imported] = await elsewhere.storage.listGallery();
    expect(imported!.final!.sha256).toBe(stored!.final!.sha256);
    expect(imported!.variant.inpaint?.touchUp?.strokes).toEqual([restoreAcross]);
    expect(await elsewhere.storage.variantImage(entry.variant.id, 'composite')).toMatchObject({
      id: entry.final!.id,
    });
  });

  it('says why a result that was not pasted back cannot be touched up', async () => {
    const test = createTestStudio();
    test.studio.store.getState().inpaint.change({ composite: false });
    const entry = await compositedEdit(test);
    const found = await (await test.studio.touchUp()).subject(entry.final!.id);
    expect(found).toEqual({ problem: expect.stringMatching(/pasted back/) });
  });
});

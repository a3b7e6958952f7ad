/**
 * The framing the designer sets on the canvas, through the whole studio: a region frame moved by hand is
 * what the edit sends, and an edge dragged out is the canvas Extend canvas makes.
 */
import { describe, expect, it } from 'vitest';
import {
  GPT_IMAGE_2_SIZE_RULE,
  catalogueModel,
  formatSize,
  outputImageSize,
  sizeViolation,
} from '../contract/index.ts';
import { dragFrame } from '../editor/inpaint/region.ts';
import type { MaskOperation } from '../state/mask.ts';
import { dragCanvasEdge } from '../state/outpaint.ts';
import { editPlanOf } from './editPlan.ts';
import { createTestStudio, photoInEditMode } from './testing/testStudio.ts';

const dab: MaskOperation = { kind: 'stroke', id: 'dab', points: [4500, 1000], size: 300, mode: 'paint' };
const PHOTO = { width: 6000, height: 4000 };
const GPT_IMAGE_2 = catalogueModel('gpt-image-2');

async function photoOnBoard() {
  const test = createTestStudio();
  await photoInEditMode(test, PHOTO);
  test.studio.store.getState().mask.commit(dab);
  return test;
}

const planNow = (test: Awaited<ReturnType<typeof photoOnBoard>>) => {
  const { board, mask, inpaint, framing } = test.studio.store.getState();
  return editPlanOf(board.images, mask, inpaint.settings, GPT_IMAGE_2, 'auto', framing)!;
};

describe('a region frame placed by hand', () => {
  it('is what the edit sends, cropped at a valid size, and the plan says it was placed', async () => {
    const test = await photoOnBoard();
    const { store } = test.studio;
    const before = planNow(test);
    expect(before.plan.kind).toBe('region');
    expect(before.framePlaced).toBe(false);
    const first = store.getState().board.images[0]!;
    const moved = dragFrame(before.plan.box, 'move', -300, 250, before.maskBounds!, PHOTO);
    store.getState().framing.placeFrame(first.id, moved);

    const after = planNow(test);
    expect(after.framePlaced).toBe(true);
    expect(after.plan.box).toEqual(moved);
    expect(after.plan.sent).toEqual(before.plan.sent);

    const running = test.studio.run();
    const [request] = await test.received(1);
    if (request!.kind !== 'edit') throw new Error('not an edit');
    const size = request!.upload.fields.size!;
    expect(size).toBe(formatSize(after.plan.sent));
    expect(sizeViolation(GPT_IMAGE_2_SIZE_RULE, size)).toBeNull();
    const header = async (blob: Blob) => outputImageSize(new Uint8Array(await blob.arrayBuffer()));
    expect(await header(request!.upload.images[0]!.blob)).toEqual(after.plan.sent);
    test.studio.cancel();
    await running;
  });

  it('follows a mask painted past it, and belongs to its image only', async () => {
    const test = await photoOnBoard();
    const { store } = test.studio;
    const first = store.getState().board.images[0]!;
    const frame = planNow(test).plan.box;
    store.getState().framing.placeFrame(first.id, frame);
    store
      .getState()
      .mask.commit({ ...dab, id: 'far', points: [frame.left + frame.width + 200, 1000], size: 100 });
    const grown = planNow(test).plan.box;
    expect(grown.left).toBe(frame.left);
    expect(grown.left + grown.width).toBeGreaterThanOrEqual(frame.left + frame.width + 250);

    store.getState().framing.placeFrame('another image', { left: 0, top: 0, width: 10, height: 10 });
    expect(planNow(test).framePlaced).toBe(false);
  });
});

describe('an edge dragged out', () => {
  it('is the canvas Extend canvas makes, the original where the drag left it', async () => {
    const test = await photoOnBoard();
    const { store } = test.studio;
    const first = store.getState().board.images[0]!;
    const right = dragCanvasEdge(PHOTO, null, 'right', 1200, GPT_IMAGE_2_SIZE_RULE);
    const extended = dragCanvasEdge(PHOTO, right, 'top', 500, GPT_IMAGE_2_SIZE_RULE);
    store.getState().framing.setExtension(first.id, extended, null);
    await test.studio.extendCanvas(GPT_IMAGE_2_SIZE_RULE);

    const [image] = store.getState().board.images;
    expect(image).toMatchObject({
      name: 'photo-7200x4500.png',
      width: 7200,
      height: 4500,
      lockedBox: { left: 0, top: 500, ...PHOTO },
    });
    expect(store.getState().mask.owner?.imageId).toBe(image!.id);
    expect(store.getState().notices.notices.at(-1)?.text).toMatch(/is on a canvas of 7200 × 4500/);
  });

  it('is refused plainly when the canvas could not be pasted back onto', async () => {
    const test = await photoOnBoard();
    const { store } = test.studio;
    const first = store.getState().board.images[0]!;
    store
      .getState()
      .framing.setExtension(
        first.id,
        { canvas: { width: 12_400, height: 4000 }, original: { left: 0, top: 0, ...PHOTO } },
        null,
      );
    await test.studio.extendCanvas(GPT_IMAGE_2_SIZE_RULE);
    expect(store.getState().board.images[0]!.id).toBe(first.id);
    expect(store.getState().notices.notices.at(-1)).toMatchObject({
      tone: 'error',
      text: expect.stringMatching(/was not extended: A 12400 × 4000 canvas is longer than the 3:1/),
    });
  });
});

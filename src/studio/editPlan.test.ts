import { describe, expect, it } from 'vitest';
import { catalogueModel, createModelRegistry, whyNoMask, type ModelCapabilities } from '../contract/index.ts';
import type { BoardImage } from '../state/board.ts';
import { DEFAULT_INPAINT_SETTINGS } from '../state/inpaint.ts';
import { ownerOf, type MaskOperation } from '../state/mask.ts';
import { editPlanOf } from './editPlan.ts';

const image = (width: number, height: number, bytes = 1_000): BoardImage => ({
  id: `image-${width}x${height}`,
  name: 'photo.png',
  blob: new Blob([new Uint8Array(bytes)], { type: 'image/png' }),
  url: 'blob:photo',
  width,
  height,
  notice: null,
  sourceImageId: null,
});

const GPT_IMAGE_2 = catalogueModel('gpt-image-2');
/** A gateway's entry for the same model that takes no mask, as Leonardo's GPT route. */
const MASKLESS = createModelRegistry([{ id: 'gpt-image-2', supportsMask: false }]).get('gpt-image-2')!;

const dab: MaskOperation = { kind: 'stroke', id: 'dab', points: [500, 500], size: 200, mode: 'paint' };

function planOf(
  images: BoardImage[],
  operations: MaskOperation[],
  size = 'auto',
  settings = DEFAULT_INPAINT_SETTINGS,
  model: ModelCapabilities = GPT_IMAGE_2,
) {
  const mask = { history: { operations, undone: [] }, owner: ownerOf(images[0]!) };
  return editPlanOf(images, mask, settings, model, size);
}

describe('editPlanOf', () => {
  it('has nothing to plan without an image', () => {
    expect(
      editPlanOf(
        [],
        { history: { operations: [], undone: [] }, owner: null },
        DEFAULT_INPAINT_SETTINGS,
        GPT_IMAGE_2,
        'auto',
      ),
    ).toBeNull();
  });

  it('offers the other way for a masked edit, and the sizes everything is sent at', () => {
    const edit = planOf([image(6000, 4000), image(5000, 5000), image(800, 600)], [dab])!;
    expect(edit.plan.kind).toBe('region');
    expect(edit.other?.kind).toBe('whole');
    expect(edit.sentSizes.slice(1)).toEqual([
      { width: 2880, height: 2880 },
      { width: 800, height: 600 },
    ]);
    expect(edit.masked).toBe(true);
  });

  it('says beforehand when a whole-image edit asks for a size of another shape', () => {
    const photo = [image(3000, 2000)];
    expect(planOf(photo, [dab], '1024x1024')?.pasteBackProblem).toMatch(
      /^1024 × 1024 is not the shape of the 3000 × 2000 source/,
    );
    expect(planOf(photo, [dab], '2992x2000')?.pasteBackProblem).toBeNull();
    expect(planOf(photo, [dab], 'auto')?.pasteBackProblem).toBeNull();
    // Nothing is pasted back without a mask, or with pasting back off.
    expect(planOf(photo, [], '1024x1024')?.pasteBackProblem).toBeNull();
    const off = { ...DEFAULT_INPAINT_SETTINGS, composite: false };
    expect(planOf(photo, [dab], '1024x1024', off)?.pasteBackProblem).toBeNull();
  });

  it('plans a model that takes no mask without the mask painted, and says why it is kept but not sent', () => {
    const photo = [image(6000, 4000), image(800, 600)];
    const masked = planOf(photo, [dab])!;
    const withheld = planOf(photo, [dab], 'auto', DEFAULT_INPAINT_SETTINGS, MASKLESS)!;
    expect(masked.plan.kind).toBe('region');
    // The whole image as a reference, scaled as any unmasked edit: no region, nothing pasted back.
    expect(withheld).toMatchObject({ masked: false, maskBounds: null, other: null, framePlaced: false });
    expect(withheld.plan).toEqual(planOf(photo, [])!.plan);
    expect(withheld.maskWithheld).toBe(whyNoMask(MASKLESS));
    expect(withheld.maskWithheld).toMatch(/^This provider's GPT Image 2 takes no mask/);
    // With nothing painted there is nothing to withhold, and a model that takes masks withholds none.
    expect(planOf(photo, [], 'auto', DEFAULT_INPAINT_SETTINGS, MASKLESS)!.maskWithheld).toBeNull();
    expect(masked.maskWithheld).toBeNull();
  });
});

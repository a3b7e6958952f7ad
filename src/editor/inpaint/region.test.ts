import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  GPT_IMAGE_1_SIZE_RULE,
  GPT_IMAGE_2_SIZE_RULE,
  formatSize,
  nearestValidSize,
  sizeViolation,
  type SizeRule,
} from '../../contract/index.ts';
import type { PixelBox } from '../../state/mask.ts';
import type { Size } from '../viewport.ts';
import {
  MIN_FRAME_PX,
  REGION_PADDING_RANGE,
  defaultRegionPadding,
  dragFrame,
  frameAroundMask,
  regionIsWorthIt,
  regionPlan,
  sentToBoxScale,
  wholeImagePlan,
  type FrameGrip,
  type FrameHandle,
  type SendPlan,
} from './region.ts';

const PHOTO = { width: 6000, height: 4000 };
const PANORAMA = { width: 9000, height: 1000 };

const aspect = (size: Size) => size.width / size.height;

/**
 * Every promise regionPlan makes, as a list of the ones a plan breaks (empty when it keeps them all), so a
 * failing random case says what went wrong rather than only that something did.
 */
function brokenGuarantees(
  plan: SendPlan,
  mask: PixelBox,
  image: Size,
  padding: number,
  rule: SizeRule,
): string[] {
  const { box, sent } = plan;
  const broken: string[] = [];
  if (plan.kind !== 'region') broken.push('kind is not region');
  const sentProblem = sizeViolation(rule, formatSize(sent));
  if (sentProblem) broken.push(`sent ${formatSize(sent)} is invalid: ${sentProblem}`);
  if (![box.left, box.top, box.width, box.height].every(Number.isInteger))
    broken.push('box is not on whole pixels');
  if (
    box.left < 0 ||
    box.top < 0 ||
    box.left + box.width > image.width ||
    box.top + box.height > image.height
  ) {
    broken.push('box passes an image edge');
  }
  const pad = Math.round(padding);
  if (
    box.left > Math.max(0, mask.left - pad) ||
    box.top > Math.max(0, mask.top - pad) ||
    box.left + box.width < Math.min(image.width, mask.left + mask.width + pad) ||
    box.top + box.height < Math.min(image.height, mask.top + mask.height + pad)
  ) {
    broken.push('box does not hold the padded mask');
  }
  const mismatch = aspect(box) / aspect(sent) - 1;
  // The documented exception: the box already spans the image on the axis the ratio needs it to grow.
  const imageHasNoRoom =
    (mismatch > 0 && box.height === image.height) || (mismatch < 0 && box.width === image.width);
  if (Math.abs(mismatch) > 0.01 + 1e-12 && !imageHasNoRoom) {
    broken.push(`box ${formatSize(box)} is ${(mismatch * 100).toFixed(2)}% off sent ${formatSize(sent)}`);
  }
  const nearest = nearestValidSize(rule, box);
  if (Math.abs((sent.width * sent.height) / (nearest.width * nearest.height) - 1) > 0.05) {
    broken.push(`sent ${formatSize(sent)} is far from the box's own size (${formatSize(nearest)})`);
  }
  return broken;
}

describe('regionPlan', () => {
  it.each<{
    name: string;
    image: Size;
    mask: PixelBox;
    padding: number;
    rule: SizeRule;
    expectAlso: (plan: SendPlan) => void;
  }>([
    {
      name: 'a 5% mask in the middle of 6000x4000 goes at about its own resolution',
      image: PHOTO,
      mask: { left: 2329, top: 1553, width: 1342, height: 894 },
      padding: 336,
      rule: GPT_IMAGE_2_SIZE_RULE,
      expectAlso: ({ box, sent }) => {
        expect(box.width * box.height).toBeLessThan((PHOTO.width * PHOTO.height) / 2);
        expect(sent.width / box.width).toBeGreaterThan(0.95);
        expect(sent.width / box.width).toBeLessThan(1.05);
      },
    },
    {
      name: 'a thin mask in the bottom-right corner grows upwards, away from the edge',
      image: PHOTO,
      mask: { left: 5200, top: 3950, width: 800, height: 50 },
      padding: 0,
      rule: GPT_IMAGE_2_SIZE_RULE,
      expectAlso: ({ box }) => {
        expect(box.left + box.width).toBe(PHOTO.width);
        expect(box.top + box.height).toBe(PHOTO.height);
        expect(box.height).toBeGreaterThan(50 * 3);
      },
    },
    {
      name: 'a mask touching the left edge keeps its box at the edge',
      image: PHOTO,
      mask: { left: 0, top: 1500, width: 500, height: 1000 },
      padding: 128,
      rule: GPT_IMAGE_2_SIZE_RULE,
      expectAlso: ({ box }) => {
        expect(box.left).toBe(0);
        expect(box.top).toBeLessThanOrEqual(1500 - 128);
      },
    },
    {
      name: 'a tiny mask is upscaled to at least the pixel floor',
      image: PHOTO,
      mask: { left: 3000, top: 2000, width: 8, height: 8 },
      padding: 0,
      rule: GPT_IMAGE_2_SIZE_RULE,
      expectAlso: ({ box, sent }) => {
        expect(box.width * box.height).toBeLessThan(GPT_IMAGE_2_SIZE_RULE.minPixels);
        expect(sent.width * sent.height).toBeGreaterThanOrEqual(GPT_IMAGE_2_SIZE_RULE.minPixels);
      },
    },
    {
      name: 'a tiny lopsided mask grows on both axes until whole pixels can hold the ratio',
      image: PHOTO,
      mask: { left: 3000, top: 2000, width: 7, height: 3 },
      padding: 0,
      rule: GPT_IMAGE_2_SIZE_RULE,
      expectAlso: ({ box }) => expect(box.height).toBeGreaterThan(3),
    },
    {
      name: 'a mask covering almost everything takes the whole image, sent at most at the pixel ceiling',
      image: PHOTO,
      mask: { left: 10, top: 10, width: 5980, height: 3980 },
      padding: 64,
      rule: GPT_IMAGE_2_SIZE_RULE,
      expectAlso: ({ box, sent }) => {
        expect(box).toEqual({ left: 0, top: 0, ...PHOTO });
        expect(sent.width * sent.height).toBeLessThanOrEqual(GPT_IMAGE_2_SIZE_RULE.maxPixels);
      },
    },
    {
      name: 'a wide thin mask (40:1) is made taller to reach 3:1',
      image: PHOTO,
      mask: { left: 1000, top: 2000, width: 4000, height: 100 },
      padding: 0,
      rule: GPT_IMAGE_2_SIZE_RULE,
      expectAlso: ({ box, sent }) => {
        expect(box.width).toBe(4000);
        expect(box.height).toBeGreaterThanOrEqual(4000 / 3);
        // 3840 is the longest edge, and 3840x1312 is the grid size nearest the box's own shape.
        expect(sent).toEqual({ width: 3840, height: 1312 });
      },
    },
    {
      name: 'a wide mask on a 9000x1000 panorama takes the full height and accepts the distortion',
      image: PANORAMA,
      mask: { left: 2000, top: 400, width: 5000, height: 200 },
      padding: 64,
      rule: GPT_IMAGE_2_SIZE_RULE,
      expectAlso: ({ box, sent }) => {
        expect(box).toEqual({ left: 1936, top: 0, width: 5128, height: 1000 });
        expect(aspect(sent)).toBe(3);
      },
    },
    {
      name: 'a small mask on a 9000x1000 panorama fits its ratio as usual',
      image: PANORAMA,
      mask: { left: 4000, top: 400, width: 600, height: 200 },
      padding: 64,
      rule: GPT_IMAGE_2_SIZE_RULE,
      expectAlso: ({ box, sent }) => expect(Math.abs(aspect(box) / aspect(sent) - 1)).toBeLessThan(0.01),
    },
    {
      name: 'gpt-image-1 sends one of its fixed sizes and the box takes its ratio',
      image: PHOTO,
      mask: { left: 2329, top: 1553, width: 1342, height: 894 },
      padding: 336,
      rule: GPT_IMAGE_1_SIZE_RULE,
      expectAlso: ({ box, sent }) => {
        expect(sent).toEqual({ width: 1536, height: 1024 });
        expect(box.height).toBe(894 + 2 * 336);
      },
    },
    {
      name: 'gpt-image-1 turns a wide thin mask into a 3:2 box',
      image: PHOTO,
      mask: { left: 1000, top: 2000, width: 4000, height: 100 },
      padding: 0,
      rule: GPT_IMAGE_1_SIZE_RULE,
      expectAlso: ({ box, sent }) => {
        expect(sent).toEqual({ width: 1536, height: 1024 });
        expect(box.width).toBe(4000);
      },
    },
  ])('$name', ({ image, mask, padding, rule, expectAlso }) => {
    const plan = regionPlan(mask, image, padding, rule);
    expect(brokenGuarantees(plan, mask, image, padding, rule)).toEqual([]);
    expectAlso(plan);
  });

  it('keeps every guarantee over 500 random images, masks and paddings', () => {
    const scenario = fc
      .tuple(maskedImage, fc.integer(REGION_PADDING_RANGE))
      .map(([masked, padding]) => ({ ...masked, padding }));
    fc.assert(
      fc.property(scenario, ({ image, mask, padding, rule }) => {
        const plan = regionPlan(mask, image, padding, rule);
        expect(brokenGuarantees(plan, mask, image, padding, rule)).toEqual([]);
      }),
      { seed: 20_260_117, numRuns: 500 },
    );
  });
});

/** A mask somewhere on an image, as fractions of it, so every size and place occurs whatever the image. */
const maskedImage = fc
  .record({
    image: fc.record({
      width: fc.integer({ min: 200, max: 12_000 }),
      height: fc.integer({ min: 200, max: 12_000 }),
    }),
    at: fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })),
    extent: fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })),
    rule: fc.constantFrom<SizeRule>(GPT_IMAGE_2_SIZE_RULE, GPT_IMAGE_1_SIZE_RULE),
  })
  .map(({ image, at: [x, y], extent: [w, h], rule }) => {
    const left = Math.min(image.width - 1, Math.floor(x * image.width));
    const top = Math.min(image.height - 1, Math.floor(y * image.height));
    const mask = {
      left,
      top,
      width: Math.max(1, Math.floor(w * w * (image.width - left))),
      height: Math.max(1, Math.floor(h * h * (image.height - top))),
    };
    return { image, mask, rule };
  });

/** What every frame the designer can leave must be: inside the image, holding the mask, on whole pixels. */
function frameProblems(frame: PixelBox, mask: PixelBox, image: Size): string[] {
  const problems: string[] = [];
  if (![frame.left, frame.top, frame.width, frame.height].every(Number.isInteger))
    problems.push('not whole pixels');
  if (frame.left < 0 || frame.top < 0) problems.push('passes the top or left edge');
  if (frame.left + frame.width > image.width || frame.top + frame.height > image.height)
    problems.push('passes the bottom or right edge');
  if (
    frame.left > mask.left ||
    frame.top > mask.top ||
    frame.left + frame.width < mask.left + mask.width ||
    frame.top + frame.height < mask.top + mask.height
  )
    problems.push('cuts the mask');
  return problems;
}

const drag = fc.tuple(fc.integer({ min: -20_000, max: 20_000 }), fc.integer({ min: -20_000, max: 20_000 }));
const HANDLES: FrameHandle[] = [-1, 0, 1].flatMap((x) =>
  [-1, 0, 1].map((y) => ({ x, y }) as FrameHandle).filter((handle) => handle.x !== 0 || handle.y !== 0),
);

/** The studio's frame around a random mask, dragged at random by its border or a handle. */
const frameDrop = fc
  .tuple(maskedImage, drag, fc.constantFrom<FrameGrip>('move', ...HANDLES))
  .map(([{ image, mask, rule }, [dx, dy], grip]) => {
    const first = regionPlan(mask, image, defaultRegionPadding(mask), rule);
    return { image, mask, rule, grip, first, dragged: dragFrame(first.box, grip, dx, dy, mask, image) };
  });

describe('a frame the designer places', () => {
  const mask = { left: 2329, top: 1553, width: 1342, height: 894 };

  it('moves with the drag, stopping where it would cut the mask or leave the image', () => {
    const frame = regionPlan(mask, PHOTO, 336, GPT_IMAGE_2_SIZE_RULE).box;
    const moved = dragFrame(frame, 'move', 100, -40, mask, PHOTO);
    expect(moved).toEqual({ ...frame, left: frame.left + 100, top: frame.top - 40 });
    // Far to the right: its left edge stops at the mask's left edge.
    expect(dragFrame(frame, 'move', 5000, 0, mask, PHOTO).left).toBe(mask.left);
    // Far up: its bottom edge stops at the mask's bottom edge.
    expect(dragFrame(frame, 'move', 0, -5000, mask, PHOTO).top).toBe(mask.top + mask.height - frame.height);
    expect(dragFrame(frame, 'move', -5000, 0, mask, PHOTO).left).toBe(mask.left + mask.width - frame.width);
    // By a mask near the corner, the image's edges stop it first.
    const corner = { left: 40, top: 30, width: 200, height: 100 };
    const cornerFrame = regionPlan(corner, PHOTO, 64, GPT_IMAGE_2_SIZE_RULE).box;
    expect(dragFrame(cornerFrame, 'move', -500, -500, corner, PHOTO)).toMatchObject({ left: 0, top: 0 });
  });

  it('resizes by the edges its handle names, the others staying put', () => {
    const frame = { left: 2000, top: 1200, width: 2000, height: 1600 };
    expect(dragFrame(frame, { x: 1, y: 0 }, 300, 999, mask, PHOTO)).toEqual({ ...frame, width: 2300 });
    expect(dragFrame(frame, { x: -1, y: -1 }, -100, -50, mask, PHOTO)).toEqual({
      left: 1900,
      top: 1150,
      width: 2100,
      height: 1650,
    });
    // Shrunk past the mask, the edge stops on it.
    expect(dragFrame(frame, { x: -1, y: 0 }, 2000, 0, mask, PHOTO).left).toBe(mask.left);
    expect(dragFrame(frame, { x: 0, y: 1 }, 0, 9000, mask, PHOTO).height).toBe(PHOTO.height - 1200);
  });

  it('grows to hold a mask painted past it, and stays inside the image', () => {
    const frame = { left: 2500, top: 1600, width: 800, height: 600 };
    expect(frameAroundMask(frame, mask, PHOTO)).toEqual({ left: 2329, top: 1553, width: 1342, height: 894 });
    expect(frameAroundMask({ left: -50, top: 3900, width: 300, height: 400 }, mask, PHOTO)).toEqual({
      left: 0,
      top: 1553,
      width: mask.left + mask.width,
      height: PHOTO.height - 1553,
    });
  });

  it('never cuts the mask or leaves the image, however it is moved or resized (500 random drags)', () => {
    fc.assert(
      fc.property(frameDrop, ({ image, mask, grip, first, dragged }) => {
        const frame = first.box;
        expect(frameProblems(dragged, mask, image)).toEqual([]);
        if (grip === 'move') expect([dragged.width, dragged.height]).toEqual([frame.width, frame.height]);
        else if (dragged.width >= MIN_FRAME_PX && frame.width >= MIN_FRAME_PX) {
          // An edge the handle does not name stays where it was.
          if (grip.x !== -1) expect(dragged.left).toBe(frame.left);
          if (grip.x !== 1) expect(dragged.left + dragged.width).toBe(frame.left + frame.width);
        }
      }),
      { seed: 20_260_118, numRuns: 500 },
    );
  });

  it('is sent at a valid size near its own resolution, holding the mask, wherever it is dropped', () => {
    fc.assert(
      fc.property(frameDrop, ({ image, mask, rule, grip, first, dragged }) => {
        const plan = regionPlan(mask, image, 0, rule, dragged);
        expect(brokenGuarantees(plan, mask, image, 0, rule)).toEqual([]);
        // The box sent holds the frame as dropped: sizing only ever widens it to a shape the model makes.
        expect(frameProblems(plan.box, dragged, image)).toEqual([]);
        // Planned again (as the next render does), the frame stays where it is, and a moved frame keeps
        // its size; not where the image had no room for the shape, nor where a small box is blown up to
        // the pixel floor, since one 16 px step of the sent size can then be more than the 1% a shape
        // may be off.
        const settled = (of: SendPlan) =>
          Math.abs(aspect(of.box) / aspect(of.sent) - 1) <= 0.01 &&
          of.box.width * of.box.height >= of.sent.width * of.sent.height;
        if (settled(plan)) expect(regionPlan(mask, image, 0, rule, plan.box)).toEqual(plan);
        if (grip === 'move' && settled(first)) {
          expect([plan.box.width, plan.box.height]).toEqual([first.box.width, first.box.height]);
        }
      }),
      { seed: 20_260_119, numRuns: 500 },
    );
  });
});

describe('wholeImagePlan', () => {
  it.each<[string, Size]>([
    ['a 1024x1024 image', { width: 1024, height: 1024 }],
    ['an image exactly at the limit', { width: 3840, height: 2160 }],
  ])('sends %s as it is', (_name, image) => {
    expect(wholeImagePlan(image, GPT_IMAGE_2_SIZE_RULE.maxPixels)).toEqual({
      kind: 'whole',
      box: { left: 0, top: 0, ...image },
      sent: image,
    });
  });

  it.each<Size>([PHOTO, { width: 4000, height: 6000 }, PANORAMA, { width: 7001, height: 4999 }])(
    'scales $width x $height down under the limit, keeping its ratio',
    (image) => {
      const limit = image === PANORAMA ? 2_000_000 : GPT_IMAGE_2_SIZE_RULE.maxPixels;
      const { kind, box, sent } = wholeImagePlan(image, limit);
      expect(kind).toBe('whole');
      expect(box).toEqual({ left: 0, top: 0, ...image });
      expect(sent.width * sent.height).toBeLessThanOrEqual(limit);
      // One more row of the short edge (with its long edge) would break the limit.
      expect(sent.width * sent.height).toBeGreaterThan(limit - 2 * Math.max(sent.width, sent.height));
      expect(Math.abs(aspect(sent) / aspect(image) - 1)).toBeLessThan(1 / Math.max(sent.width, sent.height));
      expect([sent.width, sent.height].every(Number.isInteger)).toBe(true);
    },
  );
});

describe('defaultRegionPadding', () => {
  it.each<[PixelBox, number]>([
    [{ left: 0, top: 0, width: 100, height: 50 }, 64],
    [{ left: 0, top: 0, width: 256, height: 10 }, 64],
    [{ left: 0, top: 0, width: 300, height: 20 }, 75],
    [{ left: 0, top: 0, width: 400, height: 1000 }, 250],
    [{ left: 0, top: 0, width: 2048, height: 100 }, 512],
    [{ left: 0, top: 0, width: 6000, height: 4000 }, 512],
  ])('%o → %i px', (mask, padding) => {
    expect(defaultRegionPadding(mask)).toBe(padding);
  });
});

describe('regionIsWorthIt', () => {
  const plan = (width: number, height: number): SendPlan => ({
    kind: 'region',
    box: { left: 0, top: 0, width, height },
    sent: { width: 1024, height: 1024 },
  });
  it.each<[string, SendPlan, Size, SizeRule, boolean]>([
    ['a small region of a 6000x4000 photo', plan(2000, 1500), PHOTO, GPT_IMAGE_2_SIZE_RULE, true],
    ['a region of exactly half the photo', plan(3000, 4000), PHOTO, GPT_IMAGE_2_SIZE_RULE, true],
    ['a region just over half the photo', plan(3001, 4000), PHOTO, GPT_IMAGE_2_SIZE_RULE, false],
    ['the whole photo', wholeImagePlan(PHOTO, 50_000_000), PHOTO, GPT_IMAGE_2_SIZE_RULE, false],
    [
      'an image gpt-image-2 returns whole',
      plan(500, 500),
      { width: 3840, height: 2160 },
      GPT_IMAGE_2_SIZE_RULE,
      false,
    ],
    [
      'that image with gpt-image-1, whose largest size is smaller',
      plan(500, 500),
      { width: 3840, height: 2160 },
      GPT_IMAGE_1_SIZE_RULE,
      true,
    ],
    [
      'an image gpt-image-1 returns whole',
      plan(500, 500),
      { width: 1536, height: 1024 },
      GPT_IMAGE_1_SIZE_RULE,
      false,
    ],
  ])('%s → %s', (_name, region, image, rule, worthIt) => {
    expect(regionIsWorthIt(region, image, rule)).toBe(worthIt);
  });
});

describe('sentToBoxScale', () => {
  it('is box pixels per sent pixel on each axis', () => {
    const plan: SendPlan = {
      kind: 'region',
      box: { left: 100, top: 200, width: 3000, height: 1000 },
      sent: { width: 1536, height: 512 },
    };
    expect(sentToBoxScale(plan)).toEqual({ x: 3000 / 1536, y: 1000 / 512 });
  });

  it('maps a real region plan back onto its box', () => {
    const plan = regionPlan(
      { left: 2329, top: 1553, width: 1342, height: 894 },
      PHOTO,
      336,
      GPT_IMAGE_2_SIZE_RULE,
    );
    const scale = sentToBoxScale(plan);
    expect(plan.sent.width * scale.x).toBeCloseTo(plan.box.width);
    expect(plan.sent.height * scale.y).toBeCloseTo(plan.box.height);
  });
});

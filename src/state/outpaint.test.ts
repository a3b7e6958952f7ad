import { describe, expect, it } from 'vitest';
import { GPT_IMAGE_1_SIZE_RULE, GPT_IMAGE_2_SIZE_RULE } from '../contract/index.ts';
import { BOARD_MAX_PIXELS } from './board.ts';
import { paintBounds } from './mask.ts';
import {
  canvasProblem,
  dragCanvasEdge,
  extendedCanvas,
  outpaintMask,
  OUTPAINT_ASPECTS,
  parseTargetList,
} from './outpaint.ts';

describe('extendedCanvas', () => {
  it.each([
    [{ width: 3000, height: 2000 }, '16:9', { width: 3556, height: 2000 }, { left: 278, top: 0 }],
    [{ width: 3000, height: 2000 }, '1:1', { width: 3000, height: 3000 }, { left: 0, top: 500 }],
    [{ width: 1080, height: 1920 }, '4:5', { width: 1536, height: 1920 }, { left: 228, top: 0 }],
    [{ width: 1000, height: 1000 }, '9:16', { width: 1000, height: 1778 }, { left: 0, top: 389 }],
  ])('puts %o on the smallest %s canvas, centred', (image, label, canvas, at) => {
    const aspect = OUTPAINT_ASPECTS.find((choice) => choice.label === label)!;
    expect(extendedCanvas(image, aspect)).toEqual({ canvas, original: { ...at, ...image } });
  });

  it('has nothing to extend when the image already has the shape', () => {
    expect(extendedCanvas({ width: 1920, height: 1080 }, { width: 16, height: 9 })).toBeNull();
  });
});

describe('dragCanvasEdge', () => {
  const photo = { width: 3000, height: 2000 };

  it('extends the side dragged and puts the original where the other sides left it', () => {
    const right = dragCanvasEdge(photo, null, 'right', 600, GPT_IMAGE_2_SIZE_RULE);
    expect(right).toEqual({ canvas: { width: 3600, height: 2000 }, original: { left: 0, top: 0, ...photo } });
    const thenLeft = dragCanvasEdge(photo, right, 'left', 400.4, GPT_IMAGE_2_SIZE_RULE);
    expect(thenLeft).toEqual({
      canvas: { width: 4000, height: 2000 },
      original: { left: 400, top: 0, ...photo },
    });
    const thenTop = dragCanvasEdge(photo, thenLeft, 'top', 250, GPT_IMAGE_2_SIZE_RULE);
    expect(thenTop).toEqual({
      canvas: { width: 4000, height: 2250 },
      original: { left: 400, top: 250, ...photo },
    });
  });

  it('never crops the original, and dragging every side back leaves nothing to extend', () => {
    const right = dragCanvasEdge(photo, null, 'right', 600, GPT_IMAGE_2_SIZE_RULE);
    expect(dragCanvasEdge(photo, right, 'right', -300, GPT_IMAGE_2_SIZE_RULE)).toBeNull();
    expect(dragCanvasEdge(photo, null, 'bottom', -50, GPT_IMAGE_2_SIZE_RULE)).toBeNull();
  });

  it.each([
    ['gpt-image-2 (3:1)', GPT_IMAGE_2_SIZE_RULE, 6000],
    ['gpt-image-1 (3:2)', GPT_IMAGE_1_SIZE_RULE, 3000],
  ])('stops at the longest shape %s makes', (_name, rule, width) => {
    const wide = dragCanvasEdge(photo, null, 'right', 50_000, rule);
    expect(wide?.canvas.width ?? photo.width).toBe(width);
    expect(canvasProblem(photo, wide?.canvas ?? photo, rule)).toBeNull();
  });

  it('lets a panorama longer than the model makes grow the other way, but no longer', () => {
    const panorama = { width: 9000, height: 1000 };
    expect(dragCanvasEdge(panorama, null, 'left', 500, GPT_IMAGE_2_SIZE_RULE)).toBeNull();
    expect(dragCanvasEdge(panorama, null, 'top', 500, GPT_IMAGE_2_SIZE_RULE)?.canvas).toEqual({
      width: 9000,
      height: 1500,
    });
  });

  it('stops where the canvas would hold more than the board does', () => {
    const big = { width: 7000, height: 5000 };
    const tall = dragCanvasEdge(big, null, 'bottom', 20_000, GPT_IMAGE_2_SIZE_RULE)!;
    expect(tall.canvas).toEqual({ width: 7000, height: Math.floor(BOARD_MAX_PIXELS / 7000) });
    expect(canvasProblem(big, tall.canvas, GPT_IMAGE_2_SIZE_RULE)).toBeNull();
  });

  it('keeps a canvas made tall from being narrowed past the shape the model makes', () => {
    const tall = dragCanvasEdge(photo, null, 'bottom', 4000, GPT_IMAGE_2_SIZE_RULE)!;
    const wider = dragCanvasEdge(photo, tall, 'right', 1000, GPT_IMAGE_2_SIZE_RULE)!;
    // Taken back in, the right side stops where the canvas would be longer than 1:3.
    expect(dragCanvasEdge(photo, wider, 'right', 0, GPT_IMAGE_2_SIZE_RULE)!.canvas).toEqual({
      width: 3000,
      height: 6000,
    });
    const tallest = dragCanvasEdge(photo, wider, 'bottom', 20_000, GPT_IMAGE_2_SIZE_RULE)!;
    expect(tallest.canvas).toEqual({ width: 4000, height: 12_000 });
  });
});

describe('canvasProblem', () => {
  it('says why a picked shape cannot be made', () => {
    const photo = { width: 3000, height: 2000 };
    const wide = extendedCanvas(photo, { width: 21, height: 9 })!;
    expect(canvasProblem(photo, wide.canvas, GPT_IMAGE_2_SIZE_RULE)).toBeNull();
    expect(canvasProblem(photo, wide.canvas, GPT_IMAGE_1_SIZE_RULE)).toMatch(
      /longer than the 1.5:1 the model makes/,
    );
    const huge = extendedCanvas({ width: 8000, height: 6000 }, { width: 21, height: 9 })!;
    expect(canvasProblem({ width: 8000, height: 6000 }, huge.canvas, GPT_IMAGE_2_SIZE_RULE)).toMatch(
      /^A 14000 × 6000 canvas \(84\.0 MP\) is more than the 50\.0 MP the board holds\.$/,
    );
  });
});

describe('outpaintMask', () => {
  it('paints the canvas but the original', () => {
    const original = { left: 278, top: 0, width: 3000, height: 2000 };
    const operations = outpaintMask(original);
    expect(operations.map((operation) => operation.kind)).toEqual(['fill-all', 'shape']);
    expect(operations[1]).toMatchObject({ mode: 'erase', shape: 'rectangle', ...original });
    expect(paintBounds(operations, { width: 3556, height: 2000 })).not.toBeNull();
  });
});

describe('parseTargetList', () => {
  it('reads sizes separated by commas, spaces or lines, and gives back what is not one', () => {
    const { targets, refused } = parseTargetList('1200x630, 2048×1152\n1500X500;12x 0x10 99999x10');
    expect(targets.map((target) => [target.width, target.height])).toEqual([
      [1200, 630],
      [2048, 1152],
      [1500, 500],
    ]);
    expect(targets[0]).toMatchObject({ id: 'custom-1200x630', label: '1200 × 630' });
    expect(refused).toEqual(['12x', '0x10', '99999x10']);
  });

  it('reads nothing from an empty field', () => {
    expect(parseTargetList('  ')).toEqual({ targets: [], refused: [] });
  });
});

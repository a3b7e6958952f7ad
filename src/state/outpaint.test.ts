import { describe, expect, it } from 'vitest';
import { paintBounds } from './mask.ts';
import { extendedCanvas, outpaintMask, OUTPAINT_ASPECTS, parseTargetList } from './outpaint.ts';

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

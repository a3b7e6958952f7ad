import { describe, expect, it } from 'vitest';
import { MAX_INPUT_IMAGE_PIXELS } from '../contract/index.ts';
import { downscaledSize } from './boardImage.ts';

describe('downscaledSize', () => {
  it('keeps an image under the ceiling as it is', () => {
    expect(downscaledSize({ width: 3000, height: 2000 }, MAX_INPUT_IMAGE_PIXELS)).toEqual({
      width: 3000,
      height: 2000,
    });
  });

  it('scales a 12 MP image under the 8.3 MP ceiling at the same aspect ratio', () => {
    const size = downscaledSize({ width: 4000, height: 3000 }, MAX_INPUT_IMAGE_PIXELS);
    expect(size).toEqual({ width: 3325, height: 2494 });
    expect(size.width * size.height).toBeLessThanOrEqual(MAX_INPUT_IMAGE_PIXELS);
  });
});

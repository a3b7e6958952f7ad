/** The `seed` extension: the same seed paints the same image again, whatever variant the request is. */
import { describe, expect, it } from 'vitest';
import { bytesOf, generate, meanDifference, pixelsOf } from './testing/engineHarness.ts';

const body = { model: 'gpt-image-2', prompt: 'a lighthouse on a cliff above the sea', quality: 'low' };

describe('seeds', () => {
  it('paints the same image for the same seed, whatever variant index the request carries', async () => {
    const [first] = await generate({ ...body, seed: 42 }, 0);
    const [again] = await generate({ ...body, seed: 42 }, 3);
    expect(bytesOf(first!).equals(bytesOf(again!))).toBe(true);
  });

  it('paints a different image for another seed, and for no seed', async () => {
    const [seeded] = await generate({ ...body, seed: 42 });
    const [other] = await generate({ ...body, seed: 43 });
    const [unseeded] = await generate(body);
    const pixels = await Promise.all(
      [seeded, other, unseeded].map(async (event) => (await pixelsOf(event!)).data),
    );
    expect(meanDifference(pixels[0]!, pixels[1]!)).toBeGreaterThan(8);
    expect(meanDifference(pixels[0]!, pixels[2]!)).toBeGreaterThan(8);
  });

  it('numbers the images of one seeded request seed, seed + 1, …', async () => {
    const [, second] = await generate({ ...body, seed: 42, n: 2 });
    const [next] = await generate({ ...body, seed: 43 });
    expect(bytesOf(second!).equals(bytesOf(next!))).toBe(true);
  });

  it('keeps the prompt in the picture: the same seed with another prompt paints another image', async () => {
    const [first] = await generate({ ...body, seed: 42 });
    const [other] = await generate({ ...body, seed: 42, prompt: 'a windmill in a tulip field' });
    expect(bytesOf(first!).equals(bytesOf(other!))).toBe(false);
  });
});

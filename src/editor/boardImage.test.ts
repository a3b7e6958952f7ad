import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { MAX_INPUT_IMAGE_BYTES, MAX_INPUT_IMAGE_PIXELS } from '../contract/index.ts';
import {
  REENCODED_BYTE_BUDGET,
  downscaledSize,
  encodeWithinBudget,
  preparationChanges,
  reencodedName,
  reencodedType,
  type ImageEncoder,
  type ReencodedType,
} from './boardImage.ts';
import type { Size } from './viewport.ts';

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

/** Real encodes in Node: sharp draws `pixels` (raw RGB noise, the hardest content to compress) at `size`. */
function sharpEncoder(pixels: { data: Buffer; width: number; height: number }) {
  const calls: { size: Size; type: ReencodedType; quality: number | null; bytes: number }[] = [];
  const encode: ImageEncoder = async (size, type, quality) => {
    const resized = sharp(pixels.data, {
      raw: { width: pixels.width, height: pixels.height, channels: 3 },
    }).resize(size.width, size.height, { fit: 'fill' });
    const bytes =
      type === 'image/jpeg'
        ? await resized.jpeg({ quality: Math.round(quality! * 100) }).toBuffer()
        : await resized.png().toBuffer();
    calls.push({ size, type, quality, bytes: bytes.length });
    return new Blob([new Uint8Array(bytes)], { type });
  };
  return { encode, calls };
}

function noise(width: number, height: number) {
  const random = seededRandom(7);
  const data = Buffer.alloc(width * height * 3);
  for (let index = 0; index < data.length; index++) data[index] = Math.floor(random() * 256);
  return { data, width, height };
}

function seededRandom(seed: number) {
  let state = seed;
  return () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

describe('re-encoding a board image', () => {
  it('keeps a JPEG a JPEG and turns anything else into lossless PNG', () => {
    expect(reencodedType('image/jpeg')).toBe('image/jpeg');
    expect(reencodedType('image/png')).toBe('image/png');
    expect(reencodedType('image/webp')).toBe('image/png');
    expect(reencodedType(null)).toBe('image/png');
    expect(reencodedName('IMG_0042.JPG', 'image/jpeg')).toBe('IMG_0042.JPG');
    expect(reencodedName('scan.tiff', 'image/png')).toBe('scan.png');
  });

  it('encodes a JPEG at 0.92 when that fits, at its own size', async () => {
    const { encode, calls } = sharpEncoder(noise(64, 48));
    const encoded = await encodeWithinBudget(encode, { width: 64, height: 48 }, 'image/jpeg', 1_000_000);
    expect(encoded.quality).toBe(0.92);
    expect(encoded.size).toEqual({ width: 64, height: 48 });
    expect(calls).toHaveLength(1);
    const decoded = await sharp(new Uint8Array(await encoded.blob.arrayBuffer())).metadata();
    expect([decoded.format, decoded.width, decoded.height]).toEqual(['jpeg', 64, 48]);
  });

  it('steps the quality down, then the size, until the file is under the budget', async () => {
    const { encode, calls } = sharpEncoder(noise(400, 300));
    const full = (await encode({ width: 400, height: 300 }, 'image/jpeg', 0.75)).size;
    calls.length = 0;
    const budget = Math.floor(full * 0.6);
    const encoded = await encodeWithinBudget(encode, { width: 400, height: 300 }, 'image/jpeg', budget);
    expect(encoded.blob.size).toBeLessThanOrEqual(budget);
    expect(calls.slice(0, 3).map((call) => [call.quality, call.size.width])).toEqual([
      [0.92, 400],
      [0.85, 400],
      [0.75, 400],
    ]);
    expect(encoded.size.width).toBeLessThan(400);
    expect(encoded.size.width / encoded.size.height).toBeCloseTo(4 / 3, 1);
    const decoded = await sharp(new Uint8Array(await encoded.blob.arrayBuffer())).metadata();
    expect([decoded.format, decoded.width, decoded.height]).toEqual([
      'jpeg',
      encoded.size.width,
      encoded.size.height,
    ]);
  });

  it('scales a PNG down rather than making it lossy', async () => {
    const { encode, calls } = sharpEncoder(noise(200, 200));
    const full = (await encode({ width: 200, height: 200 }, 'image/png', null)).size;
    calls.length = 0;
    const encoded = await encodeWithinBudget(encode, { width: 200, height: 200 }, 'image/png', full / 2);
    expect(encoded.quality).toBeNull();
    expect(calls.every((call) => call.type === 'image/png')).toBe(true);
    expect(encoded.blob.size).toBeLessThanOrEqual(full / 2);
  });

  it('leaves a tenth of the upload limit to spare', () => {
    expect(REENCODED_BYTE_BUDGET).toBe(Math.floor(MAX_INPUT_IMAGE_BYTES * 0.9));
  });

  it('says what was done: turned upright and kept a JPEG, or scaled down to what the board holds', () => {
    const blob = new Blob([new Uint8Array(200 * 1024)], { type: 'image/jpeg' });
    expect(
      preparationChanges({
        sniffedMimeType: 'image/jpeg',
        orientation: 6,
        shown: { width: 3000, height: 4000 },
        encoded: { blob, size: { width: 3000, height: 4000 }, quality: 0.92 },
      }),
    ).toEqual(['turned upright as its EXIF orientation says', 'saved as JPEG at 92% quality (200.0 KB)']);
    expect(
      preparationChanges({
        sniffedMimeType: null,
        orientation: 1,
        shown: { width: 12000, height: 8000 },
        encoded: { blob, size: { width: 8660, height: 5773 }, quality: null },
      }),
    ).toEqual([
      'converted to PNG',
      'scaled down from 12000×8000 to 8660×5773 (96.0 MP is over the 50.0 MP the board holds)',
      'saved as PNG (200.0 KB)',
    ]);
  });
});

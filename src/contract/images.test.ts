import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import {
  PngChunkCheck,
  checkEditFiles,
  checkMaskAgainstImage,
  checkPngChunks,
  type UploadedImage,
} from './images.ts';
import { sniffImage } from './imageHeaders.ts';
import { catalogueModel } from './catalogue.ts';

const rgb = { r: 200, g: 80, b: 40 };

async function encode(
  format: 'png' | 'jpeg' | 'webp',
  channels: 3 | 4,
  width = 64,
  height = 48,
  palette = false,
) {
  const image = sharp({
    create: { width, height, channels, background: { ...rgb, alpha: channels === 4 ? 0.5 : 1 } },
  });
  if (format === 'png') return new Uint8Array(await image.png({ palette }).toBuffer());
  if (format === 'jpeg') return new Uint8Array(await image.jpeg().toBuffer());
  return new Uint8Array(await image.webp({ lossless: channels === 4 }).toBuffer());
}

describe('sniffImage', () => {
  it.each([
    ['png', 3, false, 'image/png', false],
    ['png', 4, false, 'image/png', true],
    ['png', 4, true, 'image/png', true], // palette with a tRNS chunk
    ['jpeg', 3, false, 'image/jpeg', false],
    ['webp', 3, false, 'image/webp', false],
    ['webp', 4, false, 'image/webp', true],
  ] as const)('%s with %i channels (palette %s)', async (format, channels, palette, mimeType, hasAlpha) => {
    const sniffed = sniffImage(await encode(format, channels, 64, 48, palette));
    expect(sniffed).toEqual({ mimeType, width: 64, height: 48, hasAlpha });
  });

  it('reads dimensions from the first bytes only', async () => {
    const bytes = await encode('png', 4, 3000, 2000);
    expect(sniffImage(bytes.subarray(0, 64))).toMatchObject({ width: 3000, height: 2000, hasAlpha: true });
  });

  it.each([
    ['text', new TextEncoder().encode('this is not an image at all')],
    ['empty', new Uint8Array()],
    ['a truncated PNG signature', new Uint8Array([0x89, 0x50, 0x4e, 0x47])],
    ['a GIF', new TextEncoder().encode('GIF89a\x01\x00\x01\x00')],
  ])('returns null for %s', (_name, bytes) => {
    expect(sniffImage(bytes)).toBeNull();
  });

  it('returns null for a PNG cut inside its header, even as a view into a larger buffer', async () => {
    const png = await encode('png', 3, 64, 48);
    for (let length = 16; length < 24; length += 1) {
      // The bytes after the view are what a pooled Buffer would hold: someone else's data.
      const larger = new Uint8Array(64).fill(0xff);
      larger.set(png.subarray(0, length));
      expect(sniffImage(larger.subarray(0, length))).toBeNull();
    }
  });
});

/** The chunks of a PNG as [offset, type, length] (test support: the code under test walks them itself). */
function chunksOf(png: Uint8Array): { offset: number; type: string; length: number }[] {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const chunks = [];
  for (let offset = 8; offset + 8 <= png.length;) {
    const length = view.getUint32(offset);
    chunks.push({ offset, type: String.fromCharCode(...png.subarray(offset + 4, offset + 8)), length });
    offset += 12 + length;
  }
  return chunks;
}

/** A copy of `png` with the byte at `offset` flipped. */
function flipped(png: Uint8Array, offset: number): Uint8Array {
  const copy = new Uint8Array(png);
  copy[offset] = copy[offset]! ^ 0xff;
  return copy;
}

/** A copy of `png` with `chunk` (length, type, data and CRC) spliced in before its IEND. */
function withChunkBeforeEnd(png: Uint8Array, chunk: Uint8Array): Uint8Array {
  const end = chunksOf(png).find((entry) => entry.type === 'IEND')!.offset;
  const out = new Uint8Array(png.length + chunk.length);
  out.set(png.subarray(0, end));
  out.set(chunk, end);
  out.set(png.subarray(end), end + chunk.length);
  return out;
}

describe('PngChunkCheck', () => {
  it('passes real PNGs whole and fed in pieces of every size, alpha, palette and 16-bit alike', async () => {
    const pngs = [
      await encode('png', 3),
      await encode('png', 4, 64, 48, true),
      new Uint8Array(
        await sharp({ create: { width: 300, height: 200, channels: 4, background: rgb } })
          .png()
          .toColourspace('rgb16')
          .toBuffer(),
      ),
    ];
    for (const png of pngs) {
      expect(checkPngChunks(png)).toBeNull();
      for (const piece of [1, 3, 7, 13, 4096]) {
        const check = new PngChunkCheck();
        for (let offset = 0; offset < png.length; offset += piece)
          check.push(png.subarray(offset, offset + piece));
        expect(check.finish()).toBeNull();
      }
    }
  });

  it('passes files that are not PNG: they have no chunks to check', async () => {
    expect(checkPngChunks(await encode('jpeg', 3))).toBeNull();
    expect(checkPngChunks(await encode('webp', 3))).toBeNull();
  });

  it('refuses a PNG cut anywhere before the end of its IEND chunk', async () => {
    const png = await encode('png', 3, 16, 16);
    for (let length = 8; length < png.length; length += 1) {
      expect(checkPngChunks(png.subarray(0, length)), `cut at ${length}`).toMatch(
        /ends (inside a chunk|before its IEND)/,
      );
    }
  });

  it('refuses a flipped byte in any critical chunk, by its CRC', async () => {
    const png = await encode('png', 3, 32, 32);
    for (const chunk of chunksOf(png)) {
      // Critical chunks have an upper-case first letter; IEND has no data to flip.
      if (!/^[A-Z]/.test(chunk.type) || chunk.type === 'IEND') continue;
      const lastDataByte = chunk.offset + 8 + chunk.length - 1;
      const problem = checkPngChunks(flipped(png, chunk.length > 0 ? lastDataByte : chunk.offset + 8));
      expect(problem, chunk.type).not.toBeNull();
    }
    const idat = chunksOf(png).find((chunk) => chunk.type === 'IDAT')!;
    expect(checkPngChunks(flipped(png, idat.offset + 10))).toBe('the CRC of its IDAT chunk does not match');
  });

  it('keeps a PNG whose ancillary chunk fails its CRC, and one with bytes after IEND (libpng reads both)', async () => {
    const png = await encode('png', 3, 32, 32);
    // tEXt "a\0b" with a CRC of zero: wrong, but libpng only drops an ancillary chunk for it.
    const text = new Uint8Array([0, 0, 0, 3, 0x74, 0x45, 0x58, 0x74, 0x61, 0x00, 0x62, 0, 0, 0, 0]);
    expect(checkPngChunks(withChunkBeforeEnd(png, text))).toBeNull();
    const trailing = new Uint8Array(png.length + 5);
    trailing.set(png);
    expect(checkPngChunks(trailing)).toBeNull();
  });

  it.each([
    [
      'a chunk length over 2^31-1',
      (png: Uint8Array) => {
        const copy = new Uint8Array(png);
        copy.set([0x80, 0, 0, 0], chunksOf(png)[1]!.offset);
        return copy;
      },
      /over the 2\^31-1/,
    ],
    [
      'a chunk type that is not letters',
      (png: Uint8Array) => {
        const copy = new Uint8Array(png);
        copy.set([0x31, 0x32, 0x33, 0x34], chunksOf(png)[1]!.offset + 4);
        return copy;
      },
      /not four letters/,
    ],
    [
      'no IHDR first',
      (png: Uint8Array) => {
        const copy = new Uint8Array(png);
        copy.set([0x49, 0x44, 0x41, 0x54], 12);
        return copy;
      },
      /13-byte IHDR/,
    ],
    [
      'no image data',
      (png: Uint8Array) => {
        const idat = chunksOf(png).find((chunk) => chunk.type === 'IDAT')!;
        return new Uint8Array([
          ...png.subarray(0, idat.offset),
          ...png.subarray(idat.offset + 12 + idat.length),
        ]);
      },
      /no IDAT/,
    ],
  ])('refuses %s', async (_name, damage, problem) => {
    expect(checkPngChunks(damage(await encode('png', 3, 32, 32)))).toMatch(problem);
  });
});

function upload(
  field: string,
  sniffed: UploadedImage['sniffed'],
  overrides: Partial<UploadedImage> = {},
): UploadedImage {
  return {
    field,
    filename: 'a.png',
    declaredType: sniffed?.mimeType ?? 'image/png',
    bytes: 1000,
    sniffed,
    damage: null,
    ...overrides,
  };
}

const photo = { mimeType: 'image/png', width: 3000, height: 2000, hasAlpha: false } as const;
const goodMask = { mimeType: 'image/png', width: 3000, height: 2000, hasAlpha: true } as const;
const model = catalogueModel('gpt-image-2');

describe('checkEditFiles', () => {
  it('accepts up to 16 images and a matching mask', () => {
    const images = Array.from({ length: 16 }, () => upload('image[]', photo));
    expect(checkEditFiles({ model, outputFormat: 'png' }, images, upload('mask', goodMask))).toBeNull();
  });

  it.each([
    ['no image', [], null, 'image', /Missing required parameter/],
    [
      '17 images',
      Array.from({ length: 17 }, () => upload('image[]', photo)),
      null,
      'image',
      /17 were sent.*at most 16/,
    ],
    [
      'octet-stream',
      [upload('image', photo, { declaredType: 'application/octet-stream' })],
      null,
      'image',
      /unsupported mimetype/,
    ],
    [
      'not an image',
      [upload('image[]', photo), upload('image[]', null)],
      null,
      'image[1]',
      /not a readable PNG, JPEG or WebP/,
    ],
    [
      'a lying type',
      [upload('image', photo, { declaredType: 'image/jpeg' })],
      null,
      'image',
      /declared as image\/jpeg but the bytes are image\/png/,
    ],
    ['an empty file', [upload('image', photo, { bytes: 0 })], null, 'image', /empty/],
    [
      'a 60 MB file',
      [upload('image', photo, { bytes: 60 * 1024 * 1024 })],
      null,
      'image',
      /60.0 MB is over the 50.0 MB limit/,
    ],
    [
      'a mask without alpha',
      [upload('image', photo)],
      upload('mask', { ...goodMask, hasAlpha: false }),
      'mask',
      /missing alpha channel/,
    ],
    [
      'a mask of the wrong size',
      [upload('image', photo)],
      upload('mask', { ...goodMask, width: 1024 }),
      'mask',
      /mask is 1024x2000, the first image is 3000x2000/,
    ],
    [
      'a 5 MB mask',
      [upload('image', photo)],
      upload('mask', goodMask, { bytes: 5 * 1024 * 1024 }),
      'mask',
      /over the 4.0 MB limit/,
    ],
  ] as const)('refuses %s', (_name, images, mask, param, message) => {
    const error = checkEditFiles({ model, outputFormat: 'png' }, images, mask);
    expect(error?.status).toBe(400);
    expect(error?.body.error.param).toBe(param);
    expect(error?.body.error.message).toMatch(message);
  });

  it('refuses a JPEG mask', () => {
    expect(checkMaskAgainstImage({ ...goodMask, mimeType: 'image/jpeg' }, photo)?.body.error.message).toMatch(
      /must be a PNG/,
    );
  });
});

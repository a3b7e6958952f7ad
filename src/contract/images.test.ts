import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { checkEditFiles, checkMaskAgainstImage, sniffImage, type UploadedImage } from './images.ts';
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

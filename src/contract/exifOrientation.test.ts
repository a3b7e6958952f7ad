import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { exifOrientation } from './imageHeaders.ts';

const jpeg = (orientation?: number) => {
  const image = sharp({ create: { width: 40, height: 20, channels: 3, background: '#888' } }).jpeg();
  return (orientation ? image.withMetadata({ orientation }) : image).toBuffer();
};

describe('exifOrientation', () => {
  it('reads the orientation a JPEG declares', async () => {
    expect(exifOrientation(new Uint8Array(await jpeg(6)))).toBe(6);
    expect(exifOrientation(new Uint8Array(await jpeg(3)))).toBe(3);
  });

  it('is 1 when the file declares none or is not an image', async () => {
    expect(exifOrientation(new Uint8Array(await jpeg()))).toBe(1);
    expect(exifOrientation(new TextEncoder().encode('not an image'))).toBe(1);
  });
});

import sharp from 'sharp';

/**
 * A smooth gradient PNG, optionally with a fine pattern over it: resampling barely moves a plain gradient's
 * values, so any synthesised content stands out; the pattern makes any resampling show too.
 */
export async function gradientPng(
  path: string,
  width: number,
  height: number,
  { patterned = false }: { patterned?: boolean } = {},
): Promise<void> {
  const pixels = Buffer.alloc(width * height * 3);
  const range = patterned ? 180 : 200;
  const base = patterned ? 30 : 20;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const offset = (y * width + x) * 3;
      pixels[offset] = Math.round((x / width) * range) + base;
      pixels[offset + 1] = Math.round((y / height) * range) + base;
      pixels[offset + 2] = patterned ? Math.round(128 + 60 * Math.sin(x / 23) * Math.cos(y / 17)) : 140;
    }
  }
  await sharp(pixels, { raw: { width, height, channels: 3 } })
    .png({ compressionLevel: 1 })
    .toFile(path);
}

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from '@playwright/test';
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

/**
 * An image file named `name` that a spec's tests share: written by `write` before they run, in a temp folder
 * removed after them. Call it at the top of the spec; the path it returns is there once the tests run.
 */
export function imageFixture(name: string, write: (path: string) => Promise<unknown>): () => string {
  let dir = '';
  test.beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'atelier-e2e-image-'));
    await write(join(dir, name));
  });
  test.afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  return () => join(dir, name);
}

/** A gradient PNG (gradientPng) named `name`, shared by a spec's tests (imageFixture). */
export function gradientFixture(
  name: string,
  size: { width: number; height: number },
  options: { patterned?: boolean } = {},
): () => string {
  return imageFixture(name, (path) => gradientPng(path, size.width, size.height, options));
}

/** A PNG of one flat colour named `name`, shared by a spec's tests (imageFixture). */
export function flatFixture(
  name: string,
  size: { width: number; height: number },
  colour: string,
): () => string {
  return imageFixture(name, (path) =>
    sharp({ create: { ...size, channels: 3, background: colour } })
      .png()
      .toFile(path),
  );
}

import { describe, expect, it } from 'vitest';
import { fixtureEntry, fixtureImage } from '../../state/galleryFixtures.ts';
import type { ImageRecord } from '../../storage/records.ts';
import {
  describeImport,
  describeStorageUse,
  exportFileName,
  formatStorageAmount,
  storedElapsed,
  imageFileName,
  promptSlug,
} from './galleryFormat.ts';

const variant = {
  ...fixtureEntry('0123456789abcdef', { prompt: 'A fox, in the snow!' }).variant,
  startedAt: 1_000,
  finishedAt: 4_250,
};

const image = (patch: Partial<ImageRecord>): ImageRecord => ({
  ...fixtureImage('image', variant.id, patch.role ?? 'final'),
  ...patch,
});

describe('promptSlug', () => {
  it.each([
    { prompt: 'A fox, in the snow!', slug: 'a-fox-in-the-snow' },
    { prompt: 'Crème brûlée à la carte', slug: 'creme-brulee-a-la-carte' },
    { prompt: '   ', slug: 'image' },
    { prompt: '東京の夜', slug: 'image' },
    {
      prompt: 'one two three four five six seven eight nine ten eleven twelve',
      slug: 'one-two-three-four-five-six-seven-eight-nine-ten',
    },
    { prompt: 'x'.repeat(80), slug: 'x'.repeat(48) },
  ])('$prompt → $slug', ({ prompt, slug }) => {
    expect(promptSlug(prompt)).toBe(slug);
  });
});

describe('imageFileName', () => {
  it.each([
    { format: 'png', role: 'final', name: 'a-fox-in-the-snow-01234567.png' },
    { format: 'jpeg', role: 'final', name: 'a-fox-in-the-snow-01234567.jpg' },
    { format: 'webp', role: 'final', name: 'a-fox-in-the-snow-01234567.webp' },
    { format: 'png', role: 'partial', name: 'a-fox-in-the-snow-01234567-partial-2.png' },
    { format: 'webp', role: 'raw', name: 'a-fox-in-the-snow-01234567-model-output.webp' },
  ] as const)('$role $format → $name', ({ format, role, name }) => {
    expect(imageFileName(variant, image({ format, role, sequence: role === 'partial' ? 2 : 0 }))).toBe(name);
  });
});

describe('exportFileName', () => {
  it('names the day in local time', () => {
    expect(exportFileName(new Date(2025, 2, 4, 23, 59))).toBe('atelier-2025-03-04.zip');
  });
});

describe('storage figures', () => {
  it.each([
    { bytes: 0, text: '0 KB' },
    { bytes: 45_300, text: '45 KB' },
    { bytes: 312_400_000, text: '312 MB' },
    { bytes: 9_800_000_000, text: '9.8 GB' },
  ])('$bytes → $text', ({ bytes, text }) => {
    expect(formatStorageAmount(bytes)).toBe(text);
  });

  it.each([
    {
      use: { usedBytes: 312_000_000, quotaBytes: 9_800_000_000, persisted: false },
      text: '312 MB of 9.8 GB used',
    },
    { use: { usedBytes: 2_000_000, quotaBytes: null, persisted: true }, text: '2 MB used' },
    {
      use: { usedBytes: null, quotaBytes: null, persisted: false },
      text: 'Storage use unknown in this browser',
    },
  ])('$text', ({ use, text }) => {
    expect(describeStorageUse(use)).toBe(text);
  });
});

describe('describeImport', () => {
  it.each([
    { summary: { variants: 1, images: 1, skipped: 0 }, text: 'Imported 1 result (1 image).' },
    {
      summary: { variants: 3, images: 7, skipped: 2 },
      text: 'Imported 3 results (7 images); 2 already here, left as they were.',
    },
  ])('$text', ({ summary, text }) => {
    expect(describeImport(summary)).toBe(text);
  });
});

describe('storedElapsed', () => {
  it('is the stored time from request to end, a lower bound when interrupted, null while streaming', () => {
    expect(storedElapsed(variant)).toEqual({ kind: 'measured', ms: 3_250 });
    expect(storedElapsed({ ...variant, status: 'interrupted' })).toEqual({ kind: 'atLeast', ms: 3_250 });
    // Storage ends a variant interrupted before any image at its start: no time to tell.
    expect(storedElapsed({ ...variant, status: 'interrupted', finishedAt: variant.startedAt })).toEqual({
      kind: 'unknown',
    });
    expect(storedElapsed({ ...variant, status: 'streaming', finishedAt: null })).toBeNull();
  });
});

/**
 * A masked edit's result as the designer inspects it: the composite, the model's own output and the drift
 * map, in the edit result and the gallery's detail, with the drift said in words, and the composite saved
 * as PNG, JPEG or WebP (decoded from the downloaded bytes).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Download, type Locator } from '@playwright/test';
import sharp from 'sharp';
import { EditorPage } from './pages/EditorPage.ts';
import { GalleryPage } from './pages/GalleryPage.ts';
import { gradientPng } from './support/images.ts';

let dir: string;
const SOURCE = { width: 1600, height: 1200 };
const PROMPT = 'Replace the painted area with a brass compass rose';

test.beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'atelier-inpaint-result-'));
  await gradientPng(join(dir, 'source.png'), SOURCE.width, SOURCE.height);
});

test.afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const naturalSize = (image: Locator) =>
  image.evaluate((element: HTMLImageElement) => ({
    width: element.naturalWidth,
    height: element.naturalHeight,
  }));

async function downloadedBytes(download: Download): Promise<Buffer> {
  return readFile((await download.path())!);
}

/** The Show control in `scope`: each option shows what it says, and the summary gives a percentage. */
async function checkShowControl(scope: Locator, composite: Locator): Promise<void> {
  const show = scope.getByRole('radiogroup', { name: 'Show' });
  await expect(show.getByRole('radio')).toHaveCount(3);
  await expect(show.getByRole('radio', { name: 'Composite' })).toBeChecked();
  await expect(
    scope.getByText(
      /^Drift outside the mask: (\d+%|under 1%) of protected pixels changed by more than 8 levels/,
    ),
  ).toBeVisible();
  expect(await naturalSize(composite)).toEqual(SOURCE);

  await show.getByRole('radio', { name: 'Drift map' }).check();
  const drift = scope.getByRole('img', { name: /^Drift map/ });
  await expect(drift).toBeVisible();
  await expect.poll(async () => (await naturalSize(drift)).width).toBeGreaterThan(0);
  // Over the composite, in its box: the map has the source's aspect, its long edge at most 1024.
  const map = await naturalSize(drift);
  expect(Math.max(map.width, map.height)).toBeLessThanOrEqual(1024);
  expect(map.width / map.height).toBeCloseTo(SOURCE.width / SOURCE.height, 1);
  const [under, over] = [(await composite.boundingBox())!, (await drift.boundingBox())!];
  const contentOf = async (image: Locator, box: { x: number; y: number; width: number; height: number }) => {
    // An object-fit: contain image's drawn content, inside its element's box.
    const size = await naturalSize(image);
    const scale = Math.min(box.width / size.width, box.height / size.height);
    return { width: size.width * scale, height: size.height * scale };
  };
  const shownUnder = await contentOf(composite, under);
  const shownOver = await contentOf(drift, over);
  expect(Math.abs(shownUnder.width - shownOver.width)).toBeLessThan(2);
  expect(Math.abs(shownUnder.height - shownOver.height)).toBeLessThan(2);

  await show.getByRole('radio', { name: "Model's output" }).check();
  const raw = scope.getByRole('img', { name: /^Model's output/ });
  await expect(raw).toBeVisible();
  await expect(drift).toHaveCount(0);
  await expect.poll(async () => (await naturalSize(raw)).width).toBeGreaterThan(0);
  const rawSize = await naturalSize(raw);
  const regionNote = scope.getByText(/^Model's output for the \d+ × \d+ region/);
  if (await regionNote.count()) {
    // A region edit's output is only the crop it was sent.
    expect(rawSize).not.toEqual(SOURCE);
  } else {
    expect(rawSize.width / rawSize.height).toBeCloseTo(SOURCE.width / SOURCE.height, 1);
  }
  await show.getByRole('radio', { name: 'Composite' }).check();
  await expect(raw).toHaveCount(0);
}

/** Paints a short stroke across the middle of the source and applies the edit, sent as `send` says. */
async function editWithMask(editor: EditorPage, send: 'Auto' | 'Region'): Promise<void> {
  await editor.open();
  await editor.add([join(dir, 'source.png')]);
  await expect(editor.thumbnails).toHaveCount(1);
  await editor.page.getByRole('radiogroup', { name: 'Send' }).getByRole('radio', { name: send }).check();
  const box = (await editor.stage.boundingBox())!;
  await editor.drag([
    { x: box.width / 2 - 80, y: box.height / 2 },
    { x: box.width / 2 + 80, y: box.height / 2 + 20 },
  ]);
  await editor.prompt.fill(PROMPT);
  await editor.applyButton.click();
  await expect(editor.editedImage).toBeVisible({ timeout: 60_000 });
}

test("a region edit's output is the crop it was sent, and says which region it covers", async ({ page }) => {
  test.setTimeout(90_000);
  const editor = new EditorPage(page);
  await editWithMask(editor, 'Region');
  await editor.result.getByRole('radio', { name: "Model's output" }).check();
  await expect(editor.result.getByText(/^Model's output for the \d+ × \d+ region/)).toBeVisible();
  await editor.result.getByRole('radio', { name: 'Composite' }).check();
  await checkShowControl(editor.result, editor.editedImage);
});

test("a masked edit's composite, model output and drift map, shown and downloaded", async ({ page }) => {
  test.setTimeout(120_000);
  const editor = new EditorPage(page);
  await editWithMask(editor, 'Auto');
  await checkShowControl(editor.result, editor.editedImage);

  // The inspector: the composite as PNG, and as JPEG or WebP made from it.
  const inspector = page.getByRole('complementary', { name: 'Result' });
  await expect(inspector.getByRole('link', { name: 'Download PNG' })).toBeVisible();
  const fromInspector = page.waitForEvent('download');
  await inspector.getByRole('button', { name: 'Download WebP' }).click();
  const webp = await downloadedBytes(await fromInspector);
  expect(webp.subarray(0, 4).toString('latin1')).toBe('RIFF');
  expect(webp.subarray(8, 12).toString('latin1')).toBe('WEBP');

  const gallery = new GalleryPage(page);
  await gallery.open();
  await gallery.openDetail(PROMPT);
  const detail = gallery.detail;
  await checkShowControl(detail, detail.getByRole('img', { name: `Result: ${PROMPT}` }));

  const png = await downloadedBytes(await gallery.downloadFrom(gallery.detailAction('Download PNG')));
  expect([...png.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  expect(await sharp(png).metadata()).toMatchObject(SOURCE);

  const jpegDownload = await gallery.downloadFrom(gallery.detailAction('Download JPEG'));
  expect(jpegDownload.suggestedFilename()).toMatch(/\.jpg$/);
  const jpeg = await downloadedBytes(jpegDownload);
  expect([...jpeg.subarray(0, 2)]).toEqual([0xff, 0xd8]);
  expect(await sharp(jpeg).metadata()).toMatchObject({ format: 'jpeg', ...SOURCE });

  const rawDownload = await gallery.downloadFrom(gallery.detailAction("Download model's output"));
  expect(rawDownload.suggestedFilename()).toMatch(/-model-output\.\w+$/);
  const raw = await sharp(await downloadedBytes(rawDownload)).metadata();
  expect(raw.width).toBeGreaterThan(0);
});

/**
 * Touching up a masked edit's result with the offline engine: a restore stroke painted across the edited
 * area puts the source's exact pixels back under it and leaves the rest of the composite as it was (PNG
 * bytes decoded from storage and from the download); the touch-up survives a reload, and reverting brings
 * the composite back byte for byte. Each of several variants is touched up from its own cell, and a stored
 * edit from the gallery's details.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import sharp from 'sharp';
import { EditorPage } from './pages/EditorPage.ts';
import { GalleryPage } from './pages/GalleryPage.ts';
import { gradientPng } from './support/images.ts';
import { storedImages, storedVariants, type StoredImage } from './support/storedRecords.ts';

let dir: string;
const SOURCE = { width: 1600, height: 1200 };
const PROMPT = 'Replace the painted area with a brass compass rose';

test.beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'atelier-touch-up-'));
  await gradientPng(join(dir, 'source.png'), SOURCE.width, SOURCE.height);
});

test.afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const rgba = async (bytes: Buffer) => {
  const { data, info } = await sharp(bytes).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  expect({ width: info.width, height: info.height }).toEqual(SOURCE);
  return data;
};

interface StoredStroke {
  mode: string;
  points: number[];
  size: number;
  hardness: number;
}

/** The one masked edit's stored images by role, and its record. */
async function storedEdit(page: Page) {
  const [variant] = (await storedVariants(page)).filter((record) => record.inpaint);
  const images = (await storedImages(page)) as (StoredImage & { sequence: number })[];
  const own = (role: string) =>
    images.find((image) => image.variantId === variant!.id && image.role === role && image.sequence === 0);
  const inputIds = variant!.inputImageIds as string[];
  return {
    variant: variant!,
    final: own('final')!,
    composite: own('composite') ?? null,
    source: images.find((image) => image.id === inputIds[0])!,
    mask: images.find((image) => image.id === variant!.maskImageId)!,
  };
}

/** Distance from a pixel's centre to the stroke's path (natural pixels): its nearest segment's. */
function distanceToPath(x: number, y: number, points: number[]): number {
  let nearest = Infinity;
  const px = x + 0.5;
  const py = y + 0.5;
  for (let index = 0; index + 1 < points.length; index += 2) {
    // The segment from the point before (the first point's own, a dab) to this one.
    const [ax, ay] = index === 0 ? [points[0]!, points[1]!] : [points[index - 2]!, points[index - 1]!];
    const bx = points[index]!;
    const by = points[index + 1]!;
    const dx = bx - ax;
    const dy = by - ay;
    const length = dx * dx + dy * dy;
    const along = length === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / length));
    nearest = Math.min(nearest, Math.hypot(px - ax - along * dx, py - ay - along * dy));
  }
  return nearest;
}

/** A range input set as a drag would set it: React hears the input event. */
const setRange = (slider: Locator, value: number) =>
  slider.evaluate((element: HTMLInputElement, to) => {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(element, String(to));
    element.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);

/**
 * Waits until the touch-up takes strokes: its canvas is there (before it, the result is still being read,
 * and "Preparing" is not shown yet either), and its painter is ready.
 */
async function touchUpReady(touchUp: Locator): Promise<void> {
  await expect(touchUp.getByLabel(/^Touch-up canvas/)).toBeVisible({ timeout: 30_000 });
  await expect(touchUp.getByText('Preparing the touch-up…')).toHaveCount(0, { timeout: 30_000 });
}

/** The source on the board, a stroke of mask across its middle, and an edit of `images` variants sent. */
async function maskedEdit(page: Page, images: number): Promise<EditorPage> {
  const editor = new EditorPage(page);
  await editor.open();
  await editor.add([join(dir, 'source.png')]);
  await expect(editor.thumbnails).toHaveCount(1);
  const stage = (await editor.stage.boundingBox())!;
  await editor.drag([
    { x: stage.width / 2 - 90, y: stage.height / 2 - 10 },
    { x: stage.width / 2 + 90, y: stage.height / 2 + 10 },
  ]);
  await page.getByLabel('Images', { exact: true }).selectOption(String(images));
  await editor.prompt.fill(PROMPT);
  await editor.applyButton.click();
  return editor;
}

test('a restore stroke puts the source’s exact pixels back, survives a reload, and reverts', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const editor = await maskedEdit(page, 1);
  await expect(editor.editedImage).toBeVisible({ timeout: 60_000 });
  const pasteBack = (await storedEdit(page)).final;
  await page.setViewportSize({ width: 1280, height: 720 });

  await editor.result.getByRole('button', { name: 'Touch up' }).click();
  const touchUp = editor.result.getByRole('region', { name: 'Touch up' });
  const brush = touchUp.getByRole('toolbar', { name: 'Touch-up brush' });
  await expect(brush.getByRole('radio', { name: 'Restore original' })).toBeChecked();
  await touchUpReady(touchUp);
  await setRange(brush.getByLabel('Hardness'), 100);
  await setRange(brush.getByLabel('Size'), 30);
  const apply = brush.getByRole('button', { name: 'Apply' });
  await expect(apply).toBeDisabled();

  const canvas = touchUp.getByLabel(/^Touch-up canvas/);
  const box = (await canvas.boundingBox())!;
  const across = async (fromX: number, toX: number) => {
    await page.mouse.move(box.x + box.width * fromX, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * toX, box.y + box.height / 2, { steps: 16 });
    await page.mouse.up();
  };
  // A stroke, undone and redone: history of whole gestures.
  await across(0.38, 0.62);
  await brush.getByRole('button', { name: 'Undo' }).click();
  await expect(apply).toBeDisabled();
  await brush.getByRole('button', { name: 'Redo' }).click();
  await expect(apply).toBeEnabled();
  await page.screenshot({ path: test.info().outputPath('touch-up-1280.png') });
  // A larger window makes the view's canvas again, with the strokes so far.
  const pixelWidth = () => canvas.evaluate((element: HTMLCanvasElement) => element.width);
  const before = await pixelWidth();
  await page.setViewportSize({ width: 1920, height: 1080 });
  await expect.poll(pixelWidth, { timeout: 30_000 }).not.toBe(before);
  await page.screenshot({ path: test.info().outputPath('touch-up-1920.png') });
  await apply.click();
  await expect(touchUp).toHaveCount(0, { timeout: 60_000 });
  await expect(editor.result.getByText(/Touched up with 1 stroke;/)).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('touched-up-1920.png') });
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.screenshot({ path: test.info().outputPath('touched-up-1280.png') });

  const touched = await storedEdit(page);
  expect(touched.final.id).not.toBe(pasteBack.id);
  expect(touched.composite!.id).toBe(pasteBack.id);
  const inpaint = touched.variant.inpaint as { touchUp: { strokes: StoredStroke[] } };
  const [stroke] = inpaint.touchUp.strokes;
  expect(stroke).toMatchObject({ mode: 'restore', hardness: 1 });
  const final = await rgba(touched.final.bytes);
  const source = await rgba(touched.source.bytes);
  const composite = await rgba(touched.composite!.bytes);
  const mask = await rgba(touched.mask.bytes);
  const radius = stroke!.size / 2;
  let restoredInMask = 0;
  let keptInMask = 0;
  for (let y = 0; y < SOURCE.height; y++) {
    for (let x = 0; x < SOURCE.width; x++) {
      const at = (y * SOURCE.width + x) * 4;
      const away = distanceToPath(x, y, stroke!.points);
      const edited = mask[at + 3]! < 128;
      const same = (image: Buffer) =>
        image[at] === final[at] &&
        image[at + 1] === final[at + 1] &&
        image[at + 2] === final[at + 2] &&
        image[at + 3] === final[at + 3];
      if (away <= radius) {
        if (!same(source)) throw new Error(`pixel ${x},${y} under the stroke is not the source's`);
        if (edited && !same(composite)) restoredInMask++;
      } else if (away > radius + 1) {
        if (!same(composite)) throw new Error(`pixel ${x},${y} away from the stroke changed`);
        if (edited) keptInMask++;
      }
    }
  }
  // The stroke went across the edited area, and part of the edit is left as the model made it.
  expect(restoredInMask).toBeGreaterThan(500);
  expect(keptInMask).toBeGreaterThan(500);

  // The inspector's download is the touched-up final.
  const inspector = page.getByRole('complementary', { name: 'Result' });
  const downloading = page.waitForEvent('download');
  await inspector.getByRole('link', { name: 'Download PNG' }).click();
  const downloaded = await readFile((await (await downloading).path())!);
  expect(downloaded.equals(touched.final.bytes)).toBe(true);

  // After a reload the result is still touched up, and reverting brings the paste-back's bytes back.
  // Wide enough for the source and the result side by side, as the edit was made.
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.reload();
  await page.getByRole('radiogroup', { name: 'Mode' }).getByRole('radio', { name: 'Edit' }).click();
  await expect(editor.result.getByText(/Touched up with 1 stroke;/)).toBeVisible({ timeout: 30_000 });
  await editor.result.getByRole('button', { name: 'Revert touch-ups' }).click();
  await expect(editor.result.getByRole('button', { name: 'Revert touch-ups' })).toHaveCount(0);
  const reverted = await storedEdit(page);
  expect(reverted.final.id).toBe(pasteBack.id);
  expect(reverted.final.bytes.equals(pasteBack.bytes)).toBe(true);
  expect(reverted.composite).toBeNull();
});

test('each of several variants is touched up from its own cell, and the others stay as they were', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const editor = await maskedEdit(page, 2);
  const variants = editor.result.getByRole('group', { name: '2 variants' });
  await expect(variants.getByRole('img', { name: /^Edited image [12] of 2/ })).toHaveCount(2, {
    timeout: 60_000,
  });
  const finalsOf = async () => {
    const images = (await storedImages(page)) as (StoredImage & { sequence: number })[];
    const edits = (await storedVariants(page)).filter((record) => record.inpaint);
    return edits.map((variant) => ({
      variant,
      final: images.find(
        (image) => image.variantId === variant.id && image.role === 'final' && image.sequence === 0,
      )!,
    }));
  };
  const before = await finalsOf();
  expect(before).toHaveLength(2);

  // The brush waits in each cell's corner with the full-size button, shown on hover.
  const second = variants.getByRole('img', { name: /^Edited image 2 of 2/ });
  await second.hover();
  await variants.getByRole('button', { name: 'Touch up image 2' }).click();
  await expect(editor.result.getByText('Touching up image 2 of 2')).toBeVisible();
  const touchUp = editor.result.getByRole('region', { name: 'Touch up' });
  await touchUpReady(touchUp);
  const canvas = touchUp.getByLabel(/^Touch-up canvas/);
  const box = (await canvas.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2, { steps: 12 });
  await page.mouse.up();
  await page.screenshot({ path: test.info().outputPath('touch-up-variant-1280.png') });
  await touchUp.getByRole('button', { name: 'Apply' }).click();
  await expect(touchUp).toHaveCount(0, { timeout: 60_000 });
  await expect(editor.result.getByText(/image 2 [^,]*\(touched up, 1 stroke\)/)).toBeVisible();

  const after = await finalsOf();
  const idOf = (entry: (typeof before)[number]) => entry.variant.id as string;
  const now = (entry: (typeof before)[number]) => after.find((other) => idOf(other) === idOf(entry))!;
  const changed = before.filter((entry) => now(entry).final.id !== entry.final.id);
  expect(changed).toHaveLength(1);
  const touched = now(changed[0]!);
  expect((touched.variant.inpaint as { touchUp: { strokes: unknown[] } }).touchUp.strokes).toHaveLength(1);
  // The other variant's final is the same image, byte for byte, with no strokes.
  const [untouched] = before.filter((entry) => entry !== changed[0]);
  expect(now(untouched!).final.bytes.equals(untouched!.final.bytes)).toBe(true);
  expect((now(untouched!).variant.inpaint as { touchUp?: unknown }).touchUp ?? null).toBeNull();
  await page.screenshot({ path: test.info().outputPath('touched-up-variant-1280.png') });

  // Each cell takes its own image as the next edit's source; the header offers no guess at which.
  await expect(editor.result.getByRole('button', { name: 'Use as source', exact: true })).toHaveCount(0);
  await variants.getByRole('img', { name: /^Edited image 2 of 2/ }).hover();
  await variants.getByRole('button', { name: 'Use image 2 as source' }).click();
  await expect(editor.thumbnails.first()).toHaveAccessibleName(/^1\. edit-.*-2\.png, edit target$/);
});

test('a stored edit is touched up from the gallery’s details, which Escape does not close over the strokes', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const editor = await maskedEdit(page, 1);
  await expect(editor.editedImage).toBeVisible({ timeout: 60_000 });
  const pasteBack = (await storedEdit(page)).final;
  const gallery = new GalleryPage(page);
  await gallery.open();
  await gallery.openDetail(PROMPT);
  await gallery.detail.getByRole('button', { name: 'Touch up', exact: true }).click();
  const touchUp = gallery.detail.getByRole('region', { name: 'Touch up' });
  await touchUpReady(touchUp);
  const box = (await touchUp.getByLabel(/^Touch-up canvas/).boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2, { steps: 12 });
  await page.mouse.up();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await expect(gallery.detail).toBeVisible();
  // Nothing beside it leaves the touch-up with its strokes unapplied: the close button is out of reach.
  await expect(gallery.detail.getByText('Apply or cancel the touch-up')).toBeVisible();
  const closeBox = (await gallery.detail.getByRole('button', { name: 'Close details' }).boundingBox())!;
  await page.mouse.click(closeBox.x + closeBox.width / 2, closeBox.y + closeBox.height / 2);
  await expect(touchUp.getByRole('button', { name: 'Apply' })).toBeEnabled();
  await touchUp.getByRole('button', { name: 'Apply' }).click();
  await expect(touchUp).toHaveCount(0, { timeout: 60_000 });
  // The details show the touched-up final at once; Escape closes them again.
  await expect(gallery.detail.getByText(/Touched up with 1 stroke;/)).toBeVisible();
  const touched = await storedEdit(page);
  expect(touched.final.id).not.toBe(pasteBack.id);
  expect(touched.composite!.id).toBe(pasteBack.id);
  // Reverting from the details brings the paste-back back as the result.
  await gallery.detail.getByRole('button', { name: 'Revert touch-ups' }).click();
  await expect(gallery.detail.getByRole('button', { name: 'Revert touch-ups' })).toHaveCount(0);
  expect((await storedEdit(page)).final.id).toBe(pasteBack.id);
  await page.keyboard.press('Escape');
  await expect(gallery.detail).toHaveCount(0);
});

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { EditorPage } from './pages/EditorPage.ts';
import { StudioPage } from './pages/StudioPage.ts';
import { expect, test, useHeldRelay } from './support/heldRelay.ts';
import { parseMultipart } from './support/multipart.ts';

let dir: string;
// 2800 x 2800 noise: PNG cannot compress it, so the file is over 20 MB yet under the pixel ceiling.
const NOISE_SIDE = 2800;

test.beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'atelier-editor-inputs-'));
  const noise = Buffer.alloc(NOISE_SIDE * NOISE_SIDE * 3);
  for (let index = 0; index < noise.length; index++) noise[index] = (index * 2_654_435_761) >>> 24;
  await sharp(noise, { raw: { width: NOISE_SIDE, height: NOISE_SIDE, channels: 3 } })
    .png({ compressionLevel: 0 })
    .toFile(join(dir, 'noise.png'));
  await sharp({ create: { width: 640, height: 480, channels: 3, background: '#3a6ea5' } })
    .png()
    .toFile(join(dir, 'plain.png'));
  await sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#6a8a4a' } })
    .png()
    .toFile(join(dir, 'wide.png'));
  // Stored 300 wide and 200 high, red on the left and blue on the right; Orientation 6 says "turn it a
  // quarter clockwise to view", which puts the red half on top of a 200 x 300 picture.
  const halves = Buffer.alloc(300 * 200 * 3);
  for (let y = 0; y < 200; y++) {
    for (let x = 0; x < 300; x++) halves.set(x < 150 ? [220, 30, 30] : [30, 30, 220], (y * 300 + x) * 3);
  }
  await sharp(halves, { raw: { width: 300, height: 200, channels: 3 } })
    .withMetadata({ orientation: 6 })
    .jpeg({ quality: 95 })
    .toFile(join(dir, 'rotated.jpg'));
});

test.afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

test.describe('while an edit is in flight', () => {
  useHeldRelay();

  test('a large edit shows its upload progress until the first partial, then streams to the end', async ({
    page,
    upstream,
  }) => {
    test.setTimeout(90_000);
    const editor = new EditorPage(page);
    await editor.open();
    await editor.add([join(dir, 'noise.png')]);
    await expect(editor.thumbnails).toHaveCount(1);

    await editor.prompt.fill('A brass compass rose in the middle');
    await editor.applyButton.click();
    await expect(editor.uploadProgress).toBeVisible();
    // The relay sends the edit on once the whole upload is spooled and checked.
    const run = await upstream.nextRequest(60_000);
    await expect(editor.result.getByText(/^Uploaded 2\d\.\d MB/)).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('edit-upload-progress.png') });
    // The file reached the upstream byte for byte (the browser sends a PNG this size as it is).
    const original = await readFile(join(dir, 'noise.png'));
    expect(run.body.files.map((file) => file.bytes.equals(original))).toEqual([true]);

    await run.sendPartial(0);
    await expect(editor.partialEdit).toBeVisible();
    // Gone once the first partial is in.
    await expect(editor.uploadProgress).toHaveCount(0);
    await run.complete();
    await expect(editor.editedImage).toBeVisible();
  });

  test('Cancel during an edit keeps the partial, says Cancelled, and aborts the request', async ({
    page,
    upstream,
  }) => {
    const editor = new EditorPage(page);
    const aborted: string[] = [];
    page.on('requestfailed', (request) => {
      if (new URL(request.url()).pathname === '/v1/images/edits')
        aborted.push(request.failure()?.errorText ?? '');
    });
    await editor.open();
    await new StudioPage(page).choose('Partial images', '3');
    await editor.add([join(dir, 'plain.png')]);
    await editor.prompt.fill('A slow watercolour wash over everything');
    await editor.applyButton.click();
    const run = await upstream.nextRequest();
    await run.sendPartial(0);

    await expect(editor.partialEdit).toBeVisible();
    // The dock re-renders its Cancel button with the elapsed time, so a click is dispatched to it directly.
    await editor.cancelButton.dispatchEvent('click');
    await expect(editor.runStatus).toContainText('Cancelled');
    await expect.poll(() => aborted).toEqual(['net::ERR_ABORTED']);
    // The relay let go of the upstream request, so nothing more can arrive for this edit.
    await run.waitForClientAbort();
    await expect(editor.partialEdit).toBeVisible();
    await expect(editor.editedImage).toHaveCount(0);
    await expect(editor.applyButton).toBeEnabled();
  });

  test('a region edit’s partial shows in its place on the dimmed photo, not as a picture of its own', async ({
    page,
    upstream,
  }) => {
    const editor = new EditorPage(page);
    await editor.open();
    await editor.add([join(dir, 'wide.png')]);
    await expect(editor.stage).toBeVisible();
    // A small stroke on a big photo: a padded crop around it is what goes.
    await editor.drag([
      { x: 200, y: 200 },
      { x: 230, y: 215 },
    ]);
    await editor.prompt.fill('A small brass bell');
    await editor.applyButton.click();
    const run = await upstream.nextRequest();
    await run.sendPartial(0);
    await expect(editor.partialEdit).toBeVisible();
    const placement = () =>
      editor.partialEdit.evaluate((partial) => {
        const frame = partial.parentElement!.getBoundingClientRect();
        const own = partial.getBoundingClientRect();
        const source = partial.parentElement!.querySelector('img[alt=""]') as HTMLImageElement | null;
        return {
          inside:
            own.left >= frame.left - 0.5 && own.right <= frame.right + 0.5 && own.top >= frame.top - 0.5,
          small: (own.width * own.height) / (frame.width * frame.height) < 0.5,
          // The stored original behind it, decoded at its full size.
          source: source?.complete ? source.naturalWidth : 0,
        };
      });
    await expect.poll(placement).toEqual({ inside: true, small: true, source: 4000 });
    await page.screenshot({ path: test.info().outputPath('region-partial-in-place.png') });
    await run.complete();
    // The result is the whole photo, composited: no longer the placed crop.
    await expect(editor.editedImage).toBeVisible();
    await expect(editor.result.locator('img[alt=""].opacity-45')).toHaveCount(0);
  });
});

test('an image pasted from the clipboard joins the board', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  const png = await sharp({ create: { width: 320, height: 240, channels: 3, background: '#884422' } })
    .png()
    .toBuffer();
  await editor.paste(png, 'clipboard.png', 'image/png');
  await expect(editor.thumbnails).toHaveCount(1);
  await expect(editor.thumbnails.first()).toHaveAccessibleName('1. clipboard.png, edit target');
  await expect(editor.thumbnails.first()).toContainText('320 × 240');
});

test('a studio result dragged onto the board joins it', async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  await studio.choose('Partial images', '0');
  await studio.generate('A lighthouse at dusk');
  await expect(studio.finalImages.first()).toBeVisible({ timeout: 30_000 });

  const editor = new EditorPage(page);
  await page.getByRole('radiogroup', { name: 'Mode' }).getByRole('radio', { name: 'Edit' }).click();
  const result = page
    .getByRole('navigation', { name: 'Session results' })
    .getByRole('button', { name: 'Show result: A lighthouse at dusk' })
    .locator('img');
  await result.dragTo(page.getByRole('region', { name: 'Edit canvas' }));
  await expect(editor.thumbnails).toHaveCount(1);
  // The stored result itself, under its stored name, so an edit of it records its parent.
  await expect(editor.thumbnails.first()).toHaveAccessibleName(/^1\. atelier-[0-9a-f]{8}\.png, edit target$/);
  await expect(editor.thumbnails.first()).toContainText('1024 × 1024');
});

test('an EXIF-rotated JPEG shows upright and is uploaded upright, still a JPEG', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  await editor.add([join(dir, 'rotated.jpg')]);
  await expect(editor.thumbnails.first()).toContainText('200 × 300');
  await expect(editor.stage).toHaveAccessibleName(/, 200 × 300$/);

  await editor.prompt.fill('Add a small boat');
  await editor.applyButton.click();
  await expect(editor.editedImage).toBeVisible({ timeout: 30_000 });
  const sent = await parseMultipart(editor.editBodies[0]!.body, editor.editBodies[0]!.contentType);
  const upload = sharp(sent.files[0]!.bytes);
  const { width, height, orientation, format } = await upload.metadata();
  expect({ width, height, orientation: orientation ?? 1, format }).toEqual({
    width: 200,
    height: 300,
    orientation: 1,
    format: 'jpeg',
  });
  expect(sent.files[0]).toMatchObject({ mimeType: 'image/jpeg', filename: 'rotated.jpg' });
  const pixels = await upload.removeAlpha().raw().toBuffer();
  const colourAt = (x: number, y: number) => [...pixels.subarray((y * 200 + x) * 3, (y * 200 + x) * 3 + 3)];
  const redness = ([r, , b]: number[]) => r! - b!;
  expect(redness(colourAt(100, 60))).toBeGreaterThan(120);
  expect(redness(colourAt(100, 240))).toBeLessThan(-120);
});

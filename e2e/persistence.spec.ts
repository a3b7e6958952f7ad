import sharp from 'sharp';
import { EditorPage } from './pages/EditorPage.ts';
import { GalleryPage } from './pages/GalleryPage.ts';
import { StudioPage } from './pages/StudioPage.ts';
import { expect, test, useHeldRelay } from './support/heldRelay.ts';
import { storedImageHashes } from './support/storedImages.ts';

test.describe('while a run is in flight', () => {
  useHeldRelay();

  test('two variants stream side by side, each as its own single-image request', async ({
    page,
    upstream,
  }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    await studio.choose('Partial images', '2');
    await studio.images.selectOption('2');
    await studio.generate('Two lighthouses on a basalt coast');
    const first = await upstream.nextRequest();
    const second = await upstream.nextRequest();
    for (const variant of [first, second]) {
      expect(variant.body.fields).toMatchObject({ n: 1, stream: true, partial_images: 2 });
    }

    const variants = studio.canvas.getByRole('group', { name: '2 variants' });
    const partials = variants.getByRole('img', { name: /^Partial image 1 of image [12] of 2/ });
    // Each cell refines from its own stream: one variant's partial shows while the other still waits.
    await first.sendPartial(0);
    await expect(partials).toHaveCount(1);
    await second.sendPartial(0);
    await expect(variants.getByRole('img', { name: /^Partial image 1 of image 1 of 2/ })).toBeVisible();
    await expect(variants.getByRole('img', { name: /^Partial image 1 of image 2 of 2/ })).toBeVisible();
    await first.complete();
    await second.complete();
    await expect(variants.getByRole('img', { name: /^Final image [12] of 2/ })).toHaveCount(2);
    expect(studio.generationRequests).toHaveLength(2);
    for (const request of studio.generationRequests) {
      expect(request.postDataJSON()).toMatchObject({ n: 1, stream: true, partial_images: 2 });
    }
  });

  test('a reload mid-stream loses nothing: finished and interrupted results, prompt, board and mask', async ({
    page,
    upstream,
  }, testInfo) => {
    const studio = new StudioPage(page);
    const editor = new EditorPage(page);
    const gallery = new GalleryPage(page);
    await studio.goto();

    await studio.choose('Partial images', '1');
    await studio.images.selectOption('2');
    await studio.generate('A brass telescope on a chart table');
    for (const variant of [await upstream.nextRequest(), await upstream.nextRequest()]) {
      await variant.sendPartial(0);
      await variant.complete();
    }
    await expect(studio.finalImages).toHaveCount(2);
    await studio.images.selectOption('1');

    // A reference on the board and a stroke of mask, then back to generating.
    const reference = testInfo.outputPath('reference.png');
    await sharp({ create: { width: 640, height: 480, channels: 3, background: '#3a6ea5' } })
      .png()
      .toFile(reference);
    await page.getByRole('radiogroup', { name: 'Mode' }).getByRole('radio', { name: 'Edit' }).click();
    await editor.add([reference]);
    await expect(editor.thumbnails).toHaveCount(1);
    await expect(editor.stage).toBeVisible();
    await editor.drag([
      { x: 200, y: 200 },
      { x: 320, y: 260 },
    ]);
    await expect(editor.tool('Undo')).toBeEnabled();
    await page.getByRole('radiogroup', { name: 'Mode' }).getByRole('radio', { name: 'Generate' }).click();

    await studio.choose('Partial images', '3');
    await studio.generate('A harbour in fog, slowly');
    const harbour = await upstream.nextRequest();
    await harbour.sendPartial(0);
    await expect(studio.partialImages.first()).toBeVisible();
    // The first run's two partials and two finals, and this run's first partial, are on disk: then the
    // tab goes, and with it the request, which the relay lets go of upstream.
    await expect.poll(async () => Object.keys(await storedImageHashes(page)).length).toBe(5);
    await page.reload();
    await harbour.waitForClientAbort();

    await expect(studio.prompt).toHaveValue('A harbour in fog, slowly');
    // Cut off after its first partial: timed up to that partial, and perhaps billed for the rest.
    await expect(studio.runStatus).toContainText('Interrupted');
    await expect(studio.runStatus).toContainText('may still be billed');
    await expect(studio.runStatus.getByLabel('Elapsed time')).toHaveText(/at least \d+\.\d s$/);
    await gallery.open();
    await expect(gallery.card('A brass telescope on a chart table')).toHaveCount(2);
    const interrupted = gallery.card('A harbour in fog, slowly');
    await expect(interrupted).toContainText(/Interrupted/);
    await expect(interrupted.getByRole('img')).toHaveJSProperty('complete', true);
    expect(
      await interrupted.getByRole('img').evaluate((image: HTMLImageElement) => image.naturalWidth),
    ).toBeGreaterThan(0);
    await gallery.toggle.click();

    await page.getByRole('radiogroup', { name: 'Mode' }).getByRole('radio', { name: 'Edit' }).click();
    await expect(editor.thumbnails).toHaveCount(1);
    await expect(editor.tool('Undo')).toBeEnabled();
  });
});

test('a run shows the same elapsed time after a reload as it did live', async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  await studio.choose('Partial images', '1');
  await studio.images.selectOption('2');
  await studio.generate('A tide clock in a stone tower');
  await expect(studio.runStatus).toContainText('Done');
  const elapsed = studio.runStatus.getByLabel('Elapsed time');
  const live = await elapsed.textContent();
  expect(live).toMatch(/\d+\.\d s$/);
  await expect.poll(async () => Object.keys(await storedImageHashes(page)).length).toBe(4);
  await page.reload();

  await expect(studio.runStatus).toContainText('Done');
  await expect(elapsed).toHaveText(live!);
});

test('a ZIP export imported into an empty browser profile restores the same bytes', async ({
  page,
  browser,
}, testInfo) => {
  const studio = new StudioPage(page);
  const gallery = new GalleryPage(page);
  await studio.goto();
  await studio.choose('Partial images', '1');
  await studio.images.selectOption('2');
  await studio.generate('Kites over a salt flat');
  await expect(studio.finalImages).toHaveCount(2);
  // One partial and one final for each variant; the last write may land just after the image shows.
  await expect.poll(async () => Object.keys(await storedImageHashes(page)).length).toBe(4);
  const original = await storedImageHashes(page);

  await gallery.open();
  const download = await gallery.downloadFrom(gallery.region.getByRole('button', { name: 'Export all' }));
  const zip = testInfo.outputPath('session.zip');
  await download.saveAs(zip);

  const fresh = await browser.newContext({ baseURL: testInfo.project.use.baseURL });
  try {
    const freshPage = await fresh.newPage();
    const freshGallery = new GalleryPage(freshPage);
    await new StudioPage(freshPage).goto();
    expect(await storedImageHashes(freshPage)).toEqual({});
    await freshGallery.open();
    await freshGallery.importZip(zip);
    await expect(freshGallery.card('Kites over a salt flat')).toHaveCount(2);
    expect(await storedImageHashes(freshPage)).toEqual(original);
  } finally {
    await fresh.close();
  }
});

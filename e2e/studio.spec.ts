import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { StudioPage } from './pages/StudioPage.ts';
import { expect, test, useHeldRelay } from './support/heldRelay.ts';

let studio: StudioPage;

test.beforeEach(async ({ page }) => {
  studio = new StudioPage(page);
  await studio.goto();
});

test('the badge says the offline engine answers', async () => {
  await expect(studio.engineBadge).toHaveText('Offline engine');
});

test('an invalid custom size is refused in the studio, naming the field, and nothing is sent', async ({
  page,
}) => {
  await studio.typeCustomSize('1000x1000');
  await expect(page.getByText('Width and height must both be multiples of 16.')).toBeVisible();
  await expect(studio.customWidth).toHaveAttribute('aria-invalid', 'true');

  await studio.generate('A poster that cannot be this size');
  await expect(studio.problem).toContainText('Size:');
  await expect(studio.problem).toContainText("'1000x1000'");
  await expect(studio.problem).toContainText('nothing was sent');
  await expect(studio.size).toHaveAttribute('aria-invalid', 'true');
  await page.screenshot({ path: test.info().outputPath('studio-refused.png') });
  expect(studio.generationRequests).toHaveLength(0);

  // The designer's draft is intact, and fixing the field clears the refusal.
  await expect(studio.prompt).toHaveValue('A poster that cannot be this size');
  await studio.typeCustomSize('1008x1008');
  await expect(studio.problem).toBeHidden();
});

test('Ctrl+Enter in the prompt generates', async () => {
  await studio.describe('A single green pear on a linen cloth');
  await studio.prompt.press('Control+Enter');
  await expect(studio.finalImages.first()).toBeVisible();
  expect(studio.generationRequests).toHaveLength(1);
});

test('controls a model or format cannot use are disabled with the reason', async () => {
  await expect(studio.compression).toBeDisabled();
  await expect(studio.compression).toHaveAttribute('title', /PNG/);
  await studio.choose('Format', 'JPEG');
  await expect(studio.radio('Background', 'Transparent')).toBeDisabled();
  await expect(studio.compression).toBeEnabled();

  await studio.choose('Format', 'WebP');
  await expect(studio.radio('Background', 'Transparent')).toBeEnabled();
  // GIF and SVG are GPT Image 2.6's: not offered on 2.5.
  await expect(studio.radio('Format', 'GIF')).toHaveCount(0);
});

test('several images stream into a grid and each downloads with its format', async ({ page }) => {
  await studio.choose('Format', 'WebP');
  await studio.choose('Partial images', '1');
  await studio.images.selectOption('2');
  await studio.generate('Two studies of a blue vase');

  await expect(studio.finalImages).toHaveCount(2);
  await expect(studio.runStatus).toContainText('Done');
  await page.screenshot({ path: test.info().outputPath('studio-grid.png') });

  const downloading = page.waitForEvent('download');
  await studio.result.getByRole('link', { name: 'Download image 2 (WebP)' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.webp$/);
  const metadata = await sharp(await readFile(await download.path())).metadata();
  expect(metadata.format).toBe('webp');
  expect(metadata.width).toBe(1024);
});

test.describe('while a run is in flight', () => {
  useHeldRelay();

  test('a prompt streams partial images that refine into a final image of the chosen size', async ({
    page,
    upstream,
  }) => {
    await studio.size.selectOption('1536x1024');
    await studio.choose('Partial images', '2');
    await studio.generate('A red lighthouse on a basalt cliff at dusk, long exposure sea');
    const run = await upstream.nextRequest();
    expect(run.body.fields).toMatchObject({
      model: 'gpt-image-2.5-flare',
      size: '1536x1024',
      partial_images: 2,
      stream: true,
    });

    await run.sendPartial(0);
    await expect(studio.partialImages.first()).toBeVisible();
    expect(await studio.naturalSize(studio.partialImages.first())).toEqual({ width: 1536, height: 1024 });
    await expect(studio.runStatus).toContainText('Generating');
    await expect(studio.cancelButton).toBeVisible();
    await expect(studio.finalImages).toHaveCount(0);

    await run.sendPartial(1);
    await run.complete();
    const final = studio.finalImages.first();
    await expect(final).toBeVisible();
    expect(await studio.naturalSize(final)).toEqual({ width: 1536, height: 1024 });
    await expect(studio.runStatus).toContainText('Done');
    await expect(studio.cancelButton).toBeHidden();
    await expect(studio.result.getByLabel('Cost', { exact: true })).toHaveText(/^\$\d/);
    await expect(studio.result.getByText('1536 × 1024 · 3:2')).toBeVisible();
    expect(studio.generationRequests).toHaveLength(1);
    await page.screenshot({ path: test.info().outputPath('studio-done.png') });
  });

  test('Cancel stops the run, keeps the partial already shown, and the relay aborts the upstream request', async ({
    page,
    upstream,
  }) => {
    await studio.choose('Partial images', '3');
    await studio.generate('A slow watercolour of a harbour in fog');
    const run = await upstream.nextRequest();
    await run.sendPartial(0);
    await expect(studio.partialImages.first()).toBeVisible();

    await studio.cancelButton.click();
    await expect(studio.runStatus).toContainText('Cancelled');
    // The upstream request is gone, so nothing more can arrive for this run.
    await run.waitForClientAbort();
    await expect(studio.partialImages.first()).toBeVisible();
    await expect(studio.finalImages).toHaveCount(0);
    await expect(studio.generateButton).toBeEnabled();
    await expect(studio.prompt).toHaveValue('A slow watercolour of a harbour in fog');
    await page.screenshot({ path: test.info().outputPath('studio-cancelled.png') });
  });

  test('Escape cancels a run from the keyboard', async ({ page, upstream }) => {
    await studio.choose('Partial images', '3');
    await studio.generate('A long exposure of a night train');
    const run = await upstream.nextRequest();
    await run.sendPartial(0);
    await expect(studio.partialImages.first()).toBeVisible();

    await page.keyboard.press('Escape');
    await expect(studio.runStatus).toContainText('Cancelled');
    await run.waitForClientAbort();
    await expect(studio.partialImages.first()).toBeVisible();
    await expect(studio.finalImages).toHaveCount(0);
  });
});

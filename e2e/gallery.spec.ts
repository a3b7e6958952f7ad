import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { GalleryPage } from './pages/GalleryPage.ts';
import { StudioPage } from './pages/StudioPage.ts';
import { expect, test, useHeldRelay } from './support/heldRelay.ts';

const LIGHTHOUSE = 'A red lighthouse on a basalt cliff at dusk';
const ORCHARD = 'A quiet pear orchard in morning fog, watercolour';
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

let studio: StudioPage;
let gallery: GalleryPage;

test.beforeEach(async ({ page }) => {
  studio = new StudioPage(page);
  gallery = new GalleryPage(page);
  await studio.goto();
});

/** Generates and waits for this run's own final: a fast run is over before any in-flight state could be seen. */
async function generateAndWait(prompt: string): Promise<void> {
  await studio.generate(prompt);
  await expect(studio.canvas.getByRole('img', { name: `Final image: ${prompt}` })).toBeVisible();
  await expect(studio.runStatus).toContainText('Done');
}

/** Two results from two models, the newest (the orchard) first. */
async function generateTwo(): Promise<void> {
  await generateAndWait(LIGHTHOUSE);
  await studio.model.selectOption({ label: 'GPT Image 2.5 Sunburst' });
  await generateAndWait(ORCHARD);
}

test('an empty gallery says what will appear in it', async () => {
  await gallery.open();
  await expect(gallery.region.getByText(/^Nothing here yet/)).toBeVisible();
  await expect(gallery.region.getByRole('button', { name: 'Export all' })).toBeDisabled();
  await expect(gallery.storage).toContainText(/used/);
});

test('every result is kept: search, filter, details, download, reuse', async ({ page }) => {
  await generateTwo();
  await gallery.open();

  await expect(gallery.cards).toHaveCount(2);
  await expect(gallery.cards.first()).toContainText(ORCHARD);
  await expect(gallery.cards.nth(1)).toContainText(LIGHTHOUSE);
  await expect(gallery.card(LIGHTHOUSE)).toContainText('GPT Image 2.5 Flare');
  await expect(gallery.card(LIGHTHOUSE)).toContainText(/\$\d/);
  await page.screenshot({ path: test.info().outputPath('gallery.png') });

  await gallery.search.fill('lighthouse dusk');
  await expect(gallery.cards).toHaveCount(1);
  await expect(gallery.card(LIGHTHOUSE)).toBeVisible();
  await gallery.search.fill('');
  await expect(gallery.cards).toHaveCount(2);

  await gallery.modelFilter.selectOption('gpt-image-2.5-sunburst');
  await expect(gallery.cards).toHaveCount(1);
  await expect(gallery.card(ORCHARD)).toBeVisible();
  await gallery.kindFilter.selectOption({ label: 'Edits' });
  await expect(gallery.region.getByText('No result matches these filters.')).toBeVisible();
  await gallery.region.getByRole('button', { name: 'Clear filters' }).click();
  await expect(gallery.cards).toHaveCount(2);

  await gallery.openDetail(LIGHTHOUSE);
  await expect(gallery.detail.getByRole('img', { name: `Result: ${LIGHTHOUSE}` })).toBeVisible();
  await expect(gallery.detail).toContainText('GPT Image 2.5 Flare');
  await expect(gallery.detail).toContainText('Output tokens');
  await page.screenshot({ path: test.info().outputPath('gallery-detail.png') });

  const download = await gallery.download();
  expect(download.suggestedFilename()).toMatch(
    /^a-red-lighthouse-on-a-basalt-cliff-at-dusk-[0-9a-f]{8}\.png$/,
  );
  const bytes = await readFile(await download.path());
  expect([...bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  expect((await sharp(bytes).metadata()).format).toBe('png');

  // Reuse and Edit this bring the result's prompt, settings and picture together.
  await gallery.detailAction('Reuse prompt and settings').click();
  await expect(gallery.region).toBeHidden();
  await expect(studio.prompt).toHaveValue(LIGHTHOUSE);
  await expect(studio.model).toHaveValue('gpt-image-2.5-flare');
  await expect(studio.canvas.getByRole('img', { name: `Final image: ${LIGHTHOUSE}` })).toBeVisible();

  await gallery.open();
  await gallery.openDetail(ORCHARD);
  await gallery.detailAction('Edit this').click();
  await expect(gallery.region).toBeHidden();
  await expect(
    page.getByRole('radiogroup', { name: 'Mode' }).getByRole('radio', { name: 'Edit' }),
  ).toBeChecked();
  await expect(studio.prompt).toHaveValue(ORCHARD);
  await expect(studio.model).toHaveValue('gpt-image-2.5-sunburst');
  await expect(
    page.getByRole('listbox', { name: 'Reference images' }).getByRole('option').first(),
  ).toHaveAccessibleName(/edit target$/);
});

test('a deleted result comes back with Undo, and stays gone once the undo has expired', async ({ page }) => {
  await page.clock.install();
  await studio.goto();
  await generateTwo();
  await gallery.open();
  await expect(gallery.cards).toHaveCount(2);

  await gallery.openDetail(ORCHARD);
  await gallery.detailAction('Delete').click();
  await expect(gallery.detail).toBeHidden();
  await expect(gallery.cards).toHaveCount(1);
  await expect(gallery.deletion).toContainText('Deleted');
  await gallery.deletion.getByRole('button', { name: 'Undo' }).click();
  await expect(gallery.deletion).toBeHidden();
  await expect(gallery.cards).toHaveCount(2);

  await gallery.openDetail(ORCHARD);
  await gallery.detailAction('Delete').click();
  await expect(gallery.cards).toHaveCount(1);
  // The studio's strip of this session's results lets go of it too.
  await gallery.toggle.click();
  const strip = page.getByRole('navigation', { name: 'Session results' });
  await expect(strip.getByRole('button', { name: `Show result: ${ORCHARD.slice(0, 60)}` })).toHaveCount(0);
  await expect(strip.getByRole('button', { name: `Show result: ${LIGHTHOUSE.slice(0, 60)}` })).toHaveCount(1);
  await gallery.open();
  await page.clock.runFor(9_000);
  await expect(gallery.deletion).toBeHidden();

  await page.reload();
  await gallery.open();
  await expect(gallery.cards).toHaveCount(1);
  await expect(gallery.card(LIGHTHOUSE)).toBeVisible();
});

test('Copy puts the image on the clipboard as PNG', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await generateAndWait(LIGHTHOUSE);
  await gallery.open();
  await gallery.openDetail(LIGHTHOUSE);
  await gallery.detailAction('Copy image').click();
  await expect(gallery.detail.getByRole('status')).toHaveText('Copied');
  const types = await page.evaluate(async () =>
    (await navigator.clipboard.read()).flatMap((item) => item.types),
  );
  expect(types).toContain('image/png');
});

test.describe('while a run is in flight', () => {
  useHeldRelay();

  test('a cancelled result keeps its last partial, dimmed and badged', async ({ page, upstream }) => {
    await studio.generate(LIGHTHOUSE);
    await (await upstream.nextRequest()).complete();
    await expect(studio.runStatus).toContainText('Done');

    await studio.choose('Partial images', '3');
    await studio.generate(ORCHARD);
    const run = await upstream.nextRequest();
    await run.sendPartial(0);
    await run.sendPartial(1);
    await expect(studio.runStatus).toContainText('partial 2 of 3');
    await studio.cancelButton.click();
    await expect(studio.runStatus).toContainText('Cancelled');
    await run.waitForClientAbort();

    await gallery.open();
    await expect(gallery.cards).toHaveCount(2);
    const cancelled = gallery.card(ORCHARD);
    await expect(cancelled).toContainText('Cancelled — last partial kept');
    await expect(cancelled.getByRole('img', { name: `Last partial: ${ORCHARD}` })).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('gallery-cancelled.png') });
  });
});

test('Export all makes a ZIP that another browser profile imports', async ({ browser }) => {
  await generateTwo();
  await gallery.open();
  await gallery.card(LIGHTHOUSE).getByRole('checkbox').check();
  await expect(gallery.region.getByText('1 selected')).toBeVisible();
  const selected = await gallery.downloadFrom(
    gallery.region.getByRole('button', { name: 'Export selected' }),
  );
  expect(selected.suggestedFilename()).toMatch(/^atelier-\d{4}-\d{2}-\d{2}\.zip$/);
  const all = await gallery.downloadFrom(gallery.region.getByRole('button', { name: 'Export all' }));
  const zipPath = await all.path();
  expect([...(await readFile(zipPath)).subarray(0, 2)]).toEqual([0x50, 0x4b]);

  const fresh = await browser.newContext();
  const page = await fresh.newPage();
  const freshStudio = new StudioPage(page);
  const freshGallery = new GalleryPage(page);
  await freshStudio.goto();
  await freshGallery.open();
  await freshGallery.importZip(zipPath);
  await expect(
    freshGallery.region.getByRole('status').filter({ hasText: /^Imported 2 results/ }),
  ).toBeVisible();
  await expect(freshGallery.cards).toHaveCount(2);
  await expect(freshGallery.cards.first()).toContainText(ORCHARD);

  await freshGallery.importZip(zipPath);
  await expect(freshGallery.region.getByRole('status').filter({ hasText: /already here/ })).toBeVisible();
  await expect(freshGallery.cards).toHaveCount(2);
  await fresh.close();
});

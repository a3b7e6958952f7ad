import { expect, test, type Locator, type Page } from '@playwright/test';
import { EditorPage } from './pages/EditorPage.ts';
import { GalleryPage } from './pages/GalleryPage.ts';
import { StudioPage } from './pages/StudioPage.ts';
import { Viewer } from './pages/Viewer.ts';

const HARBOUR = 'A teal harbour at dawn with three red boats';
/** The largest edge the studio's thumbnails are made at (src/storage/thumbnail.ts). */
const THUMBNAIL_EDGE_PX = 384;

let studio: StudioPage;
let viewer: Viewer;

test.beforeEach(async ({ page }) => {
  studio = new StudioPage(page);
  viewer = new Viewer(page);
  await studio.goto();
});

/** One run of `count` finished 1024 × 1024 images. */
async function generateFinished(prompt: string, count: number): Promise<void> {
  await studio.choose('Partial images', '0');
  await studio.images.selectOption(String(count));
  await studio.generate(prompt);
  await expect(studio.finalImages).toHaveCount(count, { timeout: 30_000 });
}

const strip = (page: Page) => page.getByRole('navigation', { name: 'Session results' });

async function naturalWidth(image: Locator): Promise<number> {
  return image.evaluate(async (element: HTMLImageElement) => {
    await element.decode();
    return element.naturalWidth;
  });
}

test('a click on a variant opens it at full size: zoom, 100%, next, Escape', async ({ page }) => {
  await generateFinished(HARBOUR, 2);
  await studio.finalImages.first().click();
  await expect(viewer.dialog).toBeVisible();
  expect(await viewer.naturalSize()).toEqual({ width: 1024, height: 1024 });
  await expect(viewer.position).toHaveText('1 / 2');
  await expect(viewer.dialog).toContainText(`${HARBOUR} (image 1 of 2)`);

  // Fit: the whole image in the stage, never enlarged.
  const fitPercent = Number((await viewer.zoomLevel.textContent())!.replace('%', ''));
  expect(fitPercent).toBeLessThan(100);
  expect(await viewer.drawnScale()).toBeCloseTo(fitPercent / 100, 1);

  await viewer.button('100%').click();
  await expect(viewer.zoomLevel).toHaveText('100%');
  expect(await viewer.drawnScale()).toBeCloseTo(1, 2);
  await page.keyboard.press('=');
  await expect(viewer.zoomLevel).toHaveText('125%');
  expect(await viewer.drawnScale()).toBeCloseTo(1.25, 2);
  await page.keyboard.press('-');
  await expect(viewer.zoomLevel).toHaveText('100%');
  await page.screenshot({ path: test.info().outputPath('viewer-100.png') });

  // An arrow pans the way the image overflows the stage (at 100% it is taller); at fit ← → step.
  const before = await viewer.image.evaluate((element) => element.style.transform);
  await page.keyboard.press('ArrowUp');
  await expect(viewer.position).toHaveText('1 / 2');
  expect(await viewer.image.evaluate((element) => element.style.transform)).not.toBe(before);
  await page.keyboard.press('f');
  await expect(viewer.zoomLevel).toHaveText(`${fitPercent}%`);
  const firstSource = await viewer.image.getAttribute('src');
  await page.keyboard.press('ArrowRight');
  await expect(viewer.position).toHaveText('2 / 2');
  await expect(viewer.dialog).toContainText(`${HARBOUR} (image 2 of 2)`);
  expect(await viewer.image.getAttribute('src')).not.toBe(firstSource);
  await expect(viewer.button('Next image')).toBeDisabled();

  await page.keyboard.press('Escape');
  await expect(viewer.dialog).toBeHidden();
  // Escape closed the viewer and nothing else: the run is still on the canvas.
  await expect(studio.finalImages).toHaveCount(2);
});

test('the keyboard opens a variant and the focus comes back to where it was', async ({ page }) => {
  await generateFinished(HARBOUR, 2);
  const open = studio.canvas.getByRole('button', { name: 'Open image 2 at full size' });
  await open.focus();
  await page.keyboard.press('Enter');
  await expect(viewer.position).toHaveText('2 / 2');
  await page.keyboard.press('ArrowLeft');
  await expect(viewer.position).toHaveText('1 / 2');
  await page.keyboard.press('Escape');
  await expect(viewer.dialog).toBeHidden();
  await expect(open).toBeFocused();
});

test('two picked variants compare in place, side by side and before/after', async ({ page }) => {
  await generateFinished(HARBOUR, 3);
  await studio.canvas.getByRole('checkbox', { name: 'Pick image 1 for comparing' }).check();
  const bar = studio.canvas.getByRole('group', { name: 'Picked for comparing' });
  await expect(bar.getByRole('button', { name: 'Compare' })).toBeDisabled();
  await studio.canvas.getByRole('checkbox', { name: 'Pick image 3 for comparing' }).check();
  await bar.getByRole('button', { name: 'Compare' }).click();

  const comparison = studio.canvas.getByRole('region', { name: 'Comparison' });
  await expect(comparison.getByRole('img', { name: 'Image 1' })).toBeVisible();
  await expect(comparison.getByRole('img', { name: 'Image 3' })).toBeVisible();
  await expect(comparison.getByRole('img', { name: 'Image 2' })).toHaveCount(0);
  await comparison.getByRole('radiogroup', { name: 'Compare view' }).getByText('Before/after').click();
  const divider = comparison.getByRole('slider', { name: 'Divider between image 1 and image 3' });
  await expect(divider).toHaveAttribute('aria-valuenow', '50');
  await divider.focus();
  await page.keyboard.press('End');
  await expect(divider).toHaveAttribute('aria-valuenow', '100');
  await page.screenshot({ path: test.info().outputPath('compare-in-place.png') });

  await comparison.getByRole('button', { name: 'Back to all images' }).click();
  await expect(studio.finalImages).toHaveCount(3);
});

test('the big result dragged onto the board joins it at full size, and an edit of it names it as its parent', async ({
  page,
}) => {
  await generateFinished(HARBOUR, 1);
  const result = studio.finalImages.first();
  const box = (await result.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 20, box.y + box.height / 2 + 20, { steps: 4 });
  const zone = studio.canvas.getByRole('region', { name: 'Add to the reference board' });
  await expect(zone).toBeVisible();
  const target = (await zone.boundingBox())!;
  await page.mouse.move(target.x + target.width / 2, target.y + target.height / 2, { steps: 8 });
  await page.mouse.up();
  await expect(zone).toBeHidden();

  const editor = new EditorPage(page);
  await studio.radio('Mode', 'Edit').locator('..').click();
  await expect(editor.thumbnails).toHaveCount(1);
  // The stored result itself, by the name "Edit this" gives it, not bytes fetched back under a made-up one.
  await expect(editor.thumbnails.first()).toHaveAccessibleName(/^1\. atelier-[\da-f]{8}\.png, edit target$/);
  await expect(editor.thumbnails.first()).toContainText('1024 × 1024');

  const STORMY = 'The same harbour under a storm';
  await editor.prompt.fill(STORMY);
  await editor.applyButton.click();
  await expect(editor.editedImage).toBeVisible({ timeout: 20_000 });
  expect(editor.editBodies).toHaveLength(1);

  const gallery = new GalleryPage(page);
  await gallery.open();
  await gallery.openDetail(STORMY);
  await gallery.detail.getByRole('button', { name: 'History' }).click();
  const tree = page.getByRole('dialog', { name: 'History' }).getByRole('tree', { name: 'Lineage' });
  await expect(tree.getByRole('treeitem')).toHaveCount(2);
  await expect(tree.getByRole('treeitem', { name: new RegExp(HARBOUR) })).toHaveAttribute('aria-level', '1');
  const edit = tree.getByRole('treeitem', { selected: true });
  await expect(edit).toHaveAccessibleName(new RegExp(STORMY));
  await expect(edit).toHaveAttribute('aria-level', '2');
});

test('the strip shows thumbnails, for finals, restored runs and a partial', async ({ page }) => {
  await generateFinished(HARBOUR, 1);
  const cards = strip(page).getByRole('button', { name: /^Show result/ });
  await expect(cards).toHaveCount(1);
  expect(await naturalWidth(cards.first().locator('img'))).toBeLessThanOrEqual(THUMBNAIL_EDGE_PX);

  // A run cut short keeps only a partial, stored with its own thumbnail, which the card shows.
  // The relay's real answer is cut after its first partial image, so no timing decides where it ends.
  await page.route('**/v1/images/generations', async (route) => {
    const answer = await route.fetch();
    const frames = (await answer.text()).split('\n\n');
    const firstPartial = frames.findIndex((frame) => frame.includes('image_generation.partial_image'));
    await route.fulfill({ response: answer, body: `${frames.slice(0, firstPartial + 1).join('\n\n')}\n\n` });
  });
  await studio.choose('Partial images', '3');
  await studio.generate('A pear orchard in fog');
  await expect(studio.partialImages.first()).toBeVisible({ timeout: 30_000 });
  await expect(cards).toHaveCount(2);
  await expect(studio.runStatus).not.toContainText('Streaming');
  expect(await naturalWidth(cards.first().locator('img'))).toBeLessThanOrEqual(THUMBNAIL_EDGE_PX);
  await page.unroute('**/v1/images/generations');

  await page.reload();
  await expect(cards).toHaveCount(2);
  for (const card of await cards.all()) {
    expect(await naturalWidth(card.locator('img'))).toBeLessThanOrEqual(THUMBNAIL_EDGE_PX);
  }

  // A double-click on a card opens the full-size image, not the thumbnail.
  await cards.nth(1).dblclick();
  expect(await viewer.naturalSize()).toEqual({ width: 1024, height: 1024 });
  await expect(viewer.position).toHaveText('2 / 2');
  await page.keyboard.press('Escape');
  await expect(viewer.dialog).toBeHidden();
});

test('the gallery detail opens its image at full size above itself', async ({ page }) => {
  await generateFinished(HARBOUR, 1);
  const gallery = new GalleryPage(page);
  await gallery.open();
  await gallery.openDetail(HARBOUR);
  await gallery.detail.getByRole('img', { name: `Result: ${HARBOUR}` }).click();
  expect(await viewer.naturalSize()).toEqual({ width: 1024, height: 1024 });
  await page.keyboard.press('Escape');
  await expect(viewer.dialog).toBeHidden();
  await expect(gallery.detail).toBeVisible();
});

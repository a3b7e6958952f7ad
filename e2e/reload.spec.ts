/**
 * Nothing shown is lost to a reload: a final appears only once it is stored, so reloading in the very
 * task the last final of a batch renders still finds every one of them in the gallery, done.
 */
import { expect, test } from '@playwright/test';
import { GalleryPage } from './pages/GalleryPage.ts';
import { StudioPage } from './pages/StudioPage.ts';

const TRIES = 10;
const VARIANTS = 4;

test(`reloading the moment the last of ${VARIANTS} finals renders loses none of them, ${TRIES} times over`, async ({
  page,
}) => {
  test.setTimeout(TRIES * 45_000);
  const studio = new StudioPage(page);
  const gallery = new GalleryPage(page);
  await studio.goto();
  await studio.choose('Quality', 'High');
  await studio.choose('Partial images', '1');
  await studio.images.selectOption(String(VARIANTS));

  for (let attempt = 1; attempt <= TRIES; attempt += 1) {
    const prompt = `A glass greenhouse at dawn, take ${attempt}`;
    await studio.generate(prompt);
    // Armed once this run is streaming, so the finals restored from the last try do not set it off.
    await expect(studio.partialImages.first()).toBeVisible();
    const reloaded = page.waitForEvent('load');
    await page.evaluate((count) => {
      const finals = () => document.querySelectorAll('img[alt^="Final image"]').length;
      const reloadOnceAllShown = () => {
        if (finals() >= count) location.reload();
      };
      // On a busy machine the finals may all be in before the observer is; then it reloads at once.
      new MutationObserver(reloadOnceAllShown).observe(document.body, {
        subtree: true,
        childList: true,
        attributes: true,
      });
      reloadOnceAllShown();
    }, VARIANTS);
    await reloaded;
    await expect(studio.generateButton).toBeEnabled();

    await gallery.open();
    const cards = gallery.card(prompt);
    await expect(cards).toHaveCount(VARIANTS);
    for (const card of await cards.all()) await expect(card).not.toContainText(/Interrupted|partial/i);
    await gallery.toggle.click();
  }
});

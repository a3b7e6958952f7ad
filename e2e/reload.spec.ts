/**
 * Nothing shown is lost to a reload: a final appears only once it is stored, so reloading in the very
 * task the last final of a batch renders still finds every one of them in the gallery, done. The upstream
 * is held, so every try reloads on the finals of its own run, however fast or slow the machine.
 */
import { GalleryPage } from './pages/GalleryPage.ts';
import { StudioPage } from './pages/StudioPage.ts';
import { expect, test, useHeldRelay } from './support/heldRelay.ts';

const TRIES = 10;
const VARIANTS = 4;

useHeldRelay();

test(`reloading the moment the last of ${VARIANTS} finals renders loses none of them, ${TRIES} times over`, async ({
  page,
  upstream,
}) => {
  test.setTimeout(TRIES * 30_000);
  const studio = new StudioPage(page);
  const gallery = new GalleryPage(page);
  await studio.goto();
  await studio.choose('Partial images', '1');
  await studio.images.selectOption(String(VARIANTS));

  for (let attempt = 1; attempt <= TRIES; attempt += 1) {
    const prompt = `A glass greenhouse at dawn, take ${attempt}`;
    await studio.generate(prompt);
    const variants = await Promise.all(Array.from({ length: VARIANTS }, () => upstream.nextRequest()));
    await Promise.all(variants.map((variant) => variant.sendPartial(0)));
    // Armed once every cell of this run shows its partial, so the finals restored from the last try are gone.
    await expect(studio.partialImages).toHaveCount(VARIANTS);
    const reloaded = page.waitForEvent('load');
    await page.evaluate((count) => {
      new MutationObserver(() => {
        if (document.querySelectorAll('img[alt^="Final image"]').length >= count) location.reload();
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    }, VARIANTS);
    // All finals at once, so their writes to storage overlap as a real batch's do.
    await Promise.all(variants.map((variant) => variant.complete()));
    await reloaded;
    await expect(studio.generateButton).toBeEnabled();

    await gallery.open();
    const cards = gallery.card(prompt);
    await expect(cards).toHaveCount(VARIANTS);
    for (const card of await cards.all()) await expect(card).not.toContainText(/Interrupted|partial/i);
    await gallery.toggle.click();
  }
});

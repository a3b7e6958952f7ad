/**
 * Several providers behind one relay (issue 14): the offline engine and an OpenAI-compatible gateway (the
 * held stand-in, which draws real images at the requested size) side by side in the picker, each with what
 * it bills, and a generation through each landing in the gallery under its provider's address.
 */
import { expect, test } from '@playwright/test';
import { GalleryPage } from './pages/GalleryPage.ts';
import { StudioPage } from './pages/StudioPage.ts';
import { gatewayBesideOffline } from './support/gatewayProviders.ts';
import { storedVariants } from './support/storedRecords.ts';

const providers = gatewayBesideOffline([{ id: 'gpt-image-2', pricePerImage: 0.006375 }]);

test('the picker groups two providers with their prices, and a run through each lands in the gallery', async ({
  page,
}) => {
  const studio = new StudioPage(page);
  await page.goto(providers.relay.url);
  await expect(studio.generateButton).toBeEnabled();

  const groups = studio.model.locator('optgroup');
  await expect(groups).toHaveCount(2);
  expect(await groups.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('label')))).toEqual([
    'Offline engine',
    'Budget gateway',
  ]);
  await expect(groups.nth(1).locator('option')).toHaveText(['GPT Image 2 · $0.0064/image']);

  // The gateway bills per image: the cost panel says so instead of counting tokens.
  await studio.model.selectOption('gw/gpt-image-2');
  await expect(studio.engineBadge).toHaveText('Budget gateway');
  await expect(page.getByLabel('Price per image')).toHaveText('$0.0064 × 1');
  await expect(page.getByLabel('Estimated cost')).toHaveText('$0.0064');
  await expect(page.getByText('From Budget gateway', { exact: true })).toBeVisible();
  for (const viewport of [
    { width: 1280, height: 720 },
    { width: 1920, height: 1080 },
  ]) {
    await page.setViewportSize(viewport);
    await page.screenshot({ path: test.info().outputPath(`providers-${viewport.width}.png`) });
    await page.getByLabel('Estimated cost').scrollIntoViewIfNeeded();
    await page.screenshot({ path: test.info().outputPath(`providers-cost-${viewport.width}.png`) });
  }

  await studio.generate('A lighthouse through the gateway');
  const held = await providers.upstream.nextRequest();
  // The gateway is asked for its own id; the studio keeps the address.
  expect(held.body.fields.model).toBe('gpt-image-2');
  await held.complete();
  await expect(studio.runStatus).toContainText('Done', { timeout: 20_000 });

  await studio.model.selectOption('local/gpt-image-2');
  await expect(studio.engineBadge).toHaveText('Offline engine');
  await expect(page.getByLabel('Estimated output tokens per image')).toBeVisible();
  await expect(page.getByLabel('Price per image')).toBeHidden();
  await studio.generate('A lighthouse made offline');
  await expect(studio.runStatus).toContainText('Done', { timeout: 20_000 });

  const gallery = new GalleryPage(page);
  await gallery.open();
  await expect(gallery.card('A lighthouse through the gateway')).toBeVisible();
  await expect(gallery.card('A lighthouse made offline')).toBeVisible();
  const models = (await storedVariants(page)).map(
    (variant) => (variant.request as { model: { id: string } }).model.id,
  );
  expect(models.sort()).toEqual(['gw/gpt-image-2', 'local/gpt-image-2']);
});

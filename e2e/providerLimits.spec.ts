/**
 * What a provider's model cannot do is disabled in the studio with the reason (issue 14): a gateway whose
 * GPT Image 2 takes no mask (as Leonardo's GPT route) beside the offline engine's, which does. For the
 * gateway the mask tools and the inpainting settings are disabled with the contract's sentence, a mask
 * painted before is kept but not sent, and the gallery's filter names the results' models by their labels.
 */
import { expect, test } from '@playwright/test';
import { EditorPage } from './pages/EditorPage.ts';
import { GalleryPage } from './pages/GalleryPage.ts';
import { StudioPage } from './pages/StudioPage.ts';
import { gatewayBesideOffline } from './support/gatewayProviders.ts';
import { gradientFixture } from './support/images.ts';
import { storedVariants } from './support/storedRecords.ts';

const REASON =
  "This provider's GPT Image 2 takes no mask: its edits use the images as references only. Pick another model to paint a mask.";
const photoPath = gradientFixture('photo.png', { width: 1200, height: 800 });

const providers = gatewayBesideOffline([{ id: 'gpt-image-2', supportsMask: false }]);

test('the mask tools are disabled with the reason for a model without masks, the mask kept but not sent', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const studio = new StudioPage(page);
  const editor = new EditorPage(page);
  await page.goto(providers.relay.url);
  await page.getByRole('radiogroup', { name: 'Mode' }).getByRole('radio', { name: 'Edit' }).click();
  await editor.add([photoPath()]);
  await expect(editor.stage).toHaveAccessibleName('Mask painting on photo.png, 1200 × 800');

  // The offline engine's model takes a mask: the tools work and a stroke is painted.
  await studio.model.selectOption('local/gpt-image-2');
  const brush = editor.tool('Brush');
  await expect(brush).toBeEnabled();
  const box = (await editor.stage.boundingBox())!;
  const [cx, cy] = [box.width / 2, box.height / 2];
  await brush.click();
  await editor.drag([
    { x: cx - 60, y: cy },
    { x: cx + 60, y: cy + 20 },
  ]);
  const sends = page.getByLabel('What the edit sends');
  await expect(sends).toContainText('the result is pasted back');

  // The gateway's does not: every tool is disabled, the canvas and the settings say why.
  await studio.model.selectOption('gw/gpt-image-2');
  const note = page.getByText(REASON, { exact: false });
  await expect(note.first()).toBeVisible();
  await expect(editor.stage).toHaveAccessibleDescription(
    new RegExp(`${REASON.slice(0, 40)}.*kept, not sent`),
  );
  for (const name of ['Brush', 'Eraser', 'Rectangle selection', 'Ellipse selection', 'Lasso', 'Undo']) {
    await expect(editor.tool(name)).toBeDisabled();
  }
  await expect(page.getByRole('button', { name: 'Mask', exact: true })).toBeDisabled();
  const inpainting = page.getByRole('group', { name: 'Inpainting' });
  await expect(inpainting).toContainText(`Pasting back, regions and outpainting need a mask. ${REASON}`);
  await expect(inpainting.getByRole('checkbox', { name: 'Paste back onto the source' })).toBeDisabled();
  await expect(inpainting.getByRole('button', { name: 'Extend canvas' })).toBeDisabled();
  await expect(sends).toContainText('as a reference, without the mask painted, which stays on the canvas');
  // A key of the mask tools does nothing now; the view's still do.
  await editor.stage.focus();
  await page.keyboard.press('e');
  await expect(editor.tool('Eraser')).toHaveAttribute('aria-pressed', 'false');
  for (const viewport of [
    { width: 1280, height: 720 },
    { width: 1920, height: 1080 },
  ]) {
    await page.setViewportSize(viewport);
    await expect(note.first()).toBeVisible();
    await page.screenshot({ path: test.info().outputPath(`provider-limits-${viewport.width}.png`) });
  }

  // The edit goes as references only, and the studio says the mask stayed behind.
  await editor.prompt.fill('Brass clockwork in the middle');
  await editor.applyButton.click();
  const held = await providers.upstream.nextRequest();
  expect(held.body.fields.model).toBe('gpt-image-2');
  expect(held.body.files.map((file) => file.field)).toEqual(['image']);
  await held.complete();
  await expect(editor.editedImage).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(`${REASON} The mask you painted stays on the canvas, unsent.`)).toBeVisible();
  // The inspector names the model as the picker does, its provider with it.
  await expect(page.getByRole('complementary', { name: 'Result' })).toContainText(
    'GPT Image 2 · Budget gateway',
  );

  // Back on a model that takes masks, the mask painted is there to send, and the tools work again.
  await studio.model.selectOption('local/gpt-image-2');
  await expect(brush).toBeEnabled();
  await expect(page.getByText(REASON)).toHaveCount(0);
  await expect(sends).toContainText('the result is pasted back');
  await editor.prompt.fill('Brass clockwork offline');
  await editor.applyButton.click();
  await expect(editor.runStatus).toContainText('Done', { timeout: 30_000 });

  // The gallery's filter names the models as the picker does, not by their stored addresses.
  const gallery = new GalleryPage(page);
  await gallery.open();
  // The filter's list is a live query of what is stored: it is waited for, not read once.
  await expect(gallery.modelFilter.locator('option')).toHaveText([
    'All models',
    'GPT Image 2 · Budget gateway',
    'GPT Image 2 · Offline engine',
  ]);
  await gallery.modelFilter.selectOption({ label: 'GPT Image 2 · Budget gateway' });
  await expect(gallery.cards).toHaveCount(1);
  await expect(gallery.card('Brass clockwork in the middle')).toContainText('GPT Image 2 · Budget gateway');
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.screenshot({ path: test.info().outputPath('provider-limits-gallery-1280.png') });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.screenshot({ path: test.info().outputPath('provider-limits-gallery-1920.png') });
  const stored = await storedVariants(page);
  const masks = stored.map((variant) => [
    (variant.request as { model: { id: string } }).model.id,
    variant.maskImageId !== null,
  ]);
  expect(masks.sort()).toEqual([
    ['gw/gpt-image-2', false],
    ['local/gpt-image-2', true],
  ]);
});

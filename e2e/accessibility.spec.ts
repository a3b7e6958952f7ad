import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { expectAccessible } from './support/axe.ts';
import { EditorPage } from './pages/EditorPage.ts';
import { GalleryPage } from './pages/GalleryPage.ts';
import { ShortcutSheet } from './pages/ShortcutSheet.ts';
import { StudioPage } from './pages/StudioPage.ts';

const LIGHTHOUSE = 'A red lighthouse on a basalt cliff at dusk';
const STORM = 'A red lighthouse on a basalt cliff in a storm';

test('Generate, the shortcut sheet, the gallery, its detail, compare and history pass axe', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const studio = new StudioPage(page);
  const gallery = new GalleryPage(page);
  await studio.goto();
  await expectAccessible(page, 'Generate before the first run');
  await page.getByRole('button', { name: /^What is known about/ }).click();
  await expect(page.getByRole('dialog', { name: /^Model notes for/ })).toBeVisible();
  await expectAccessible(page, 'the model notes');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'How costs are estimated' }).click();
  await expect(page.getByRole('dialog', { name: 'Cost sources' })).toBeVisible();
  await expectAccessible(page, 'the cost sources');
  await page.keyboard.press('Escape');

  for (const prompt of [LIGHTHOUSE, STORM]) {
    await studio.generate(prompt);
    await expect(studio.runStatus).toContainText('Done', { timeout: 20_000 });
  }
  await expectAccessible(page, 'Generate with results');

  const sheet = new ShortcutSheet(page);
  await page.keyboard.press('?');
  await expect(sheet.dialog).toBeVisible();
  await expectAccessible(page, 'the shortcut sheet');
  await sheet.closeButton.click();

  await gallery.open();
  await expectAccessible(page, 'the gallery');
  for (const prompt of [LIGHTHOUSE, STORM]) await gallery.card(prompt).getByRole('checkbox').check();
  await gallery.region.getByRole('button', { name: 'Compare', exact: true }).click();
  const compare = page.getByRole('dialog', { name: 'Compare' });
  await expect(compare.getByRole('img', { name: /^Left:/ })).toBeVisible();
  await expectAccessible(page, 'compare, side by side');
  await compare.getByRole('radiogroup', { name: 'Compare view' }).getByText('Slider').click();
  await expectAccessible(page, 'compare, slider');
  await page.keyboard.press('Escape');

  await gallery.openDetail(STORM);
  await expectAccessible(page, 'the result detail');
  await gallery.detail.getByRole('button', { name: 'History' }).click();
  await expect(page.getByRole('dialog', { name: 'History' }).getByRole('treeitem')).toHaveCount(2);
  await expectAccessible(page, 'history');
});

test('Edit, empty and with a mask painted, passes axe', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  await expectAccessible(page, 'Edit before any image');

  await mkdir(test.info().outputDir, { recursive: true });
  const photo = join(test.info().outputDir, 'photo.png');
  await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#4a6b8a' } })
    .png()
    .toFile(photo);
  await editor.add([photo]);
  await expect(editor.stage).toBeVisible();
  await editor.drag([
    { x: 80, y: 80 },
    { x: 160, y: 120 },
  ]);
  await expectAccessible(page, 'Edit with a mask');
  await editor.prompt.fill('Turn the sky to a storm');
  await editor.applyButton.click();
  await expect(editor.editedImage).toBeVisible({ timeout: 20_000 });
  await expectAccessible(page, 'Edit with its result');
});

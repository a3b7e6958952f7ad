import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { expectAccessible } from './support/axe.ts';
import { EditorPage } from './pages/EditorPage.ts';
import { GalleryPage } from './pages/GalleryPage.ts';
import { ShortcutSheet } from './pages/ShortcutSheet.ts';
import { StudioPage } from './pages/StudioPage.ts';
import { Viewer } from './pages/Viewer.ts';

const LIGHTHOUSE = 'A red lighthouse on a basalt cliff at dusk';
const STORM = 'A red lighthouse on a basalt cliff in a storm';
const HARBOUR = 'A teal harbour at dawn with three red boats';

test('Generate, the shortcut sheet, the gallery, its detail, compare and history pass axe', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const studio = new StudioPage(page);
  const gallery = new GalleryPage(page);
  await studio.goto();
  await expectAccessible(page, 'Generate before the first run');
  // A disabled option's reason is text on the page, read with the group, not a title seen on hover only.
  const resolutions = page.getByRole('radiogroup', { name: 'Resolution' });
  await expect(resolutions.getByRole('radio', { name: '2K' })).toBeDisabled();
  await expect(resolutions).toHaveAccessibleDescription(
    'Auto lets the model choose the size: pick an aspect ratio first.',
  );
  await expect(
    page.getByText('Auto lets the model choose the size: pick an aspect ratio first.'),
  ).toBeVisible();
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
  const compareButton = gallery.region.getByRole('button', { name: 'Compare', exact: true });
  await gallery.card(LIGHTHOUSE).getByRole('checkbox').check();
  await expect(compareButton).toBeDisabled();
  await expect(compareButton).toHaveAccessibleDescription('Tick one more to compare');
  await expect(gallery.region.getByText('Tick one more to compare')).toBeVisible();
  await gallery.card(STORM).getByRole('checkbox').check();
  await compareButton.click();
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

test('the viewer, compare in place, recent prompts, presets and the budget question pass axe', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const studio = new StudioPage(page);
  const viewer = new Viewer(page);
  await studio.goto();
  await studio.choose('Partial images', '0');
  await studio.images.selectOption('3');
  await studio.generate(HARBOUR);
  await expect(studio.finalImages).toHaveCount(3, { timeout: 30_000 });

  await studio.finalImages.first().click();
  await expect(viewer.image).toBeVisible();
  await expectAccessible(page, 'the viewer at fit');
  await viewer.button('100%').click();
  await expect(viewer.zoomLevel).toHaveText('100%');
  await expectAccessible(page, 'the viewer at 100%');
  await page.keyboard.press('Escape');
  await expect(viewer.dialog).toBeHidden();

  await studio.canvas.getByRole('checkbox', { name: 'Pick image 1 for comparing' }).check();
  await studio.canvas.getByRole('checkbox', { name: 'Pick image 3 for comparing' }).check();
  await expectAccessible(page, 'two variants picked for comparing');
  await studio.canvas
    .getByRole('group', { name: 'Picked for comparing' })
    .getByRole('button', { name: 'Compare' })
    .click();
  const comparison = studio.canvas.getByRole('region', { name: 'Comparison' });
  await expect(comparison.getByRole('img', { name: 'Image 3' })).toBeVisible();
  await expectAccessible(page, 'compare in place, side by side');
  await comparison.getByRole('radiogroup', { name: 'Compare view' }).getByText('Before/after').click();
  await expect(comparison.getByRole('slider', { name: /^Divider between/ })).toBeVisible();
  await expectAccessible(page, 'compare in place, before/after');
  await comparison.getByRole('button', { name: 'Back to all images' }).click();

  const recent = page.getByRole('listbox', { name: 'Recent prompts' });
  await page.getByRole('button', { name: 'Recent prompts' }).click();
  await expect(recent.getByRole('option')).toHaveCount(1);
  await expectAccessible(page, 'recent prompts');
  await page.getByRole('combobox', { name: 'Search recent prompts' }).fill('nowhere to be found');
  await expect(recent.getByRole('option')).toHaveCount(0);
  await expectAccessible(page, 'recent prompts filtered to none');
  await page.keyboard.press('Escape');
  await expect(recent).toHaveCount(0);

  const presets = page.getByRole('region', { name: 'Presets' });
  await presets.getByRole('button', { name: 'Save settings…' }).click();
  await expect(presets.getByLabel('Preset name')).toBeFocused();
  await expectAccessible(page, 'saving a preset');
  await presets.getByLabel('Preset name').fill('Three at once');
  await page.keyboard.press('Enter');
  await expect(presets.getByRole('button', { name: 'Three at once', exact: true })).toBeVisible();
  await expectAccessible(page, 'presets with one saved');

  // A budget below one run's estimate: the next Generate asks first.
  await page.getByLabel('Budget').fill('0.001');
  await studio.generateButton.click();
  const overBudget = page.getByRole('dialog', { name: 'Over budget' });
  await expect(overBudget).toBeVisible();
  await expectAccessible(page, 'the budget question');
  await overBudget.getByRole('button', { name: 'Not now' }).click();
  await expect(overBudget).toBeHidden();
});

test('Edit: empty, a mask, the mask question, a selection, a notice and the result, wide and narrow, passes axe', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const editor = new EditorPage(page);
  const studio = new StudioPage(page);
  await editor.open();
  await expectAccessible(page, 'Edit before any image');

  await mkdir(test.info().outputDir, { recursive: true });
  const solid = async (name: string, width: number, height: number, colour: string) => {
    const path = join(test.info().outputDir, name);
    await sharp({ create: { width, height, channels: 3, background: colour } })
      .png()
      .toFile(path);
    return path;
  };
  const photo = await solid('photo.png', 1200, 800, '#4a6b8a');
  const other = await solid('other.png', 300, 300, '#c04a2b');
  await editor.add([photo, other]);
  await expect(editor.stage).toHaveAccessibleName('Mask painting on photo.png, 1200 × 800');
  await editor.drag([
    { x: 80, y: 80 },
    { x: 160, y: 120 },
  ]);
  await expectAccessible(page, 'Edit with a mask');

  await editor.boardImages.focus();
  await page.keyboard.press('Alt+ArrowRight');
  await expect(editor.maskQuestion).toBeVisible();
  await expectAccessible(page, 'the mask question');
  await editor.maskQuestion.getByRole('button', { name: 'Keep it on photo.png' }).click();
  await expect(editor.maskQuestion).toBeHidden();

  await editor.stage.focus();
  await page.keyboard.press('r');
  await expect(editor.announcement).toContainText('Rectangle selection');
  await expectAccessible(page, 'a selection on the mask');
  await page.keyboard.press('Enter');
  await expect(editor.announcement).toHaveText('Selection filled into the mask.');

  // One more than the board holds: the one left out is said in a notice.
  const references = await Promise.all(
    Array.from({ length: 15 }, (_, index) => solid(`reference-${index + 1}.png`, 64, 64, '#7a8a4a')),
  );
  await editor.add(references);
  await expect(page.getByRole('alert').filter({ hasText: 'The board holds at most' })).toBeVisible();
  await expectAccessible(page, 'a notice over the board');

  await editor.prompt.fill('Turn the sky to a storm');
  await editor.applyButton.click();
  await expect(editor.editedImage).toBeVisible({ timeout: 20_000 });
  await expectAccessible(page, 'Edit with its result');

  await page.setViewportSize({ width: 1024, height: 700 });
  await studio.choose('Canvas shows', 'Result');
  await expect(editor.editedImage).toBeVisible();
  await expectAccessible(page, 'the result of Edit in a narrow window');
});

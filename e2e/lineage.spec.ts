import { expect, test } from '@playwright/test';
import { EditorPage } from './pages/EditorPage.ts';
import { GalleryPage } from './pages/GalleryPage.ts';
import { StudioPage } from './pages/StudioPage.ts';

const LIGHTHOUSE = 'A red lighthouse on a basalt cliff at dusk';
const STORM = 'A red lighthouse on a basalt cliff in a storm';

test('two results compare side by side and on a slider, and history lists them', async ({ page }) => {
  const studio = new StudioPage(page);
  const gallery = new GalleryPage(page);
  await studio.goto();
  for (const prompt of [LIGHTHOUSE, STORM]) {
    await studio.generate(prompt);
    // This run's own final, which a fast run shows before any in-flight state could be seen.
    await expect(studio.canvas.getByRole('img', { name: `Final image: ${prompt}` })).toBeVisible();
    await expect(studio.runStatus).toContainText('Done');
  }
  await gallery.open();
  await expect(gallery.cards).toHaveCount(2);
  for (const prompt of [LIGHTHOUSE, STORM]) {
    await gallery.card(prompt).getByRole('checkbox').check();
  }
  await gallery.region.getByRole('button', { name: 'Compare', exact: true }).click();
  const compare = page.getByRole('dialog', { name: 'Compare' });
  await expect(compare.getByRole('img', { name: /^Left:/ })).toBeVisible();
  await expect(compare.getByRole('region', { name: 'What changed' }).getByRole('deletion')).toHaveText(
    /at dusk/,
  );
  await page.screenshot({ path: test.info().outputPath('compare-side-by-side.png') });

  await compare.getByRole('radiogroup', { name: 'Compare view' }).getByText('Slider').click();
  const divider = compare.getByRole('slider', { name: 'Divider between before and after' });
  await expect(divider).toHaveAttribute('aria-valuenow', '50');
  await divider.focus();
  await page.keyboard.press('Shift+ArrowRight');
  await expect(divider).toHaveAttribute('aria-valuenow', '60');
  await page.screenshot({ path: test.info().outputPath('compare-slider.png') });
  await page.keyboard.press('Escape');
  await expect(compare).toBeHidden();
  await expect(gallery.region).toBeVisible();

  await gallery.openDetail(STORM);
  await gallery.detail.getByRole('button', { name: 'History' }).click();
  const history = page.getByRole('dialog', { name: 'History' });
  const tree = history.getByRole('tree', { name: 'Lineage' });
  await expect(tree.getByRole('treeitem')).toHaveCount(2);
  await expect(tree.getByRole('treeitem', { selected: true })).toHaveAccessibleName(new RegExp(STORM));
  await expect(tree.getByRole('treeitem', { selected: true })).toBeFocused();
  await page.keyboard.press('Home');
  await expect(tree.getByRole('treeitem', { selected: true })).toHaveAccessibleName(new RegExp(LIGHTHOUSE));
  await page.screenshot({ path: test.info().outputPath('history.png') });
});

test('an edit of a stored result shows its parent and the mask it carried in the history', async ({
  page,
}) => {
  const studio = new StudioPage(page);
  const gallery = new GalleryPage(page);
  const editor = new EditorPage(page);
  await studio.goto();
  await studio.choose('Partial images', '1');
  await studio.generate(LIGHTHOUSE);
  await expect(studio.finalImages).toHaveCount(1);

  await gallery.open();
  await gallery.openDetail(LIGHTHOUSE);
  await gallery.detailAction('Edit this').click();
  await expect(editor.thumbnails).toHaveCount(1);
  await expect(editor.stage).toBeVisible();
  await editor.drag([
    { x: 180, y: 160 },
    { x: 320, y: 220 },
  ]);
  await editor.prompt.fill(STORM);
  await editor.applyButton.click();
  await expect(editor.editedImage).toBeVisible({ timeout: 20_000 });
  expect(editor.editBodies).toHaveLength(1);

  await gallery.open();
  await gallery.openDetail(STORM);
  await gallery.detail.getByRole('button', { name: 'History' }).click();
  const tree = page.getByRole('dialog', { name: 'History' }).getByRole('tree', { name: 'Lineage' });
  await expect(tree.getByRole('treeitem')).toHaveCount(2);
  const parent = tree.getByRole('treeitem', { name: new RegExp(LIGHTHOUSE) });
  const edit = tree.getByRole('treeitem', { selected: true });
  await expect(parent).toHaveAttribute('aria-level', '1');
  await expect(edit).toHaveAccessibleName(new RegExp(STORM));
  await expect(edit).toHaveAttribute('aria-level', '2');
  await expect(edit.getByRole('img', { name: 'Source with the mask carried into this edit' })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('history-edit.png') });
});

/**
 * Issue 13 §4's selection tools end to end: a lasso added, a smaller one subtracted inside it, the mask grown,
 * saved under a name, cleared and put back from the saved list, then sent with an edit: the mask that left
 * the page has the ring painted, the hole not, and the grow's reach beyond the first outline.
 */
import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { EditorPage } from './pages/EditorPage.ts';
import { flatFixture } from './support/images.ts';
import { parseMultipart } from './support/multipart.ts';

const TARGET = { width: 1200, height: 800 };
const doorPath = flatFixture('door.png', TARGET, '#6b5a4a');
const GROW = 10;

test('add, subtract, grow, save as "door", clear, use "door" again: the sent mask is the ring', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  const editor = new EditorPage(page);
  await editor.open();
  await editor.add([doorPath()]);
  await expect(editor.stage).toHaveAccessibleName('Mask painting on door.png, 1200 × 800');
  const box = (await editor.stage.boundingBox())!;
  const zoom = await editor.zoom();
  const [cx, cy] = [box.width / 2, box.height / 2];
  const natural = (x: number, y: number) => ({
    x: TARGET.width / 2 + (x - cx) / zoom,
    y: TARGET.height / 2 + (y - cy) / zoom,
  });
  /** A square outline drawn freehand round the stage's centre, `half` screen pixels each way. */
  const square = (half: number) => [
    { x: cx - half, y: cy - half },
    { x: cx + half, y: cy - half },
    { x: cx + half, y: cy + half },
    { x: cx - half, y: cy + half },
    { x: cx - half, y: cy - half + 1 },
  ];

  await editor.tool('Lasso').click();
  await expect(editor.tool('Add')).toHaveAttribute('aria-pressed', 'true');
  await editor.drag(square(120));
  await editor.tool('Subtract').click();
  await expect(editor.tool('Subtract')).toHaveAttribute('aria-pressed', 'true');
  await editor.drag(square(50));

  const menuButton = page.getByRole('button', { name: 'Mask', exact: true });
  await menuButton.click();
  const menu = page.getByRole('group', { name: 'Mask menu' });
  await menu.getByLabel('Grow, shrink or feather by (pixels)').fill(String(GROW));
  await menu.getByRole('button', { name: 'Grow mask' }).click();
  await expect(editor.announcement).toHaveText(`Mask grown by ${GROW} pixels.`);
  await menu.getByLabel('Mask name').fill('door');
  await menu.getByRole('button', { name: 'Save mask' }).click();
  await expect(menu.getByRole('button', { name: 'Use saved mask door' })).toBeEnabled();
  await page.screenshot({ path: test.info().outputPath('selection-menu.png') });
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();

  await menuButton.click();
  await editor.tool('Clear mask').click();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Shift+U');
  await page
    .getByRole('group', { name: 'Mask menu' })
    .getByRole('button', { name: 'Use saved mask door' })
    .click();
  await expect(editor.announcement).toHaveText('Mask door put back.');

  // The ants show it too, and are a preference of their own.
  await menuButton.click();
  await editor.tool('Marching ants').click();
  await expect(editor.tool('Marching ants')).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Escape');
  await page.screenshot({ path: test.info().outputPath('selection-ants.png') });

  await editor.prompt.fill('A carved wooden door frame');
  await editor.applyButton.click();
  await expect.poll(() => editor.editBodies.length).toBe(1);
  const { body, contentType } = editor.editBodies[0]!;
  const file = (await parseMultipart(body, contentType)).files.find((part) => part.field === 'mask');
  expect(file, 'a mask was sent').toBeDefined();
  const mask = await sharp(file!.bytes).raw().toBuffer({ resolveWithObject: true });
  expect(mask.info).toMatchObject({ ...TARGET, channels: 4 });
  const alphaAt = (p: { x: number; y: number }) =>
    mask.data[(Math.round(p.y) * TARGET.width + Math.round(p.x)) * 4 + 3]!;

  const outer = natural(cx - 120, cy);
  const inner = natural(cx - 50, cy);
  // The ring between the two outlines is painted; the hole inside the smaller one is not.
  expect(alphaAt(natural(cx - 85, cy))).toBe(0);
  expect(alphaAt(natural(cx, cy - 85))).toBe(0);
  expect(alphaAt(natural(cx, cy))).toBe(255);
  // The grow reached beyond the first outline (and into the hole) by its amount, and no further.
  expect(alphaAt({ x: outer.x - GROW / 2, y: outer.y })).toBe(0);
  expect(alphaAt({ x: outer.x - GROW - 4, y: outer.y })).toBe(255);
  expect(alphaAt({ x: inner.x + GROW / 2, y: inner.y })).toBe(0);
  expect(alphaAt({ x: inner.x + GROW + 4, y: inner.y })).toBe(255);
});

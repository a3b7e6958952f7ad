import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { EditorPage } from './pages/EditorPage.ts';
import { GalleryPage } from './pages/GalleryPage.ts';
import { gradientPng } from './support/images.ts';

let dir: string;
const SOURCE = { width: 1200, height: 800 };

test.beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'atelier-staging-'));
  await gradientPng(join(dir, 'photo.png'), SOURCE.width, SOURCE.height);
});

test.afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('an edit of two variants is staged on its source, stepped with the keys, and one accepted', async ({
  page,
}) => {
  const editor = new EditorPage(page);
  await editor.open();
  await editor.add([join(dir, 'photo.png')]);
  await expect(editor.stage).toHaveAccessibleName(
    `Mask painting on photo.png, ${SOURCE.width} × ${SOURCE.height}`,
  );
  const box = (await editor.stage.boundingBox())!;
  await editor.drag([
    { x: box.width / 2 - 80, y: box.height / 2 },
    { x: box.width / 2 + 80, y: box.height / 2 },
  ]);
  await expect(editor.tool('Undo')).toBeEnabled();
  await page.getByLabel('Images', { exact: true }).selectOption('2');
  await editor.prompt.fill('A brass door knocker');
  await editor.applyButton.click();
  // Both variants are done once the button is itself again (it counts the variants while they stream).
  await expect(page.getByRole('button', { name: 'Apply edit', exact: true })).toBeEnabled({
    timeout: 20_000,
  });
  await expect(editor.result.getByRole('img', { name: /^Edited image/ })).toHaveCount(2);

  await editor.result.getByRole('button', { name: 'Stage on the source' }).click();
  const staging = page.getByRole('region', { name: 'Staging 2 variants on photo.png' });
  await expect(staging).toBeFocused();
  const controls = staging.getByRole('group', { name: 'Staging controls' });
  await expect(controls).toContainText('Variant 1 of 2');
  await expect(controls.getByRole('button', { name: 'Previous variant' })).toBeDisabled();
  await expect(staging.getByRole('img', { name: 'Variant 1 of 2, pasted onto photo.png' })).toBeVisible();

  await page.keyboard.press('ArrowRight');
  await expect(controls).toContainText('Variant 2 of 2');
  await expect(controls.getByRole('button', { name: 'Next variant' })).toBeDisabled();
  const staged = staging.getByRole('img', { name: 'Variant 2 of 2, pasted onto photo.png' });
  await expect(staged).toBeVisible();
  const stagedUrl = await staged.getAttribute('src');

  // Held, `\` shows the source; let go, the variant again.
  await page.keyboard.down('\\');
  await expect(staging.getByRole('img', { name: 'photo.png, the source' })).toBeVisible();
  await page.keyboard.up('\\');
  await expect(staged).toBeVisible();

  await controls.getByRole('button', { name: 'Accept' }).click();
  await expect(staging).toHaveCount(0);
  await expect(editor.thumbnails.first()).toHaveAccessibleName(/^1\. edit-.*-2\.png, edit target$/);
  await expect(editor.thumbnails).toHaveCount(1);
  await expect(editor.maskQuestion).toHaveCount(0);
  // The composite has its source's exact size, so the mask carried over onto it.
  await expect(editor.stage).toHaveAccessibleName(
    new RegExp(`^Mask painting on edit-.*-2\\.png, ${SOURCE.width} × ${SOURCE.height}$`),
  );
  await expect(editor.tool('Undo')).toBeEnabled();
  // What was staged, and is now the source, is the composite at the source's exact size.
  const bytes = await page.evaluate(
    async (url) => [...new Uint8Array(await (await fetch(url!)).arrayBuffer())],
    stagedUrl,
  );
  const size = await sharp(Buffer.from(bytes)).metadata();
  expect([size.width, size.height]).toEqual([SOURCE.width, SOURCE.height]);

  // Nothing was deleted: both variants are still in the gallery.
  const gallery = new GalleryPage(page);
  await gallery.toggle.click();
  await expect(gallery.cards).toHaveCount(2);
});

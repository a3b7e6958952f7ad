import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { EditorPage } from './pages/EditorPage.ts';
import { ShortcutSheet } from './pages/ShortcutSheet.ts';

let dir: string;

test.beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'atelier-shortcuts-'));
  await sharp({ create: { width: 640, height: 480, channels: 3, background: '#3a6ea5' } })
    .png()
    .toFile(join(dir, 'plain.png'));
});

test.afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('? lists every shortcut from the action tables, Escape closes it, and the toolbar names the same keys', async ({
  page,
}) => {
  const editor = new EditorPage(page);
  const sheet = new ShortcutSheet(page);
  await editor.open();
  await editor.add([join(dir, 'plain.png')]);
  await expect(editor.stage).toBeVisible();
  const mac = await page.evaluate(() => /Mac|iPhone|iPad/.test(navigator.platform));
  const [modKey, modAria] = mac ? ['⌘', 'Meta'] : ['Ctrl+', 'Control'];

  // Clicking the mode switch leaves the focus on its radio, which takes no typing: the keys still work.
  await page.keyboard.press('e');
  await expect(editor.tool('Eraser')).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('b');
  await expect(editor.tool('Brush')).toHaveAttribute('aria-pressed', 'true');

  // Typed into the prompt, ? is just a character.
  await editor.prompt.fill('Why');
  await editor.prompt.press('?');
  await expect(editor.prompt).toHaveValue('Why?');
  await expect(sheet.dialog).toHaveCount(0);

  await editor.prompt.blur();
  await page.keyboard.press('?');
  await expect(sheet.dialog).toBeVisible();
  await expect(sheet.row('Undo')).toContainText(`${modKey}Z`);
  await expect(sheet.row('Redo')).toContainText(`${modKey}Y`);
  await expect(sheet.row('Fill all')).toContainText(mac ? '⇧F' : 'Shift+F');
  await expect(sheet.row('Cancel run')).toContainText('Esc');
  await expect(sheet.row('Generate or apply edit')).toContainText('in the prompt');
  for (const group of ['Studio', 'Mask tools', 'Mask', 'View'])
    await expect(sheet.group(group)).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('shortcut-sheet.png') });

  // Keys over the sheet are the sheet's: E does not pick the eraser behind it.
  await page.keyboard.press('e');
  await expect(editor.tool('Brush')).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Escape');
  await expect(sheet.dialog).toHaveCount(0);

  await expect(editor.tool('Undo')).toHaveAttribute('aria-keyshortcuts', `${modAria}+Z`);
  await expect(editor.tool('Redo')).toHaveAttribute('aria-keyshortcuts', `Shift+${modAria}+Z ${modAria}+Y`);
  await expect(editor.tool('Brush')).toHaveAttribute('aria-keyshortcuts', 'B');
  await expect(editor.tool('Brush')).toHaveAttribute('title', 'Brush (B)');
  await page.keyboard.press('e');
  await expect(editor.tool('Eraser')).toHaveAttribute('aria-pressed', 'true');

  await sheet.page.keyboard.press('?');
  await sheet.closeButton.click();
  await expect(sheet.dialog).toHaveCount(0);
});

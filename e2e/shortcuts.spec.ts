import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { EditorPage } from './pages/EditorPage.ts';
import { GalleryPage } from './pages/GalleryPage.ts';
import { ShortcutSheet } from './pages/ShortcutSheet.ts';
import { StudioPage } from './pages/StudioPage.ts';

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
  await expect(sheet.row('Generate or apply edit')).toContainText(`${modKey}Enter`);
  await expect(sheet.row('Recent prompts')).toContainText('in the prompt');
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

test('the global keys are listed in the sheet and each does its work, but not while typing', async ({
  page,
}) => {
  const studio = new StudioPage(page);
  const sheet = new ShortcutSheet(page);
  const gallery = new GalleryPage(page);
  const prompt = page.getByLabel('Prompt', { exact: true });
  const strip = page.getByRole('navigation', { name: 'Session results' }).getByRole('button');
  await studio.goto();
  await studio.choose('Partial images', '0');
  await studio.generate('A quiet harbour at dawn');
  await expect(studio.runStatus).toContainText('Done', { timeout: 20_000 });

  // Ctrl/⌘+Enter generates from the settings too, not only from the prompt.
  await studio.describe('A red kite over the dunes');
  await studio.choose('Quality', 'Low');
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(strip).toHaveCount(2, { timeout: 20_000 });
  await expect(studio.runStatus).toContainText('Done', { timeout: 20_000 });

  await page.keyboard.press('?');
  for (const [label, keys] of [
    ['Go to the prompt', '/'],
    ['Switch between Generate and Edit', 'M'],
    ['Open or close the gallery', 'G'],
    ['Newer result', ','],
    ['Older result', '.'],
    ['Recent prompts', '↑'],
  ] as const) {
    await expect(sheet.row(label)).toContainText(keys);
  }
  await page.keyboard.press('Escape');
  await expect(sheet.dialog).toHaveCount(0);

  // The strip lists the newest first: . steps right to the older result, , back to the newer.
  await expect(strip.nth(0)).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('.');
  await expect(strip.nth(1)).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press(',');
  await expect(strip.nth(0)).toHaveAttribute('aria-pressed', 'true');

  await page.keyboard.press('m');
  await expect(
    page.getByRole('radiogroup', { name: 'Mode' }).getByRole('radio', { name: 'Edit' }),
  ).toBeChecked();
  await page.keyboard.press('m');
  await expect(
    page.getByRole('radiogroup', { name: 'Mode' }).getByRole('radio', { name: 'Generate' }),
  ).toBeChecked();

  await page.keyboard.press('g');
  await expect(gallery.toggle).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('g');
  await expect(gallery.toggle).toHaveAttribute('aria-pressed', 'false');

  // / goes to the prompt, caret at the end; from there the keys are letters again.
  await page.keyboard.press('/');
  await expect(prompt).toBeFocused();
  await page.keyboard.type(', gm.');
  await expect(prompt).toHaveValue('A red kite over the dunes, gm.');
  await expect(gallery.toggle).toHaveAttribute('aria-pressed', 'false');
  await expect(strip.nth(0)).toHaveAttribute('aria-pressed', 'true');
});

/**
 * Reframe to several sizes (issue 13 §3): a 1200 × 800 master to a story and a square in one batch, one
 * estimate before sending, a contact sheet as the results arrive, and in each stored result the master's
 * pixels exactly, decoded from the bytes the studio stored.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { GPT_IMAGE_2_SIZE_RULE, sizeViolation } from '../src/contract/index.ts';
import { BOARD_MAX_PIXELS } from '../src/state/board.ts';
import { planReframe, REFRAME_PRESETS } from '../src/state/outpaint.ts';
import { EditorPage } from './pages/EditorPage.ts';
import { expectAccessible } from './support/axe.ts';
import { gradientPng } from './support/images.ts';
import { storedImages } from './support/storedRecords.ts';

let dir: string;
const MASTER = { width: 1200, height: 800 };

test.beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'atelier-reframe-'));
  await gradientPng(join(dir, 'master.png'), MASTER.width, MASTER.height, { patterned: true });
});

test.afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('reframes one master to a story and a square, keeping every pixel of it in both', async ({ page }) => {
  test.setTimeout(150_000);
  const editor = new EditorPage(page);
  await editor.open();
  await editor.add([join(dir, 'master.png')]);
  await expect(editor.stage).toHaveAccessibleName('Mask painting on master.png, 1200 × 800');
  await page.getByLabel('Model', { exact: true }).selectOption('gpt-image-2.5-flare');
  await editor.prompt.fill('Continue the scene beyond the frame');
  await page
    .getByRole('group', { name: 'Inpainting' })
    .getByRole('button', { name: /^Reframe/ })
    .click();

  const dialog = page.getByRole('dialog', { name: 'Reframe to several sizes' });
  await dialog.getByRole('checkbox', { name: 'Story 9:16' }).check();
  await dialog.getByRole('checkbox', { name: 'Square 1:1' }).check();
  await expect(dialog.getByLabel('Batch estimate')).toHaveText(/^2 edits, \$[\d.]+(–\$[\d.]+)? in all\.$/);
  await expectAccessible(page, 'the reframe dialog');
  await dialog.getByRole('button', { name: /^Send 2 edits for ~\$[\d.]+$/ }).click();

  const sheet = dialog.getByRole('list', { name: 'Contact sheet' });
  for (const label of ['Story 9:16', 'Square 1:1']) {
    await expect(sheet.getByRole('img', { name: `Result: ${label}` })).toBeVisible({ timeout: 90_000 });
    await expect(sheet.getByRole('status', { name: `Status of ${label}` })).toHaveText('Done');
  }
  await expect(dialog).toContainText('2 of 2 reframed; the master is back on the board.');
  await expect(dialog.getByRole('button', { name: 'Download all' })).toBeEnabled();
  await expectAccessible(page, 'the contact sheet');
  // The board's first image is the master again.
  await expect(editor.stage).toHaveAccessibleName('Mask painting on master.png, 1200 × 800');

  const source = await sharp(join(dir, 'master.png')).ensureAlpha().raw().toBuffer();
  await expect
    .poll(async () => (await storedImages(page)).filter((image) => image.role === 'final').length)
    .toBe(2);
  const images = await storedImages(page);
  for (const id of ['story', 'square']) {
    const plan = planReframe(
      MASTER,
      REFRAME_PRESETS.find((target) => target.id === id)!,
      GPT_IMAGE_2_SIZE_RULE,
      BOARD_MAX_PIXELS,
    );
    if (plan.kind !== 'extend') throw new Error(plan.kind);
    const { canvas, original } = plan;
    // The model was asked for the valid size; the composite is at the canvas's own size.
    expect(sizeViolation(GPT_IMAGE_2_SIZE_RULE, `${plan.size.width}x${plan.size.height}`)).toBeNull();
    const final = images.find(
      (image) => image.role === 'final' && image.width === canvas.width && image.height === canvas.height,
    );
    expect(final, `a ${canvas.width} × ${canvas.height} result`).toBeDefined();
    const raw = images.find((image) => image.role === 'raw' && image.variantId === final!.variantId);
    expect(raw).toMatchObject({ width: plan.size.width, height: plan.size.height });
    const composite = await sharp(final!.bytes).ensureAlpha().raw().toBuffer();
    let notKept = 0;
    for (let y = 0; y < MASTER.height; y++) {
      for (let x = 0; x < MASTER.width; x++) {
        const at = ((y + original.top) * canvas.width + x + original.left) * 4;
        const from = (y * MASTER.width + x) * 4;
        for (let channel = 0; channel < 4; channel++) {
          if (composite[at + channel] !== source[from + channel]) notKept++;
        }
      }
    }
    expect(notKept).toBe(0);
  }
  await page.screenshot({ path: test.info().outputPath('reframe-sheet.png') });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { FAR_NUDGE_STEP_PX } from '../src/editor/actions/maskActions.tsx';
import { EditorPage } from './pages/EditorPage.ts';
import { parseMultipart } from './support/multipart.ts';

let dir: string;

test.beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'atelier-mask-owner-'));
  const solid = (width: number, height: number, colour: string, name: string) =>
    sharp({ create: { width, height, channels: 3, background: colour } })
      .png()
      .toFile(join(dir, name));
  await solid(600, 400, '#3a6ea5', 'target.png');
  await solid(300, 300, '#c04a2b', 'other.png');
});

test.afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The mask the page sent with its only edit, decoded: size and the alpha at a natural pixel. */
async function sentMask(editor: EditorPage) {
  await expect.poll(() => editor.editBodies.length).toBe(1);
  const { body, contentType } = editor.editBodies[0]!;
  const sent = await parseMultipart(body, contentType);
  const file = sent.files.find((candidate) => candidate.field === 'mask');
  expect(file, 'a mask was sent').toBeDefined();
  const mask = await sharp(file!.bytes).raw().toBuffer({ resolveWithObject: true });
  return {
    images: sent.files.filter((part) => part.field === 'image[]').map((part) => part.filename),
    width: mask.info.width,
    height: mask.info.height,
    alphaAt: (x: number, y: number) => mask.data[(y * mask.info.width + x) * mask.info.channels + 3]!,
  };
}

test('a reorder asks what becomes of the mask; kept, it goes with its image at that image’s size', async ({
  page,
}) => {
  const editor = new EditorPage(page);
  await editor.open();
  await editor.add([join(dir, 'target.png'), join(dir, 'other.png')]);
  await expect(editor.stage).toHaveAccessibleName('Mask painting on target.png, 600 × 400');
  const box = (await editor.stage.boundingBox())!;
  const centre = { x: box.width / 2, y: box.height / 2 };
  await editor.drag([
    { x: centre.x - 60, y: centre.y },
    { x: centre.x + 60, y: centre.y },
  ]);

  // The keyboard moves the edit target behind the other image.
  await editor.boardImages.focus();
  await page.keyboard.press('Alt+ArrowRight');
  expect(await editor.boardNames()).toEqual(['1. other.png, edit target', '2. target.png']);
  await expect(editor.maskQuestion).toBeVisible();
  await expect(editor.maskQuestion).toContainText(
    'The mask was painted on target.png (600 × 400). other.png (300 × 300) is the first image now',
  );
  await expect(editor.maskQuestion).toContainText('never stretched onto another size');
  await expect(editor.maskQuestion.getByRole('button', { name: /^Carry it over/ })).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('mask-question.png') });

  await editor.maskQuestion.getByRole('button', { name: 'Keep it on target.png' }).click();
  await expect(editor.maskQuestion).toBeHidden();
  expect(await editor.boardNames()).toEqual(['1. target.png, edit target', '2. other.png']);
  await expect(editor.stage).toHaveAccessibleName('Mask painting on target.png, 600 × 400');

  await editor.prompt.fill('A brass compass rose where it is painted');
  await editor.applyButton.click();
  const mask = await sentMask(editor);
  expect(mask.images).toEqual(['target.png', 'other.png']);
  expect([mask.width, mask.height]).toEqual([600, 400]);
  expect(mask.alphaAt(300, 200)).toBe(0);
  expect(mask.alphaAt(20, 20)).toBe(255);
});

test('Escape keeps the mask on its image; discarding gives the new first image a blank mask', async ({
  page,
}) => {
  const editor = new EditorPage(page);
  await editor.open();
  await editor.add([join(dir, 'target.png'), join(dir, 'other.png')]);
  await expect(editor.stage).toHaveAccessibleName('Mask painting on target.png, 600 × 400');
  await page.keyboard.press('Shift+F');
  await editor.dragThumbnail(1, 0);
  await expect(editor.maskQuestion).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(editor.maskQuestion).toBeHidden();
  expect(await editor.boardNames()).toEqual(['1. target.png, edit target', '2. other.png']);

  await editor.dragThumbnail(1, 0);
  await editor.maskQuestion.getByRole('button', { name: 'Discard the mask' }).click();
  await expect(editor.stage).toHaveAccessibleName('Mask painting on other.png, 300 × 300');
  await expect(editor.tool('Undo')).toBeDisabled();
});

test('a mask drawn with the keyboard alone: a shape selected, nudged, filled and sent', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  await editor.add([join(dir, 'target.png')]);
  await expect(editor.stage).toHaveAccessibleName('Mask painting on target.png, 600 × 400');
  const zoom = await editor.zoom();

  await editor.stage.focus();
  await page.keyboard.press('r');
  await expect(editor.tool('Rectangle selection')).toHaveAttribute('aria-pressed', 'true');
  await expect(editor.tool('Rectangle selection')).toHaveAttribute('title', /^Rectangle selection \(R\)/);
  await expect(editor.announcement).toHaveText(
    'Rectangle selection, 200 × 133 pixels at 200, 134. Enter fills it into the mask.',
  );
  const step = Math.max(1, Math.round(FAR_NUDGE_STEP_PX / zoom));
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Shift+ArrowDown');
  const left = Math.min(200 + step, 400);
  const top = Math.min(134 + step, 400 - 133);
  await expect(editor.announcement).toHaveText(`Rectangle selection, 200 × 133 pixels at ${left}, ${top}`);
  await page.keyboard.press('ControlOrMeta+ArrowRight');
  const width = Math.min(200 + Math.max(1, Math.round(8 / zoom)), 600 - left);
  await expect(editor.announcement).toHaveText(
    `Rectangle selection, ${width} × 133 pixels at ${left}, ${top}`,
  );
  await page.keyboard.press('Enter');
  await expect(editor.announcement).toHaveText('Selection filled into the mask.');
  await expect(editor.tool('Undo')).toBeEnabled();
  await page.screenshot({ path: test.info().outputPath('keyboard-mask.png') });

  await editor.prompt.fill('A window of stained glass');
  await editor.applyButton.click();
  const mask = await sentMask(editor);
  expect([mask.width, mask.height]).toEqual([600, 400]);
  const wrong: string[] = [];
  for (let y = 1; y < 400; y += 3) {
    for (let x = 1; x < 600; x += 3) {
      const inside = x >= left + 1 && x < left + width - 1 && y >= top + 1 && y < top + 133 - 1;
      const outside = x < left - 1 || x >= left + width + 1 || y < top - 1 || y >= top + 133 + 1;
      if (inside && mask.alphaAt(x, y) !== 0) wrong.push(`${x},${y} inside: ${mask.alphaAt(x, y)}`);
      if (outside && mask.alphaAt(x, y) !== 255) wrong.push(`${x},${y} outside: ${mask.alphaAt(x, y)}`);
    }
  }
  expect(wrong).toEqual([]);
});

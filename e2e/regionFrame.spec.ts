/**
 * Framing on the mask canvas (issue 13): the region frame of a region edit dragged by its border to another
 * place, and what the relay receives is the crop of that box at a valid size; an edge of the image dragged
 * outward to extend the canvas, and the extended canvas keeps every pixel of the original exactly.
 */
import { expect, test, type Page } from '@playwright/test';
import sharp from 'sharp';
import { GPT_IMAGE_2_SIZE_RULE, parseSize, sizeViolation } from '../src/contract/index.ts';
import { EditorPage } from './pages/EditorPage.ts';
import { gradientFixture } from './support/images.ts';
import { parseMultipart } from './support/multipart.ts';
import { storedImages } from './support/storedRecords.ts';

const PHOTO = { width: 3000, height: 2000 };
const photoPath = gradientFixture('photo.png', PHOTO, { patterned: true });

type Rect = { x: number; y: number; width: number; height: number };

/** A rectangle the stage publishes (screen pixels relative to the stage), in page coordinates. */
async function stageRect(editor: EditorPage, attribute: string): Promise<Rect> {
  const stage = (await editor.stage.boundingBox())!;
  const [x, y, width, height] = (await editor.stage.getAttribute(attribute))!.split(',').map(Number);
  return { x: stage.x + x!, y: stage.y + y!, width: width!, height: height! };
}

async function dragBy(page: Page, from: { x: number; y: number }, dx: number, dy: number) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + dx, from.y + dy, { steps: 10 });
  await page.mouse.up();
}

/** The frame's box in the photo's natural pixels, from where the stage draws it. */
async function frameBox(editor: EditorPage) {
  const image = await stageRect(editor, 'data-image-box');
  const frame = await stageRect(editor, 'data-region-frame');
  const scale = image.width / PHOTO.width;
  return {
    left: Math.round((frame.x - image.x) / scale),
    top: Math.round((frame.y - image.y) / scale),
    width: Math.round(frame.width / scale),
    height: Math.round(frame.height / scale),
  };
}

/** Mean absolute difference per channel between two RGB images of one size. */
function meanDifference(a: Buffer, b: Buffer): number {
  let sum = 0;
  for (let index = 0; index < a.length; index++) sum += Math.abs(a[index]! - b[index]!);
  return sum / a.length;
}

test('the region frame dragged by its border is the crop the relay receives, at a valid size', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const editor = new EditorPage(page);
  await editor.open();
  await editor.add([photoPath()]);
  await expect(editor.stage).toHaveAccessibleName('Mask painting on photo.png, 3000 × 2000');
  // The rectangle selection a shape tool starts with (the middle third), filled from the keyboard.
  await editor.stage.focus();
  await page.keyboard.press('r');
  await page.keyboard.press('Enter');
  await expect(editor.announcement).toHaveText('Selection filled into the mask.');
  const inpainting = page.getByRole('group', { name: 'Inpainting' });
  await inpainting.getByRole('radio', { name: 'Region' }).click();
  await expect(editor.stage).toHaveAttribute('data-region-frame', /\d/);
  const before = await frameBox(editor);
  await expect(inpainting.getByRole('button', { name: 'Reset frame' })).toHaveCount(0);

  // The left border, a quarter of the way down (clear of the handles), dragged left and down.
  const frame = await stageRect(editor, 'data-region-frame');
  await page.mouse.move(frame.x, frame.y + frame.height / 4);
  await expect(editor.stage).toHaveCSS('cursor', 'move');
  await dragBy(page, { x: frame.x, y: frame.y + frame.height / 4 }, -40, 25);
  await expect(inpainting.getByRole('button', { name: 'Reset frame' })).toBeVisible();
  const moved = await frameBox(editor);
  expect(moved.width).toBe(before.width);
  expect(moved.height).toBe(before.height);
  expect(moved.left).toBeLessThan(before.left - 50);
  expect(moved.top).toBeGreaterThan(before.top + 30);
  // However far it is dragged, the frame still holds the mask (the middle third: 1000..2000 × 667..1333).
  expect(moved.left + moved.width).toBeGreaterThanOrEqual(2000);
  expect(moved.top).toBeLessThanOrEqual(667);
  await expect(page.getByLabel('What the edit sends')).toContainText(
    `the ${moved.width} × ${moved.height} region you placed`,
  );
  for (const viewport of [
    { width: 1280, height: 720 },
    { width: 1920, height: 1080 },
  ]) {
    await page.setViewportSize(viewport);
    await expect.poll(async () => (await frameBox(editor)).left).toBe(moved.left);
    await page.screenshot({ path: test.info().outputPath(`frame-moved-${viewport.width}.png`) });
  }
  await page.setViewportSize({ width: 1440, height: 900 });

  await editor.prompt.fill('A brass clockwork panel');
  await editor.applyButton.click();
  await expect(editor.editedImage).toBeVisible({ timeout: 60_000 });

  expect(editor.editBodies).toHaveLength(1);
  const sent = await parseMultipart(editor.editBodies[0]!.body, editor.editBodies[0]!.contentType);
  const size = parseSize(sent.fields.size!)!;
  expect(sizeViolation(GPT_IMAGE_2_SIZE_RULE, sent.fields.size!)).toBeNull();
  const image = sent.files.find((file) => file.field === 'image')!.bytes;
  const mask = sent.files.find((file) => file.field === 'mask')!.bytes;
  expect(await sharp(image).metadata()).toMatchObject({ ...size });
  expect(await sharp(mask).metadata()).toMatchObject({ ...size });
  // The crop sent is the moved box's, not the box the studio placed first.
  const sentPixels = await sharp(image).removeAlpha().raw().toBuffer();
  const cropOf = (box: typeof moved) =>
    sharp(photoPath()).extract(box).resize(size.width, size.height, { fit: 'fill' }).raw().toBuffer();
  const toMoved = meanDifference(sentPixels, await cropOf(moved));
  const toBefore = meanDifference(sentPixels, await cropOf(before));
  expect(toMoved).toBeLessThan(3);
  expect(toBefore).toBeGreaterThan(toMoved * 3);

  // Reset, the studio's own frame comes back.
  await inpainting.getByRole('button', { name: 'Reset frame' }).click();
  await expect(inpainting.getByRole('button', { name: 'Reset frame' })).toHaveCount(0);
  await expect(page.getByLabel('What the edit sends')).toContainText(
    `a ${before.width} × ${before.height} region`,
  );
});

test('an edge dragged outward extends the canvas, the original kept to the pixel', async ({ page }) => {
  test.setTimeout(120_000);
  const editor = new EditorPage(page);
  await editor.open();
  await editor.add([photoPath()]);
  await expect(editor.stage).toHaveAccessibleName('Mask painting on photo.png, 3000 × 2000');
  const inpainting = page.getByRole('group', { name: 'Inpainting' });
  await expect(inpainting).toContainText('drag an edge of the image outward on the canvas');

  // The tab just outside the middle of the right edge, dragged right.
  let image = await stageRect(editor, 'data-image-box');
  const rightTab = { x: image.x + image.width + 9, y: image.y + image.height / 2 };
  await page.mouse.move(rightTab.x, rightTab.y);
  await expect(editor.stage).toHaveCSS('cursor', 'ew-resize');
  const scale = image.width / PHOTO.width;
  await dragBy(page, rightTab, 60, 0);
  const widened = PHOTO.width + Math.round(60 / scale);
  const pending = (width: number, height: number) => `A ${width} × ${height} canvas, the new area masked`;
  await expect(inpainting).toContainText(pending(widened, PHOTO.height));
  await expect(inpainting.getByLabel('Outpaint to')).toHaveValue('dragged');

  // The top edge's tab, on the canvas's outline, dragged up: the original then sits below the new band.
  image = await stageRect(editor, 'data-image-box');
  const canvasScale = image.width / PHOTO.width;
  const canvasMiddle = image.x + (widened * canvasScale) / 2;
  await dragBy(page, { x: canvasMiddle, y: image.y - 9 }, 0, -30);
  const raised = PHOTO.height + Math.round(30 / canvasScale);
  await expect(inpainting).toContainText(pending(widened, raised));
  for (const viewport of [
    { width: 1280, height: 720 },
    { width: 1920, height: 1080 },
  ]) {
    await page.setViewportSize(viewport);
    await page.screenshot({ path: test.info().outputPath(`extend-pending-${viewport.width}.png`) });
  }
  await page.setViewportSize({ width: 1440, height: 900 });

  await inpainting.getByRole('button', { name: 'Extend canvas' }).click();
  await expect(editor.stage).toHaveAccessibleName(
    `Mask painting on photo-${widened}x${raised}.png, ${widened} × ${raised}`,
  );
  await editor.prompt.fill('Continue the scene up and to the right');
  await editor.applyButton.click();
  await expect(editor.editedImage).toBeVisible({ timeout: 60_000 });
  await expect
    .poll(async () => (await storedImages(page)).some((stored) => stored.role === 'final'))
    .toBe(true);
  const final = (await storedImages(page)).find((stored) => stored.role === 'final')!;
  expect(final).toMatchObject({ width: widened, height: raised });
  const composite = await sharp(final.bytes).ensureAlpha().raw().toBuffer();
  const source = await sharp(photoPath()).ensureAlpha().raw().toBuffer();
  const top = raised - PHOTO.height;
  let notKept = 0;
  for (let y = 0; y < PHOTO.height; y += 3) {
    for (let x = 0; x < PHOTO.width; x += 3) {
      const at = ((y + top) * widened + x) * 4;
      const from = (y * PHOTO.width + x) * 4;
      for (let channel = 0; channel < 4; channel++) {
        if (composite[at + channel] !== source[from + channel]) notKept++;
      }
    }
  }
  expect(notKept).toBe(0);
});

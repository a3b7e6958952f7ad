/**
 * Inpainting a designer can trust (issue 13): a mask of a rectangle and a lasso painted while zoomed, sent as
 * a region of a 3000 × 2000 photo, and the result pasted back at the photo's own size, every pixel away
 * from the mask the photo's own, decoded from the bytes the studio stored and downloads.
 */
import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { GPT_IMAGE_2_SIZE_RULE, parseSize, sizeViolation } from '../src/contract/index.ts';
import { DEFAULT_INPAINT_SETTINGS } from '../src/state/inpaint.ts';
import { EditorPage } from './pages/EditorPage.ts';
import { gradientFixture } from './support/images.ts';
import { parseMultipart } from './support/multipart.ts';
import { storedImages, storedVariants } from './support/storedRecords.ts';

const PHOTO = { width: 3000, height: 2000 };
const photoPath = gradientFixture('photo.png', PHOTO, { patterned: true });

/**
 * Chamfer distance (3-4 weights, in pixels) from each pixel to the nearest edited pixel of the mask (alpha
 * under 128), 0 on them: what tells the pixels the composite must keep from those it may change.
 */
function distanceToEdit(alpha: (index: number) => number, width: number, height: number): Float32Array {
  const far = 1e9;
  const distance = new Float32Array(width * height);
  for (let index = 0; index < distance.length; index++) distance[index] = alpha(index) < 128 ? 0 : far;
  const relax = (index: number, from: number, step: number) => {
    if (distance[from]! + step < distance[index]!) distance[index] = distance[from]! + step;
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const index = y * width + x;
      if (x > 0) relax(index, index - 1, 3);
      if (y > 0) {
        relax(index, index - width, 3);
        if (x > 0) relax(index, index - width - 1, 4);
        if (x < width - 1) relax(index, index - width + 1, 4);
      }
    }
  }
  for (let y = height - 1; y >= 0; y--) {
    for (let x = width - 1; x >= 0; x--) {
      const index = y * width + x;
      if (x < width - 1) relax(index, index + 1, 3);
      if (y < height - 1) {
        relax(index, index + width, 3);
        if (x < width - 1) relax(index, index + width + 1, 4);
        if (x > 0) relax(index, index + width - 1, 4);
      }
    }
  }
  for (let index = 0; index < distance.length; index++) distance[index] = distance[index]! / 3;
  return distance;
}

test('a region edit of a rectangle and a lasso comes back at full size, the photo kept exactly outside the mask', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const editor = new EditorPage(page);
  await editor.open();
  await editor.add([photoPath()]);
  await expect(editor.stage).toHaveAccessibleName('Mask painting on photo.png, 3000 × 2000');
  await page.getByRole('button', { name: 'Zoom in' }).click();
  expect(await editor.zoom()).not.toBe(1);

  // A rectangle selection filled from the keyboard, and a freehand lasso beside it.
  await editor.stage.focus();
  await page.keyboard.press('r');
  await page.keyboard.press('Enter');
  await expect(editor.announcement).toHaveText('Selection filled into the mask.');
  await editor.tool('Lasso').click();
  const box = (await editor.stage.boundingBox())!;
  const [cx, cy] = [box.width / 2, box.height / 2];
  await editor.drag([
    { x: cx + 60, y: cy - 90 },
    { x: cx + 150, y: cy - 40 },
    { x: cx + 70, y: cy + 50 },
  ]);

  const inpainting = page.getByRole('group', { name: 'Inpainting' });
  await inpainting.getByRole('radio', { name: 'Region' }).click();
  // With the colour match on, which changes only the model's pixels: the photo's are still kept exactly.
  await inpainting.getByRole('checkbox', { name: 'Colour match' }).check();
  const sends = page.getByLabel('What the edit sends');
  await expect(sends).toContainText('region of the 3000 × 2000 source');
  await expect(
    page.getByRole('group', { name: 'Region or whole image' }).or(page.getByLabel('Region or whole image')),
  ).toContainText('Region edit (this edit)');

  await editor.prompt.fill('Fill the marked areas with brass clockwork');
  await editor.applyButton.click();
  await expect(editor.editedImage).toBeVisible({ timeout: 60_000 });

  // The crop's partial images do not linger around the composite of the whole photo.
  await expect(editor.result.locator('img[aria-hidden="true"]')).toHaveCount(0);

  // What the relay received: the crop at a valid size, asked for as that size, with a mask of its exact size.
  expect(editor.editBodies).toHaveLength(1);
  const sent = await parseMultipart(editor.editBodies[0]!.body, editor.editBodies[0]!.contentType);
  const size = sent.fields.size!;
  expect(sizeViolation(GPT_IMAGE_2_SIZE_RULE, size)).toBeNull();
  const sentSize = parseSize(size)!;
  expect(sent.files.map((file) => [file.field, file.filename])).toEqual([
    ['image', 'photo.png'],
    ['mask', 'mask.png'],
  ]);
  const sentImage = await sharp(sent.files.find((file) => file.field === 'image')!.bytes).metadata();
  const sentMask = await sharp(sent.files.find((file) => file.field === 'mask')!.bytes).metadata();
  expect({ width: sentImage.width, height: sentImage.height }).toEqual(sentSize);
  expect({ width: sentMask.width, height: sentMask.height }).toEqual(sentSize);

  // What the studio stored: the composite as the final, the model's output and the drift map beside it.
  await expect
    .poll(async () => (await storedImages(page)).some((image) => image.role === 'drift'))
    .toBe(true);
  const images = await storedImages(page);
  const byRole = (role: string) => images.find((image) => image.role === role)!;
  expect(byRole('raw')).toMatchObject({ ...sentSize });
  expect(byRole('final')).toMatchObject(PHOTO);
  expect(byRole('mask')).toMatchObject(PHOTO);
  const [variant] = await storedVariants(page);
  expect(variant!.inpaint).toMatchObject({
    kind: 'region',
    sent: sentSize,
    source: PHOTO,
    notComposited: null,
    colourMatch: { kind: 'applied' },
  });
  await expect(editor.result).toContainText(
    /Colour match(ed to the source around the mask|: the model’s colours already agreed)/,
  );
  const { driftShare } = variant!.inpaint as { driftShare: number };
  // The offline engine drifts protected pixels a little, as the real models do; the composite removes it.
  expect(driftShare).toBeGreaterThan(0.05);

  // The result shown is the one stored, and it is the photo wherever the mask and its band are not.
  const src = (await editor.editedImage.getAttribute('src'))!;
  const shownBytes = Buffer.from(
    await page.evaluate(async (url) => [...new Uint8Array(await (await fetch(url)).arrayBuffer())], src),
  );
  expect(shownBytes.equals(byRole('final').bytes)).toBe(true);
  const composite = await sharp(byRole('final').bytes).ensureAlpha().raw().toBuffer();
  const source = await sharp(photoPath()).ensureAlpha().raw().toBuffer();
  const mask = await sharp(byRole('mask').bytes).ensureAlpha().raw().toBuffer();
  const distance = distanceToEdit((index) => mask[index * 4 + 3]!, PHOTO.width, PHOTO.height);
  // The chamfer distance overstates the Euclidean one by up to 8%; a pixel more for the mask's soft rim.
  const band = (DEFAULT_INPAINT_SETTINGS.growPx + DEFAULT_INPAINT_SETTINGS.featherPx) * 1.08 + 1;
  const notKept: string[] = [];
  let [kept, inside, changed, inBand, bandDifference, insideDifference] = [0, 0, 0, 0, 0, 0];
  for (let index = 0; index < PHOTO.width * PHOTO.height; index += 3) {
    const difference = [0, 1, 2, 3].reduce(
      (sum, channel) => sum + Math.abs(composite[index * 4 + channel]! - source[index * 4 + channel]!),
      0,
    );
    const d = distance[index]!;
    if (d > band) {
      kept++;
      if (difference !== 0 && notKept.length < 20)
        notKept.push(`${index % PHOTO.width},${Math.floor(index / PHOTO.width)}: ${difference}`);
    } else if (d === 0) {
      inside++;
      insideDifference += difference;
      if (difference > 30) changed++;
    } else {
      inBand++;
      bandDifference += difference;
    }
  }
  expect(notKept).toEqual([]);
  expect(kept).toBeGreaterThan(1_000_000);
  expect(changed / inside).toBeGreaterThan(0.7);
  // The band blends: changed, but on the whole less than the area under the mask.
  expect(inBand).toBeGreaterThan(100);
  expect(bandDifference / inBand).toBeGreaterThan(0);
  expect(bandDifference / inBand).toBeLessThan(insideDifference / inside);
  await page.screenshot({ path: test.info().outputPath('region-edit.png') });
});

test('outpainting to 16:9 fills the new area and keeps every pixel of the original', async ({ page }) => {
  test.setTimeout(120_000);
  const editor = new EditorPage(page);
  await editor.open();
  await editor.add([photoPath()]);
  const inpainting = page.getByRole('group', { name: 'Inpainting' });
  await inpainting.getByLabel('Outpaint to').selectOption('16:9');
  await expect(inpainting).toContainText('A 3556 × 2000 canvas, the new area masked');
  await inpainting.getByRole('button', { name: 'Extend canvas' }).click();
  await expect(editor.stage).toHaveAccessibleName('Mask painting on photo-16x9.png, 3556 × 2000');
  await expect(editor.tool('Undo')).toBeEnabled();

  await editor.prompt.fill('Continue the scene to both sides');
  await editor.applyButton.click();
  await expect(editor.editedImage).toBeVisible({ timeout: 60_000 });
  await expect
    .poll(async () => (await storedImages(page)).some((image) => image.role === 'final'))
    .toBe(true);
  const final = (await storedImages(page)).find((image) => image.role === 'final')!;
  expect(final).toMatchObject({ width: 3556, height: 2000 });
  const composite = await sharp(final.bytes).ensureAlpha().raw().toBuffer();
  const source = await sharp(photoPath()).ensureAlpha().raw().toBuffer();
  const left = (3556 - PHOTO.width) / 2;
  let [notKept, newArea, filled] = [0, 0, 0];
  for (let y = 0; y < PHOTO.height; y += 2) {
    for (let x = 0; x < 3556; x += 2) {
      const at = (y * 3556 + x) * 4;
      if (x >= left && x < left + PHOTO.width) {
        const from = (y * PHOTO.width + x - left) * 4;
        for (let channel = 0; channel < 4; channel++) {
          if (composite[at + channel] !== source[from + channel]) notKept++;
        }
      } else if (x < left - DEFAULT_INPAINT_SETTINGS.featherPx - 2) {
        // The new area was filled from the original's left edge; the model's pixels replaced that fill.
        newArea++;
        const edge = y * PHOTO.width * 4;
        const difference = [0, 1, 2].reduce(
          (sum, channel) => sum + Math.abs(composite[at + channel]! - source[edge + channel]!),
          0,
        );
        if (difference > 30) filled++;
      }
    }
  }
  expect(notKept).toBe(0);
  expect(filled / newArea).toBeGreaterThan(0.5);
  await page.screenshot({ path: test.info().outputPath('outpaint.png') });
});

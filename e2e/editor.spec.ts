import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { DEFAULT_INPAINT_SETTINGS } from '../src/state/inpaint.ts';
import { EditorPage } from './pages/EditorPage.ts';
import { gradientPng } from './support/images.ts';
import { parseMultipart } from './support/multipart.ts';

interface Point {
  x: number;
  y: number;
}

let dir: string;
const TARGET = { width: 3000, height: 2000 };

const solid = (width: number, height: number, colour: string) =>
  sharp({ create: { width, height, channels: 3, background: colour } });

test.beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'atelier-editor-'));
  await gradientPng(join(dir, 'target.png'), TARGET.width, TARGET.height);
  await solid(800, 600, '#c04a2b').jpeg().toFile(join(dir, 'texture.jpg'));
  await solid(640, 640, '#2b7fc0').webp().toFile(join(dir, 'palette.webp'));
  await writeFile(join(dir, 'notes.txt'), 'not an image at all');
  for (let index = 1; index <= 17; index++) {
    await solid(64, 64, `#${(index * 14).toString(16).padStart(2, '0')}8080`)
      .png()
      .toFile(join(dir, `tile-${String(index).padStart(2, '0')}.png`));
  }
  // 4000x3000 = 12 MP: over the 8.3 MP input limit, kept whole on the board.
  await solid(4000, 3000, '#556b2f').png().toFile(join(dir, 'huge.png'));
  await solid(3000, 2000, '#8a6d3b').jpeg().toFile(join(dir, 'photo.jpg'));
});

test.afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Distance from p to the segment a-b. */
function distanceToSegment(p: Point, a: Point, b: Point): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const t = Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / (dx * dx + dy * dy || 1)));
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

test('three images, reordered, a mask painted while zoomed, an edit that changes only the mask', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const editor = new EditorPage(page);
  await editor.open();

  await editor.add([join(dir, 'texture.jpg'), join(dir, 'target.png'), join(dir, 'palette.webp')]);
  await expect(editor.thumbnails).toHaveCount(3);
  await expect(editor.thumbnails.nth(1)).toContainText('3000 × 2000');
  // Drag the 3000x2000 image onto the first thumbnail: it becomes the edit target.
  await editor.dragThumbnail(1, 0);
  expect(await editor.boardNames()).toEqual([
    '1. target.png, edit target',
    '2. texture.jpg',
    '3. palette.webp',
  ]);
  // The keyboard reorders too: Alt+arrow moves the focused image, and moves it back.
  await editor.boardImages.focus();
  await page.keyboard.press('ArrowRight');
  await expect(editor.thumbnails.nth(1)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Alt+ArrowRight');
  expect(await editor.boardNames()).toEqual([
    '1. target.png, edit target',
    '2. palette.webp',
    '3. texture.jpg',
  ]);
  await expect(editor.thumbnails.nth(2)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Alt+ArrowLeft');
  expect(await editor.boardNames()).toEqual([
    '1. target.png, edit target',
    '2. texture.jpg',
    '3. palette.webp',
  ]);
  await expect(editor.stage).toHaveAccessibleName('Mask painting on target.png, 3000 × 2000');

  await page.getByRole('button', { name: 'Zoom in' }).click();
  const zoom = await editor.zoom();
  expect(zoom).not.toBe(1);
  await expect(editor.zoomLevel).toHaveText(`${Math.round(zoom * 100)}%`);

  await page.keyboard.press(']');
  await expect(page.getByRole('toolbar', { name: 'Mask tools' }).getByText('60px')).toBeVisible();
  const brushNatural = 60 / zoom;

  const box = (await editor.stage.boundingBox())!;
  const centre = { x: box.width / 2, y: box.height / 2 };
  // Zooming with the button keeps the image centre at the stage centre.
  const toNatural = (p: Point) => ({
    x: TARGET.width / 2 + (p.x - centre.x) / zoom,
    y: TARGET.height / 2 + (p.y - centre.y) / zoom,
  });
  const strokes: [Point, Point][] = [
    [
      { x: centre.x - 140, y: centre.y - 30 },
      { x: centre.x + 140, y: centre.y - 30 },
    ],
    [
      { x: centre.x + 60, y: centre.y + 20 },
      { x: centre.x + 60, y: centre.y + 110 },
    ],
  ];
  for (const stroke of strokes) await editor.drag(stroke);
  // A third stroke, taken back with undo, must leave no trace in the mask.
  await editor.drag([
    { x: centre.x - 150, y: centre.y + 100 },
    { x: centre.x - 60, y: centre.y + 100 },
  ]);
  await page.keyboard.press('ControlOrMeta+z');
  const naturalStrokes = strokes.map(([a, b]) => [toNatural(a), toNatural(b)] as const);
  const undone = [toNatural({ x: centre.x - 105, y: centre.y + 100 })];

  await page.screenshot({ path: test.info().outputPath('edit-painting.png') });
  await editor.prompt.fill('Replace the painted area with a brass compass rose');
  await editor.applyButton.click();
  await expect(editor.result.getByRole('status', { name: 'Run status' })).toContainText('Editing');
  await expect(editor.editedImage).toBeVisible({ timeout: 60_000 });

  // What the page sent: image[] x3 in board order, and the mask.
  expect(editor.editBodies).toHaveLength(1);
  const sent = await parseMultipart(editor.editBodies[0]!.body, editor.editBodies[0]!.contentType);
  expect(sent.files.map((file) => [file.field, file.filename])).toEqual([
    ['image[]', 'target.png'],
    ['image[]', 'texture.jpg'],
    ['image[]', 'palette.webp'],
    ['mask', 'mask.png'],
  ]);
  expect(sent.fields).toMatchObject({
    prompt: 'Replace the painted area with a brass compass rose',
    stream: 'true',
  });
  expect(sent.fields.moderation).toBeUndefined();

  const maskBytes = sent.files.find((file) => file.field === 'mask')!.bytes;
  const mask = await sharp(maskBytes).raw().toBuffer({ resolveWithObject: true });
  expect(mask.info).toMatchObject({ width: 3000, height: 2000, channels: 4 });
  const alphaAt = (p: Point) => mask.data[(Math.round(p.y) * TARGET.width + Math.round(p.x)) * 4 + 3]!;
  const strokeDistance = (p: Point) =>
    Math.min(...naturalStrokes.map(([a, b]) => distanceToSegment(p, a, b)));
  // Mismatches are collected and compared once: an expect per sample would record thousands of steps.
  const wrongMask: string[] = [];
  let checkedInside = 0;
  let checkedOutside = 0;
  for (let y = 4; y < TARGET.height; y += 23) {
    for (let x = 4; x < TARGET.width; x += 23) {
      const distance = strokeDistance({ x, y });
      if (distance < brushNatural / 2 - 8) {
        if (alphaAt({ x, y }) !== 0) wrongMask.push(`${x},${y} under a stroke: ${alphaAt({ x, y })}`);
        checkedInside++;
      } else if (distance > brushNatural / 2 + 8) {
        if (alphaAt({ x, y }) !== 255) wrongMask.push(`${x},${y} outside: ${alphaAt({ x, y })}`);
        checkedOutside++;
      }
    }
  }
  expect(wrongMask).toEqual([]);
  expect(checkedInside).toBeGreaterThan(50);
  expect(checkedOutside).toBeGreaterThan(5000);
  for (const point of undone) expect(alphaAt(point)).toBe(255);

  // The result: the model's output pasted back onto the source at the source's own size, so every pixel
  // away from the mask, its growth and its feather is the source's to the byte, and the pixels under it changed.
  const src = (await editor.editedImage.getAttribute('src'))!;
  const outputBytes = Buffer.from(
    await page.evaluate(async (url) => [...new Uint8Array(await (await fetch(url)).arrayBuffer())], src),
  );
  const output = await sharp(outputBytes).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  expect({ width: output.info.width, height: output.info.height }).toEqual(TARGET);
  const base = await sharp(join(dir, 'target.png')).ensureAlpha().raw().toBuffer();
  // The default growth and feather (state/inpaint.ts), and a pixel for the brush's anti-aliased rim.
  const band = DEFAULT_INPAINT_SETTINGS.growPx + DEFAULT_INPAINT_SETTINGS.featherPx + 2;
  const notKept: string[] = [];
  let kept = 0;
  let changed = 0;
  let inside = 0;
  for (let y = 2; y < TARGET.height; y += 7) {
    for (let x = 2; x < TARGET.width; x += 7) {
      const distance = strokeDistance({ x: x + 0.5, y: y + 0.5 });
      const offset = (y * TARGET.width + x) * 4;
      const difference = [0, 1, 2, 3].reduce(
        (sum, channel) => sum + Math.abs(output.data[offset + channel]! - base[offset + channel]!),
        0,
      );
      if (distance > brushNatural / 2 + band) {
        if (difference !== 0) notKept.push(`${x},${y}: ${difference}`);
        kept++;
      } else if (distance < brushNatural / 2 - 12) {
        inside++;
        if (difference > 30) changed++;
      }
    }
  }
  expect(notKept).toEqual([]);
  expect(kept).toBeGreaterThan(100_000);
  expect(inside).toBeGreaterThan(20);
  expect(changed / inside).toBeGreaterThan(0.8);
  await page.screenshot({ path: test.info().outputPath('edit-mode.png') });

  // "Use as source" with "Keep the mask": the composite has its source's size, so the mask carries over
  // onto it and the next edit starts where this one ended.
  const keepMask = editor.result.getByRole('checkbox', { name: /^Keep the mask/ });
  await expect(keepMask).toBeEnabled();
  await expect(keepMask).toBeChecked();
  await editor.result.getByRole('button', { name: 'Use as source' }).click();
  await expect(editor.thumbnails.first()).toHaveAccessibleName(/^1\. edit-.*\.png, edit target$/);
  await expect(editor.maskQuestion).toHaveCount(0);
  await expect(editor.stage).toHaveAccessibleName(
    new RegExp(`^Mask painting on edit-.*, ${TARGET.width} × ${TARGET.height}$`),
  );
  await expect(editor.tool('Undo')).toBeEnabled();
});

test('a 17th image and a non-image file are refused by name; nothing on the board is lost', async ({
  page,
}) => {
  const editor = new EditorPage(page);
  await editor.open();
  const tiles = Array.from({ length: 17 }, (_, index) =>
    join(dir, `tile-${String(index + 1).padStart(2, '0')}.png`),
  );
  await editor.add(tiles.slice(0, 16));
  await expect(editor.thumbnails).toHaveCount(16);
  await editor.add([tiles[16]!]);
  await expect(page.getByRole('alert').filter({ hasText: 'tile-17.png' })).toHaveText(
    /at most 16 images; 'tile-17\.png' was not added/,
  );
  await expect(editor.thumbnails).toHaveCount(16);
  expect((await editor.boardNames()).at(-1)).toBe('16. tile-16.png');

  await editor.removeThumbnail(15);
  expect((await editor.boardNames()).at(-1)).toBe('15. tile-15.png');
  await editor.add([join(dir, 'notes.txt')]);
  await expect(page.getByRole('alert').filter({ hasText: 'notes.txt' })).toHaveText(
    /'notes\.txt' is not an image this browser can read/,
  );
  await expect(editor.thumbnails).toHaveCount(15);
});

test('an image over the input pixel limit stays at its full resolution on the board', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  await editor.add([join(dir, 'huge.png')]);
  // What an edit sends is fitted to the limit when it is sent; the board keeps the original.
  await expect(editor.thumbnails.first()).toContainText('4000 × 3000');
  await expect(editor.stage).toHaveAccessibleName('Mask painting on huge.png, 4000 × 3000');
  await expect(page.getByRole('status').filter({ hasText: 'huge.png' })).toHaveCount(0);
});

test('Match source keeps a 3000 × 2000 photo at its shape, no larger, and says which size and why', async ({
  page,
}) => {
  const editor = new EditorPage(page);
  await editor.open();
  await editor.add([join(dir, 'photo.jpg')]);
  await expect(editor.thumbnails.first()).toContainText('3000 × 2000');
  await page.getByRole('button', { name: 'Match source' }).click();
  await expect(page.getByLabel('Custom width')).toHaveValue('2992');
  await expect(page.getByLabel('Custom height')).toHaveValue('2000');
  await expect(page.getByRole('region', { name: 'Before you send' })).toContainText(
    "The source's 3000 × 2000 is not a size this model makes, so 2992 × 2000",
  );
});

test.describe('on a touch screen', () => {
  test.use({ hasTouch: true });

  test('two fingers pinch-zoom the mask stage, and the stroke the first finger began is dropped', async ({
    page,
  }) => {
    const editor = new EditorPage(page);
    await editor.open();
    await editor.add([join(dir, 'target.png')]);
    await expect(editor.stage).toHaveAccessibleName('Mask painting on target.png, 3000 × 2000');
    const fitted = await editor.zoom();
    const box = (await editor.stage.boundingBox())!;
    const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    // Chromium's own touch input, so the page sees real pointer events with pointerType "touch".
    const cdp = await page.context().newCDPSession(page);
    const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', fingers: Point[]) =>
      cdp.send('Input.dispatchTouchEvent', {
        type,
        touchPoints: fingers.map((finger, id) => ({ ...finger, id })),
      });
    const fingers = (gap: number): Point[] => [
      { x: centre.x - gap / 2, y: centre.y },
      { x: centre.x + gap / 2, y: centre.y },
    ];

    await touch('touchStart', [fingers(100)[0]!]);
    await touch('touchMove', [{ x: centre.x - 40, y: centre.y + 30 }]);
    await touch('touchStart', fingers(100));
    for (const gap of [120, 150, 180, 200]) await touch('touchMove', fingers(gap));
    await touch('touchEnd', []);

    await expect.poll(() => editor.zoom()).toBeCloseTo(fitted * 2, 3);
    const undo = page.getByRole('toolbar', { name: 'Mask tools' }).getByRole('button', { name: 'Undo' });
    await expect(undo).toBeDisabled();
  });
});

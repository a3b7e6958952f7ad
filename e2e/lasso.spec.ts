import { expect, test, type Page } from '@playwright/test';
import sharp from 'sharp';
import { EditorPage } from './pages/EditorPage.ts';
import { flatFixture } from './support/images.ts';
import { parseMultipart } from './support/multipart.ts';

interface Point {
  x: number;
  y: number;
}

const TARGET = { width: 1200, height: 800 };
const targetPath = flatFixture('target.png', TARGET, '#4a7a5c');

/** Which side of the line a-b the point p lies on, scaled by the line's length: a signed distance. */
const side = (p: Point, a: Point, b: Point) =>
  ((b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x)) / Math.hypot(b.x - a.x, b.y - a.y);

/** How far inside the triangle p lies (negative: outside), whichever way round it was drawn. */
function depthInTriangle(p: Point, [a, b, c]: readonly [Point, Point, Point]): number {
  const turn = Math.sign(side(c, a, b));
  return Math.min(turn * side(p, a, b), turn * side(p, b, c), turn * side(p, c, a));
}

/** The stage's fitted view: the image centred at the scale the stage reports. */
async function naturalOf(editor: EditorPage) {
  const box = (await editor.stage.boundingBox())!;
  const zoom = await editor.zoom();
  return (p: Point): Point => ({
    x: TARGET.width / 2 + (p.x - box.width / 2) / zoom,
    y: TARGET.height / 2 + (p.y - box.height / 2) / zoom,
  });
}

/** Clicks at points relative to the stage's top-left corner, Alt held for the first. */
async function clickPolygon(page: Page, editor: EditorPage, points: Point[]) {
  const box = (await editor.stage.boundingBox())!;
  for (const [index, point] of points.entries()) {
    if (index === 0) await page.keyboard.down('Alt');
    await page.mouse.click(box.x + point.x, box.y + point.y);
    if (index === 0) await page.keyboard.up('Alt');
  }
}

/** Applies the edit and decodes the mask the page sent with it. */
async function sentMask(editor: EditorPage) {
  await editor.prompt.fill('A stone fountain in the outlined area');
  await editor.applyButton.click();
  await expect.poll(() => editor.editBodies.length).toBe(1);
  const { body, contentType } = editor.editBodies[0]!;
  const file = (await parseMultipart(body, contentType)).files.find((part) => part.field === 'mask');
  expect(file, 'a mask was sent').toBeDefined();
  const mask = await sharp(file!.bytes).raw().toBuffer({ resolveWithObject: true });
  expect(mask.info).toMatchObject({ ...TARGET, channels: 4 });
  return (p: Point) => mask.data[(Math.round(p.y) * TARGET.width + Math.round(p.x)) * 4 + 3]!;
}

test('a freehand triangle and an Alt-click polygon are filled into the mask, and nothing else', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  const editor = new EditorPage(page);
  await editor.open();
  await editor.add([targetPath()]);
  await expect(editor.stage).toHaveAccessibleName('Mask painting on target.png, 1200 × 800');
  const toNatural = await naturalOf(editor);
  const box = (await editor.stage.boundingBox())!;
  const [cx, cy] = [box.width / 2, box.height / 2];

  const lasso = editor.tool('Lasso');
  await expect(lasso).toHaveAttribute('title', /^Lasso \(L\)/);
  await lasso.click();
  await expect(lasso).toHaveAttribute('aria-pressed', 'true');
  const freehand = [
    { x: cx - 200, y: cy - 120 },
    { x: cx - 40, y: cy - 100 },
    { x: cx - 150, y: cy + 110 },
  ] as const;
  await editor.drag([...freehand]);
  // A scribble with no area leaves nothing: undo still takes back the triangle, not it.
  await editor.drag([
    { x: cx + 200, y: cy + 150 },
    { x: cx + 260, y: cy + 150 },
  ]);

  // The polygon: from the keyboard's tool, its corners clicked, Alt held at the first, Enter closes it.
  await page.keyboard.press('b');
  await page.keyboard.press('l');
  await expect(lasso).toHaveAttribute('aria-pressed', 'true');
  const polygon = [
    { x: cx + 40, y: cy - 110 },
    { x: cx + 230, y: cy - 60 },
    { x: cx + 90, y: cy + 120 },
  ] as const;
  await clickPolygon(page, editor, [...polygon]);
  // While it is open the outline follows the pointer to the next corner.
  await page.mouse.move(box.x + cx + 20, box.y + cy + 40);
  await page.screenshot({ path: '/tmp/lasso-1280.png' });
  await page.screenshot({ path: test.info().outputPath('lasso-open-polygon.png') });
  await expect(editor.stage).toBeFocused();
  await page.keyboard.press('Enter');

  // Escape drops a polygon in progress: it leaves no history entry.
  await clickPolygon(page, editor, [
    { x: cx - 250, y: cy + 150 },
    { x: cx - 180, y: cy + 150 },
    { x: cx - 180, y: cy + 170 },
  ]);
  await page.keyboard.press('Escape');
  // (The mask below shows it painted nothing: its corners lie outside both triangles.)

  const alphaAt = await sentMask(editor);
  const triangles = [freehand, polygon].map(
    (corners) => corners.map((corner) => toNatural(corner)) as unknown as [Point, Point, Point],
  );
  const wrongMask: string[] = [];
  let [inside, outside] = [0, 0];
  for (let y = 2; y < TARGET.height; y += 9) {
    for (let x = 2; x < TARGET.width; x += 9) {
      const depth = Math.max(...triangles.map((triangle) => depthInTriangle({ x, y }, triangle)));
      const alpha = alphaAt({ x, y });
      if (depth > 2) {
        inside++;
        if (alpha !== 0) wrongMask.push(`${x},${y} inside a lasso: ${alpha}`);
      } else if (depth < -2) {
        outside++;
        if (alpha !== 255) wrongMask.push(`${x},${y} outside: ${alpha}`);
      }
    }
  }
  expect(wrongMask).toEqual([]);
  expect(inside).toBeGreaterThan(500);
  expect(outside).toBeGreaterThan(5000);
});

/**
 * Today's models in the studio: the picker's groups (retired ones say why they cannot be used), GIF and
 * SVG from GPT Image 2.6 made whole and shown playing or drawn, and a restored draft that names a
 * shut-down model moving to its replacement with a notice.
 */
import { expect, test, type Locator } from '@playwright/test';
import sharp from 'sharp';
import { StudioPage } from './pages/StudioPage.ts';

let studio: StudioPage;

test.beforeEach(async ({ page }) => {
  studio = new StudioPage(page);
  await studio.goto();
});

/** The bytes behind an <img> (a blob: URL), read in the page. */
async function imageBytes(image: Locator): Promise<Buffer> {
  const base64 = await image.evaluate(async (element: HTMLImageElement) => {
    const bytes = new Uint8Array(await (await fetch(element.src)).arrayBuffer());
    let binary = '';
    for (const byte of bytes) binary += String.fromCharCode(byte);
    return btoa(binary);
  });
  return Buffer.from(base64, 'base64');
}

test('the picker groups current, newer and retired models; a retired one says when and what instead', async ({
  page,
}) => {
  await expect(studio.model).toHaveValue('gpt-image-2.5-flare');
  const groups = await studio.model
    .locator('optgroup')
    .evaluateAll((elements) => elements.map((element) => (element as HTMLOptGroupElement).label));
  expect(groups).toEqual(['Current', 'Newer (facts reported only)', 'Retired']);
  const retired = studio.model.locator('option', { hasText: 'GPT Image 1.5' });
  await expect(retired).toBeDisabled();
  await expect(retired).toHaveText('GPT Image 1.5 — shut down 2026-12-01, use gpt-image-2.6-sunburst');

  // The model notes open by click or keyboard (no hover-only text) and grade every fact.
  await studio.model.selectOption('gpt-image-2.6-flare');
  await page.getByRole('button', { name: 'What is known about GPT Image 2.6 Flare' }).click();
  const notes = page.getByRole('dialog', { name: 'Model notes for GPT Image 2.6 Flare' });
  await expect(notes).toContainText('Reported: Reported to follow the 2.5 size rule');
  await expect(notes).toContainText('Confirmed: Complexity low, medium or high');
  await page.keyboard.press('Escape');

  // 2.6 has no published token counts: the price is known only after the run.
  await expect(page.getByLabel('Estimated cost')).toContainText('Priced after the run');
});

test('GPT Image 2.6 Flare makes an animated GIF, sent whole, that plays on the canvas and in the gallery', async ({
  page,
}) => {
  await studio.model.selectOption('gpt-image-2.6-flare');
  await studio.choose('Format', 'GIF');
  await page.getByLabel('Frames').selectOption('4');
  await page.getByLabel('Frame duration').fill('120');
  await expect(studio.radio('Partial images', '2')).toBeDisabled();
  await studio.generate('a lighthouse at dusk, waves rolling');

  const final = studio.finalImages.first();
  await expect(final).toBeVisible();
  expect(studio.generationRequests[0]!.postDataJSON()).toMatchObject({
    model: 'gpt-image-2.6-flare',
    output_format: 'gif',
    frame_count: 4,
    frame_duration_ms: 120,
    stream: false,
  });
  expect(studio.generationRequests[0]!.postDataJSON()).not.toHaveProperty('partial_images');
  const gif = await sharp(await imageBytes(final), { animated: true }).metadata();
  expect([gif.format, gif.pages, gif.loop]).toEqual(['gif', 4, 0]);
  expect(gif.delay).toEqual([120, 120, 120, 120]);
  await page.screenshot({ path: test.info().outputPath('gif-canvas.png') });

  // The gallery shows the GIF itself, not a still thumbnail of it.
  await page.getByRole('button', { name: 'Gallery' }).click();
  const card = page.getByRole('img', { name: /^Result: a lighthouse at dusk/ }).first();
  await expect(card).toBeVisible();
  expect((await sharp(await imageBytes(card), { animated: true }).metadata()).pages).toBe(4);
});

test('GPT Image 2.6 Sunburst draws an SVG: real vector markup, shown on the canvas', async ({ page }) => {
  await studio.model.selectOption('gpt-image-2.6-sunburst');
  await studio.choose('Format', 'SVG');
  await expect(page.getByLabel('SVG author model')).toHaveValue('gpt-5.6-terra');
  await studio.choose('Background', 'Transparent');
  await studio.generate('a fox icon, orange on nothing');

  const final = studio.finalImages.first();
  await expect(final).toBeVisible();
  expect(studio.generationRequests[0]!.postDataJSON()).toMatchObject({
    output_format: 'svg',
    svg: { model: 'gpt-5.6-terra' },
    background: 'transparent',
    stream: false,
  });
  const svg = (await imageBytes(final)).toString('utf8');
  expect(svg).toMatch(/^(<\?xml[^>]*\?>)?<svg[^>]* width="1024" height="1024"/);
  expect(svg).toMatch(/<(circle|path|polygon|rect)\b/);
  expect(svg).not.toContain('<image');
  expect(await studio.naturalSize(final)).toEqual({ width: 1024, height: 1024 });
  await page.screenshot({ path: test.info().outputPath('svg-canvas.png') });
});

test('a restored draft that names a shut-down model moves to its replacement and says so', async ({
  page,
}) => {
  await studio.describe('a kite over dunes');
  // The draft is saved 300 ms after a change; wait until it is on disk, then make it name gpt-image-1.5.
  await expect
    .poll(() =>
      page.evaluate(
        () =>
          new Promise<boolean>((resolve) => {
            const open = indexedDB.open('atelier');
            open.onsuccess = () => {
              const read = open.result.transaction('drafts').objectStore('drafts').get('current');
              read.onsuccess = () => {
                resolve(
                  (read.result as { params?: { prompt?: string } } | undefined)?.params?.prompt ===
                    'a kite over dunes',
                );
                open.result.close();
              };
            };
          }),
      ),
    )
    .toBe(true);
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('atelier');
        open.onsuccess = () => {
          const store = open.result.transaction('drafts', 'readwrite').objectStore('drafts');
          const read = store.get('current');
          read.onsuccess = () => {
            const record = read.result as { params: Record<string, unknown> };
            const write = store.put({ ...record, params: { ...record.params, model: 'gpt-image-1.5' } });
            write.onsuccess = () => {
              open.result.close();
              resolve();
            };
            write.onerror = () => reject(write.error);
          };
        };
      }),
  );
  await page.reload();
  await expect(studio.model).toHaveValue('gpt-image-2.6-sunburst');
  await expect(
    page.getByText(
      'GPT Image 1.5 was shut down on 2026-12-01, so this draft now uses GPT Image 2.6 Sunburst.',
    ),
  ).toBeVisible();
  await expect(studio.prompt).toHaveValue('a kite over dunes');
});

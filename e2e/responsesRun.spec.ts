/**
 * The per-run choice of API: the same Generate button sends the draft through the Responses API's image
 * tool when the designer picks it (each of two images its own response and conversation, the mainline model
 * chosen), the choice survives a reload, and picking the Images API again sends an Images API request.
 */
import { expect, test, type Request } from '@playwright/test';
import sharp from 'sharp';
import { GalleryPage } from './pages/GalleryPage.ts';
import { StudioPage } from './pages/StudioPage.ts';
import { gradientFixture } from './support/images.ts';
import { storedImages, storedVariants } from './support/storedRecords.ts';

const photoPath = gradientFixture('photo.png', { width: 2400, height: 1600 });

interface StoredVariant {
  id: string;
  status: string;
  params: Record<string, unknown>;
  conversation?: { conversationId: string; mainlineModel: string; revisedPrompt: string | null };
}

test('Generate through the Responses API: two images, two conversations, the choice kept across a reload', async ({
  page,
}) => {
  const studio = new StudioPage(page);
  const responses: Request[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/v1/responses') responses.push(request);
  });
  await studio.goto();
  await studio.choose('Quality', 'Low');
  await studio.choose('API', 'Responses API');
  const settings = page.getByRole('complementary', { name: 'Settings' });
  await expect(settings).toContainText('A mainline model reads the prompt');
  await settings.getByLabel('Mainline model').selectOption('gpt-5.6-terra');
  // A model the tool's list leaves out is said to be, and not refused: the API judges.
  await studio.model.selectOption({ label: 'GPT Image 2.6 Flare' });
  await expect(settings).toContainText('Unconfirmed: Not in the Responses image tool’s model list');
  await studio.model.selectOption({ label: 'GPT Image 2.5 Flare' });
  await expect(settings).not.toContainText('Not in the Responses image tool’s model list');
  await studio.images.selectOption('2');
  await expect(settings).toContainText('Sent as 2 responses side by side');
  await expect(page.getByLabel('Estimated cost').locator('..')).toContainText(
    'gpt-5.6-terra’s tokens are billed on top',
  );
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.getByRole('radiogroup', { name: 'API' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('responses-run-1280-settings.png') });

  await studio.generate('a lighthouse on a basalt coast at dusk');
  await expect(studio.finalImages).toHaveCount(2);
  expect(studio.generationRequests).toHaveLength(0);
  expect(responses).toHaveLength(2);
  for (const request of responses) {
    expect(request.postDataJSON()).toMatchObject({
      model: 'gpt-5.6-terra',
      tools: [{ type: 'image_generation', quality: 'low' }],
    });
  }
  await expect(page.getByText('via Responses API')).toBeVisible();
  // The inspector names the mainline model and what it made of the prompt for each image.
  const inspector = page.getByRole('region', { name: 'Through the Responses API' });
  await expect(inspector).toContainText('gpt-5.6-terra');
  await expect(inspector).toContainText(/Mainline tokens\d+ in · \d+ out/);
  await expect(inspector).toContainText(/Revised prompt 1: A lighthouse/);
  await expect(inspector).toContainText(/Revised prompt 2: A lighthouse/);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.screenshot({ path: test.info().outputPath('responses-run-1920-results.png') });

  // Each image is the first turn of a conversation of its own, stored with its revised prompt.
  await expect.poll(async () => (await storedVariants(page)).length).toBe(2);
  const variants = (await storedVariants(page)) as unknown as StoredVariant[];
  expect(variants.every((variant) => variant.status === 'done')).toBe(true);
  const conversations = new Set(variants.map((variant) => variant.conversation!.conversationId));
  expect(conversations.size).toBe(2);
  expect(variants.map((variant) => variant.conversation!.mainlineModel)).toEqual([
    'gpt-5.6-terra',
    'gpt-5.6-terra',
  ]);
  expect(variants.every((variant) => variant.conversation!.revisedPrompt?.includes('lighthouse'))).toBe(true);
  // Two different pictures, decoded.
  const finals = (await storedImages(page)).filter((image) => image.role === 'final');
  expect(finals).toHaveLength(2);
  const pixels = await Promise.all(
    finals.map(async (image) => (await sharp(image.bytes).resize(16, 16).raw().toBuffer()).toString('hex')),
  );
  expect(pixels[0]).not.toBe(pixels[1]);

  await page.getByRole('button', { name: 'Conversation' }).click();
  const panel = page.getByRole('complementary', { name: 'Conversation' });
  await expect(panel.getByLabel('Conversation shown').locator('option')).toHaveCount(2);
  await expect(panel.getByRole('listitem', { name: 'Turn 1' })).toContainText('Revised prompt:');
  await page.getByRole('button', { name: 'Close the conversation' }).click();

  // The gallery keeps how each was made: the mainline model, its tokens and the revised prompt in full.
  const gallery = new GalleryPage(page);
  await gallery.open();
  const prompt = 'a lighthouse on a basalt coast at dusk';
  await gallery.card(prompt).first().getByRole('button', { name: prompt, exact: true }).click();
  await expect(gallery.detail).toContainText('Responses API');
  await expect(gallery.detail).toContainText(/Mainline modelgpt-5\.6-terra/);
  await expect(gallery.detail).toContainText(/Revised prompt: A lighthouse on a basalt coast at dusk/);
  await page.screenshot({ path: test.info().outputPath('responses-run-1920-gallery-detail.png') });
  await page.keyboard.press('Escape');
  await gallery.toggle.click();

  await page.reload();
  await expect(
    page.getByRole('radiogroup', { name: 'API' }).getByRole('radio', { name: 'Responses API' }),
  ).toBeChecked();
  await expect(settings.getByLabel('Mainline model')).toHaveValue('gpt-5.6-terra');

  await studio.choose('API', 'Images API');
  await studio.images.selectOption('1');
  await studio.generate('a lighthouse on a basalt coast at noon');
  await expect(studio.runStatus).toContainText('Done');
  expect(studio.generationRequests).toHaveLength(1);
  expect(responses).toHaveLength(2);

  // An edit through the Responses API sends the images whole and keeps the answer: the inpainting controls,
  // which promise a region and a paste-back, step aside for it and come back with the Images API.
  await page.getByRole('radiogroup', { name: 'Mode' }).getByRole('radio', { name: 'Edit' }).click();
  await page.getByLabel('Image files').setInputFiles(photoPath());
  const inpainting = page.getByRole('group', { name: 'Inpainting' });
  await expect(inpainting).toBeVisible();
  await studio.choose('API', 'Responses API');
  await expect(inpainting).toHaveCount(0);
  await expect(settings).toContainText('nothing is pasted back');
  await studio.choose('API', 'Images API');
  await expect(inpainting).toBeVisible();
});

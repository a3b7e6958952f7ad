import sharp from 'sharp';
import { StudioPage } from './pages/StudioPage.ts';
import { expect, test } from './support/heldRelay.ts';
import { storedImages, storedVariants } from './support/storedRecords.ts';

const PROMPT = 'A copper kettle on a windowsill at dawn';

/** The decoded pixels of every stored final, newest last, keyed by the variant that made it. */
async function finalPixels(studio: StudioPage): Promise<Map<string, Buffer>> {
  const finals = (await storedImages(studio.page)).filter((image) => image.role === 'final');
  const decoded = await Promise.all(
    finals.map(async (image) => [image.variantId!, await sharp(image.bytes).raw().toBuffer()] as const),
  );
  return new Map(decoded);
}

/** Generates and waits until the run's final is stored; returns the pixels of that final. */
async function generateOnce(studio: StudioPage, finalsBefore: number): Promise<Buffer> {
  await studio.generate(PROMPT);
  await expect(studio.runStatus).toContainText('Done');
  await expect.poll(async () => (await finalPixels(studio)).size).toBe(finalsBefore + 1);
  const variants = await storedVariants(studio.page);
  const newest = variants.reduce((a, b) => ((a.startedAt as number) >= (b.startedAt as number) ? a : b));
  return (await finalPixels(studio)).get(newest.id as string)!;
}

test('the same seed makes the same image again, and "Use this seed" puts a result’s seed back', async ({
  page,
}) => {
  const studio = new StudioPage(page);
  await studio.goto();
  const seed = page.getByLabel('Seed', { exact: true });
  await expect(seed).toHaveAttribute('placeholder', 'Random');
  await studio.choose('Quality', 'Low');

  await seed.fill('12345');
  const first = await generateOnce(studio, 0);
  expect(studio.generationRequests.at(-1)!.postDataJSON()).toMatchObject({ seed: 12345, n: 1 });
  await expect(studio.result.getByText('Seed', { exact: true })).toBeVisible();
  await expect(studio.result.getByText('12345', { exact: true })).toBeVisible();
  await expect(studio.result.getByText('In use')).toBeVisible();

  const again = await generateOnce(studio, 1);
  expect(again.equals(first)).toBe(true);

  // Another seed paints another picture: the comparison above can tell them apart.
  await seed.fill('777');
  const other = await generateOnce(studio, 2);
  expect(other.equals(first)).toBe(false);
  const seeds = (await storedVariants(page)).map((variant) => variant.seed).sort();
  expect(seeds).toEqual([12345, 12345, 777].sort());

  // Empty asks for a random image; the result's details give its seed back.
  await seed.fill('');
  await expect(seed).toHaveValue('');
  await studio.result.getByRole('button', { name: 'Use this seed' }).click();
  await expect(seed).toHaveValue('777');
  await expect(studio.result.getByText('In use')).toBeVisible();

  // A seed the providers do not take is explained at the field; leaving it puts back the one in the draft.
  await seed.fill('-4');
  await expect(page.getByText('A seed is a whole number from 0 to 4,294,967,295.')).toBeVisible();
  await expect(seed).toHaveAttribute('aria-invalid', 'true');
  await studio.prompt.focus();
  await expect(seed).toHaveValue('777');

  // The dice pick a seed; with several images, they share it or count up from it.
  await page.getByRole('button', { name: 'Random seed' }).click();
  await expect(seed).not.toHaveValue('777');
  await expect(seed).toHaveValue(/^\d+$/);
  await studio.images.selectOption('3');
  await seed.fill('100');
  await expect(page.getByText('Each image counts up from the seed: 100 to 102.')).toBeVisible();
  await studio.choose('Variant seeds', 'Same seed');
  await expect(page.getByText('All 3 images are sent with seed 100.')).toBeVisible();
  for (const viewport of [
    { width: 1280, height: 720 },
    { width: 1920, height: 1080 },
  ]) {
    await page.setViewportSize(viewport);
    await page.getByRole('radiogroup', { name: 'Variant seeds' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: test.info().outputPath(`seed-${viewport.width}.png`) });
  }
});

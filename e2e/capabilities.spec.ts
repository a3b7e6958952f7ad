import { expect, test } from '@playwright/test';
import { SizePicker, parseDollarRange, parseTokens } from './pages/SizePicker.ts';
import { StudioPage } from './pages/StudioPage.ts';

let studio: StudioPage;
let picker: SizePicker;

test.beforeEach(async ({ page }) => {
  studio = new StudioPage(page);
  picker = new SizePicker(page);
  await studio.goto();
});

test('typing 1000x1000 names the rule and offers the nearest valid size, which one click applies', async ({
  page,
}) => {
  await studio.typeCustomSize('1000x1000');
  await expect(picker.settings.getByText('Width and height must both be multiples of 16.')).toBeVisible();
  const suggestion = page.getByRole('button', { name: 'Use 1008 × 1008' });
  await expect(suggestion).toBeVisible();
  await expect(picker.width).toHaveAttribute('aria-invalid', 'true');
  await page.screenshot({ path: test.info().outputPath('size-invalid.png') });

  await suggestion.click();
  expect(await picker.shownSize()).toBe('1008x1008');
  await expect(suggestion).toBeHidden();
  await expect(picker.width).not.toHaveAttribute('aria-invalid', 'true');

  await studio.generate('A square test card');
  await expect(studio.finalImages.first()).toBeVisible();
  expect(studio.generationRequests[0]!.postDataJSON()).toMatchObject({ size: '1008x1008' });
  expect(await studio.naturalSize(studio.finalImages.first())).toEqual({ width: 1008, height: 1008 });
});

test('aspect ratio × resolution maps to valid sizes, and the unreachable ones say why', async () => {
  await picker.pickAspect('16:9');
  await picker.pickTier('2K');
  expect(await picker.shownSize()).toBe('2048x1152');
  await expect(studio.size).toHaveValue('2048x1152');

  await picker.pickTier('4K');
  expect(await picker.shownSize()).toBe('3840x2160');
  await expect(picker.experimentalBadge).toBeVisible();
  // At 4K the squarer ratios would need more pixels than gpt-image-2 allows.
  await expect(picker.aspect('1:1')).toBeDisabled();
  await expect(picker.aspect('1:1')).toHaveAttribute(
    'title',
    '4K at 1:1 needs 14.75 MP; the limit is 8.29 MP.',
  );

  await picker.pickAspect('21:9');
  expect(await picker.shownSize()).toBe('3840x1648');
  await picker.pickTier('1K');
  expect(await picker.shownSize()).toBe('1248x528');
  await expect(picker.experimentalBadge).toBeHidden();
});

test('the map point moves by 16 with the arrow keys and a drag stays inside the valid region', async ({
  page,
}) => {
  await studio.typeCustomSize('1536x1024');
  await picker.map.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowUp');
  expect(await picker.shownSize()).toBe('1552x1040');

  // A drag into the top-right corner (3840 × 3840, far over the pixel limit) lands on a valid size.
  const box = (await picker.map.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width - 2, box.y + 2, { steps: 5 });
  await page.mouse.up();
  const [width, height] = (await picker.shownSize()).split('x').map(Number) as [number, number];
  expect(width % 16).toBe(0);
  expect(height % 16).toBe(0);
  expect(width * height).toBeLessThanOrEqual(8_294_400);
  expect(width * height).toBeGreaterThan(7_000_000);
  await expect(picker.width).not.toHaveAttribute('aria-invalid', 'true');
});

test('transparency follows the model and the format: a preview on gpt-image-2, never with JPEG', async () => {
  await studio.model.selectOption({ label: 'GPT Image 2' });
  await expect(studio.radio('Background', 'Transparent')).toBeEnabled();
  await expect(
    studio.page.getByText('Transparency is a preview on GPT Image 2: a result may come back opaque.'),
  ).toBeVisible();

  await studio.model.selectOption({ label: 'GPT Image 2.5 Flare' });
  await studio.choose('Format', 'JPEG');
  const transparent = studio.radio('Background', 'Transparent');
  await expect(transparent).toBeDisabled();
  await expect(
    studio.page
      .getByRole('radiogroup', { name: 'Background' })
      .locator('label', { has: studio.page.getByRole('radio', { name: 'Transparent' }) }),
  ).toHaveAttribute('title', 'JPEG has no alpha: pick PNG or WebP.');
  await expect(picker.aspectRatios).toBeVisible();
});

test('a setting the newly chosen model cannot take moves to the nearest one it can, and says so', async ({
  page,
}) => {
  await studio.model.selectOption({ label: 'GPT Image 2.5 Sunburst' });
  await studio.choose('Quality', 'X\u2011high');
  await studio.model.selectOption({ label: 'GPT Image 2' });
  await expect(studio.radio('Quality', 'High')).toBeChecked();
  await expect(page.getByText('Not on GPT Image 2: quality xhigh is now high.')).toBeVisible();
  await expect(studio.radio('Quality', 'X\u2011high')).toHaveCount(0);
});

test('the cost shown before a request matches the usage reported after it', async () => {
  await picker.pickAspect('3:2');
  await studio.choose('Quality', 'High');
  await studio.choose('Partial images', '2');
  await studio.images.selectOption('2');
  await studio.describe('Two studies of a brass compass on a chart table');

  const perImage = parseTokens(await picker.estimatedOutputTokens.innerText());
  const [low, high] = parseDollarRange(await picker.estimatedCost.innerText());
  expect(high).toBeGreaterThan(low);

  await studio.generateButton.click();
  await expect(studio.finalImages).toHaveCount(2);
  await expect(studio.runStatus).toContainText('Done');

  const usage = studio.result;
  const output = parseTokens(
    await usage
      .getByRole('definition')
      .filter({ hasText: /tokens$/ })
      .nth(1)
      .innerText(),
  );
  // Two images at the estimated tokens each, plus the partial-image allowance (2 partials × 2 images × 100).
  expect(output).toBe(2 * perImage + 400);
  const [actual] = parseDollarRange(await usage.getByLabel('Cost', { exact: true }).innerText());
  expect(actual).toBeGreaterThanOrEqual(low);
  expect(actual).toBeLessThanOrEqual(high + 0.0005);
  await expect(usage.getByText('Image 2', { exact: true })).toBeVisible();
  await expect(picker.spent).toHaveText(await usage.getByLabel('Spent this visit').innerText());
});

test('a budget warns before a request would cross it and asks before sending', async ({ page }) => {
  await studio.choose('Quality', 'High');
  await picker.budget.fill('0.05');
  await expect(picker.settings.getByText(/over the \$0\.050 budget/)).toBeVisible();

  await studio.generate('A costly cathedral interior');
  const dialog = page.getByRole('dialog', { name: 'Over budget' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Not now' }).click();
  await expect(dialog).toBeHidden();
  expect(studio.generationRequests).toHaveLength(0);

  await studio.generateButton.click();
  await dialog.getByRole('button', { name: 'Send anyway' }).click();
  await expect(studio.finalImages.first()).toBeVisible();
  expect(studio.generationRequests).toHaveLength(1);
});

test('the cost help names its sources and their uncertainty', async ({ page }) => {
  await picker.costHelp.click();
  const help = page.getByRole('dialog', { name: 'Cost sources' });
  await expect(help).toBeVisible();
  await expect(help).toContainText('Quality auto');
  await expect(help).toContainText('Undocumented');
  await expect(help).toContainText('Quality auto is estimated as medium.');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  await expect(picker.costHelp).toBeFocused();
});

/**
 * The budget remembers itself: what was spent is kept in a ledger apart from the results, so a reload
 * keeps both the budget and the spending, the next run that could cross the budget asks first, and
 * deleting a result does not lower what was spent.
 */
import { expect, test } from '@playwright/test';
import { GalleryPage } from './pages/GalleryPage.ts';
import { SizePicker } from './pages/SizePicker.ts';
import { StudioPage } from './pages/StudioPage.ts';

const PROMPT = 'A brass orrery on a walnut desk by lamplight';

/** "$0.010" or "$0.010–$0.020" as [low, high] dollars. */
function dollarRange(text: string): [number, number] {
  const [low, high = low] = text.split('–').map((part) => Number(part.replace('$', '')));
  return [low!, high!];
}

test('the budget and the spending survive a reload, the next run that could cross asks first, and deleting the result spends nothing back', async ({
  page,
}) => {
  const studio = new StudioPage(page);
  const picker = new SizePicker(page);
  const gallery = new GalleryPage(page);
  const overBudget = page.getByRole('dialog', { name: 'Over budget' });
  await studio.goto();
  await studio.describe(PROMPT);
  await expect(picker.spent).toHaveText('$0.00');
  await expect(picker.spent).toHaveAccessibleName('Spent this month');

  // Room for one run at the top of its estimate, not for a second: a run costs at least the low end.
  const [low, high] = dollarRange(await picker.estimatedCost.innerText());
  const budget = String(Number((high + low / 2).toFixed(6)));
  await picker.budget.fill(budget);
  await expect(picker.settings.getByText(/left after this request/)).toBeVisible();
  await studio.generateButton.click();
  await expect(studio.runStatus).toContainText('Done', { timeout: 20_000 });
  await expect(overBudget).toHaveCount(0);
  expect(studio.generationRequests).toHaveLength(1);
  await expect(picker.spent).not.toHaveText('$0.00');
  const spent = await picker.spent.innerText();
  const [cost] = dollarRange(await studio.result.getByLabel('Cost', { exact: true }).innerText());
  expect(dollarRange(spent)[0]).toBeCloseTo(cost, 3);

  await page.reload();
  await expect(studio.generateButton).toBeEnabled();
  await expect(picker.budget).toHaveValue(budget);
  await expect(picker.spent).toHaveText(spent);
  await expect(picker.settings.getByText(/over the \$[\d.]+ budget/)).toBeVisible();
  await studio.generateButton.click();
  await expect(overBudget).toBeVisible();
  await expect(overBudget).toContainText(`With ${spent} spent this month`);
  await overBudget.getByRole('button', { name: 'Not now' }).click();
  await expect(overBudget).toBeHidden();
  expect(studio.generationRequests).toHaveLength(1);

  await studio.choose('Spend period', 'Today');
  await expect(picker.spent).toHaveAccessibleName('Spent today');
  await expect(picker.spent).toHaveText(spent);

  await gallery.open();
  await gallery.openDetail(PROMPT);
  await gallery.detailAction('Delete').click();
  await expect(gallery.cards).toHaveCount(0);
  await gallery.toggle.click();
  await expect(picker.spent).toHaveText(spent);

  await page.reload();
  await expect(studio.generateButton).toBeEnabled();
  await expect(studio.radio('Spend period', 'Today')).toBeChecked();
  await expect(picker.spent).toHaveText(spent);
  await studio.generateButton.click();
  await expect(overBudget).toBeVisible();
});

/**
 * The designer's library: prompts sent come back from the prompt field after a reload (searchable, one key
 * away), and presets put a whole set of settings back in one click.
 */
import { expect, test, type Page } from '@playwright/test';
import { StudioPage } from './pages/StudioPage.ts';

const PROMPTS = [
  'A teal lighthouse at dusk, long exposure',
  'A paper lantern drifting over a night river',
  'A brass compass on a weathered map',
];

/** The recent-prompts list the prompt opens: a search field (a combobox) over a listbox. */
function history(page: Page) {
  return {
    search: page.getByRole('combobox', { name: 'Search recent prompts' }),
    list: page.getByRole('listbox', { name: 'Recent prompts' }),
    options: page.getByRole('listbox', { name: 'Recent prompts' }).getByRole('option'),
    button: page.getByRole('button', { name: 'Recent prompts' }),
  };
}

test('the prompts sent come back after a reload: ArrowUp opens them, typing filters, Enter recalls one', async ({
  page,
}) => {
  const studio = new StudioPage(page);
  const recent = history(page);
  const prompt = page.getByLabel('Prompt', { exact: true });
  await studio.goto();
  await studio.choose('Partial images', '0');
  for (const text of PROMPTS) {
    await studio.generate(text);
    await expect(studio.runStatus).toContainText('Done', { timeout: 20_000 });
  }

  await page.reload();
  await expect(studio.generateButton).toBeEnabled();
  await expect(prompt).toHaveValue(PROMPTS[2]!);

  // ArrowUp with the caret inside the text moves the caret, as in any text field; from the start it opens.
  await prompt.focus();
  await prompt.press('End');
  await prompt.press('ArrowUp');
  await expect(recent.list).toHaveCount(0);
  await prompt.press('Control+Home');
  await prompt.press('ArrowUp');
  await expect(recent.search).toBeFocused();
  await expect(recent.options).toHaveText(PROMPTS.toReversed().map((text) => new RegExp(`^${text}`)));
  await expect(recent.options.first()).toHaveAttribute('aria-selected', 'true');
  await expect(recent.search).toHaveAttribute(
    'aria-activedescendant',
    (await recent.options.first().getAttribute('id'))!,
  );

  // Arrows move through the list; Escape closes it and leaves the prompt as it was.
  await page.keyboard.press('ArrowDown');
  await expect(recent.options.nth(1)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Escape');
  await expect(recent.list).toHaveCount(0);
  await expect(prompt).toBeFocused();
  await expect(prompt).toHaveValue(PROMPTS[2]!);

  // The button beside the prompt opens it too; typing filters, Enter puts the prompt picked in place.
  await recent.button.click();
  await recent.search.fill('RIVER lantern');
  await expect(recent.options).toHaveCount(1);
  await page.keyboard.press('Enter');
  await expect(recent.list).toHaveCount(0);
  await expect(prompt).toHaveValue(PROMPTS[1]!);
  await expect(prompt).toBeFocused();
  await page.screenshot({ path: test.info().outputPath('recalled.png') });

  await recent.button.click();
  await recent.search.fill('nowhere to be found');
  await expect(recent.options).toHaveCount(0);
  await expect(page.getByText('No recent prompt holds “nowhere to be found”.')).toBeVisible();
});

test('a preset keeps the settings under a name across a reload and puts them back in one click', async ({
  page,
}) => {
  const studio = new StudioPage(page);
  const presets = page.getByRole('region', { name: 'Presets' });
  const preset = (name: string) => presets.getByRole('button', { name, exact: true });
  await studio.goto();
  await studio.choose('Quality', 'High');
  await studio.choose('Format', 'WebP');
  await studio.choose('Partial images', '1');
  await studio.images.selectOption('2');
  await studio.describe('not part of a preset');

  await presets.getByRole('button', { name: 'Save settings…' }).click();
  await presets.getByLabel('Preset name').fill('Print');
  await page.keyboard.press('Enter');
  await expect(preset('Print')).toHaveAttribute('aria-pressed', 'true');

  await page.reload();
  await expect(studio.generateButton).toBeEnabled();
  await studio.choose('Quality', 'Low');
  await studio.choose('Format', 'PNG');
  await studio.choose('Partial images', '3');
  await studio.images.selectOption('1');
  await studio.describe('a prompt of its own');
  await expect(preset('Print')).toHaveAttribute('aria-pressed', 'false');
  await preset('Print').click();
  await expect(studio.radio('Quality', 'High')).toBeChecked();
  await expect(studio.radio('Format', 'WebP')).toBeChecked();
  await expect(studio.radio('Partial images', '1')).toBeChecked();
  await expect(studio.images).toHaveValue('2');
  await expect(studio.prompt).toHaveValue('a prompt of its own');
  await expect(preset('Print')).toHaveAttribute('aria-pressed', 'true');

  // Renamed and deleted where it is listed.
  await presets.getByRole('button', { name: 'Rename Print' }).click();
  await presets.getByLabel('New name for Print').fill('Print, WebP');
  await page.keyboard.press('Enter');
  await expect(preset('Print, WebP')).toBeVisible();
  await presets.getByRole('button', { name: 'Delete Print, WebP' }).click();
  await presets.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(presets.getByRole('listitem')).toHaveCount(0);
});

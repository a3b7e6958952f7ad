import type { Locator, Page } from '@playwright/test';

/** The size picker and cost panel in the settings, found by their labels and roles only. */
export class SizePicker {
  readonly settings: Locator;
  readonly aspectRatios: Locator;
  readonly resolutions: Locator;
  readonly width: Locator;
  readonly height: Locator;
  readonly map: Locator;
  readonly experimentalBadge: Locator;
  readonly estimatedCost: Locator;
  readonly estimatedOutputTokens: Locator;
  /** What was spent over the period picked (today, this month, all time). */
  readonly spent: Locator;
  readonly budget: Locator;
  readonly costHelp: Locator;

  constructor(readonly page: Page) {
    this.settings = page.getByRole('complementary', { name: 'Settings' });
    this.aspectRatios = this.settings.getByRole('radiogroup', { name: 'Aspect ratio' });
    this.resolutions = this.settings.getByRole('radiogroup', { name: 'Resolution' });
    this.width = page.getByLabel('Custom width');
    this.height = page.getByLabel('Custom height');
    this.map = page.getByRole('slider', { name: 'Size map' });
    this.experimentalBadge = this.settings.getByText('Experimental', { exact: true });
    this.estimatedCost = page.getByLabel('Estimated cost');
    this.estimatedOutputTokens = page.getByLabel('Estimated output tokens per image');
    this.spent = page.getByLabel(/^Spent (today|this month|to date)$/);
    this.budget = page.getByLabel('Budget');
    this.costHelp = page.getByRole('button', { name: 'How costs are estimated' });
  }

  aspect(ratio: string): Locator {
    return this.aspectRatios.getByRole('radio', { name: ratio, exact: true });
  }

  tier(tier: string): Locator {
    return this.resolutions.getByRole('radio', { name: tier, exact: true });
  }

  /** Chips are visually hidden radios inside labelled chips, so they are picked through the label. */
  async pickAspect(ratio: string): Promise<void> {
    await this.aspectRatios.getByText(ratio, { exact: true }).click();
  }

  async pickTier(tier: string): Promise<void> {
    await this.resolutions.getByText(tier, { exact: true }).click();
  }

  /** The size the custom fields show, as `WIDTHxHEIGHT`. */
  async shownSize(): Promise<string> {
    return `${await this.width.inputValue()}x${await this.height.inputValue()}`;
  }
}

/** Reads `$0.053` or `$0.031–$0.037` as [low, high] dollars. */
export function parseDollarRange(text: string): [number, number] {
  const values = [...text.matchAll(/\$(\d+(?:\.\d+)?)/g)].map((match) => Number(match[1]));
  return [values[0]!, values.at(-1)!];
}

/** Reads `1,756 tokens` as 1756. */
export function parseTokens(text: string): number {
  return Number(text.replace(/[^\d]/g, ''));
}

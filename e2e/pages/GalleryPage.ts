import { expect, type Download, type Locator, type Page } from '@playwright/test';

/** The gallery as a designer sees it: opened from the top bar, results as cards, one result in detail. */
export class GalleryPage {
  readonly toggle: Locator;
  readonly region: Locator;
  readonly results: Locator;
  readonly cards: Locator;
  readonly search: Locator;
  readonly modelFilter: Locator;
  readonly kindFilter: Locator;
  readonly storage: Locator;
  readonly detail: Locator;
  readonly deletion: Locator;

  constructor(readonly page: Page) {
    this.toggle = page.getByRole('button', { name: 'Gallery', exact: true });
    this.region = page.getByRole('region', { name: 'Gallery' });
    this.results = this.region.getByRole('list', { name: 'Results' });
    this.cards = this.results.getByRole('listitem');
    this.search = this.region.getByRole('searchbox', { name: 'Search prompts' });
    this.modelFilter = this.region.getByLabel('Filter by model');
    this.kindFilter = this.region.getByLabel('Filter by kind');
    this.storage = this.region.getByRole('group', { name: 'Storage' });
    this.detail = page.getByRole('dialog', { name: 'Result details' });
    this.deletion = page.getByRole('status', { name: 'Deletion' });
  }

  async open(): Promise<void> {
    await this.toggle.click();
    await expect(this.region).toBeVisible();
  }

  /** The card of the result with exactly this prompt. */
  card(prompt: string): Locator {
    return this.cards.filter({ has: this.page.getByRole('button', { name: prompt, exact: true }) });
  }

  async openDetail(prompt: string): Promise<void> {
    await this.card(prompt).getByRole('button', { name: prompt, exact: true }).click();
    await expect(this.detail).toBeVisible();
  }

  detailAction(name: string | RegExp): Locator {
    return this.detail.getByRole('button', { name });
  }

  /** Presses a button that saves a file and returns the download it starts. */
  async downloadFrom(button: Locator): Promise<Download> {
    const download = this.page.waitForEvent('download');
    await button.click();
    return download;
  }

  async importZip(path: string): Promise<void> {
    const chooser = this.page.waitForEvent('filechooser');
    await this.region.getByRole('button', { name: 'Import…' }).click();
    await (await chooser).setFiles(path);
  }

  async download(): Promise<Download> {
    return this.downloadFrom(this.detailAction(/^Download/));
  }
}

import type { Locator, Page } from '@playwright/test';

/** The keyboard shortcut sheet `?` opens: one table per group, a row per action with its keys. */
export class ShortcutSheet {
  readonly dialog: Locator;
  readonly closeButton: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    this.closeButton = this.dialog.getByRole('button', { name: 'Close keyboard shortcuts' });
  }

  group(name: string): Locator {
    return this.dialog.getByRole('table', { name, exact: true });
  }

  /** The row of the action labelled `label`: the label (and its note, if it has one), then its keys. */
  row(label: string): Locator {
    const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return this.dialog
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader', { name: new RegExp(`^${escaped}(\\s|$)`) }) });
  }
}

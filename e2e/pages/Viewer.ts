import { expect, type Locator, type Page } from '@playwright/test';

/** The full-size viewer as a designer sees it: one image, its zoom controls, previous and next. */
export class Viewer {
  readonly dialog: Locator;
  readonly image: Locator;
  readonly zoomLevel: Locator;
  readonly position: Locator;
  readonly stage: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog', { name: 'Full-size viewer' });
    this.image = this.dialog.getByRole('img', { name: /^(Full size|Partial): / });
    this.zoomLevel = this.dialog.getByLabel('Zoom level');
    this.position = this.dialog.getByText(/^\d+ \/ \d+$/);
    this.stage = this.dialog.getByRole('group', { name: /^Image: drag to pan/ });
  }

  button(name: string): Locator {
    return this.dialog.getByRole('button', { name, exact: true });
  }

  /** The image's pixel size as decoded, once it has loaded. */
  async naturalSize(): Promise<{ width: number; height: number }> {
    await expect(this.image).toBeVisible();
    return this.image.evaluate(async (element: HTMLImageElement) => {
      await element.decode();
      return { width: element.naturalWidth, height: element.naturalHeight };
    });
  }

  /** Screen pixels per image pixel, as the image is drawn now. */
  async drawnScale(): Promise<number> {
    return this.image.evaluate(
      (element: HTMLImageElement) => element.getBoundingClientRect().width / element.naturalWidth,
    );
  }
}

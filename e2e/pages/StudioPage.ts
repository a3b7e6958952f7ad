import { expect, type Locator, type Page, type Request } from '@playwright/test';

export const GENERATIONS_PATH = '/v1/images/generations';

/** The studio as a designer sees it: controls found by their labels and roles only. */
export class StudioPage {
  readonly prompt: Locator;
  readonly generateButton: Locator;
  readonly cancelButton: Locator;
  readonly engineBadge: Locator;
  readonly runStatus: Locator;
  readonly partialImages: Locator;
  readonly finalImages: Locator;
  readonly problem: Locator;
  readonly model: Locator;
  readonly size: Locator;
  readonly customWidth: Locator;
  readonly customHeight: Locator;
  readonly images: Locator;
  readonly compression: Locator;
  readonly canvas: Locator;
  readonly result: Locator;
  /** Every generation request the page has sent, to prove when nothing was. */
  readonly generationRequests: Request[] = [];

  constructor(readonly page: Page) {
    this.prompt = page.getByLabel('Prompt');
    this.generateButton = page.getByRole('button', { name: 'Generate' });
    this.cancelButton = page.getByRole('button', { name: 'Cancel' });
    this.engineBadge = page.getByRole('status', { name: 'Engine' });
    this.runStatus = page.getByRole('status', { name: 'Run status' });
    this.canvas = page.getByRole('region', { name: 'Canvas' });
    this.result = page.getByRole('complementary', { name: 'Result' });
    this.partialImages = this.canvas.getByRole('img', { name: /^Partial image/ });
    this.finalImages = this.canvas.getByRole('img', { name: /^Final image/ });
    this.problem = page.getByRole('alert');
    this.model = page.getByLabel('Model', { exact: true });
    this.size = page.getByLabel('Size', { exact: true });
    this.customWidth = page.getByLabel('Custom width');
    this.customHeight = page.getByLabel('Custom height');
    this.images = page.getByLabel('Images', { exact: true });
    this.compression = page.getByLabel('Compression');
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === GENERATIONS_PATH) this.generationRequests.push(request);
    });
  }

  async goto(): Promise<void> {
    await this.page.goto('/');
    await expect(this.generateButton).toBeEnabled();
  }

  radio(group: string, option: string): Locator {
    return this.page
      .getByRole('radiogroup', { name: group })
      .getByRole('radio', { name: option, exact: true });
  }

  /** Radios are visually hidden inside their labelled segments, so they are picked through the label. */
  async choose(group: string, option: string): Promise<void> {
    await this.page.getByRole('radiogroup', { name: group }).getByText(option, { exact: true }).click();
    await expect(this.radio(group, option)).toBeChecked();
  }

  async describe(prompt: string): Promise<void> {
    await this.prompt.fill(prompt);
  }

  async generate(prompt: string): Promise<void> {
    await this.describe(prompt);
    await this.generateButton.click();
  }

  /** Types `WIDTHxHEIGHT` into the custom width and height fields. */
  async typeCustomSize(size: string): Promise<void> {
    const [width, height] = size.split('x');
    await this.customWidth.fill(width!);
    await this.customHeight.fill(height!);
  }

  /** Waits until the image has decoded and returns its pixel size. */
  async naturalSize(image: Locator): Promise<{ width: number; height: number }> {
    return image.evaluate(async (element: HTMLImageElement) => {
      await element.decode();
      return { width: element.naturalWidth, height: element.naturalHeight };
    });
  }
}

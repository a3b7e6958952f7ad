import { expect, type Locator, type Page } from '@playwright/test';

export const EDITS_PATH = '/v1/images/edits';

/** Edit mode as a designer sees it: the board, the mask stage and its tools, the result. */
export class EditorPage {
  readonly fileInput: Locator;
  readonly board: Locator;
  readonly thumbnails: Locator;
  readonly stage: Locator;
  readonly zoomLevel: Locator;
  readonly prompt: Locator;
  readonly applyButton: Locator;
  readonly result: Locator;
  readonly editedImage: Locator;
  readonly notices: Locator;
  /** The multipart bodies of the edits the page sent, as they went to the relay. */
  readonly editBodies: { body: Buffer; contentType: string }[] = [];

  constructor(readonly page: Page) {
    this.fileInput = page.getByLabel('Image files');
    this.board = page.getByRole('region', { name: 'Reference board' });
    this.thumbnails = page.getByRole('list', { name: 'Reference images' }).getByRole('listitem');
    this.stage = page.getByRole('application', { name: /^Mask painting on/ });
    this.zoomLevel = page.getByRole('group', { name: 'Zoom' }).getByLabel('Zoom level');
    this.prompt = page.getByLabel('Prompt');
    this.applyButton = page.getByRole('button', { name: 'Apply edit' });
    this.result = page.getByRole('region', { name: 'Edit result' });
    this.editedImage = this.result.getByRole('img', { name: /^Edited image/ });
    this.notices = page.locator('[role=alert], [role=status]').filter({ hasText: /'|board holds/ });
    // Routed rather than observed: an observed request's body omits large file parts.
    void page.route(`**${EDITS_PATH}`, async (route) => {
      const request = route.request();
      this.editBodies.push({
        body: request.postDataBuffer() ?? Buffer.alloc(0),
        contentType: (await request.allHeaders())['content-type'] ?? '',
      });
      await route.continue();
    });
  }

  async open(): Promise<void> {
    await this.page.goto('/');
    await this.page.getByRole('radiogroup', { name: 'Mode' }).getByRole('radio', { name: 'Edit' }).click();
    await expect(this.applyButton).toBeEnabled();
  }

  async add(paths: string[]): Promise<void> {
    await this.fileInput.setInputFiles(paths);
  }

  async boardNames(): Promise<string[]> {
    return this.thumbnails.evaluateAll((items) => items.map((item) => item.getAttribute('aria-label') ?? ''));
  }

  async zoom(): Promise<number> {
    return Number(await this.stage.getAttribute('data-zoom'));
  }

  tool(name: string): Locator {
    return this.page.getByRole('toolbar', { name: 'Mask tools' }).getByRole('button', { name, exact: true });
  }

  /** Drags with the mouse through screen points relative to the stage's top-left corner. */
  async drag(points: { x: number; y: number }[]): Promise<void> {
    const box = (await this.stage.boundingBox())!;
    const [start, ...rest] = points;
    await this.page.mouse.move(box.x + start!.x, box.y + start!.y);
    await this.page.mouse.down();
    for (const point of rest) await this.page.mouse.move(box.x + point.x, box.y + point.y, { steps: 8 });
    await this.page.mouse.up();
  }
}

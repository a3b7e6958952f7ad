import { expect, type Locator, type Page } from '@playwright/test';

export const EDITS_PATH = '/v1/images/edits';

/** Edit mode as a designer sees it: the board, the mask stage and its tools, the result. */
export class EditorPage {
  readonly fileInput: Locator;
  readonly board: Locator;
  /** The board's canvas, as the listbox it is to the keyboard. */
  readonly boardImages: Locator;
  readonly thumbnails: Locator;
  readonly stage: Locator;
  readonly zoomLevel: Locator;
  readonly prompt: Locator;
  readonly applyButton: Locator;
  readonly result: Locator;
  readonly editedImage: Locator;
  readonly partialEdit: Locator;
  readonly runStatus: Locator;
  readonly uploadProgress: Locator;
  readonly cancelButton: Locator;
  readonly notices: Locator;
  /** The question the studio asks once the mask's image is no longer first. */
  readonly maskQuestion: Locator;
  /** What the mask editor last said to assistive technology. */
  readonly announcement: Locator;
  /** The multipart bodies of the edits the page sent, as they went to the relay. */
  readonly editBodies: { body: Buffer; contentType: string }[] = [];

  constructor(readonly page: Page) {
    this.fileInput = page.getByLabel('Image files');
    this.board = page.getByRole('region', { name: 'Reference board' });
    this.boardImages = page.getByRole('listbox', { name: 'Reference images' });
    this.thumbnails = this.boardImages.getByRole('option');
    this.stage = page.getByRole('application', { name: /^Mask painting on/ });
    this.zoomLevel = page.getByRole('group', { name: 'Zoom' }).getByLabel('Zoom level');
    this.prompt = page.getByLabel('Prompt');
    this.applyButton = page.getByRole('button', { name: 'Apply edit' });
    this.result = page.getByRole('region', { name: 'Edit result' });
    this.editedImage = this.result.getByRole('img', { name: /^Edited image/ });
    this.partialEdit = this.result.getByRole('img', { name: /^Partial edit/ });
    this.runStatus = this.result.getByRole('status', { name: 'Run status' });
    this.uploadProgress = this.result.getByRole('progressbar', { name: 'Upload' });
    this.cancelButton = page.getByRole('button', { name: 'Cancel' });
    this.maskQuestion = page.getByRole('dialog', { name: 'What becomes of the mask?' });
    this.announcement = this.stage.locator('xpath=..').locator('[aria-live=polite]');
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

  /** Pastes an image file the way a browser delivers a clipboard image: a paste event carrying the file. */
  async paste(bytes: Buffer, name: string, type: string): Promise<void> {
    await this.page.evaluate(
      ({ data, name, type }) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([new Uint8Array(data)], name, { type }));
        document.body.dispatchEvent(
          new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }),
        );
      },
      { data: [...bytes], name, type },
    );
  }

  async boardNames(): Promise<string[]> {
    return this.thumbnails.evaluateAll((items) => items.map((item) => item.getAttribute('aria-label') ?? ''));
  }

  /** A point the board's canvas draws (its options carry the geometry), in page coordinates. */
  private async boardPoint(index: number, attribute: 'data-slot' | 'data-remove-button') {
    const box = (await this.boardImages.boundingBox())!;
    const [x, y, width = 0, height = 0] = (await this.thumbnails.nth(index).getAttribute(attribute))!
      .split(',')
      .map(Number);
    return { x: box.x + x! + width / 2, y: box.y + y! + height / 2 };
  }

  /** Drags thumbnail `from` over slot `to` on the canvas with the mouse, as a designer would. */
  async dragThumbnail(from: number, to: number): Promise<void> {
    const start = await this.boardPoint(from, 'data-slot');
    const end = await this.boardPoint(to, 'data-slot');
    await this.page.mouse.move(start.x, start.y);
    await this.page.mouse.down();
    await this.page.mouse.move(end.x, end.y, { steps: 12 });
    await this.page.mouse.up();
  }

  /** Clicks the × the canvas shows over a hovered thumbnail, wheeling the strip first if it is out of view. */
  async removeThumbnail(index: number): Promise<void> {
    const box = (await this.boardImages.boundingBox())!;
    const slotRight = async () => {
      const [x, , width] = (await this.thumbnails.nth(index).getAttribute('data-slot'))!
        .split(',')
        .map(Number);
      return x! + width!;
    };
    const overflow = (await slotRight()) - box.width;
    if (overflow > 0) {
      await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await this.page.mouse.wheel(0, overflow + 20);
      await expect.poll(slotRight).toBeLessThanOrEqual(box.width);
    }
    const centre = await this.boardPoint(index, 'data-slot');
    await this.page.mouse.move(centre.x, centre.y);
    const button = await this.boardPoint(index, 'data-remove-button');
    await this.page.mouse.click(button.x, button.y);
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

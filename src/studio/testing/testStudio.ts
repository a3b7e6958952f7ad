/**
 * A whole studio for unit tests: real store, real storage over an in-memory IndexedDB (fake-indexeddb),
 * the fake transport, and the editor's browser-only image work (decoding a file, painting a mask) done
 * from image headers instead, since Node has no canvas.
 */
import sharp from 'sharp';
import {
  MAX_INPUT_IMAGE_PIXELS,
  createModelRegistry,
  modelStatus,
  outputImageSize,
  type CompletedImageEvent,
  type PartialImageEvent,
  type StudioConfig,
} from '../../contract/index.ts';
import type { PreparedImage } from '../../editor/boardImage.ts';
import { wholeImagePlan } from '../../editor/inpaint/region.ts';
import { applyTouchUp } from '../../editor/inpaint/touchUp.ts';
import type { EditPixels } from '../../editor/inpaint/work.ts';
import type { MaskExport } from '../../editor/exportMask.ts';
import { openTestStorage } from '../../storage/testing/testStorage.ts';
import type { PromptLibrary } from '../../storage/promptLibrary.ts';
import type { StudioStorage } from '../../storage/studioStorage.ts';
import { createStudio, type Studio, type StudioDeps } from '../createStudio.ts';
import { tabLiveness } from '../tabLiveness.ts';
import { createFakeTransport, type FakeTransport } from './fakeTransport.ts';

/** Real PNG bytes of a flat colour, so headers, sizes and thumbnails are those of a true image. */
export async function pngBytes(width: number, height: number, shade = 90): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(
    await sharp({
      create: { width, height, channels: 4, background: { r: shade, g: 120, b: 200, alpha: 1 } },
    })
      .png()
      .toBuffer(),
  );
}

export const pngBlob = async (width: number, height: number, shade?: number) =>
  new Blob([await pngBytes(width, height, shade)], { type: 'image/png' });

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

const eventBase = {
  created_at: 1_700_000_000,
  quality: 'low',
  background: 'opaque',
  output_format: 'png',
} as const;

export async function partialImageEvent(index: number, size = '1024x1024'): Promise<PartialImageEvent> {
  const [width, height] = size.split('x').map(Number) as [number, number];
  return {
    ...eventBase,
    size,
    type: 'image_generation.partial_image',
    b64_json: base64(await pngBytes(width, height, 40 + index)),
    partial_image_index: index,
  };
}

export async function completedImageEvent(size = '1024x1024'): Promise<CompletedImageEvent> {
  const [width, height] = size.split('x').map(Number) as [number, number];
  return {
    ...eventBase,
    size,
    type: 'image_generation.completed',
    b64_json: base64(await pngBytes(width, height, 200)),
    usage: {
      input_tokens: 12,
      input_tokens_details: { image_tokens: 0, text_tokens: 12 },
      output_tokens: 196,
      total_tokens: 208,
    },
  };
}

/** What /api/config answers for the offline engine with the catalogue's models. */
export function testConfig(today = '2026-12-01'): StudioConfig {
  return {
    upstream: { kind: 'offline', label: 'Offline engine', host: null },
    // The engine takes a seed, so its models say so (relay/config.ts).
    models: [...createModelRegistry([], { supportsSeed: true }).values()].map((model) => ({
      ...model,
      status: modelStatus(model, today),
      provider: { id: 'offline', label: 'Offline engine' },
    })),
    providers: [{ id: 'offline', kind: 'offline', label: 'Offline engine', host: null }],
    defaultModel: 'gpt-image-2.5-flare',
    limits: {
      maxInputImageBytes: 50 * 1024 * 1024,
      maxMaskBytes: 4 * 1024 * 1024,
      maxReferenceImages: 16,
      maxRequestBytes: 512 * 1024 * 1024,
    },
    accessTokenRequired: false,
  };
}

/** A board image from a file's header alone (the browser decodes it; Node need not). */
async function prepareFromHeader(blob: Blob, name: string): Promise<PreparedImage> {
  const size = outputImageSize(new Uint8Array(await blob.arrayBuffer()));
  if (!size) return { ok: false, message: `'${name}' is not an image the studio can read.` };
  return {
    ok: true,
    image: {
      id: crypto.randomUUID(),
      name,
      blob,
      url: URL.createObjectURL(blob),
      ...size,
      notice: null,
      sourceImageId: null,
    },
  };
}

/**
 * The inpainting worker's jobs from image headers: what is sent and pasted back has the plan's true sizes
 * (flat PNGs made with sharp), so the studio's plan, lineage and records can be checked without a canvas.
 */
export function headerEditPixels(): EditPixels & { snapshots: (readonly unknown[])[] } {
  const snapshots: (readonly unknown[])[] = [];
  // The sources the worker would hold, by key, until released.
  const held = new Map<string, { width: number; height: number }>();
  return {
    snapshots,
    snapshotMask: async (operations) => {
      snapshots.push(operations);
      return { close: () => undefined } as unknown as ImageBitmap;
    },
    prepare: async ({ key, natural, mask, plan }) => {
      if (mask) held.set(key, natural);
      const { box, sent } = plan;
      const asItIs =
        box.width === natural.width && box.height === natural.height && sent.width === natural.width;
      const maskExport: MaskExport = mask
        ? { kind: 'mask', png: await pngBlob(sent.width, sent.height, 0), ...sent }
        : { kind: 'none' };
      return {
        image: asItIs ? null : await pngBlob(sent.width, sent.height),
        mask: maskExport,
        fullMask: mask ? await pngBlob(natural.width, natural.height, 0) : null,
      };
    },
    fitForSending: async (_image, natural) => {
      const { sent } = wholeImagePlan(natural, MAX_INPUT_IMAGE_PIXELS);
      return pngBlob(sent.width, sent.height);
    },
    composite: async ({ key }) => {
      const natural = held.get(key);
      if (!natural) throw new Error('not prepared');
      return {
        ok: true,
        composite: await pngBlob(natural.width, natural.height, 30),
        drift: await pngBlob(64, 64, 250),
        driftShare: 0.25,
        colourMatch: null,
      };
    },
    release: async (key) => {
      held.delete(key);
    },
    extend: ({ canvas }) => pngBlob(canvas.width, canvas.height),
    // The touch-up's own maths on pixels sharp decodes (the model's output scaled to the box by sharp, not
    // the browser), so what a test reads back under a stroke is truly the source's or the model's.
    touchUp: async ({ source, composite, raw, natural, plan, strokes }) => {
      const rgbaOf = async (blob: Blob, resize?: { width: number; height: number }) => {
        let image = sharp(Buffer.from(await blob.arrayBuffer())).ensureAlpha();
        if (resize) image = image.resize(resize.width, resize.height, { fit: 'fill' });
        return new Uint8ClampedArray(await image.raw().toBuffer());
      };
      const result = await rgbaOf(composite);
      const model = { rgba: await rgbaOf(raw, plan.box), area: plan.box };
      applyTouchUp({ size: natural, result, source: await rgbaOf(source), model, strokes });
      const png = await sharp(Buffer.from(result.buffer), { raw: { ...natural, channels: 4 } })
        .png()
        .toBuffer();
      return {
        result: new Blob([new Uint8Array(png)], { type: 'image/png' }),
        drift: await pngBlob(64, 64, 240),
        driftShare: 0.125,
      };
    },
  };
}

export interface TestStudio extends FakeTransport {
  studio: Studio;
  storage: StudioStorage;
  library: PromptLibrary;
  disk: ReturnType<typeof openTestStorage>['disk'];
}

/**
 * A studio over `storage` (a fresh one by default; pass another studio's to play a reload), configured
 * with the catalogue's models, its tab already gone when the next one starts; `options` may give it its own clock.
 */
export function createTestStudio(
  existing?: Pick<TestStudio, 'storage' | 'library' | 'disk'>,
  options: Pick<StudioDeps, 'now' | 'schedule' | 'onPageHidden' | 'draftJournal' | 'editPixels'> = {},
): TestStudio {
  const { storage, library, disk } = existing ?? openTestStorage();
  const fake = createFakeTransport();
  const studio = createStudio({
    storage,
    library,
    transport: fake.transport,
    tabs: tabLiveness(undefined),
    makeThumbnail: async () => new Blob(['thumbnail'], { type: 'image/webp' }),
    prepareImage: prepareFromHeader,
    editPixels: headerEditPixels(),
    onPageHidden: () => () => undefined,
    draftJournal: { read: () => null, write: () => undefined },
    ...options,
  });
  studio.configure(testConfig());
  return { ...fake, studio, storage, library, disk };
}

/**
 * Edit mode with a `size` PNG on the board and a single low-quality variant drafted: how most edit tests
 * begin, before they paint a mask and run.
 */
export async function photoInEditMode(
  test: TestStudio,
  size: { width: number; height: number },
  prompt = 'a brass door knocker',
): Promise<void> {
  test.studio.store.getState().draft.setMode('edit');
  test.studio.updateDraft({ prompt, model: 'gpt-image-2.5-flare', quality: 'low', n: 1 });
  await test.studio.addFiles([{ blob: await pngBlob(size.width, size.height), name: 'photo.png' }], 16);
}

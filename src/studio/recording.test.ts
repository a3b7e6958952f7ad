import 'fake-indexeddb/auto';
import sharp from 'sharp';
import { describe, expect, it, vi } from 'vitest';
import { createModelRegistry, validateGenerationBody } from '../contract/index.ts';
import { openTestStorage } from '../storage/testing/testStorage.ts';
import { runsFromEntries } from './restore.ts';
import {
  NO_LINEAGE,
  imageDimensions,
  recordVariant,
  storeEditInputs,
  type RecordingDeps,
  type VariantPlan,
} from './recording.ts';
import { runStatus } from '../state/run.ts';

const png = async (width: number, height: number, shade = 40) =>
  new Blob(
    [
      new Uint8Array(
        await sharp({ create: { width, height, channels: 3, background: { r: shade, g: 90, b: 160 } } })
          .png()
          .toBuffer(),
      ),
    ],
    { type: 'image/png' },
  );

const checked = validateGenerationBody(
  { prompt: 'a kite over dunes', model: 'gpt-image-2.5-sunburst' },
  createModelRegistry(),
);
if (!checked.ok) throw new Error(checked.error.body.error.message);

const plan = (id: string, variantIndex: number, variantCount: number): VariantPlan => ({
  id,
  runId: 'batch-1',
  variantIndex,
  variantCount,
  request: checked.value,
  params: { prompt: 'a kite over dunes', model: 'gpt-image-2.5-sunburst', n: 1 },
  seed: null,
  tabId: 'tab-a',
  startedAt: 1_000 + variantIndex,
  inpaint: null,
});

function deps(storage: RecordingDeps['storage']) {
  const report = vi.fn();
  const thumbnail = new Blob(['thumb'], { type: 'image/webp' });
  return { storage, report, makeThumbnail: async () => thumbnail } satisfies RecordingDeps;
}

describe('recording a stream', () => {
  it('stores the request, each image as it arrives with its real size, and the outcome', async () => {
    const { storage } = openTestStorage();
    const recording = deps(storage);
    const recorder = recordVariant(recording, plan('v1', 0, 1), Promise.resolve(NO_LINEAGE));
    recorder.image({ id: 'p1', role: 'partial', sequence: 1, blob: await png(64, 40), format: 'png' });
    recorder.image({ id: 'f1', role: 'final', sequence: 0, blob: await png(64, 40, 200), format: 'png' });
    const usage = { textInputTokens: 9, imageInputTokens: 0, outputTokens: 272 };
    recorder.end({ status: 'done', finishedAt: 2_000, usage, costDollars: 0.0109, error: null });
    await recorder.settled();

    expect(recording.report).not.toHaveBeenCalled();
    const [entry] = await storage.listGallery();
    expect(entry!.variant).toMatchObject({ id: 'v1', status: 'done', usage, costDollars: 0.0109 });
    expect(entry!.final).toMatchObject({ id: 'f1', width: 64, height: 40, role: 'final' });
    expect(entry!.final!.thumbnail).not.toBeNull();
    expect(entry!.lastPartial).toMatchObject({ id: 'p1', sequence: 1 });
    expect(entry!.lastPartial!.thumbnail).not.toBeNull();
  });

  it('reports a full disk and still tries the writes after it, keeping what was stored', async () => {
    const { storage, disk } = openTestStorage();
    const recording = deps(storage);
    const recorder = recordVariant(recording, plan('v1', 0, 1), Promise.resolve(NO_LINEAGE));
    recorder.image({ id: 'p1', role: 'partial', sequence: 1, blob: await png(8, 8), format: 'png' });
    await recorder.settled();
    disk.full = true;
    recorder.image({ id: 'p2', role: 'partial', sequence: 2, blob: await png(8, 8, 99), format: 'png' });
    await recorder.settled();
    disk.full = false;
    recorder.end({ status: 'cancelled', finishedAt: 2_000, usage: null, costDollars: null, error: null });
    await recorder.settled();

    expect(recording.report).toHaveBeenCalledTimes(1);
    expect(String(recording.report.mock.calls[0]![0])).toMatch(/full/i);
    const [entry] = await storage.listGallery();
    expect(entry!.variant.status).toBe('cancelled');
    expect(entry!.lastPartial?.id).toBe('p1');
  });

  it('reads the natural size from the image header', async () => {
    expect(await imageDimensions(await png(300, 200))).toEqual({ width: 300, height: 200 });
    expect(await imageDimensions(new Blob(['not an image']))).toEqual({ width: 0, height: 0 });
  });
});

describe('an edit’s lineage', () => {
  it('points at a stored result as the parent, and stores each other input once', async () => {
    const { storage } = openTestStorage();
    const file = await png(32, 32, 10);
    const mask = await png(48, 48, 250);
    const first = await storeEditInputs(
      storage,
      [
        { blob: file, name: 'source.png', width: 48, height: 48, sourceImageId: 'stored-final' },
        { blob: file, name: 'texture.png', width: 32, height: 32, sourceImageId: null },
      ],
      { blob: mask, width: 48, height: 48 },
    );
    const again = await storeEditInputs(
      storage,
      [{ blob: file, name: 'texture again.png', width: 32, height: 32, sourceImageId: null }],
      null,
    );
    expect(first.parentImageId).toBe('stored-final');
    expect(first.inputImageIds[0]).toBe('stored-final');
    expect(again.inputImageIds[0]).toBe(first.inputImageIds[1]);
    expect(again).toMatchObject({ parentImageId: null, maskImageId: null });
    expect((await storage.getImage(first.maskImageId!))?.role).toBe('mask');
  });
});

describe('restoring runs from the gallery', () => {
  it('groups variants into their run in order, keeping an interrupted one’s last partial', async () => {
    const { storage } = openTestStorage();
    const recording = deps(storage);
    const done = recordVariant(recording, plan('v2', 1, 2), Promise.resolve(NO_LINEAGE));
    done.image({ id: 'f2', role: 'final', sequence: 0, blob: await png(16, 16), format: 'png' });
    done.end({ status: 'done', finishedAt: 2_000, usage: null, costDollars: null, error: null });
    const cut = recordVariant(recording, plan('v1', 0, 2), Promise.resolve(NO_LINEAGE));
    cut.image({ id: 'p1', role: 'partial', sequence: 1, blob: await png(16, 16, 1), format: 'png' });
    await Promise.all([done.settled(), cut.settled()]);
    await storage.markInterrupted(() => false);

    const [run] = runsFromEntries(await storage.listGallery(), 10);
    expect(run!.id).toBe('batch-1');
    expect(run!.restored).toBe(true);
    expect(run!.request.n).toBe(2);
    expect(run!.variants.map((variant) => [variant.id, variant.status])).toEqual([
      ['v1', 'interrupted'],
      ['v2', 'done'],
    ]);
    expect(run!.variants[0]!.partial?.id).toBe('p1');
    expect(run!.variants[1]!.final?.id).toBe('f2');
    expect(runStatus(run!)).toBe('done');
  });
});

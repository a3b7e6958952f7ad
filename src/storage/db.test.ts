// liveQuery only runs its querier where a global indexedDB exists (dexie/Dexie.js#2046); each test still
// opens its own database on its own IDBFactory.
import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import { Dexie, liveQuery } from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { Unzip, UnzipInflate, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createModelRegistry, validateGenerationBody, type ImageRequest } from '../contract/index.ts';
import { createStudioStorage, StudioDb } from './db.ts';
import { openTestStorage } from './testing/testStorage.ts';
import { InvalidExportError, StorageError, StorageFullError, toStorageError } from './errors.ts';
import type { DraftRecord, VariantRecord, ImageRecord } from './records.ts';
import type { NewImage, StudioStorage } from './studioStorage.ts';

const registry = createModelRegistry();

function request(
  prompt: string,
  model = 'gpt-image-2',
  kind: ImageRequest['kind'] = 'generation',
): ImageRequest {
  const checked = validateGenerationBody({ prompt, model }, registry);
  if (!checked.ok) throw new Error(checked.error.body.error.message);
  return { ...checked.value, kind };
}

function variant(id: string, overrides: Partial<VariantRecord> = {}): VariantRecord {
  const req = overrides.request ?? request(`prompt of ${id}`);
  return {
    id,
    runId: `batch-${id}`,
    variantIndex: 0,
    variantCount: 1,
    kind: req.kind,
    request: req,
    params: { prompt: req.prompt, model: req.model.id },
    status: 'done',
    startedAt: 100,
    finishedAt: 200,
    usage: null,
    costDollars: null,
    error: null,
    parentImageId: null,
    inputImageIds: [],
    maskImageId: null,
    tabId: 'tab-1',
    deletedAt: null,
    ...overrides,
  };
}

function pngBlob(seed: string): Blob {
  return new Blob([new TextEncoder().encode(`\x89PNG fake bytes of ${seed}`)], { type: 'image/png' });
}

function image(id: string, overrides: Partial<NewImage> = {}): NewImage {
  return {
    id,
    variantId: null,
    role: 'input',
    sequence: 0,
    blob: pngBlob(id),
    format: 'png',
    width: 64,
    height: 32,
    thumbnail: null,
    name: null,
    ...overrides,
  };
}

async function bytes(blob: Blob | null | undefined): Promise<number[]> {
  if (!blob) throw new Error('expected a Blob');
  return [...new Uint8Array(await blob.arrayBuffer())];
}

/** A finished variant with two partials and a final, as a stream leaves it. */
async function storeFinished(storage: StudioStorage, record: VariantRecord) {
  await storage.beginVariant(record);
  const partial = (sequence: number) =>
    storage.putImage(image(`${record.id}-p${sequence}`, { variantId: record.id, role: 'partial', sequence }));
  await partial(1);
  await partial(2);
  return storage.putImage(
    image(`${record.id}-final`, {
      variantId: record.id,
      role: 'final',
      format: 'jpeg',
      blob: new Blob([`jpeg of ${record.id}`], { type: 'image/jpeg' }),
      thumbnail: new Blob([`thumb of ${record.id}`], { type: 'image/webp' }),
    }),
  );
}

async function seedLineage(storage: StudioStorage) {
  const source = await storeFinished(storage, variant('source', { startedAt: 100 }));
  const upload = await storage.putImage(image('upload', { name: 'cat.png' }));
  const mask = await storage.putImage(image('mask', { role: 'mask' }));
  await storeFinished(
    storage,
    variant('edit', {
      startedAt: 200,
      request: request('add a hat', 'gpt-image-2', 'edit'),
      parentImageId: source.id,
      inputImageIds: [source.id, upload.id],
      maskImageId: mask.id,
      usage: { textInputTokens: 3, imageInputTokens: 200, outputTokens: 100 },
      costDollars: 0.01,
    }),
  );
  await storeFinished(storage, variant('unrelated', { startedAt: 300 }));
}

describe('draft', () => {
  it('is null before one is saved and comes back with its Blobs byte for byte', async () => {
    const { storage } = openTestStorage();
    expect(await storage.loadDraft()).toBeNull();
    const draft: DraftRecord = {
      key: 'current',
      mode: 'edit',
      params: { prompt: 'a fox', size: '1024x1024' },
      board: [
        {
          id: 'b1',
          name: 'fox.png',
          blob: pngBlob('fox'),
          width: 10,
          height: 20,
          notice: null,
          sourceImageId: 'img-9',
        },
      ],
      mask: { operations: [{ points: [1, 2] }], undone: [], natural: { width: 10, height: 20 } },
      savedAt: 5,
    };
    await storage.saveDraft(draft);
    const loaded = await storage.loadDraft();
    expect(loaded).toMatchObject({ ...draft, board: [{ ...draft.board[0], blob: expect.any(Blob) }] });
    expect(loaded!.board[0]!.blob.type).toBe('image/png');
    expect(await bytes(loaded!.board[0]!.blob)).toEqual(await bytes(draft.board[0]!.blob));
  });
});

describe('variants', () => {
  it('records a request when sent and takes the stream outcome as a patch', async () => {
    const { storage } = openTestStorage();
    await storage.beginVariant(variant('g1', { status: 'streaming', finishedAt: null }));
    const usage = { textInputTokens: 10, imageInputTokens: 0, outputTokens: 4160 };
    await storage.updateVariant('g1', { status: 'done', finishedAt: 300, usage, costDollars: 0.17 });
    expect(await storage.getVariant('g1')).toEqual(
      variant('g1', { status: 'done', finishedAt: 300, usage, costDollars: 0.17 }),
    );
    expect(await storage.getVariant('nope')).toBeNull();
  });

  it('refuses to patch a variant that was never recorded', async () => {
    const { storage } = openTestStorage();
    await expect(storage.updateVariant('ghost', { status: 'done' })).rejects.toThrow(StorageError);
  });

  it('finds the variant an image came from, and none for an input', async () => {
    const { storage } = openTestStorage();
    const final = await storeFinished(storage, variant('g1'));
    await storage.putImage(image('in-1'));
    expect((await storage.variantOfImage(final.id))?.id).toBe('g1');
    expect(await storage.variantOfImage('in-1')).toBeNull();
    expect(await storage.variantOfImage('missing')).toBeNull();
  });
});

describe('putImage', () => {
  it('stores the lower-case hex SHA-256 of the bytes and keeps the Blob type', async () => {
    const { storage } = openTestStorage();
    const newImage = image('in-1');
    const stored = await storage.putImage(newImage);
    const expected = createHash('sha256')
      .update(new Uint8Array(await newImage.blob.arrayBuffer()))
      .digest('hex');
    expect(stored.sha256).toBe(expected);
    const loaded = await storage.getImage('in-1');
    expect(loaded).toMatchObject({ id: 'in-1', sha256: expected, createdAt: stored.createdAt });
    expect(loaded!.blob.type).toBe('image/png');
    expect(await bytes(loaded!.blob)).toEqual(await bytes(newImage.blob));
  });

  it('returns the stored twin of an input or mask instead of writing it again', async () => {
    const { storage, db } = openTestStorage();
    const first = await storage.putImage(image('in-1', { blob: pngBlob('same'), name: 'a.png' }));
    const again = await storage.putImage(image('in-2', { blob: pngBlob('same'), name: 'b.png' }));
    const asMask = await storage.putImage(image('mask-1', { role: 'mask', blob: pngBlob('same') }));
    expect(again).toEqual(first);
    expect(asMask.id).toBe('in-1');
    expect(await db.images.count()).toBe(1);
    expect(await storage.getImage('in-2')).toBeNull();
  });

  it('stores generated images even when their bytes repeat', async () => {
    const { storage, db } = openTestStorage();
    await storage.putImage(image('f1', { variantId: 'g1', role: 'final', blob: pngBlob('same') }));
    await storage.putImage(image('f2', { variantId: 'g2', role: 'final', blob: pngBlob('same') }));
    expect(await db.images.count()).toBe(2);
  });
});

describe('setThumbnail', () => {
  it('keeps a thumbnail made later and changes nothing else of the record', async () => {
    const { storage, db } = openTestStorage();
    await storage.putImage(image('p1', { variantId: 'g1', role: 'partial', sequence: 1 }));
    const { blob, thumbnail, ...before } = (await storage.getImage('p1'))!;
    expect(thumbnail).toBeNull();
    const made = new Blob(['thumb of p1'], { type: 'image/webp' });

    await storage.setThumbnail('p1', made);
    const { blob: blobAfter, thumbnail: kept, ...after } = (await storage.getImage('p1'))!;
    expect(after).toEqual(before);
    expect(await bytes(blobAfter)).toEqual(await bytes(blob));
    expect(kept!.type).toBe('image/webp');
    expect(await bytes(kept)).toEqual(await bytes(made));

    await storage.setThumbnail('purged', made);
    expect(await db.images.count()).toBe(1);
  });
});

describe('markInterrupted', () => {
  it('marks streaming variants of gone tabs, ending them at their newest image', async () => {
    const { storage } = openTestStorage();
    await storage.beginVariant(variant('dead', { status: 'streaming', finishedAt: null, tabId: 'gone' }));
    await storage.beginVariant(variant('empty', { status: 'streaming', finishedAt: null, tabId: 'gone' }));
    await storage.beginVariant(variant('alive', { status: 'streaming', finishedAt: null, tabId: 'here' }));
    await storage.beginVariant(variant('over', { status: 'done', tabId: 'gone' }));
    await storage.putImage(image('p1', { variantId: 'dead', role: 'partial', sequence: 1 }));
    const p2 = await storage.putImage(image('p2', { variantId: 'dead', role: 'partial', sequence: 2 }));

    const interrupted = await storage.markInterrupted((tabId) => tabId === 'here');

    expect(interrupted.map(({ id, status, finishedAt }) => ({ id, status, finishedAt }))).toEqual(
      expect.arrayContaining([
        { id: 'dead', status: 'interrupted', finishedAt: p2.createdAt },
        { id: 'empty', status: 'interrupted', finishedAt: 100 },
      ]),
    );
    expect(interrupted).toHaveLength(2);
    expect((await storage.getVariant('dead'))?.status).toBe('interrupted');
    expect((await storage.getVariant('alive'))?.status).toBe('streaming');
    expect((await storage.getVariant('over'))?.status).toBe('done');
    expect(await storage.markInterrupted(() => false)).toHaveLength(1);
  });
});

describe('gallery', () => {
  async function seedGallery(storage: StudioStorage) {
    await storeFinished(storage, variant('old', { startedAt: 100, request: request('A red Fox in snow') }));
    await storeFinished(
      storage,
      variant('edit', {
        startedAt: 300,
        request: request('fox with a hat', 'gpt-image-2.5-sunburst', 'edit'),
      }),
    );
    for (const variantIndex of [1, 0]) {
      await storage.beginVariant(
        variant(`mid-${variantIndex}`, {
          runId: 'mid',
          variantIndex,
          variantCount: 2,
          startedAt: 200,
          status: 'error',
          request: request('blue whale'),
        }),
      );
    }
    await storage.putImage(image('mid-0-p1', { variantId: 'mid-0', role: 'partial', sequence: 1 }));
    await storage.beginVariant(variant('gone', { startedAt: 400, deletedAt: 500 }));
  }

  it('lists newest first, variants in batch order, with the final and the newest partial', async () => {
    const { storage } = openTestStorage();
    await seedGallery(storage);
    const entries = await storage.listGallery();
    expect(entries.map((entry) => entry.variant.id)).toEqual(['edit', 'mid-0', 'mid-1', 'old']);
    const [edit, mid0, mid1] = entries;
    expect(edit!.final?.id).toBe('edit-final');
    expect(edit!.lastPartial?.id).toBe('edit-p2');
    expect(mid0!.final).toBeNull();
    expect(mid0!.lastPartial?.id).toBe('mid-0-p1');
    expect(mid1).toMatchObject({ final: null, lastPartial: null });
  });

  it('filters by every word of the prompt, by model and by kind, and keeps the newest up to a limit', async () => {
    const { storage } = openTestStorage();
    await seedGallery(storage);
    const ids = async (filter: Parameters<StudioStorage['listGallery']>[0]) =>
      (await storage.listGallery(filter)).map((entry) => entry.variant.id);
    expect(await ids({ text: '  FOX ' })).toEqual(['edit', 'old']);
    expect(await ids({ text: 'fox snow' })).toEqual(['old']);
    expect(await ids({ text: 'fox whale' })).toEqual([]);
    expect(await ids({ model: 'gpt-image-2.5-sunburst' })).toEqual(['edit']);
    expect(await ids({ kind: 'generation', model: null, text: '' })).toEqual(['mid-0', 'mid-1', 'old']);
    expect(await ids({ limit: 2 })).toEqual(['edit', 'mid-0']);
    expect(await ids({ kind: 'generation', limit: 1 })).toEqual(['mid-0']);
  });

  it('lists the same variants without their images, and reads the entries of chosen ones', async () => {
    const { storage } = openTestStorage();
    await seedGallery(storage);
    const entries = await storage.listGallery();
    expect(await storage.listGalleryVariants()).toEqual(entries.map((entry) => entry.variant));
    expect(await storage.listGalleryVariants({ text: 'fox', limit: 1 })).toEqual([entries[0]!.variant]);
    const [edit, , mid1, old] = entries;
    // In the order asked for; deleted and unknown variants left out.
    expect(await storage.galleryEntries(['old', 'gone', 'nowhere', 'mid-1', 'edit'])).toEqual([
      old,
      mid1,
      edit,
    ]);
    expect(await storage.galleryEntries([])).toEqual([]);
  });

  it('lists a history longer than one page of reads whole and in order', async () => {
    const { db, storage } = openTestStorage();
    const count = 1_234;
    await db.variants.bulkPut(
      Array.from({ length: count }, (_, index) => variant(`v${index}`, { startedAt: index })),
    );
    const listed = await storage.listGalleryVariants();
    expect(listed).toHaveLength(count);
    expect(listed.map((each) => each.startedAt)).toEqual(
      Array.from({ length: count }, (_, index) => count - 1 - index),
    );
  });

  it('cuts a limited listing where the whole listing would be cut, runs started together included', async () => {
    const { storage } = openTestStorage();
    // Runs of three variants started in the same millisecond, whose ids sort against their order, and a
    // deleted variant and a filtered-out model among them.
    for (let index = 0; index < 12; index++) {
      const run = Math.floor(index / 3);
      await storage.beginVariant(
        variant(`z${11 - index}`, {
          runId: `run-${run}`,
          variantIndex: index % 3,
          variantCount: 3,
          startedAt: 100 + run,
          request: request(`run ${run}`, index === 4 ? 'gpt-image-2.5-sunburst' : 'gpt-image-2'),
          deletedAt: index === 7 ? 1 : null,
        }),
      );
    }
    const ids = async (filter: Parameters<StudioStorage['listGallery']>[0]) =>
      (await storage.listGallery(filter)).map((entry) => entry.variant.id);
    for (const model of [null, 'gpt-image-2']) {
      const all = await ids({ model });
      for (let limit = 0; limit <= all.length + 1; limit++) {
        expect(await ids({ model, limit })).toEqual(all.slice(0, limit));
      }
    }
  });

  it('lists variants oldest first and the models in use, leaving deleted ones out', async () => {
    const { storage } = openTestStorage();
    await seedGallery(storage);
    await storage.beginVariant(
      variant('deleted-mini', { request: request('x', 'gpt-image-2.6-flare'), deletedAt: 1 }),
    );
    expect((await storage.listVariants()).map((g) => g.id)).toEqual(['old', 'mid-0', 'mid-1', 'edit']);
    expect(await storage.listModels()).toEqual(['gpt-image-2', 'gpt-image-2.5-sunburst']);
  });

  it('re-runs a liveQuery over the gallery when an image arrives', async () => {
    const { storage } = openTestStorage();
    await storage.beginVariant(variant('g1', { status: 'streaming' }));
    const seen: (string | null)[] = [];
    const twoResults = new Promise<void>((resolve, reject) => {
      const subscription = liveQuery(() => storage.listGallery()).subscribe({
        next: (entries) => {
          seen.push(entries[0]?.lastPartial?.id ?? null);
          if (seen.length === 2) {
            subscription.unsubscribe();
            resolve();
          }
        },
        error: reject,
      });
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await storage.putImage(image('g1-p1', { variantId: 'g1', role: 'partial', sequence: 1 }));
    await twoResults;
    expect(seen).toEqual([null, 'g1-p1']);
  });
});

describe('deletion', () => {
  it('hides on soft delete, shows again on undo', async () => {
    const { storage } = openTestStorage();
    await storeFinished(storage, variant('g1'));
    await storage.softDelete(['g1'], 1_000);
    expect(await storage.listGallery()).toEqual([]);
    expect((await storage.getVariant('g1'))?.deletedAt).toBe(1_000);
    await storage.undoDelete(['g1']);
    expect((await storage.listGallery()).map((entry) => entry.variant.id)).toEqual(['g1']);
  });

  it('purges what was deleted before the cutoff, keeping inputs and masks still in use', async () => {
    const { storage, db } = openTestStorage();
    const source = await storeFinished(storage, variant('source'));
    await storage.putImage(image('shared'));
    await storage.putImage(image('only-a'));
    await storage.putImage(image('mask-a', { role: 'mask' }));
    const edit = (id: string, inputs: string[], mask: string | null) =>
      variant(id, {
        request: request(`edit ${id}`, 'gpt-image-2', 'edit'),
        parentImageId: inputs[0] ?? null,
        inputImageIds: inputs,
        maskImageId: mask,
      });
    await storeFinished(storage, edit('a', [source.id, 'shared', 'only-a'], 'mask-a'));
    await storeFinished(storage, edit('b', ['shared'], null));

    await storage.softDelete(['a', 'source'], 1_000);
    await storage.softDelete(['b'], 5_000);
    expect(await storage.purgeDeleted(2_000)).toBe(2);

    expect(await storage.getVariant('a')).toBeNull();
    expect(await storage.getVariant('source')).toBeNull();
    expect(await storage.getImage('a-final')).toBeNull();
    expect(await storage.getImage('a-p1')).toBeNull();
    expect(await storage.getImage('source-final')).toBeNull();
    expect(await storage.getImage('only-a')).toBeNull();
    expect(await storage.getImage('mask-a')).toBeNull();
    // b is deleted too but may still be undone, so what it uses stays.
    expect(await storage.getImage('shared')).not.toBeNull();
    expect(await storage.getImage('b-final')).not.toBeNull();

    expect(await storage.purgeDeleted(10_000)).toBe(1);
    expect(await db.images.count()).toBe(0);
    expect(await db.variants.count()).toBe(0);
  });

  it('keeps a result another variant edited until that variant goes too', async () => {
    const { storage, db } = openTestStorage();
    const source = await storeFinished(storage, variant('source'));
    await storeFinished(storage, variant('edit', { inputImageIds: [source.id], parentImageId: source.id }));
    await storage.softDelete(['source'], 1);
    await storage.purgeDeleted(2);
    expect(await storage.getImage(source.id)).not.toBeNull();
    expect(await storage.getImage('source-p1')).toBeNull();
    await storage.softDelete(['edit'], 3);
    await storage.purgeDeleted(4);
    expect(await db.images.count()).toBe(0);
  });
});

describe('usage and persistence', () => {
  it('reports the estimate and asks for persistence', async () => {
    const { storage } = openTestStorage({
      storageManager: {
        estimate: async () => ({ usage: 1_234, quota: 10_000 }),
        persisted: async () => false,
        persist: async () => true,
      },
    });
    expect(await storage.usage()).toEqual({ usedBytes: 1_234, quotaBytes: 10_000, persisted: false });
    expect(await storage.requestPersistence()).toBe(true);
  });

  it('answers nulls and false where the browser has no storage API or it fails', async () => {
    const missing = openTestStorage({ storageManager: null }).storage;
    expect(await missing.usage()).toEqual({ usedBytes: null, quotaBytes: null, persisted: false });
    expect(await missing.requestPersistence()).toBe(false);
    const failing = openTestStorage({
      storageManager: {
        estimate: () => Promise.reject(new Error('SecurityError')),
        persisted: () => Promise.reject(new Error('SecurityError')),
        persist: () => Promise.reject(new Error('SecurityError')),
      },
    }).storage;
    expect(await failing.usage()).toEqual({ usedBytes: null, quotaBytes: null, persisted: false });
    expect(await failing.requestPersistence()).toBe(false);
  });
});

describe('ZIP export and import', () => {
  async function unzipEntries(zip: Blob) {
    const entries = new Map<string, number>();
    const unzip = new Unzip((file) => entries.set(file.name, file.compression));
    unzip.register(UnzipInflate);
    unzip.push(new Uint8Array(await zip.arrayBuffer()), true);
    return entries;
  }

  it('writes a manifest and stores the images uncompressed under their ids', async () => {
    const { storage } = openTestStorage();
    await seedLineage(storage);
    const zip = await storage.exportZip(['edit']);
    expect(zip.type).toBe('application/zip');
    const entries = await unzipEntries(zip);
    expect(entries.get('images/edit-final.jpg')).toBe(0);
    expect(entries.get('thumbnails/edit-final.webp')).toBe(0);
    expect(entries.get('images/upload.png')).toBe(0);
    expect(entries.get('manifest.json')).toBe(8);
    const manifest = JSON.parse(
      new TextDecoder().decode(unzipSync(new Uint8Array(await zip.arrayBuffer()))['manifest.json']),
    );
    expect(manifest).toMatchObject({ format: 'atelier-session', version: 1, exportedAt: expect.any(String) });
    expect(manifest.generations.map((g: { id: string }) => g.id)).toEqual(['edit']);
    expect(manifest.images.map((i: { id: string }) => i.id).sort()).toEqual(
      ['edit-final', 'edit-p1', 'edit-p2', 'mask', 'source-final', 'upload'].sort(),
    );
    const final = manifest.images.find((i: { id: string }) => i.id === 'edit-final');
    expect(final).toMatchObject({
      file: 'images/edit-final.jpg',
      thumbnailFile: 'thumbnails/edit-final.webp',
    });
    expect(final).not.toHaveProperty('blob');
    expect(final).not.toHaveProperty('thumbnail');
  });

  it('restores the same ids, records and bytes into a fresh database, and skips what is there', async () => {
    const { storage, db } = openTestStorage();
    await seedLineage(storage);
    const zip = await storage.exportZip();
    const fresh = openTestStorage();

    expect(await fresh.storage.importZip(zip)).toEqual({ variants: 3, images: 11, skipped: 0 });

    const originalImages = await db.images.toArray();
    expect(await fresh.db.images.count()).toBe(originalImages.length);
    for (const original of originalImages) {
      const restored = (await fresh.storage.getImage(original.id)) as ImageRecord;
      const { blob, thumbnail, ...meta } = original;
      expect(restored).toMatchObject(meta);
      expect(restored.blob.type).toBe(blob.type);
      expect(await bytes(restored.blob)).toEqual(await bytes(blob));
      if (thumbnail) expect(await bytes(restored.thumbnail)).toEqual(await bytes(thumbnail));
      else expect(restored.thumbnail).toBeNull();
    }
    expect(await fresh.storage.listVariants()).toEqual(await storage.listVariants());
    expect((await fresh.storage.variantOfImage('edit-final'))?.inputImageIds).toEqual([
      'source-final',
      'upload',
    ]);

    expect(await fresh.storage.importZip(zip)).toEqual({ variants: 0, images: 0, skipped: 14 });
  });

  it('carries a composited edit whole: its record of how, the model’s output and the drift map', async () => {
    const { storage } = openTestStorage();
    const inpaint = {
      kind: 'region' as const,
      box: { left: 100, top: 50, width: 1200, height: 800 },
      sent: { width: 1248, height: 832 },
      source: { width: 6000, height: 4000 },
      growPx: 2,
      featherPx: 6,
      driftShare: 0.31,
      notComposited: null,
      colourMatch: {
        kind: 'applied' as const,
        offset: [-12, 0, 1.5] as [number, number, number],
        gain: [1, 1, 1.111] as [number, number, number],
        measuredPixels: 4096,
      },
    };
    await storage.beginVariant(variant('inpainted', { kind: 'edit', inpaint }));
    for (const role of ['final', 'raw', 'drift'] as const) {
      await storage.putImage(image(`inpainted-${role}`, { variantId: 'inpainted', role }));
    }
    const fresh = openTestStorage();
    expect(await fresh.storage.importZip(await storage.exportZip())).toMatchObject({
      variants: 1,
      images: 3,
    });
    expect((await fresh.storage.getVariant('inpainted'))?.inpaint).toEqual(inpaint);
    expect(await fresh.storage.variantImage('inpainted', 'raw')).toMatchObject({ id: 'inpainted-raw' });
    expect(await fresh.storage.variantImage('inpainted', 'drift')).toMatchObject({ id: 'inpainted-drift' });
  });

  it('refuses a file that is not an Atelier export, saying why', async () => {
    const { storage, db } = openTestStorage();
    const file = (parts: Uint8Array, name: string) => new File([parts as Uint8Array<ArrayBuffer>], name);
    await expect(storage.importZip(new File(['not a zip'], 'notes.txt'))).rejects.toThrow(
      'notes.txt is not an Atelier export: it is not a ZIP archive.',
    );
    await expect(
      storage.importZip(file(zipSync({ 'a.txt': new Uint8Array([1]) }), 'other.zip')),
    ).rejects.toThrow('other.zip is not an Atelier export: it has no manifest.json.');
    const foreign = zipSync({ 'manifest.json': new TextEncoder().encode('{"name":"some app"}') });
    await expect(storage.importZip(file(foreign, 'foreign.zip'))).rejects.toThrow(InvalidExportError);
    const newer = zipSync({
      'manifest.json': new TextEncoder().encode('{"format":"atelier-session","version":2}'),
    });
    await expect(storage.importZip(file(newer, 'newer.zip'))).rejects.toThrow(/format version 2/);
    const broken = zipSync({
      'manifest.json': new TextEncoder().encode(
        JSON.stringify({
          format: 'atelier-session',
          version: 1,
          exportedAt: 'x',
          generations: [{ id: 'g' }],
          images: [],
        }),
      ),
    });
    await expect(storage.importZip(file(broken, 'broken.zip'))).rejects.toThrow(
      /broken.zip is not a valid Atelier export: manifest.json has a problem at generations\.0\.batchId/,
    );
    expect(await db.variants.count()).toBe(0);
  });

  it('refuses a ZIP whose image bytes were changed, naming the file, and imports nothing', async () => {
    const { storage } = openTestStorage();
    await seedLineage(storage);
    const files = unzipSync(new Uint8Array(await (await storage.exportZip()).arrayBuffer()));
    files['images/upload.png'] = new TextEncoder().encode('tampered');
    const tampered = new File([zipSync(files) as Uint8Array<ArrayBuffer>], 'session.zip');
    const fresh = openTestStorage();
    await expect(fresh.storage.importZip(tampered)).rejects.toThrow(
      /session.zip is damaged: the bytes of images\/upload.png do not match/,
    );
    expect(await fresh.db.images.count()).toBe(0);
    expect(await fresh.db.variants.count()).toBe(0);
  });
});

describe('a full disk', () => {
  it('throws StorageFullError with a plain message and keeps everything stored before', async () => {
    const { storage, disk } = openTestStorage();
    await storeFinished(storage, variant('g1'));
    await storage.saveDraft({
      key: 'current',
      mode: 'generate',
      params: {},
      board: [],
      mask: { operations: [], undone: [], natural: null },
      savedAt: 1,
    });

    disk.full = true;
    const write = storage.putImage(image('late', { variantId: 'g2', role: 'final' }));
    await expect(write).rejects.toThrow(StorageFullError);
    await expect(write).rejects.toThrow(
      "The browser's storage for Atelier is full: the final image was not saved. Delete generations you no longer need or export them to a ZIP, then try again.",
    );
    await expect(
      storage.saveDraft({
        key: 'current',
        mode: 'edit',
        params: {},
        board: [],
        mask: { operations: [], undone: [], natural: null },
        savedAt: 2,
      }),
    ).rejects.toThrow(/full: the draft was not saved/);
    disk.full = false;

    expect(await storage.getImage('g1-final')).not.toBeNull();
    expect((await storage.listGallery()).map((entry) => entry.variant.id)).toEqual(['g1']);
    expect((await storage.loadDraft())?.savedAt).toBe(1);
  });

  it('leaves no half-imported session when the variants no longer fit', async () => {
    const { storage } = openTestStorage();
    await seedLineage(storage);
    const zip = await storage.exportZip();
    const fresh = openTestStorage();
    fresh.disk.full = true;
    fresh.disk.tables = ['variants'];
    await expect(fresh.storage.importZip(zip)).rejects.toThrow(/full: the imported session was not saved/);
    expect(await fresh.db.images.count()).toBe(0);
  });

  it('recognises the quota error inside the AbortError a failed transaction rejects with', () => {
    const aborted = new Dexie.AbortError(
      'Transaction aborted',
      new DOMException('quota', 'QuotaExceededError'),
    );
    expect(toStorageError(aborted, 'the draft', 'save')).toBeInstanceOf(StorageFullError);
    const other = toStorageError(
      new Dexie.AbortError('Transaction aborted', new Error('disk I/O')),
      'the draft',
      'save',
    );
    expect(other).toBeInstanceOf(StorageError);
    expect(other).not.toBeInstanceOf(StorageFullError);
    expect(other.message).toMatch(
      /^Atelier could not save the draft in the browser's storage: Transaction aborted/,
    );
  });
});

describe('an existing browser’s history', () => {
  it('opens unchanged after the move from generations to variants (database version 1 to the newest)', async () => {
    const indexedDB = new IDBFactory();
    const legacy = new Dexie('atelier-legacy', { indexedDB, IDBKeyRange });
    legacy.version(1).stores({
      generations: 'id, batchId, startedAt, status, deletedAt',
      images: 'id, generationId, [generationId+role+sequence], sha256',
      drafts: 'key',
    });
    const { runId, ...stored } = variant('old', { status: 'interrupted' });
    await legacy.table('generations').add({ ...stored, batchId: runId });
    /** An image record as version 1 stored it: its variant under `generationId`. */
    const legacyImage = (record: NewImage, sha: string) => {
      const { variantId, ...rest } = { ...record, sha256: sha.repeat(64), createdAt: 5 };
      return { ...rest, generationId: variantId };
    };
    await legacy
      .table('images')
      .add(legacyImage(image('old-p1', { variantId: 'old', role: 'partial', sequence: 1 }), 'a'));
    await legacy.table('images').add(legacyImage(image('in-1'), 'b'));
    legacy.close();

    const db = new StudioDb('atelier-legacy', { indexedDB, IDBKeyRange });
    const storage = createStudioStorage(db, { storageManager: null });
    const [entry] = await storage.listGallery();
    expect(entry!.variant).toMatchObject({ id: 'old', runId: 'batch-old', status: 'interrupted' });
    expect(entry!.lastPartial).toMatchObject({ id: 'old-p1', variantId: 'old', sequence: 1 });
    expect(await storage.getImage('in-1')).toMatchObject({ variantId: null, role: 'input' });
    // The old store is gone; later versions only add stores.
    expect(db.tables.map((table) => table.name).sort()).toEqual([
      'drafts',
      'images',
      'presets',
      'prompts',
      'settings',
      'spend',
      'variants',
    ]);
    db.close();
  });
});

import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { createModelRegistry, validateGenerationBody } from '../contract/index.ts';
import { createStudioStorage, StudioDb } from './db.ts';
import type { VariantRecord } from './records.ts';
import { openTestStorage } from './testing/testStorage.ts';

const checked = validateGenerationBody({ prompt: 'a lantern', model: 'gpt-image-2' }, createModelRegistry());
if (!checked.ok) throw new Error(checked.error.body.error.message);
const request = checked.value;

/** A variant as it is recorded the moment its request is sent. */
function sent(id: string, overrides: Partial<VariantRecord> = {}): VariantRecord {
  return {
    id,
    runId: `run-${id}`,
    variantIndex: 0,
    variantCount: 1,
    kind: 'generation',
    request,
    params: { prompt: 'a lantern', model: 'gpt-image-2', n: 1 },
    status: 'streaming',
    startedAt: 1_000,
    finishedAt: null,
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

const usage = { textInputTokens: 10, imageInputTokens: 0, outputTokens: 1_000 };
const billed = (finishedAt: number, costDollars: number) =>
  ({ status: 'done', finishedAt, usage, costDollars }) as const;

describe('the spend ledger', () => {
  it('enters a variant when its cost is recorded, whatever its status, once however often it is written', async () => {
    const { storage } = openTestStorage();
    for (const id of ['done', 'cancelled', 'unbilled']) await storage.beginVariant(sent(id));
    await storage.updateVariant('done', { status: 'streaming' });
    expect(await storage.spendSince(null)).toEqual([]);

    await storage.updateVariant('done', billed(5_000, 0.04));
    // The stream failed after its final arrived: the outcome is written again, with the same usage.
    await storage.updateVariant('done', { ...billed(5_200, 0.04), status: 'error' });
    await storage.updateVariant('cancelled', { ...billed(6_000, 0.01), status: 'cancelled' });
    await storage.updateVariant('unbilled', { status: 'cancelled', finishedAt: 7_000 });

    const entries = await storage.spendSince(null);
    expect(entries.sort((a, b) => a.at - b.at)).toEqual([
      { variantId: 'done', runId: 'run-done', at: 5_200, model: 'gpt-image-2', dollars: 0.04 },
      { variantId: 'cancelled', runId: 'run-cancelled', at: 6_000, model: 'gpt-image-2', dollars: 0.01 },
    ]);
  });

  it('keeps every entry when results are deleted, purged or exported and imported', async () => {
    const { storage, db } = openTestStorage();
    await storage.beginVariant(sent('a'));
    await storage.updateVariant('a', billed(5_000, 0.04));
    const before = await storage.spendSince(null);
    expect(before).toHaveLength(1);

    await storage.softDelete(['a'], 6_000);
    expect(await storage.spendSince(null)).toEqual(before);
    await storage.undoDelete(['a']);
    const zip = await storage.exportZip();
    await storage.softDelete(['a'], 7_000);
    expect(await storage.purgeDeleted(Number.POSITIVE_INFINITY)).toBe(1);
    expect(await db.variants.count()).toBe(0);
    expect(await storage.spendSince(null)).toEqual(before);

    // The result comes back from the export; it was paid for once, and is counted once.
    expect((await storage.importZip(zip)).variants).toBe(1);
    expect(await storage.spendSince(null)).toEqual(before);
    // In another browser it was not paid for at all: its ledger is that browser's own.
    const other = openTestStorage();
    await other.storage.importZip(zip);
    expect(await other.storage.spendSince(null)).toEqual([]);
  });

  it('writes the cost and its entry together, or neither', async () => {
    const { storage, disk } = openTestStorage();
    await storage.beginVariant(sent('a'));
    disk.full = true;
    disk.tables = ['spend'];
    await expect(storage.updateVariant('a', billed(5_000, 0.04))).rejects.toThrow();
    disk.full = false;
    expect(await storage.getVariant('a')).toMatchObject({ status: 'streaming', costDollars: null });
    expect(await storage.spendSince(null)).toEqual([]);
  });

  it('reads the entries from a time on, that time included', async () => {
    const { storage } = openTestStorage();
    for (const [id, at] of [
      ['early', 1_999],
      ['on-time', 2_000],
      ['late', 3_000],
    ] as const) {
      await storage.beginVariant(sent(id));
      await storage.updateVariant(id, billed(at, 0.01));
    }
    const ids = async (since: number | null) =>
      (await storage.spendSince(since)).map((entry) => entry.variantId).sort();
    expect(await ids(2_000)).toEqual(['late', 'on-time']);
    expect(await ids(3_001)).toEqual([]);
    expect(await ids(null)).toEqual(['early', 'late', 'on-time']);
  });

  it('starts from the costs of the results an earlier version of the studio stored (database version 4)', async () => {
    const indexedDB = new IDBFactory();
    const legacy = new Dexie('atelier-v4', { indexedDB, IDBKeyRange });
    legacy.version(4).stores({
      variants: 'id, runId, startedAt, status, deletedAt, request.model.id',
      images: 'id, variantId, [variantId+role+sequence], sha256',
      drafts: 'key',
    });
    await legacy
      .table('variants')
      .bulkAdd([
        sent('paid', { status: 'done', finishedAt: 4_000, usage, costDollars: 0.03 }),
        sent('deleted', { status: 'done', finishedAt: 4_500, usage, costDollars: 0.02, deletedAt: 5_000 }),
        sent('interrupted', { status: 'interrupted', finishedAt: 4_800 }),
      ]);
    legacy.close();

    const storage = createStudioStorage(new StudioDb('atelier-v4', { indexedDB, IDBKeyRange }), {
      storageManager: null,
    });
    const entries = await storage.spendSince(null);
    expect(entries.map(({ variantId, at, dollars }) => ({ variantId, at, dollars }))).toEqual([
      { variantId: 'deleted', at: 4_500, dollars: 0.02 },
      { variantId: 'paid', at: 4_000, dollars: 0.03 },
    ]);
  });
});

describe('settings', () => {
  it('are undefined until saved, and come back as last saved', async () => {
    const { storage } = openTestStorage();
    expect(await storage.loadSetting('budget')).toBeUndefined();
    await storage.saveSetting('budget', 2.5);
    await storage.saveSetting('budget', null);
    await storage.saveSetting('spendPeriod', 'today');
    expect(await storage.loadSetting('budget')).toBeNull();
    expect(await storage.loadSetting('spendPeriod')).toBe('today');
  });
});

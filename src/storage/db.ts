/**
 * The studio's IndexedDB database (Dexie) and the StudioStorage implemented over it. Every read is a
 * plain Dexie query, so a liveQuery (useLiveQuery in the UI) over any of them re-runs when what it read
 * changes.
 */
import { Dexie, type DexieOptions, type EntityTable } from 'dexie';
import { guarded } from './errors.ts';
import { containsEveryWord } from './textSearch.ts';
import type {
  DraftRecord,
  ImageRecord,
  PresetRecord,
  PromptRecord,
  SettingRecord,
  SpendEntry,
  VariantRecord,
} from './records.ts';
import { sha256Hex } from './sha256.ts';
import { enterSpend, spendEntryOf, spendSince } from './spendLedger.ts';
import type {
  GalleryEntry,
  GalleryFilter,
  ImportSummary,
  StorageUse,
  StudioStorage,
} from './studioStorage.ts';

/** A variant as database version 1 kept it. */
type LegacyGenerationRecord = Omit<VariantRecord, 'runId'> & { batchId: string };

export class StudioDb extends Dexie {
  variants!: EntityTable<VariantRecord, 'id'>;
  images!: EntityTable<ImageRecord, 'id'>;
  drafts!: EntityTable<DraftRecord, 'key'>;
  spend!: EntityTable<SpendEntry, 'variantId'>;
  prompts!: EntityTable<PromptRecord, 'text'>;
  presets!: EntityTable<PresetRecord, 'id'>;
  settings!: EntityTable<SettingRecord, 'key'>;

  /** `options` lets tests hand in fake-indexeddb's IDBFactory and IDBKeyRange. */
  constructor(name: string, options?: DexieOptions) {
    super(name, options);
    // Null is not a valid IndexedDB key, so records with a null deletedAt or variantId stay out of
    // those indexes: `deletedAt` lists exactly the deleted variants, `variantId` only generated images.
    this.version(1).stores({
      generations: 'id, batchId, startedAt, status, deletedAt',
      images: 'id, generationId, [generationId+role+sequence], sha256',
      drafts: 'key',
    });
    // Version 2 speaks of runs and variants (design.md: one word for one thing). IndexedDB cannot rename
    // a store, so the records move into `variants` with their run's id under `runId`, and images name
    // their variant as `variantId`; version 3 drops the emptied store. An existing history opens as it was.
    this.version(2)
      .stores({
        variants: 'id, runId, startedAt, status, deletedAt',
        images: 'id, variantId, [variantId+role+sequence], sha256',
      })
      .upgrade(async (transaction) => {
        const old = await transaction.table<LegacyGenerationRecord>('generations').toArray();
        await transaction
          .table<VariantRecord>('variants')
          .bulkAdd(old.map(({ batchId, ...variant }) => ({ ...variant, runId: batchId })));
        await transaction
          .table<ImageRecord & { generationId?: string | null }>('images')
          .toCollection()
          .modify((image) => {
            image.variantId = image.generationId ?? null;
            delete image.generationId;
          });
      });
    this.version(3).stores({ generations: null });
    // Version 4 indexes each variant's model, so the gallery's model filter lists the models in use
    // without reading every variant.
    this.version(4).stores({ variants: 'id, runId, startedAt, status, deletedAt, request.model.id' });
    // Version 5 keeps what outlives a result: the spend ledger (one entry per billed variant, counted by
    // when it finished), the prompts sent, saved presets and studio settings such as the budget.
    this.version(5)
      .stores({
        spend: 'variantId, at',
        prompts: 'text, usedAt',
        presets: 'id, name',
        settings: 'key',
      })
      // What earlier visits spent is in their results' costs: those still stored start the ledger.
      .upgrade(async (transaction) => {
        const variants = await transaction.table<VariantRecord>('variants').toArray();
        const entries = variants.map(spendEntryOf).filter((entry) => entry !== null);
        await transaction.table<SpendEntry>('spend').bulkPut(entries);
      });
  }
}

/** The parts of navigator.storage the studio uses; any of them may be missing (older Safari, insecure origins). */
export type StorageManagerLike = Partial<Pick<StorageManager, 'estimate' | 'persisted' | 'persist'>>;

export interface StudioStorageEnv {
  /** navigator.storage by default. */
  storageManager?: StorageManagerLike | null;
  /** Stamps images' createdAt; Date.now by default. */
  now?: () => number;
}

const DRAFT_KEY = 'current';
/** Variants per read when all are read: a few tens of milliseconds' work for IndexedDB each. */
const VARIANT_PAGE = 500;

/** The ZIP format (fflate and its checks) is loaded on the first export or import, not with the page. */
const sessionArchive = () => import('./sessionArchive.ts');

function matchesFilter(variant: VariantRecord, filter: GalleryFilter): boolean {
  if (filter.model && variant.request.model.id !== filter.model) return false;
  if (filter.kind && variant.kind !== filter.kind) return false;
  return containsEveryWord(variant.request.prompt, filter.text ?? '');
}

function oldestFirst(a: VariantRecord, b: VariantRecord): number {
  return a.startedAt - b.startedAt || a.runId.localeCompare(b.runId) || a.variantIndex - b.variantIndex;
}

/** Variants of one batch keep their order when the batch as a whole is newest-first. */
function newestFirst(a: VariantRecord, b: VariantRecord): number {
  return b.startedAt - a.startedAt || a.runId.localeCompare(b.runId) || a.variantIndex - b.variantIndex;
}

/** The images a variant refers to beyond its own partials and final: what lineage needs. */
function referencedImageIds(variant: VariantRecord): string[] {
  return [
    ...variant.inputImageIds,
    ...(variant.maskImageId ? [variant.maskImageId] : []),
    ...(variant.parentImageId ? [variant.parentImageId] : []),
  ];
}

function defaultStorageManager(): StorageManagerLike | null {
  return typeof navigator === 'undefined' ? null : (navigator.storage ?? null);
}

export function createStudioStorage(db: StudioDb, env: StudioStorageEnv = {}): StudioStorage {
  const storageManager = env.storageManager === undefined ? defaultStorageManager() : env.storageManager;
  const now = env.now ?? Date.now;

  async function newestPartial(variantId: string): Promise<ImageRecord | null> {
    const partial = await db.images
      .where('[variantId+role+sequence]')
      .between([variantId, 'partial', Dexie.minKey], [variantId, 'partial', Dexie.maxKey])
      .last();
    return partial ?? null;
  }

  async function liveVariants(): Promise<VariantRecord[]> {
    const all = await db.variants.toArray();
    return all.filter((variant) => variant.deletedAt === null);
  }

  /** A final is stored with sequence 0, so it is one exact key of the compound index. */
  async function finalImage(variantId: string): Promise<ImageRecord | null> {
    const final = await db.images.where('[variantId+role+sequence]').equals([variantId, 'final', 0]).first();
    return final ?? null;
  }

  /** A variant's own image of a role kept once (sequence 0): its final, raw output, drift map, composite. */
  async function ownImage(variantId: string, role: ImageRecord['role']): Promise<ImageRecord | null> {
    const image = await db.images.where('[variantId+role+sequence]').equals([variantId, role, 0]).first();
    return image ?? null;
  }

  /**
   * A touched-up final that is no longer the final: kept (as a `composite` after the paste-back's own) when
   * a later edit sent it, so that edit's lineage keeps the bytes it started from; otherwise deleted. Runs
   * inside the caller's transaction.
   */
  async function retireTouchedUp(image: ImageRecord): Promise<void> {
    const sentLater = await db.variants
      .filter((variant) => variant.parentImageId === image.id || variant.inputImageIds.includes(image.id))
      .first();
    if (!sentLater) {
      await db.images.delete(image.id);
      return;
    }
    const kept = await db.images
      .where('[variantId+role+sequence]')
      .between([image.variantId, 'composite', Dexie.minKey], [image.variantId, 'composite', Dexie.maxKey])
      .last();
    await db.images.update(image.id, { role: 'composite', sequence: (kept?.sequence ?? 0) + 1 });
  }

  /**
   * The variants with the images the gallery shows for them. One exact lookup per image: Dexie's anyOf over
   * compound keys is several times slower in Chromium once the table holds thousands of images.
   */
  async function entriesOf(variants: VariantRecord[]): Promise<GalleryEntry[]> {
    const ids = variants.map((variant) => variant.id);
    const [finals, partials] = await Promise.all([
      Promise.all(ids.map(finalImage)),
      Promise.all(ids.map(newestPartial)),
    ]);
    return variants.map((variant, index) => ({
      variant,
      final: finals[index]!,
      lastPartial: partials[index]!,
    }));
  }

  /**
   * Every variant, read in pages by id (a getAll each; a Dexie filter would walk a cursor, a round trip per
   * record). Between pages IndexedDB answers other reads, such as the images of the cards in view, which
   * one read of thousands of variants would hold up until it ended.
   */
  function everyVariant(): Promise<VariantRecord[]> {
    const all: VariantRecord[] = [];
    // A chain of Dexie's own promises, not native awaits in a loop: Dexie follows a live query's reads (and
    // a transaction) through its promises, and loses them across a native await between two reads.
    const nextPage = (): Promise<VariantRecord[]> => {
      const last = all.at(-1);
      return (last ? db.variants.where('id').above(last.id) : db.variants.toCollection())
        .limit(VARIANT_PAGE)
        .toArray()
        .then((page) => {
          all.push(...page);
          return page.length < VARIANT_PAGE ? all : nextPage();
        });
    };
    return nextPage();
  }

  /**
   * The live variants matching the filter, newest first. With a limit, only the newest are read, through
   * the startedAt index, so start-up reads as much with 5,000 stored results as with 50.
   */
  async function newestVariants(filter: GalleryFilter): Promise<VariantRecord[]> {
    const wanted = (variant: VariantRecord) => variant.deletedAt === null && matchesFilter(variant, filter);
    const { limit } = filter;
    if (limit === undefined) return (await everyVariant()).filter(wanted).sort(newestFirst);
    const newest = await db.variants.orderBy('startedAt').reverse().filter(wanted).limit(limit).toArray();
    const cut = newest.at(-1);
    if (newest.length < limit || !cut) return newest.sort(newestFirst);
    // The index orders variants started in the same millisecond by id, the gallery by run and place in it:
    // every variant tied at the cut is read, so the cut falls where sorting them all would put it.
    const tied = await db.variants.where('startedAt').equals(cut.startedAt).filter(wanted).toArray();
    return [...newest.filter((variant) => variant.startedAt !== cut.startedAt), ...tied]
      .sort(newestFirst)
      .slice(0, limit);
  }

  const storage: StudioStorage = {
    loadDraft: () => guarded('the draft', 'read', async () => (await db.drafts.get(DRAFT_KEY)) ?? null),

    saveDraft: (draft) =>
      guarded('the draft', 'save', async () => {
        await db.drafts.put(draft);
      }),

    beginVariant: (record) =>
      guarded('the new generation', 'save', async () => {
        await db.variants.put(record);
      }),

    updateVariant: (id, patch) =>
      guarded('the generation', 'save', () =>
        db.transaction('rw', db.variants, db.spend, async () => {
          const updated = await db.variants.update(id, patch);
          if (updated === 0) throw new Error(`there is no variant ${id}.`);
          if (patch.costDollars != null) await enterSpend(db, (await db.variants.get(id))!);
        }),
      ),

    putImage: (image) =>
      guarded(`the ${image.role} image`, 'save', async () => {
        // Hashed before the transaction: awaiting anything but Dexie inside one would let it commit early.
        const sha256 = await sha256Hex(image.blob);
        const record: ImageRecord = { ...image, sha256, createdAt: now() };
        // A variant's own images are never shared; inputs and masks may be sent by many edits.
        if (image.variantId !== null) {
          await db.images.put(record);
          return record;
        }
        return db.transaction('rw', db.images, async () => {
          const twin = await db.images.where('sha256').equals(sha256).first();
          if (twin) return twin;
          await db.images.put(record);
          return record;
        });
      }),

    getImage: (id) => guarded('the image', 'read', async () => (await db.images.get(id)) ?? null),

    variantImage: (variantId, role) => guarded(`the ${role} image`, 'read', () => ownImage(variantId, role)),

    touchUpFinal: (variantId, final, drift, inpaint) =>
      guarded('the touched-up image', 'save', async () => {
        // Hashed before the transaction: awaiting anything but Dexie inside one would let it commit early.
        const [finalSha, driftSha] = await Promise.all([sha256Hex(final.blob), sha256Hex(drift.blob)]);
        const at = now();
        const finalRecord: ImageRecord = { ...final, sha256: finalSha, createdAt: at };
        const driftRecord: ImageRecord = { ...drift, sha256: driftSha, createdAt: at };
        return db.transaction('rw', db.variants, db.images, async () => {
          if (!(await db.variants.get(variantId))) throw new Error(`there is no variant ${variantId}.`);
          const [current, currentDrift, composite] = await Promise.all([
            ownImage(variantId, 'final'),
            ownImage(variantId, 'drift'),
            ownImage(variantId, 'composite'),
          ]);
          if (composite) {
            if (current) await retireTouchedUp(current);
            if (currentDrift) await db.images.delete(currentDrift.id);
          } else {
            if (current) await db.images.update(current.id, { role: 'composite' });
            if (currentDrift) await db.images.update(currentDrift.id, { role: 'composite-drift' });
          }
          await db.images.bulkPut([finalRecord, driftRecord]);
          await db.variants.update(variantId, { inpaint });
          return finalRecord;
        });
      }),

    revertTouchUp: (variantId, inpaint) =>
      guarded('the reverted image', 'save', () =>
        db.transaction('rw', db.variants, db.images, async () => {
          const [current, currentDrift, composite, compositeDrift] = await Promise.all([
            ownImage(variantId, 'final'),
            ownImage(variantId, 'drift'),
            ownImage(variantId, 'composite'),
            ownImage(variantId, 'composite-drift'),
          ]);
          if (!composite) return null;
          if (current) await retireTouchedUp(current);
          if (currentDrift) await db.images.delete(currentDrift.id);
          await db.images.update(composite.id, { role: 'final' });
          if (compositeDrift) await db.images.update(compositeDrift.id, { role: 'drift' });
          await db.variants.update(variantId, { inpaint });
          return { ...composite, role: 'final' as const };
        }),
      ),

    setThumbnail: (imageId, thumbnail) =>
      guarded('the thumbnail', 'save', async () => {
        await db.images.update(imageId, { thumbnail });
      }),

    getVariant: (id) => guarded('the generation', 'read', async () => (await db.variants.get(id)) ?? null),

    variantOfImage: (imageId) =>
      guarded('the image', 'read', () =>
        db.transaction('r', db.images, db.variants, async () => {
          const image = await db.images.get(imageId);
          if (!image?.variantId) return null;
          return (await db.variants.get(image.variantId)) ?? null;
        }),
      ),

    markInterrupted: (isTabAlive) =>
      guarded('the interrupted generations', 'save', () =>
        db.transaction('rw', db.variants, db.images, async () => {
          const orphaned = (await db.variants.where('status').equals('streaming').toArray()).filter(
            (variant) => !isTabAlive(variant.tabId),
          );
          const interrupted: VariantRecord[] = [];
          for (const variant of orphaned) {
            const images = await db.images.where('variantId').equals(variant.id).toArray();
            const finishedAt = Math.max(variant.startedAt, ...images.map((image) => image.createdAt));
            const patch = { status: 'interrupted', finishedAt } as const;
            await db.variants.update(variant.id, patch);
            interrupted.push({ ...variant, ...patch });
          }
          return interrupted;
        }),
      ),

    listGallery: (filter = {}) =>
      guarded('the gallery', 'read', () =>
        db.transaction('r', db.variants, db.images, async () => entriesOf(await newestVariants(filter))),
      ),

    listGalleryVariants: (filter = {}) => guarded('the gallery', 'read', () => newestVariants(filter)),

    galleryEntries: (variantIds) =>
      guarded('the gallery', 'read', () =>
        db.transaction('r', db.variants, db.images, async () => {
          const variants = await db.variants.bulkGet([...variantIds]);
          const live = (variant: VariantRecord | undefined): variant is VariantRecord =>
            variant !== undefined && variant.deletedAt === null;
          return entriesOf(variants.filter(live));
        }),
      ),

    listVariants: () =>
      guarded('the generations', 'read', async () => (await liveVariants()).sort(oldestFirst)),

    listModels: () =>
      guarded('the models', 'read', () =>
        db.transaction('r', db.variants, async () => {
          const byModel = db.variants.orderBy('request.model.id');
          const models = (await byModel.uniqueKeys()) as string[];
          // Deleted variants stay until purged: a model that only they used is left out.
          const live = await Promise.all(
            models.map((model) =>
              db.variants
                .where('request.model.id')
                .equals(model)
                .filter((variant) => variant.deletedAt === null)
                .first(),
            ),
          );
          return models.filter((_, index) => live[index] !== undefined);
        }),
      ),

    softDelete: (variantIds, deletedAt) =>
      guarded('the deletion', 'save', async () => {
        await db.variants.where('id').anyOf(variantIds).modify({ deletedAt });
      }),

    undoDelete: (variantIds) =>
      guarded('the undo', 'save', async () => {
        await db.variants.where('id').anyOf(variantIds).modify({ deletedAt: null });
      }),

    purgeDeleted: (before) =>
      guarded('the deleted generations', 'delete', () =>
        db.transaction('rw', db.variants, db.images, async () => {
          const purged = await db.variants.where('deletedAt').below(before).toArray();
          if (purged.length === 0) return 0;
          const purgedIds = new Set(purged.map((variant) => variant.id));
          const remaining = (await db.variants.toArray()).filter((variant) => !purgedIds.has(variant.id));
          const remainingIds = new Set(remaining.map((variant) => variant.id));
          const stillReferenced = new Set(remaining.flatMap(referencedImageIds));
          const own = await db.images
            .where('variantId')
            .anyOf([...purgedIds])
            .primaryKeys();
          const referenced = await db.images.bulkGet([...new Set(purged.flatMap(referencedImageIds))]);
          // An image another variant still sent (an input, a mask, a result edited further) stays; a
          // referenced result goes once its own variant is gone too, or it would never be purged.
          const unused = [
            ...own,
            ...referenced
              .filter((image) => image !== undefined)
              .filter((image) => image.variantId === null || !remainingIds.has(image.variantId))
              .map((image) => image.id),
          ].filter((id) => !stillReferenced.has(id));
          await db.images.bulkDelete(unused);
          await db.variants.bulkDelete([...purgedIds]);
          return purged.length;
        }),
      ),

    spendSince: (since) => guarded('the spending', 'read', () => spendSince(db, since)),

    loadSetting: (key) => guarded('the settings', 'read', async () => (await db.settings.get(key))?.value),

    saveSetting: (key, value) =>
      guarded('the settings', 'save', async () => {
        await db.settings.put({ key, value });
      }),

    usage: async () => {
      const estimate = await storageManager?.estimate?.().catch(() => null);
      return {
        usedBytes: estimate?.usage ?? null,
        quotaBytes: estimate?.quota ?? null,
        persisted: (await storageManager?.persisted?.().catch(() => false)) ?? false,
      } satisfies StorageUse;
    },

    requestPersistence: async () => (await storageManager?.persist?.().catch(() => false)) ?? false,

    exportZip: (variantIds) =>
      guarded('the export', 'read', async () => {
        const contents = await db.transaction('r', db.variants, db.images, async () => {
          const variants = variantIds
            ? (await db.variants.bulkGet([...variantIds])).filter((found) => found !== undefined)
            : await liveVariants();
          variants.sort(oldestFirst);
          const ownIds = variants.map((variant) => variant.id);
          const own = await db.images.where('variantId').anyOf(ownIds).toArray();
          const ownImageIds = new Set(own.map((image) => image.id));
          const referencedIds = [...new Set(variants.flatMap(referencedImageIds))].filter(
            (id) => !ownImageIds.has(id),
          );
          // A referenced image purged since is left out; the lineage then stops there, as it does here.
          const referenced = (await db.images.bulkGet(referencedIds)).filter((found) => found !== undefined);
          return { variants, images: [...referenced, ...own] };
        });
        const { buildSessionZip } = await sessionArchive();
        return buildSessionZip(contents, new Date(now()));
      }),

    importZip: async (zip) => {
      const { readSessionZip } = await sessionArchive();
      const contents = await readSessionZip(zip);
      return guarded('the imported session', 'save', () =>
        db.transaction('rw', db.variants, db.images, async (): Promise<ImportSummary> => {
          const presentGenerations = await db.variants.bulkGet(contents.variants.map(({ id }) => id));
          const newGenerations = contents.variants.filter((_, index) => !presentGenerations[index]);
          const presentImages = await db.images.bulkGet(contents.images.map(({ id }) => id));
          const newImages = contents.images.filter((_, index) => !presentImages[index]);
          await db.images.bulkAdd(newImages);
          await db.variants.bulkAdd(newGenerations);
          return {
            variants: newGenerations.length,
            images: newImages.length,
            skipped:
              contents.variants.length - newGenerations.length + (contents.images.length - newImages.length),
          };
        }),
      );
    },
  };
  return storage;
}

/**
 * The studio's IndexedDB database (Dexie) and the StudioStorage implemented over it. Every read is a
 * plain Dexie query, so a liveQuery (useLiveQuery in the UI) over any of them re-runs when what it read
 * changes.
 */
import { Dexie, type DexieOptions, type EntityTable } from 'dexie';
import { toStorageError, type StorageAction } from './errors.ts';
import type { DraftRecord, GenerationRecord, ImageRecord } from './records.ts';
import { buildSessionZip, readSessionZip } from './sessionArchive.ts';
import { sha256Hex } from './sha256.ts';
import type {
  GalleryEntry,
  GalleryFilter,
  ImportSummary,
  StorageUse,
  StudioStorage,
} from './studioStorage.ts';

export class StudioDb extends Dexie {
  generations!: EntityTable<GenerationRecord, 'id'>;
  images!: EntityTable<ImageRecord, 'id'>;
  drafts!: EntityTable<DraftRecord, 'key'>;

  /** `options` lets tests hand in fake-indexeddb's IDBFactory and IDBKeyRange. */
  constructor(name: string, options?: DexieOptions) {
    super(name, options);
    // Null is not a valid IndexedDB key, so records with a null deletedAt or generationId stay out of
    // those indexes: `deletedAt` lists exactly the deleted generations, `generationId` only generated images.
    this.version(1).stores({
      generations: 'id, batchId, startedAt, status, deletedAt',
      images: 'id, generationId, [generationId+role+sequence], sha256',
      drafts: 'key',
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

function matchesFilter(generation: GenerationRecord, filter: GalleryFilter): boolean {
  if (filter.model && generation.request.model.id !== filter.model) return false;
  if (filter.kind && generation.kind !== filter.kind) return false;
  const words = (filter.text ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const prompt = generation.request.prompt.toLowerCase();
  return words.every((word) => prompt.includes(word));
}

function oldestFirst(a: GenerationRecord, b: GenerationRecord): number {
  return a.startedAt - b.startedAt || a.batchId.localeCompare(b.batchId) || a.variantIndex - b.variantIndex;
}

/** Variants of one batch keep their order when the batch as a whole is newest-first. */
function newestFirst(a: GenerationRecord, b: GenerationRecord): number {
  return b.startedAt - a.startedAt || a.batchId.localeCompare(b.batchId) || a.variantIndex - b.variantIndex;
}

/** The images a generation refers to beyond its own partials and final: what lineage needs. */
function referencedImageIds(generation: GenerationRecord): string[] {
  return [
    ...generation.inputImageIds,
    ...(generation.maskImageId ? [generation.maskImageId] : []),
    ...(generation.parentImageId ? [generation.parentImageId] : []),
  ];
}

function defaultStorageManager(): StorageManagerLike | null {
  return typeof navigator === 'undefined' ? null : (navigator.storage ?? null);
}

export function createStudioStorage(db: StudioDb, env: StudioStorageEnv = {}): StudioStorage {
  const storageManager = env.storageManager === undefined ? defaultStorageManager() : env.storageManager;
  const now = env.now ?? Date.now;

  async function guarded<T>(what: string, action: StorageAction, operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw toStorageError(error, what, action);
    }
  }

  async function newestPartial(generationId: string): Promise<ImageRecord | null> {
    const partial = await db.images
      .where('[generationId+role+sequence]')
      .between([generationId, 'partial', Dexie.minKey], [generationId, 'partial', Dexie.maxKey])
      .last();
    return partial ?? null;
  }

  async function liveGenerations(): Promise<GenerationRecord[]> {
    const all = await db.generations.toArray();
    return all.filter((generation) => generation.deletedAt === null);
  }

  const storage: StudioStorage = {
    loadDraft: () => guarded('the draft', 'read', async () => (await db.drafts.get(DRAFT_KEY)) ?? null),

    saveDraft: (draft) =>
      guarded('the draft', 'save', async () => {
        await db.drafts.put(draft);
      }),

    beginGeneration: (record) =>
      guarded('the new generation', 'save', async () => {
        await db.generations.put(record);
      }),

    updateGeneration: (id, patch) =>
      guarded('the generation', 'save', async () => {
        const updated = await db.generations.update(id, patch);
        if (updated === 0) throw new Error(`there is no generation ${id}.`);
      }),

    putImage: (image) =>
      guarded(`the ${image.role} image`, 'save', async () => {
        // Hashed before the transaction: awaiting anything but Dexie inside one would let it commit early.
        const sha256 = await sha256Hex(image.blob);
        const record: ImageRecord = { ...image, sha256, createdAt: now() };
        if (image.role === 'partial' || image.role === 'final') {
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

    getGeneration: (id) =>
      guarded('the generation', 'read', async () => (await db.generations.get(id)) ?? null),

    generationOfImage: (imageId) =>
      guarded('the image', 'read', () =>
        db.transaction('r', db.images, db.generations, async () => {
          const image = await db.images.get(imageId);
          if (!image?.generationId) return null;
          return (await db.generations.get(image.generationId)) ?? null;
        }),
      ),

    markInterrupted: (isTabAlive) =>
      guarded('the interrupted generations', 'save', () =>
        db.transaction('rw', db.generations, db.images, async () => {
          const orphaned = (await db.generations.where('status').equals('streaming').toArray()).filter(
            (generation) => !isTabAlive(generation.tabId),
          );
          const interrupted: GenerationRecord[] = [];
          for (const generation of orphaned) {
            const images = await db.images.where('generationId').equals(generation.id).toArray();
            const finishedAt = Math.max(generation.startedAt, ...images.map((image) => image.createdAt));
            const patch = { status: 'interrupted', finishedAt } as const;
            await db.generations.update(generation.id, patch);
            interrupted.push({ ...generation, ...patch });
          }
          return interrupted;
        }),
      ),

    listGallery: (filter = {}) =>
      guarded('the gallery', 'read', () =>
        db.transaction('r', db.generations, db.images, async () => {
          const generations = (await liveGenerations())
            .filter((generation) => matchesFilter(generation, filter))
            .sort(newestFirst)
            .slice(0, filter.limit);
          const ids = generations.map((generation) => generation.id);
          // A final is stored with sequence 0, so one lookup of exact compound keys fetches them all.
          const finals = await db.images
            .where('[generationId+role+sequence]')
            .anyOf(ids.map((id) => [id, 'final', 0]))
            .toArray();
          const finalOf = new Map(finals.map((image) => [image.generationId, image]));
          const partials = await Promise.all(ids.map(newestPartial));
          return generations.map((generation, index): GalleryEntry => ({
            generation,
            final: finalOf.get(generation.id) ?? null,
            lastPartial: partials[index] ?? null,
          }));
        }),
      ),

    listGenerations: () =>
      guarded('the generations', 'read', async () => (await liveGenerations()).sort(oldestFirst)),

    listModels: () =>
      guarded('the models', 'read', async () => {
        const models = new Set((await liveGenerations()).map((generation) => generation.request.model.id));
        return [...models].sort();
      }),

    softDelete: (generationIds, deletedAt) =>
      guarded('the deletion', 'save', async () => {
        await db.generations.where('id').anyOf(generationIds).modify({ deletedAt });
      }),

    undoDelete: (generationIds) =>
      guarded('the undo', 'save', async () => {
        await db.generations.where('id').anyOf(generationIds).modify({ deletedAt: null });
      }),

    purgeDeleted: (before) =>
      guarded('the deleted generations', 'delete', () =>
        db.transaction('rw', db.generations, db.images, async () => {
          const purged = await db.generations.where('deletedAt').below(before).toArray();
          if (purged.length === 0) return 0;
          const purgedIds = new Set(purged.map((generation) => generation.id));
          const remaining = (await db.generations.toArray()).filter(
            (generation) => !purgedIds.has(generation.id),
          );
          const remainingIds = new Set(remaining.map((generation) => generation.id));
          const stillReferenced = new Set(remaining.flatMap(referencedImageIds));
          const own = await db.images
            .where('generationId')
            .anyOf([...purgedIds])
            .primaryKeys();
          const referenced = await db.images.bulkGet([...new Set(purged.flatMap(referencedImageIds))]);
          // An image another generation still sent (an input, a mask, a result edited further) stays; a
          // referenced result goes once its own generation is gone too, or it would never be purged.
          const unused = [
            ...own,
            ...referenced
              .filter((image) => image !== undefined)
              .filter((image) => image.generationId === null || !remainingIds.has(image.generationId))
              .map((image) => image.id),
          ].filter((id) => !stillReferenced.has(id));
          await db.images.bulkDelete(unused);
          await db.generations.bulkDelete([...purgedIds]);
          return purged.length;
        }),
      ),

    usage: async () => {
      const estimate = await storageManager?.estimate?.().catch(() => null);
      return {
        usedBytes: estimate?.usage ?? null,
        quotaBytes: estimate?.quota ?? null,
        persisted: (await storageManager?.persisted?.().catch(() => false)) ?? false,
      } satisfies StorageUse;
    },

    requestPersistence: async () => (await storageManager?.persist?.().catch(() => false)) ?? false,

    exportZip: (generationIds) =>
      guarded('the export', 'read', async () => {
        const contents = await db.transaction('r', db.generations, db.images, async () => {
          const generations = generationIds
            ? (await db.generations.bulkGet([...generationIds])).filter((found) => found !== undefined)
            : await liveGenerations();
          generations.sort(oldestFirst);
          const ownIds = generations.map((generation) => generation.id);
          const own = await db.images.where('generationId').anyOf(ownIds).toArray();
          const ownImageIds = new Set(own.map((image) => image.id));
          const referencedIds = [...new Set(generations.flatMap(referencedImageIds))].filter(
            (id) => !ownImageIds.has(id),
          );
          // A referenced image purged since is left out; the lineage then stops there, as it does here.
          const referenced = (await db.images.bulkGet(referencedIds)).filter((found) => found !== undefined);
          return { generations, images: [...referenced, ...own] };
        });
        return buildSessionZip(contents, new Date(now()));
      }),

    importZip: async (zip) => {
      const contents = await readSessionZip(zip);
      return guarded('the imported session', 'save', () =>
        db.transaction('rw', db.generations, db.images, async (): Promise<ImportSummary> => {
          const presentGenerations = await db.generations.bulkGet(contents.generations.map(({ id }) => id));
          const newGenerations = contents.generations.filter((_, index) => !presentGenerations[index]);
          const presentImages = await db.images.bulkGet(contents.images.map(({ id }) => id));
          const newImages = contents.images.filter((_, index) => !presentImages[index]);
          await db.images.bulkAdd(newImages);
          await db.generations.bulkAdd(newGenerations);
          return {
            generations: newGenerations.length,
            images: newImages.length,
            skipped:
              contents.generations.length -
              newGenerations.length +
              (contents.images.length - newImages.length),
          };
        }),
      );
    },
  };
  return storage;
}

/**
 * The storage layer's API: everything the studio keeps goes through this interface, implemented over
 * Dexie in db.ts (createStudioStorage). State and UI depend on the interface, so a test can hand them an
 * instance over fake-indexeddb.
 */
import type { ImageRequestKind } from '../contract/index.ts';
import type {
  DraftRecord,
  ImageRecord,
  ImageRole,
  InpaintRecord,
  SpendEntry,
  VariantRecord,
} from './records.ts';

/** An image about to be stored; the storage layer computes its hash (and reuses an input it already has). */
export interface NewImage {
  id: string;
  variantId: string | null;
  role: ImageRole;
  sequence: number;
  blob: Blob;
  format: ImageRecord['format'];
  width: number;
  height: number;
  thumbnail: Blob | null;
  name: string | null;
}

export interface GalleryFilter {
  /** Words that must all appear in the prompt (case-insensitive); empty matches everything. */
  text?: string;
  model?: string | null;
  kind?: ImageRequestKind | null;
  /** At most this many of the newest matches; their images are the only ones read. */
  limit?: number;
}

/** A variant with the images the gallery shows for it. */
export interface GalleryEntry {
  variant: VariantRecord;
  /** The final image, or null when it never arrived. */
  final: ImageRecord | null;
  /** The newest partial image: what is left of an interrupted, failed or cancelled variant. */
  lastPartial: ImageRecord | null;
}

export interface StorageUse {
  usedBytes: number | null;
  quotaBytes: number | null;
  /** True once the browser granted persistent storage (it will not evict the studio's data). */
  persisted: boolean;
}

export interface ImportSummary {
  variants: number;
  images: number;
  /** Records already present with the same id and bytes, left as they were. */
  skipped: number;
}

export interface StudioStorage {
  loadDraft(): Promise<DraftRecord | null>;
  saveDraft(draft: DraftRecord): Promise<void>;

  /** Records a request the moment it is sent. */
  beginVariant(record: VariantRecord): Promise<void>;
  /** A patch that carries the cost also enters the variant in the spend ledger, in the same transaction. */
  updateVariant(
    id: string,
    patch: Partial<
      Pick<
        VariantRecord,
        | 'status'
        | 'finishedAt'
        | 'usage'
        | 'costDollars'
        | 'error'
        | 'inpaint'
        | 'conversation'
        // A background run re-attached by another tab after a reload becomes that tab's.
        | 'tabId'
      >
    >,
  ): Promise<void>;
  /**
   * Stores an image. An input or mask whose bytes are already stored is not stored twice: the record
   * already there is returned instead (its id is what lineage should point at).
   */
  putImage(image: NewImage): Promise<ImageRecord>;
  getImage(id: string): Promise<ImageRecord | null>;
  /** A variant's own image of that role (its raw output, its drift map), or null. */
  variantImage(
    variantId: string,
    role: 'raw' | 'drift' | 'composite' | 'composite-drift',
  ): Promise<ImageRecord | null>;
  /**
   * Makes `final` (a touch-up of a masked edit's composite) the variant's final and `drift` its drift map,
   * with its new inpaint record, all at once. The first time, the paste-back's composite and drift map are
   * kept (roles `composite` and `composite-drift`, their ids unchanged); an earlier touch-up goes, unless a
   * later edit sent it (records.ts ImageRole). Returns the stored final.
   */
  touchUpFinal(
    variantId: string,
    final: NewImage,
    drift: NewImage,
    inpaint: InpaintRecord,
  ): Promise<ImageRecord>;
  /**
   * Makes the paste-back's composite and drift map the variant's final and drift map again (the touch-up
   * goes as touchUpFinal's earlier ones do), with `inpaint`. Returns the final, or null when the variant was
   * never touched up.
   */
  revertTouchUp(variantId: string, inpaint: InpaintRecord): Promise<ImageRecord | null>;
  /**
   * Keeps a thumbnail made after the image was stored (a view made one for an image stored without), so
   * the next visit reads it. Nothing else of the record changes; an image no longer stored is left alone.
   */
  setThumbnail(imageId: string, thumbnail: Blob): Promise<void>;
  getVariant(id: string): Promise<VariantRecord | null>;
  /** The variant that made an image (its final or a partial), for lineage walks. */
  variantOfImage(imageId: string): Promise<VariantRecord | null>;

  /**
   * Marks `streaming` records whose tab is not alive as `interrupted` (finishedAt = the newest image's
   * time, or startedAt) and returns them.
   */
  markInterrupted(isTabAlive: (tabId: string) => boolean): Promise<VariantRecord[]>;

  /** Newest first, deleted ones left out. */
  listGallery(filter?: GalleryFilter): Promise<GalleryEntry[]>;
  /** The same variants without their images: what a long gallery lists before it shows any of them. */
  listGalleryVariants(filter?: GalleryFilter): Promise<VariantRecord[]>;
  /** The entries of these variants, in this order; deleted or unknown ones left out. */
  galleryEntries(variantIds: readonly string[]): Promise<GalleryEntry[]>;
  /** Every variant, deleted ones left out, oldest first: what lineage views are built from. */
  listVariants(): Promise<VariantRecord[]>;
  /** Every model id that appears in the gallery, for the filter. */
  listModels(): Promise<string[]>;

  /** Deletion in two steps so it can be undone: hidden first, purged later. */
  softDelete(variantIds: readonly string[], now: number): Promise<void>;
  undoDelete(variantIds: readonly string[]): Promise<void>;
  /** Removes what was deleted before `before`, with its images (inputs and masks still used stay). */
  purgeDeleted(before: number): Promise<number>;

  /**
   * The spend ledger's entries from `since` on (ms since the epoch), or all of them for null. Deleting,
   * purging or importing results never removes an entry.
   */
  spendSince(since: number | null): Promise<SpendEntry[]>;
  /** A setting kept across visits (the budget, the spend period); undefined when none was saved. */
  loadSetting(key: string): Promise<unknown>;
  saveSetting(key: string, value: unknown): Promise<void>;

  usage(): Promise<StorageUse>;
  /** Asks the browser to keep the studio's data; resolves to whether it is now persisted. */
  requestPersistence(): Promise<boolean>;

  /** A ZIP of the given variants (all when omitted): images plus manifest.json. */
  exportZip(variantIds?: readonly string[]): Promise<Blob>;
  importZip(zip: Blob): Promise<ImportSummary>;
}

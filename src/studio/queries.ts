/**
 * What the UI reads from storage, all on one mechanism: Dexie's live queries, which re-run whenever what
 * they read changes (a result stored, deleted, imported), so no view has to be told.
 * https://dexie.org/docs/dexie-react-hooks/useLiveQuery()
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import type {
  ConversationTurnRecord,
  ImageRecord,
  InpaintRecord,
  PresetRecord,
  PromptRecord,
  SpendEntry,
  VariantRecord,
} from '../storage/records.ts';
import type { GalleryEntry, GalleryFilter, StudioStorage } from '../storage/studioStorage.ts';
import { keepsThumbnail, makeThumbnail } from '../storage/thumbnail.ts';
import { imageDimensions } from './recording.ts';
import { useStudio } from './StudioContext.tsx';

/**
 * The gallery's variants for a filter, newest first, without their images (a long history lists quickly);
 * undefined while the first read is under way, or while `filter` is null (not to be read yet).
 */
export function useGalleryVariants(filter: GalleryFilter | null): VariantRecord[] | undefined {
  const { storage } = useStudio();
  const { text, model, kind, limit } = filter ?? {};
  const reading = filter !== null;
  return useLiveQuery(
    () => (reading ? storage.listGalleryVariants({ text, model, kind, limit }) : undefined),
    [storage, reading, text, model, kind, limit],
  );
}

const NO_ENTRIES: GalleryEntry[] = [];

/** The entries, with their images, of these variants (the cards in view, the ticked ones, the one opened). */
export function useGalleryEntries(variantIds: readonly string[]): GalleryEntry[] | undefined {
  const { storage } = useStudio();
  const key = variantIds.join('\n');
  return useLiveQuery(
    () => (key === '' ? NO_ENTRIES : storage.galleryEntries(key.split('\n'))),
    [storage, key],
  );
}

/**
 * Every stored result, read only while `reading` (history needs them all, to tell a filtered parent from
 * a deleted one).
 */
export function useWholeGallery(reading: boolean): GalleryEntry[] | undefined {
  const { storage } = useStudio();
  return useLiveQuery(() => (reading ? storage.listGallery() : undefined), [storage, reading]);
}

/** Every model id that appears in the gallery, for its filter. */
export function useGalleryModels(): string[] {
  const { storage } = useStudio();
  return useLiveQuery(() => storage.listModels(), [storage]) ?? [];
}

/**
 * The spend ledger's entries from `since` on (null: all of them), read again whenever an entry is written;
 * undefined while the first read is under way.
 */
export function useSpendSince(since: number | null): SpendEntry[] | undefined {
  const { storage } = useStudio();
  return useLiveQuery(() => storage.spendSince(since), [storage, since]);
}

/**
 * The prompts sent, newest first, holding every word of `search`; read only while `reading` (the history
 * list is open), and again whenever a prompt is sent. Undefined while the first read is under way.
 */
export function usePromptHistory(search: string, reading: boolean): PromptRecord[] | undefined {
  const { library } = useStudio();
  return useLiveQuery(() => (reading ? library.listPrompts(search) : undefined), [library, search, reading]);
}

/** The saved presets, by name. */
export function usePresets(): PresetRecord[] | undefined {
  const { library } = useStudio();
  return useLiveQuery(() => library.listPresets(), [library]);
}

/** A stored image by id (a mask, an uploaded source, a reference), which gallery entries do not carry. */
export function useStoredImage(imageId: string | null): ImageRecord | null {
  const { storage } = useStudio();
  const image = useLiveQuery(() => (imageId === null ? null : storage.getImage(imageId)), [storage, imageId]);
  return imageId === null ? null : (image ?? null);
}

/**
 * What a masked edit keeps beside its final (the composite): how it was sent and pasted back, the model's own
 * output as it arrived, and the heatmap of where that output strayed outside the mask.
 */
export interface InpaintParts {
  record: InpaintRecord;
  raw: ImageRecord | null;
  drift: ImageRecord | null;
}

/**
 * Keyed by the final's image id rather than the variant's: every view that shows a result holds that id
 * (a run's image, a gallery entry's, the viewer's), and a partial, an input or a mask is then no masked
 * edit's result without a further check.
 */
export async function inpaintPartsOf(
  storage: StudioStorage,
  finalImageId: string,
): Promise<InpaintParts | null> {
  const image = await storage.getImage(finalImageId);
  if (image?.role !== 'final' || image.variantId === null) return null;
  const variantId = image.variantId;
  const record = (await storage.getVariant(variantId))?.inpaint ?? null;
  if (!record) return null;
  const [raw, drift] = await Promise.all([
    storage.variantImage(variantId, 'raw'),
    storage.variantImage(variantId, 'drift'),
  ]);
  return { record, raw, drift };
}

const NO_PARTS: ReadonlyMap<string, InpaintParts> = new Map();

/**
 * The masked-edit parts of these finals, by final image id; a final that is no masked edit's (a
 * generation, an unmasked edit, an older record) is absent, and so is every one while the read is under way.
 * Images come as records, not URLs: the UI holds object URLs only while it shows them (kit/useObjectUrl).
 */
export function useInpaintPartsOfFinals(finalImageIds: readonly string[]): ReadonlyMap<string, InpaintParts> {
  const { storage } = useStudio();
  const key = finalImageIds.join('\n');
  const parts = useLiveQuery(async () => {
    if (key === '') return NO_PARTS;
    const ids = key.split('\n');
    const found = await Promise.all(ids.map((id) => inpaintPartsOf(storage, id)));
    return new Map(ids.flatMap((id, index) => (found[index] ? [[id, found[index]] as const] : [])));
  }, [storage, key]);
  return parts ?? NO_PARTS;
}

/** One final's masked-edit parts (see useInpaintPartsOfFinals); null for any other image, or while read. */
export function useInpaintParts(finalImageId: string | null): InpaintParts | null {
  const parts = useInpaintPartsOfFinals(finalImageId === null ? [] : [finalImageId]);
  return (finalImageId !== null && parts.get(finalImageId)) || null;
}

/** Where a region edit's crop sits in its source: the stored source's id and size, and the box sent. */
export interface RegionPlace {
  sourceImageId: string;
  size: { width: number; height: number };
  box: InpaintRecord['box'];
}

/**
 * The place of a region edit's crop in the image it was cut from, read from the variant's record, so its
 * partials (the crop, as the model answers it) can be shown where they belong; null for any other variant,
 * and while the read (or the lineage's write) is under way. The source itself is read apart
 * (useStoredImage): the variant's record changes as it streams, the source does not.
 */
export function useRegionPlace(variantId: string | null): RegionPlace | null {
  const { storage } = useStudio();
  const place = useLiveQuery(async () => {
    const variant = variantId === null ? null : await storage.getVariant(variantId);
    const sourceImageId = variant?.inputImageIds[0];
    if (variant?.inpaint?.kind !== 'region' || !sourceImageId) return null;
    return { sourceImageId, size: variant.inpaint.source, box: variant.inpaint.box };
  }, [storage, variantId]);
  return place ?? null;
}

const NO_TURNS: readonly (ConversationTurnRecord | null)[] = [];

/**
 * The conversation turns these variants are, in their order (null for a variant sent through the Images API,
 * or not stored yet); empty while the read is under way. A turn's ids and revised prompt arrive as it streams.
 */
export function useTurnsOf(variantIds: readonly string[]): readonly (ConversationTurnRecord | null)[] {
  const { storage } = useStudio();
  const key = variantIds.join('\n');
  const turns = useLiveQuery(async () => {
    if (key === '') return NO_TURNS;
    const variants = await Promise.all(key.split('\n').map((id) => storage.getVariant(id)));
    return variants.map((variant) => variant?.conversation ?? null);
  }, [storage, key]);
  return turns ?? NO_TURNS;
}

/** Thumbnails read or made here, by image id, per storage (so per studio): each is looked up once a visit. */
const madeThumbnails = new WeakMap<StudioStorage, Map<string, Promise<Blob | null>>>();

/**
 * The stored thumbnail, or, for an image stored without one (a partial stored before partials had them, an
 * import) or not stored yet (a partial just arrived), one made from its bytes and kept with the image, so
 * the next visit reads it. A GIF or SVG keeps none (storage/thumbnail.ts): its preview is made each visit.
 * Never the full image: a grid of them would decode megabytes per card.
 */
export function thumbnailOf(
  storage: StudioStorage,
  image: { id: string; url: string },
  make: typeof makeThumbnail = makeThumbnail,
): Promise<Blob | null> {
  let made = madeThumbnails.get(storage);
  if (!made) madeThumbnails.set(storage, (made = new Map()));
  const known = made.get(image.id);
  if (known) return known;
  const making = (async () => {
    const record = await storage.getImage(image.id);
    if (record?.thumbnail) return record.thumbnail;
    const blob = record?.blob ?? (await (await fetch(image.url)).blob());
    const size = record && record.width > 0 ? record : await imageDimensions(blob);
    const thumbnail = await make(blob, { width: size.width, height: size.height });
    // A failed save goes unreported: the preview is shown all the same, and made again next visit.
    if (thumbnail && record && keepsThumbnail(record.format))
      await storage.setThumbnail(record.id, thumbnail).catch(() => undefined);
    return thumbnail;
  })().catch(() => null);
  made.set(image.id, making);
  return making;
}

/** A small preview of one of the session's images (by its stored id and object URL); null until it is made. */
export function useThumbnail(image: { id: string; url: string } | null): Blob | null {
  const { storage } = useStudio();
  const [shown, setShown] = useState<{ id: string; blob: Blob | null } | null>(null);
  const id = image?.id ?? null;
  const url = image?.url ?? null;
  useEffect(() => {
    if (id === null || url === null) return;
    let live = true;
    void thumbnailOf(storage, { id, url }).then((blob) => {
      if (live) setShown({ id, blob });
    });
    return () => {
      live = false;
    };
  }, [storage, id, url]);
  return shown !== null && shown.id === id ? shown.blob : null;
}

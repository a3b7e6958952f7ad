/**
 * What the UI reads from storage, all on one mechanism: Dexie's live queries, which re-run whenever what
 * they read changes (a result stored, deleted, imported), so no view has to be told.
 * https://dexie.org/docs/dexie-react-hooks/useLiveQuery()
 */
import { useLiveQuery } from 'dexie-react-hooks';
import type { ImageRecord, VariantRecord } from '../storage/records.ts';
import type { GalleryEntry, GalleryFilter } from '../storage/studioStorage.ts';
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

/** A stored image by id (a mask, an uploaded source, a reference), which gallery entries do not carry. */
export function useStoredImage(imageId: string | null): ImageRecord | null {
  const { storage } = useStudio();
  const image = useLiveQuery(() => (imageId === null ? null : storage.getImage(imageId)), [storage, imageId]);
  return imageId === null ? null : (image ?? null);
}

/**
 * What the UI reads from storage, all on one mechanism: Dexie's live queries, which re-run whenever what
 * they read changes (a result stored, deleted, imported), so no view has to be told.
 * https://dexie.org/docs/dexie-react-hooks/useLiveQuery()
 */
import { useLiveQuery } from 'dexie-react-hooks';
import type { ImageRecord } from '../storage/records.ts';
import type { GalleryEntry, GalleryFilter } from '../storage/studioStorage.ts';
import { useStudio } from './StudioContext.tsx';

/** The gallery's entries for a filter, newest first; undefined while the first read is under way. */
export function useGallery(filter: GalleryFilter): GalleryEntry[] | undefined {
  const { storage } = useStudio();
  const { text, model, kind, limit } = filter;
  return useLiveQuery(
    () => storage.listGallery({ text, model, kind, limit }),
    [storage, text, model, kind, limit],
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

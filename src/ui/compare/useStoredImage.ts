import { useQuery } from '@tanstack/react-query';
import { isResult, type CompareSubject } from '../../state/compare.ts';
import { shownImage } from '../../state/lineage.ts';
import { studioStorage } from '../../storage/index.ts';
import type { ImageRecord } from '../../storage/records.ts';

/**
 * A stored image by id (a mask, an uploaded source, a reference), which gallery entries do not carry.
 * Stored images never change, so one read per id is enough.
 */
export function useStoredImage(imageId: string | null): ImageRecord | null {
  const query = useQuery({
    queryKey: ['stored-image', imageId],
    queryFn: () => studioStorage.getImage(imageId!),
    enabled: imageId !== null,
    staleTime: Infinity,
  });
  return imageId === null ? null : (query.data ?? null);
}

/** The image one side of a comparison shows. */
export function useSubjectImage(subject: CompareSubject): ImageRecord | null {
  const stored = useStoredImage(isResult(subject) ? null : subject.imageId);
  return isResult(subject) ? shownImage(subject) : stored;
}

import { isResult, type CompareSubject } from '../../state/compare.ts';
import { shownImage } from '../../state/lineage.ts';
import type { ImageRecord } from '../../storage/records.ts';
import { useStoredImage } from '../../studio/queries.ts';

/** The image one side of a comparison shows. */
export function useSubjectImage(subject: CompareSubject): ImageRecord | null {
  const stored = useStoredImage(isResult(subject) ? null : subject.imageId);
  return isResult(subject) ? shownImage(subject) : stored;
}

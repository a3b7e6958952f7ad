/**
 * An image as the compare parts show it: an object URL (a run's, or one made for a stored record) and its
 * natural size, which sets the frame's aspect before the image has loaded.
 */
import { parseSize } from '../../contract/index.ts';
import { useDecodedImage } from '../../editor/useElementSize.ts';
import type { ImageRecord } from '../../storage/records.ts';
import { useObjectUrl } from '../kit/useObjectUrl.ts';

export interface ComparedImage {
  url: string | null;
  width: number;
  height: number;
}

/** A stored image, with an object URL held while it is shown. */
export function useStoredComparedImage(record: ImageRecord | null): ComparedImage | null {
  const url = useObjectUrl(record?.blob ?? null);
  return record ? { url, width: record.width, height: record.height } : null;
}

/**
 * A run's image by its URL: the size the stream reported, or, for a size the event left as `auto`, the
 * decoded image's own (null until it has decoded).
 */
export function useRunComparedImage(url: string, reportedSize: string): ComparedImage | null {
  const reported = parseSize(reportedSize);
  const decoded = useDecodedImage(reported ? null : url);
  if (reported) return { url, ...reported };
  return decoded && { url, width: decoded.naturalWidth, height: decoded.naturalHeight };
}

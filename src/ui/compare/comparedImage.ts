/**
 * An image as the compare parts show it: an object URL (a run's, or one made for a stored record) and its
 * natural size, which sets the frame's aspect before the image has loaded.
 */
import { useEffect, useState } from 'react';
import { parseSize } from '../../contract/index.ts';
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
  const known = reported !== null;
  const [decoded, setDecoded] = useState<{ url: string; width: number; height: number } | null>(null);
  useEffect(() => {
    if (known) return;
    let live = true;
    const image = new Image();
    image.src = url;
    image
      .decode()
      .then(() => {
        if (live) setDecoded({ url, width: image.naturalWidth, height: image.naturalHeight });
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [url, known]);
  if (reported) return { url, ...reported };
  return decoded?.url === url ? decoded : null;
}

/**
 * A masked edit's result is the model's output pasted back onto its source (the composite). These pieces let
 * every view that shows one (the edit result, the gallery's detail, the full-size viewer) also show what the
 * model itself answered and where it strayed outside the mask, and say so in one line. They take the parts
 * as props (studio's useInpaintParts reads them); the object URLs are held only while a view shows them.
 * The control and the note are in InpaintControls.tsx, which the first screen loads only once it needs them.
 */
import type { OutputFormat } from '../../contract/index.ts';
import { useState } from 'react';
import type { ImageRecord, InpaintRecord } from '../../storage/records.ts';
import { isComposited } from './inpaintText.ts';
import { useObjectUrl } from './useObjectUrl.ts';

/** Which of a masked edit's images a view shows. */
export type InpaintShow = 'composite' | 'raw' | 'drift';

/** The images a masked edit keeps beside its composite, as stored (either may be missing). */
export interface InpaintImageRecords {
  raw: ImageRecord | null;
  drift: ImageRecord | null;
}

/** One of them as a view shows it: an object URL held while shown, and the natural size it was stored at. */
export interface InpaintImage {
  id: string;
  url: string;
  width: number;
  height: number;
  format: OutputFormat;
}

export const DRIFT_MAP_ALT = "Drift map: where the model's output changed pixels outside the mask";

function useShownRecord(record: ImageRecord | null): InpaintImage | null {
  const url = useObjectUrl(record?.blob ?? null);
  return record && url
    ? { id: record.id, url, width: record.width, height: record.height, format: record.format }
    : null;
}

/**
 * Both images at once, so switching what is shown never waits for a URL (an object URL costs no decode;
 * the browser reads the bytes only for the <img> that shows them).
 */
export function useInpaintImages(parts: InpaintImageRecords | null | undefined): {
  raw: InpaintImage | null;
  drift: InpaintImage | null;
} {
  return { raw: useShownRecord(parts?.raw ?? null), drift: useShownRecord(parts?.drift ?? null) };
}

/**
 * What a view of one result shows of its masked edit: the images, whether it was pasted back, which parts
 * are there to choose, the part shown (`setShow` chooses another), and the model's output when it is shown.
 */
export function useInpaintView(
  parts: (InpaintImageRecords & { record: InpaintRecord | null }) | null | undefined,
) {
  const images = useInpaintImages(parts);
  const composited = isComposited(parts?.record);
  const has = { raw: composited && images.raw !== null, drift: composited && images.drift !== null };
  const [chosen, setShow] = useState<InpaintShow>('composite');
  const show = shownPart(chosen, has);
  return { images, composited, has, show, setShow, rawShown: show === 'raw' ? images.raw : null };
}

/** Which part is shown: the chosen one while it is there, else the composite. */
export function shownPart(chosen: InpaintShow, has: { raw: boolean; drift: boolean }): InpaintShow {
  return (chosen === 'raw' && !has.raw) || (chosen === 'drift' && !has.drift) ? 'composite' : chosen;
}

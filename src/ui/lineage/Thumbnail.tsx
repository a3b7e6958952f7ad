import type { ImageRecord } from '../../storage/records.ts';
import { useObjectUrl } from '../kit/useObjectUrl.ts';

/** The thumbnail when there is one: history shows many small images at once. */
export const thumbnailOf = (image: ImageRecord | null) => (image ? (image.thumbnail ?? image.blob) : null);

/** A step's image, from its thumbnail when it has one; a dashed "none" where no image arrived. */
export function Thumbnail(props: { image: ImageRecord | null; alt: string; className: string }) {
  const url = useObjectUrl(thumbnailOf(props.image));
  return url ? (
    <img
      src={url}
      alt={props.alt}
      className={`checkerboard shrink-0 rounded-sm border border-line object-contain ${props.className}`}
    />
  ) : (
    <span
      role="img"
      aria-label={props.alt}
      className={`grid shrink-0 place-items-center rounded-sm border border-dashed border-line-strong bg-raised text-[10px] text-fg-faint ${props.className}`}
    >
      none
    </span>
  );
}

import type { ImageRecord } from '../../storage/records.ts';
import { useObjectUrl } from '../gallery/useObjectUrl.ts';
import { useStoredImage } from '../../studio/queries.ts';

/** The thumbnail when there is one: history shows many small images at once. */
export const thumbnailOf = (image: ImageRecord | null) => (image ? (image.thumbnail ?? image.blob) : null);

/**
 * The image an edit changed, with the area its mask opened to change tinted. The mask PNG is transparent
 * where the designer painted, so the tint is a full layer minus the mask (mask-composite: exclude).
 * The mask's full bytes are used, not a thumbnail, because only they are sure to keep the alpha.
 */
export function MaskedSource(props: {
  sourceImageId: string | null;
  maskImageId: string | null;
  className: string;
  alt: string;
}) {
  const source = useStoredImage(props.sourceImageId);
  const mask = useStoredImage(props.maskImageId);
  const sourceUrl = useObjectUrl(thumbnailOf(source));
  const maskUrl = useObjectUrl(mask?.blob ?? null);
  const aspectRatio = source ? `${source.width} / ${source.height}` : '1 / 1';
  return (
    <span
      role="img"
      aria-label={props.alt}
      className={`checkerboard relative block shrink-0 overflow-hidden rounded-sm border border-line ${props.className}`}
      style={{ aspectRatio }}
    >
      {sourceUrl && <img src={sourceUrl} alt="" className="absolute inset-0 size-full" />}
      {maskUrl && (
        <span
          aria-hidden
          className="absolute inset-0 bg-accent/70"
          style={{
            maskImage: `linear-gradient(#000 0 0), url("${maskUrl}")`,
            maskComposite: 'exclude',
            maskSize: '100% 100%',
            maskRepeat: 'no-repeat',
          }}
        />
      )}
    </span>
  );
}

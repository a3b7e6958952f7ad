import { useStoredImage } from '../../studio/index.ts';
import { useObjectUrl } from '../kit/useObjectUrl.ts';
import { thumbnailOf } from './Thumbnail.tsx';

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

/**
 * Opening a result at full size from anywhere (the canvas, the strip, the edit result, the gallery's
 * detail). Features may not import the viewer, so they ask through this context, which the shell provides
 * with the viewer feature mounted above every view (the gallery makes the studio beneath it inert).
 */
import { createContext, useContext } from 'react';
import { variantImage, type Run } from '../../state/run.ts';

/** One image the viewer can show; `previous`/`next` walk the list it was opened with. */
export interface FullSizeImage {
  /** Unique in its list (the stored image id). */
  id: string;
  /** The image's accessible name. */
  alt: string;
  /** What the viewer's title bar says about it (prompt, which variant). */
  caption: string;
  /** The full-size bytes: an object URL someone else owns (a run's image), or a blob the viewer holds. */
  source: { url: string } | { blob: Blob };
}

export type OpenFullSize = (images: readonly FullSizeImage[], startId: string) => void;

export const FullSizeContext = createContext<OpenFullSize | null>(null);

/** How a view opens the viewer; null where none is provided (a view rendered on its own in a test). */
export function useOpenFullSize(): OpenFullSize | null {
  return useContext(FullSizeContext);
}

/**
 * Every image of these runs, in the order the designer reads them: run by run as given (the strip's order,
 * newest first), each run's variants in their own order; a variant still waiting for its first image is
 * left out, one cut short shows its last partial.
 */
export function fullSizeImagesOfRuns(runs: readonly Run[]): FullSizeImage[] {
  return runs.flatMap((run) =>
    run.variants.flatMap((variant, index) => {
      const image = variantImage(variant);
      if (!image) return [];
      const count = run.request.n;
      const which = count > 1 ? `image ${index + 1} of ${count}` : null;
      const what = variant.final ? null : 'last partial';
      const place = [which, what].filter(Boolean).join(', ');
      return [
        {
          id: image.id,
          alt: `${variant.final ? 'Full size' : 'Partial'}: ${run.request.prompt.slice(0, 120)}`,
          caption: `${run.request.prompt}${place ? ` (${place})` : ''}`,
          source: { url: image.url },
        },
      ];
    }),
  );
}

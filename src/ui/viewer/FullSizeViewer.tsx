/**
 * Provides `useOpenFullSize` (kit/fullSize.tsx) to every view below it and shows the viewer when one asks.
 * The viewer is a chunk of its own, fetched when the page is idle: it is not on the first screen.
 */
import { Suspense, useState, type ReactNode } from 'react';
import { FullSizeContext, type FullSizeImage, type OpenFullSize } from '../kit/fullSize.tsx';
import { lazyView } from '../kit/lazyView.tsx';

const ResultViewer = lazyView(() => import('./ResultViewer.tsx').then((module) => module.ResultViewer));

export function FullSizeViewer({ children }: { children: ReactNode }) {
  const [shown, setShown] = useState<{ images: readonly FullSizeImage[]; startId: string } | null>(null);
  const [open] = useState<OpenFullSize>(
    () => (images: readonly FullSizeImage[], startId: string) => setShown({ images, startId }),
  );
  return (
    <FullSizeContext.Provider value={open}>
      {children}
      {shown && (
        <Suspense>
          <ResultViewer images={shown.images} startId={shown.startId} onClose={() => setShown(null)} />
        </Suspense>
      )}
    </FullSizeContext.Provider>
  );
}

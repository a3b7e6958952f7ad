import { Suspense, type ReactNode } from 'react';
import type { GalleryEntry } from '../../storage/studioStorage.ts';
import { lazyView } from '../kit/lazyView.tsx';
import { DeletionToast } from './deletion.tsx';
import { useStudioState } from '../../studio/index.ts';

/** Views built elsewhere plug their buttons in here. */
export interface GallerySlots {
  /** Shown in the detail view of one result (history, compare with its source). */
  detailActions?: (entry: GalleryEntry) => ReactNode;
  /** Shown in the header while results are ticked (compare the selection). */
  selectionActions?: (entries: GalleryEntry[]) => ReactNode;
  /** The touch-up of a masked edit's stored final, shown in the detail view in place of its image. */
  touchUp?: (finalImageId: string, onClose: () => void) => ReactNode;
}

const Gallery = lazyView(() => import('./GalleryView.tsx').then((module) => module.Gallery));

/**
 * The gallery laid over the studio, which stays mounted beneath (inert) so streams keep running and
 * keep being recorded while the designer browses; and the undo toast, which outlives the gallery.
 */
export function GalleryLayer({ children, ...slots }: GallerySlots & { children: ReactNode }) {
  const open = useStudioState((state) => state.gallery.open);
  return (
    // min-w-0 all the way down: a flex item is otherwise as wide as its content, and a long session strip
    // would widen the page past the window instead of scrolling.
    <div className="relative flex min-h-0 min-w-0 flex-1">
      <div inert={open} className="flex min-h-0 min-w-0 flex-1">
        {children}
      </div>
      {open && (
        // Until the view's chunk is here (only when opened before the page went idle), a blank gallery.
        <Suspense fallback={<div className="absolute inset-0 z-20 bg-canvas" />}>
          <Gallery slots={slots} />
        </Suspense>
      )}
      <DeletionToast />
    </div>
  );
}

/** Opens and closes the gallery from the top bar. */
export function GalleryToggle() {
  const open = useStudioState((state) => state.gallery.open);
  const setOpen = useStudioState((state) => state.gallery.setOpen);
  return (
    <button
      type="button"
      aria-pressed={open}
      onClick={() => setOpen(!open)}
      onPointerEnter={() => void Gallery.preload()}
      onFocus={() => void Gallery.preload()}
      className={`rounded-md border px-3 py-1 text-[12.5px] font-medium transition focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none ${
        open ? 'border-accent/60 bg-active text-fg' : 'border-line bg-raised text-fg-muted hover:text-fg'
      }`}
    >
      Gallery
    </button>
  );
}

/**
 * How the board takes images: the edit canvas's "Add images…" button and drop target, and the drop zone the
 * Generate canvas shows while a result is dragged (the board itself is shown only in Edit mode).
 */
import { useState, type DragEvent } from 'react';
import { useStudio, useStudioState, type Studio } from '../../studio/index.ts';
import { ImageFilesButton } from '../kit/ImageFilesButton.tsx';

export function AddImagesButton({ limit, prominent = false }: { limit: number; prominent?: boolean }) {
  const studio = useStudio();
  return <ImageFilesButton prominent={prominent} onFiles={(files) => void studio.addFiles(files, limit)} />;
}

/** Adds the files or studio results dropped on the edit canvas. */
export function dropOnBoard(studio: Studio, event: DragEvent, limit: number): void {
  event.preventDefault();
  void studio.addTransfer(event.dataTransfer, limit);
}

/**
 * Laid over the Generate canvas while a studio result is dragged across it; the result dropped here joins
 * the reference board, which says how many images it now holds.
 */
export function BoardDropZone({ limit, onDropped }: { limit: number; onDropped: () => void }) {
  const studio = useStudio();
  const count = useStudioState((state) => state.board.images.length);
  const [over, setOver] = useState(false);
  return (
    <div
      role="region"
      aria-label="Add to the reference board"
      onDragOver={(event) => {
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(event) => {
        dropOnBoard(studio, event, limit);
        onDropped();
      }}
      className={`absolute inset-x-8 bottom-4 z-20 flex h-24 flex-col items-center justify-center gap-1 rounded-xl border-2 border-dashed text-[13px] shadow-2xl shadow-black/50 backdrop-blur transition ${
        over ? 'border-accent bg-accent/25 text-fg' : 'border-line-strong bg-panel/90 text-fg-muted'
      }`}
    >
      <span className="font-medium text-fg">Drop to add to the reference board</span>
      <span className="text-[12px] tabular-nums">
        {count} / {limit} on the board · edit with it in Edit mode
      </span>
    </div>
  );
}

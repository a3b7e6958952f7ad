/** How the edit canvas takes images for the board: its "Add images…" button and its drop target. */
import type { DragEvent } from 'react';
import { useStudio, type Studio } from '../../studio/index.ts';
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

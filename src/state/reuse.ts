/** Taking a stored result back into the work: its settings into the draft, or the image onto the board. */
import { CATALOGUE, FILE_EXTENSION_OF_FORMAT, isRasterFormat } from '../contract/index.ts';
import { setStudioMode } from './mode.ts';
import type { GenerationRecord, ImageRecord } from '../storage/records.ts';
import { useBoardStore } from './boardStore.ts';
import { draftFromParams } from './draft.ts';
import { useDraftStore } from './draftStore.ts';

/**
 * The prompt and parameters of a stored request become the draft, with as many variants as its batch had
 * (each stream was sent with n = 1); the studio switches to the mode that made it.
 */
export function reuseSettings(generation: GenerationRecord): void {
  useDraftStore.setState({
    draft: { ...draftFromParams(generation.params), n: generation.variantCount },
  });
  useBoardStore.getState().setMode(generation.kind === 'edit' ? 'edit' : 'generate');
}

/** The most any model takes; the model in use may take fewer, which its own check names before sending. */
const BOARD_LIMIT = Math.max(...CATALOGUE.map((model) => model.maxReferenceImages));

/**
 * A stored image becomes the first image on the board (the edit target), ahead of what is already there,
 * remembering where it came from so the next edit's lineage points back at it. Generated images need none
 * of the preparation a file from disk gets: they are already PNG, JPEG or WebP at a size the API made.
 */
export function editStoredImage(image: ImageRecord): void {
  if (notEditableReason(image)) return;
  const board = useBoardStore.getState();
  board.putFirst(
    {
      id: crypto.randomUUID(),
      name: image.name ?? `atelier-${image.id.slice(0, 8)}.${FILE_EXTENSION_OF_FORMAT[image.format]}`,
      blob: image.blob,
      url: URL.createObjectURL(image.blob),
      width: image.width,
      height: image.height,
      notice: null,
      sourceImageId: image.id,
    },
    BOARD_LIMIT,
  );
  setStudioMode('edit');
}

/** Why a stored image cannot be an edit's first image, or null: the edit endpoint takes raster inputs. */
export function notEditableReason(image: ImageRecord): string | null {
  return isRasterFormat(image.format)
    ? null
    : `${image.format.toUpperCase()} results cannot be edited: edits take PNG, JPEG or WebP images.`;
}

/**
 * The reference board: the images an edit sends, in order, the first being the edit target. The board
 * owns their object URLs and releases each as it leaves; what it cannot take it says by name, as a board
 * notice.
 */
import {
  addToBoard,
  moveOnBoard,
  refusedMessage,
  removeFromBoard,
  replaceFirst,
  type BoardImage,
} from './board.ts';
import type { SliceCreator } from './slice.ts';

export interface BoardSlice {
  images: BoardImage[];
  /** Puts back a saved board (on start-up), releasing whatever was there. */
  restore: (images: BoardImage[]) => void;
  /** Adds what fits under `limit`; the rest are refused, by name. */
  add: (images: readonly BoardImage[], limit: number) => void;
  move: (from: number, to: number) => void;
  remove: (id: string) => void;
  replaceFirst: (image: BoardImage) => void;
  /** Makes `image` the edit target ahead of the others if the board has room; else refuses it, by name. */
  putFirst: (image: BoardImage, limit: number) => void;
}

const release = (image: BoardImage) => URL.revokeObjectURL(image.url);

export const createBoardSlice: SliceCreator<BoardSlice> = (set, get, root) => ({
  images: [],
  restore: (images) => {
    get().images.forEach(release);
    set({ images });
  },
  add: (images, limit) => {
    const { board, refused } = addToBoard(get().images, images, limit);
    refused.forEach(release);
    set({ images: board });
    if (refused.length > 0) {
      const names = refused.map((image) => image.name);
      root().notices.post('board', 'error', refusedMessage(names, limit));
    }
  },
  move: (from, to) => set((slice) => ({ images: moveOnBoard(slice.images, from, to) })),
  remove: (id) => {
    const image = get().images.find((candidate) => candidate.id === id);
    if (image) release(image);
    set((slice) => ({ images: removeFromBoard(slice.images, id) }));
  },
  replaceFirst: (image) => {
    const previous = get().images[0];
    if (previous) release(previous);
    set((slice) => ({ images: replaceFirst(slice.images, image) }));
  },
  putFirst: (image, limit) => {
    const { images } = get();
    if (images.length >= limit) {
      release(image);
      root().notices.post('board', 'error', refusedMessage([image.name], limit));
      return;
    }
    set({ images: [image, ...images] });
  },
});

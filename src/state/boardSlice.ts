/**
 * The reference board: the images an edit sends, in order, the first being the edit target. The board
 * owns their object URLs and releases each as it leaves; what it cannot take it says by name, as a board
 * notice. The image a painted mask belongs to is set aside rather than released when it leaves, so the
 * designer can still bring it back with its mask.
 */
import { maskIsBlank } from './mask.ts';
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
  /** The painted mask's image, removed or replaced while the studio asks what becomes of the mask. */
  setAside: BoardImage | null;
  /** Puts back a saved board (on start-up), releasing whatever was there. */
  restore: (images: BoardImage[]) => void;
  /** Adds what fits under `limit`; the rest are refused, by name. */
  add: (images: readonly BoardImage[], limit: number) => void;
  move: (from: number, to: number) => void;
  remove: (id: string) => void;
  replaceFirst: (image: BoardImage) => void;
  /** Makes `image` the edit target ahead of the others if the board has room; else refuses it, by name. */
  putFirst: (image: BoardImage, limit: number) => void;
  /** Makes the image of that id first again, from its place on the board or from where it was set aside. */
  bringFirst: (imageId: string, limit: number) => void;
  releaseSetAside: () => void;
}

const release = (image: BoardImage) => URL.revokeObjectURL(image.url);

export const createBoardSlice: SliceCreator<BoardSlice> = (set, get, root) => {
  /** Releases an image leaving the board, unless the painted mask belongs to it. */
  const letGo = (image: BoardImage) => {
    const { history, owner } = root().mask;
    if (owner?.imageId !== image.id || maskIsBlank(history.operations, owner)) {
      release(image);
      return;
    }
    const previous = get().setAside;
    if (previous) release(previous);
    set({ setAside: image });
  };
  return {
    images: [],
    setAside: null,
    restore: (images) => {
      const { images: before, setAside } = get();
      before.forEach(release);
      if (setAside) release(setAside);
      set({ images, setAside: null });
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
      if (image) letGo(image);
      set((slice) => ({ images: removeFromBoard(slice.images, id) }));
    },
    replaceFirst: (image) => {
      const previous = get().images[0];
      if (previous) letGo(previous);
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
    bringFirst: (imageId, limit) => {
      const { images, setAside } = get();
      const index = images.findIndex((image) => image.id === imageId);
      if (index >= 0) {
        set({ images: moveOnBoard(images, index, 0) });
        return;
      }
      if (setAside?.id !== imageId) return;
      if (images.length >= limit) {
        root().notices.post(
          'board',
          'error',
          `The board is full: remove an image to bring '${setAside.name}' back.`,
        );
        return;
      }
      set({ images: [setAside, ...images], setAside: null });
    },
    releaseSetAside: () => {
      const { setAside } = get();
      if (!setAside) return;
      release(setAside);
      set({ setAside: null });
    },
  };
};

import { create } from 'zustand';
import {
  addToBoard,
  moveOnBoard,
  refusedMessage,
  removeFromBoard,
  replaceFirst,
  type BoardImage,
} from './board.ts';

export type StudioMode = 'generate' | 'edit';

export interface BoardNotice {
  id: string;
  tone: 'info' | 'error';
  text: string;
}

interface BoardStore {
  mode: StudioMode;
  images: BoardImage[];
  notices: BoardNotice[];
  setMode: (mode: StudioMode) => void;
  /** Puts back a saved board (on start-up), releasing whatever was there. */
  restore: (images: BoardImage[], mode: StudioMode) => void;
  /** Adds what fits under `limit`; anything refused becomes an error notice. */
  add: (images: readonly BoardImage[], limit: number) => void;
  move: (from: number, to: number) => void;
  remove: (id: string) => void;
  replaceFirst: (image: BoardImage) => void;
  /** Makes `image` the edit target ahead of the others, if the board has room; else says so. */
  putFirst: (image: BoardImage, limit: number) => void;
  notify: (tone: BoardNotice['tone'], text: string) => void;
  dismiss: (id: string) => void;
}

const release = (image: BoardImage) => URL.revokeObjectURL(image.url);

export const useBoardStore = create<BoardStore>()((set, get) => ({
  mode: 'generate',
  images: [],
  notices: [],
  setMode: (mode) => set({ mode }),
  restore: (images, mode) => {
    get().images.forEach(release);
    set({ images, mode });
  },
  add: (images, limit) => {
    const { board, refused } = addToBoard(get().images, images, limit);
    refused.forEach(release);
    set({ images: board });
    if (refused.length > 0)
      get().notify(
        'error',
        refusedMessage(
          refused.map((image) => image.name),
          limit,
        ),
      );
  },
  move: (from, to) => set((store) => ({ images: moveOnBoard(store.images, from, to) })),
  remove: (id) => {
    const image = get().images.find((candidate) => candidate.id === id);
    if (image) release(image);
    set((store) => ({ images: removeFromBoard(store.images, id) }));
  },
  replaceFirst: (image) => {
    const previous = get().images[0];
    if (previous) release(previous);
    set((store) => ({ images: replaceFirst(store.images, image) }));
  },
  putFirst: (image, limit) => {
    const { images } = get();
    if (images.length >= limit) {
      release(image);
      get().notify('error', refusedMessage([image.name], limit));
      return;
    }
    set({ images: [image, ...images] });
  },
  notify: (tone, text) =>
    set((store) => ({ notices: [...store.notices, { id: crypto.randomUUID(), tone, text }] })),
  dismiss: (id) => set((store) => ({ notices: store.notices.filter((notice) => notice.id !== id) })),
}));

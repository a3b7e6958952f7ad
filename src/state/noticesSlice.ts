/**
 * The one channel for what the studio tells the designer outside a run's own problem: files the board
 * refused or adjusted, what the studio changed in the draft and why, storage that failed. Each source is
 * shown where it belongs; the draft and storage keep only their newest notice, the board stacks its own.
 */
import type { SliceCreator } from './slice.ts';

export type NoticeSource = 'board' | 'draft' | 'storage';

export interface Notice {
  id: string;
  source: NoticeSource;
  tone: 'info' | 'error';
  text: string;
}

/** Sources whose newest notice replaces the one before: each says how things stand now. */
const LATEST_ONLY: ReadonlySet<NoticeSource> = new Set(['draft', 'storage']);

export interface NoticesSlice {
  notices: Notice[];
  post: (source: NoticeSource, tone: Notice['tone'], text: string) => void;
  dismiss: (id: string) => void;
  clear: (source: NoticeSource) => void;
}

export const createNoticesSlice: SliceCreator<NoticesSlice> = (set, get) => ({
  notices: [],
  post: (source, tone, text) =>
    set((slice) => ({
      notices: [
        ...slice.notices.filter((notice) => !(LATEST_ONLY.has(source) && notice.source === source)),
        { id: crypto.randomUUID(), source, tone, text },
      ],
    })),
  dismiss: (id) => set((slice) => ({ notices: slice.notices.filter((notice) => notice.id !== id) })),
  clear: (source) => {
    if (get().notices.some((notice) => notice.source === source))
      set((slice) => ({ notices: slice.notices.filter((notice) => notice.source !== source) }));
  },
});

/** The newest notice from `source`, or null. */
export function latestNotice(notices: readonly Notice[], source: NoticeSource): Notice | null {
  return notices.findLast((notice) => notice.source === source) ?? null;
}

/** What a storage failure says: the error's own words when it has them. */
export function storageProblemText(error: unknown): string {
  return error instanceof Error && error.message
    ? error.message
    : `The studio could not save to the browser's storage: ${String(error)}.`;
}

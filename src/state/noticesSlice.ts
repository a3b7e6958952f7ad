/**
 * The one channel for what the studio tells the designer outside a run's own problem: files the board
 * refused or adjusted, what the studio changed in the draft and why, storage that failed. Each source is
 * shown where it belongs, and at most two notices are on show at once, newest first. An `info` notice says
 * what the studio did and goes by itself after a while (studio/noticeTimers.ts), never while it is hovered
 * or focused; an `error` says what failed or was refused and stays until it is dismissed.
 */
import type { SliceCreator } from './slice.ts';

export type NoticeSource = 'board' | 'draft' | 'storage';

export interface Notice {
  id: string;
  source: NoticeSource;
  tone: 'info' | 'error';
  text: string;
  /** Hovered or focused: an info notice is not taken away while it is being read. */
  held: boolean;
}

/** Sources whose newest notice replaces the one before: each says how things stand now. */
const LATEST_ONLY: ReadonlySet<NoticeSource> = new Set(['draft', 'storage']);

/** More than two banners push the prompt off a laptop screen; older ones wait until these are dismissed. */
export const SHOWN_NOTICE_LIMIT = 2;

export interface NoticesSlice {
  notices: Notice[];
  post: (source: NoticeSource, tone: Notice['tone'], text: string) => void;
  dismiss: (id: string) => void;
  clear: (source: NoticeSource) => void;
  /** The designer points at or focuses the notice (`held`), or leaves it. */
  hold: (id: string, held: boolean) => void;
}

export const createNoticesSlice: SliceCreator<NoticesSlice> = (set, get) => ({
  notices: [],
  post: (source, tone, text) =>
    set((slice) => ({
      notices: [
        ...slice.notices.filter((notice) => !(LATEST_ONLY.has(source) && notice.source === source)),
        { id: crypto.randomUUID(), source, tone, text, held: false },
      ],
    })),
  dismiss: (id) => set((slice) => ({ notices: slice.notices.filter((notice) => notice.id !== id) })),
  clear: (source) => {
    if (get().notices.some((notice) => notice.source === source))
      set((slice) => ({ notices: slice.notices.filter((notice) => notice.source !== source) }));
  },
  hold: (id, held) => {
    if (get().notices.some((notice) => notice.id === id && notice.held !== held))
      set((slice) => ({
        notices: slice.notices.map((notice) => (notice.id === id ? { ...notice, held } : notice)),
      }));
  },
});

/** The notices on show, newest first: `SHOWN_NOTICE_LIMIT` of all sources together. */
export function shownNotices(notices: readonly Notice[]): Notice[] {
  return notices.slice(-SHOWN_NOTICE_LIMIT).reverse();
}

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

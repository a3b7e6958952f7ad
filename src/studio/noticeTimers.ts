/**
 * Info notices go by themselves: each is dismissed once it has been on show for a while, counting only the
 * time it was not hovered or focused (WCAG 2.2.1: whoever is reading it keeps it), and never less than a
 * moment after it was let go. Errors have no timer: they stay until the designer dismisses them.
 */
import type { StudioStore } from '../state/store.ts';

/** Long enough to read two lines twice. */
export const INFO_NOTICE_MS = 6_000;
/** What a notice has left once the pointer or focus leaves it, at least: it does not vanish at once. */
export const INFO_NOTICE_AFTER_HOLD_MS = 2_000;

/** Runs `callback` after `ms`; returns what cancels it. setTimeout in the browser, a test's own clock in tests. */
export type Schedule = (ms: number, callback: () => void) => () => void;

export const browserSchedule: Schedule = (ms, callback) => {
  const timer = setTimeout(callback, ms);
  return () => clearTimeout(timer);
};

export function expireInfoNotices(store: StudioStore, schedule: Schedule, now: () => number): () => void {
  const running = new Map<string, { endsAt: number; cancel: () => void }>();
  // What a held notice had left when it was taken hold of.
  const paused = new Map<string, number>();

  const sync = () => {
    const notices = store.getState().notices.notices;
    const present = new Set(notices.map((notice) => notice.id));
    for (const [id, timer] of running) {
      if (!present.has(id)) {
        timer.cancel();
        running.delete(id);
      }
    }
    for (const id of paused.keys()) if (!present.has(id)) paused.delete(id);
    for (const notice of notices) {
      if (notice.tone !== 'info') continue;
      const timer = running.get(notice.id);
      if (notice.held) {
        if (!timer) continue;
        timer.cancel();
        running.delete(notice.id);
        paused.set(notice.id, Math.max(INFO_NOTICE_AFTER_HOLD_MS, timer.endsAt - now()));
      } else if (!timer) {
        const ms = paused.get(notice.id) ?? INFO_NOTICE_MS;
        paused.delete(notice.id);
        const cancel = schedule(ms, () => {
          running.delete(notice.id);
          store.getState().notices.dismiss(notice.id);
        });
        running.set(notice.id, { endsAt: now() + ms, cancel });
      }
    }
  };

  sync();
  const unsubscribe = store.subscribe((state, before) => {
    if (state.notices.notices !== before.notices.notices) sync();
  });
  return () => {
    unsubscribe();
    for (const timer of running.values()) timer.cancel();
    running.clear();
  };
}

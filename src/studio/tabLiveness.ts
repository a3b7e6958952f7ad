/**
 * Which tabs are alive, so a stream left `streaming` in storage by a tab that went away (a reload, a crash)
 * can be told from one another open tab is still receiving. Each tab holds a Web Lock for its lifetime;
 * the browser releases it when the tab goes, whatever way it goes.
 * https://developer.mozilla.org/docs/Web/API/Web_Locks_API
 */

export interface TabLiveness {
  /** This tab's id, written on every stream it records. */
  tabId: string;
  /** Held until the page goes away: the request's callback never settles. */
  holdLock: () => void;
  /** Whether the tab that wrote a record is still open. */
  liveCheck: () => Promise<(tabId: string) => boolean>;
}

const lockName = (tabId: string) => `atelier-tab:${tabId}`;

/** Without Web Locks (`locks` undefined) only this tab is known to be alive, right for the single-tab case. */
export function tabLiveness(
  locks: LockManager | undefined = globalThis.navigator?.locks,
  tabId = crypto.randomUUID(),
): TabLiveness {
  return {
    tabId,
    holdLock: () => void locks?.request(lockName(tabId), () => new Promise<never>(() => undefined)),
    liveCheck: async () => {
      const held = new Set(
        ((await locks?.query())?.held ?? []).map((lock) => lock.name).filter((name) => name),
      );
      return (id) => id === tabId || held.has(lockName(id));
    },
  };
}

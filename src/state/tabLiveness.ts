/**
 * Which tabs are alive, so a stream left `streaming` in storage by a tab that went away (a reload, a crash)
 * can be told from one another open tab is still receiving. Each tab holds a Web Lock for its lifetime;
 * the browser releases it when the tab goes, whatever way it goes.
 * https://developer.mozilla.org/docs/Web/API/Web_Locks_API
 */

export const TAB_ID = crypto.randomUUID();

const lockName = (tabId: string) => `atelier-tab:${tabId}`;

/** Held until the page goes away: the request's callback never settles. */
export function holdTabLock(): void {
  void navigator.locks?.request(lockName(TAB_ID), () => new Promise<never>(() => undefined));
}

/** Without Web Locks only this tab is known to be alive, which is right for the single-tab case. */
export async function liveTabCheck(): Promise<(tabId: string) => boolean> {
  const held = new Set(
    ((await navigator.locks?.query())?.held ?? []).map((lock) => lock.name).filter((name) => name),
  );
  return (tabId) => tabId === TAB_ID || held.has(lockName(tabId));
}

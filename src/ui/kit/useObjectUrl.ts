import { useCallback, useSyncExternalStore } from 'react';

/** One object URL per blob, shared by every component showing it and revoked when the last one lets go. */
const held = new Map<Blob, { url: string; holders: number }>();

function hold(blob: Blob): () => void {
  let entry = held.get(blob);
  if (!entry) {
    entry = { url: URL.createObjectURL(blob), holders: 0 };
    held.set(blob, entry);
  }
  entry.holders += 1;
  const taken = entry;
  return () => {
    taken.holders -= 1;
    if (taken.holders > 0) return;
    held.delete(blob);
    URL.revokeObjectURL(taken.url);
  };
}

/**
 * An object URL for the blob while the component is mounted (null on its first render): made per visible
 * card and revoked on unmount, so a gallery of hundreds of results does not pin their bytes. Holding the
 * URL is a subscription, so StrictMode's mount-unmount-mount makes a fresh one instead of reusing a
 * revoked one.
 */
export function useObjectUrl(blob: Blob | null): string | null {
  const subscribe = useCallback(
    (changed: () => void) => {
      if (!blob) return () => {};
      const release = hold(blob);
      changed();
      return release;
    },
    [blob],
  );
  return useSyncExternalStore(subscribe, () => (blob ? (held.get(blob)?.url ?? null) : null));
}

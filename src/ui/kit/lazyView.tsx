/**
 * Views that are not on the first screen (the gallery, compare, lineage, the Konva editors) live in their
 * own chunks, so the first load carries only what the first screen draws. Each is fetched when the page is
 * idle after its first paint (or earlier, when a button that opens it is hovered or focused), so on first
 * open it is already there and renders at once.
 */
import { lazy, useState, type ComponentType, type JSX } from 'react';

export interface LazyView<Props> {
  (props: Props): JSX.Element;
  /** Fetches the view's chunk now; the same promise for every call until it settles. */
  preload(): Promise<void>;
}

const everyPreload: (() => Promise<void>)[] = [];

/** `load` imports the module that holds the view: `() => import('./X.tsx').then((module) => module.X)`. */
export function lazyView<Props extends object>(load: () => Promise<ComponentType<Props>>): LazyView<Props> {
  let loaded: ComponentType<Props> | null = null;
  let loading: Promise<{ default: ComponentType<Props> }> | null = null;
  const fetchModule = () =>
    (loading ??= load().then(
      (component) => {
        loaded = component;
        return { default: component };
      },
      (error: unknown) => {
        // A chunk that failed to arrive (offline, a deploy in between) is asked for again next time.
        loading = null;
        throw error;
      },
    ));
  const Lazy = lazy(fetchModule);

  function View(props: Props) {
    // React.lazy suspends on its first render even when the chunk is already here, which would flash the
    // fallback; a preloaded view is rendered directly. Chosen once per mount: switching from the lazy
    // wrapper to the component later would remount it and lose its state.
    const [Component] = useState<ComponentType<Props>>(() => loaded ?? Lazy);
    return <Component {...props} />;
  }
  const preload = () =>
    fetchModule().then(
      () => undefined,
      () => undefined,
    );
  everyPreload.push(preload);
  return Object.assign(View, { preload });
}

/**
 * Preloads every lazy view, and whatever else `alsoPreload` fetches (code that is not a view, such as the
 * stream readers), once the page has painted and gone idle. requestIdleCallback is missing in Safari before
 * 18, hence the timeout.
 */
export function preloadViewsWhenIdle(alsoPreload: readonly (() => void)[] = []): void {
  const idle = (run: () => void) =>
    typeof requestIdleCallback === 'function' ? requestIdleCallback(run) : setTimeout(run, 200);
  // The frame after the first paint: a callback queued before it could run ahead of the paint.
  requestAnimationFrame(() =>
    setTimeout(() =>
      idle(() => {
        for (const preload of alsoPreload) preload();
        void Promise.all(everyPreload.map((preload) => preload()));
      }),
    ),
  );
}

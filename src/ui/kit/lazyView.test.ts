import { describe, expect, it } from 'vitest';
import { lazyView } from './lazyView.tsx';

describe('lazyView', () => {
  it('fetches its chunk once however often it is preloaded, and again after a failed fetch', async () => {
    let fetches = 0;
    let offline = true;
    const View = lazyView(async () => {
      fetches += 1;
      if (offline) throw new Error('offline');
      return () => null;
    });
    await expect(View.preload()).resolves.toBeUndefined();
    offline = false;
    await Promise.all([View.preload(), View.preload()]);
    await View.preload();
    expect(fetches).toBe(2);
  });
});

/**
 * The Playwright fixtures for tests that act while a run is in flight: a held upstream (heldUpstream.ts) and a
 * real relay of the test's own in front of it, started only for the tests that ask for `upstream`.
 * `useHeldRelay()` in a describe block (or at a file's top level) points that block's pages (`page.goto('/')`,
 * so the page objects' goto and open) at that relay instead of the offline one of playwright.config.ts.
 */
import { test as base } from '@playwright/test';
import { startHeldUpstream, type HeldUpstream } from './heldUpstream.ts';
import { startRelay } from './relayProcess.ts';

interface HeldRelay {
  upstream: HeldUpstream;
  url: string;
}

export const test = base.extend<{ heldRelay: HeldRelay; upstream: HeldUpstream }>({
  // Per test, so a request one test left unanswered never reaches the next. Playwright reads a fixture's
  // dependencies from the pattern of its first parameter, and this one has none.
  // eslint-disable-next-line no-empty-pattern
  heldRelay: async ({}, use, testInfo) => {
    const upstream = await startHeldUpstream();
    const relay = await startRelay(upstream.relayEnv);
    try {
      await use({ upstream, url: relay.url });
    } finally {
      if (testInfo.status !== testInfo.expectedStatus) {
        await testInfo.attach('relay output', { body: relay.output(), contentType: 'text/plain' });
      }
      await relay.stop();
      await upstream.close();
    }
  },
  upstream: async ({ heldRelay }, use) => use(heldRelay.upstream),
});

/** Points the tests of the enclosing describe block at a relay in front of their own held upstream. */
export function useHeldRelay(): void {
  test.use({ baseURL: async ({ heldRelay }, use) => use(heldRelay.url) });
}

export { expect } from '@playwright/test';

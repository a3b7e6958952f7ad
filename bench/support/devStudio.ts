/**
 * The studio served by Vite's dev server (so a page can import the editor's modules by path) in front of
 * an offline relay, in Chromium: what the editor and composite benchmarks measure in.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { CHROMIUM_ARGS } from '../../e2e/support/chromium.ts';
import { freePort, startTsxServer } from './processes.ts';

export interface DevStudio {
  page: Page;
  /** The studio's address, for `page.goto`. */
  url: string;
  close: () => Promise<void>;
}

export async function openDevStudio(browser: { managed: boolean; path?: string }): Promise<DevStudio> {
  const relayPort = await freePort();
  const relayUrl = `http://127.0.0.1:${relayPort}`;
  const relay = await startTsxServer(
    'src/relay/main.ts',
    { HOST: '127.0.0.1', PORT: String(relayPort), STUDIO_UPSTREAM: 'offline' },
    `${relayUrl}/healthz`,
  );
  let vite: ViteDevServer | null = null;
  let launched: Browser | null = null;
  const close = async () => {
    await launched?.close();
    await vite?.close();
    await relay.stop();
  };
  try {
    const vitePort = await freePort();
    vite = await createServer({
      logLevel: 'silent',
      server: {
        port: vitePort,
        strictPort: true,
        // An edit elsewhere in the repo mid-run must not reload the page under the measurement.
        hmr: false,
        proxy: {
          '/v1': { target: relayUrl, changeOrigin: true },
          '/api': { target: relayUrl, changeOrigin: true },
        },
      },
    });
    await vite.listen();
    launched = await chromium.launch({
      executablePath: browser.managed ? undefined : browser.path,
      args: CHROMIUM_ARGS,
    });
    const page = await launched.newPage({ viewport: { width: 1440, height: 900 } });
    return { page, url: `http://127.0.0.1:${vitePort}/`, close };
  } catch (error) {
    await close();
    throw error;
  }
}

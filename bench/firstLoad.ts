/**
 * A light first load (issue 8), on a production build of the studio served by the relay, measured against
 * budgets and baselines of the same run:
 * - the JavaScript index.html loads before the studio runs (entry and modulepreloads), gzipped, against
 *   the 200 KB budget;
 * - frame times while the gallery opens and while it is scrolled to its end, with 50 and with 5,000 stored
 *   results, beside idle frames;
 * - start-up (navigation to the first frame showing the prompt box) with 5,000 stored results against 50,
 *   as the median ratio of paired runs.
 * Two relays serve the same build on two ports, so the two histories live in two origins' IndexedDB of one
 * Chromium profile on disk, seeded through the studio's own database class (support/gallerySeed.ts).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import sharp from 'sharp';
import { build } from 'vite';
import { CHROMIUM_ARGS, chromiumExecutable } from '../e2e/support/chromium.ts';
import type * as GallerySeedModule from './support/gallerySeed.ts';
import type { SeedArt } from './support/gallerySeed.ts';
import { frameTimes } from './support/frames.ts';
import { initialScripts } from './support/initialScripts.ts';
import { freePort, startTsxServer, type ServerProcess } from './support/processes.ts';
import { formatMs, formatRatio, median, percentile } from './support/stats.ts';

const INITIAL_JS_BUDGET_BYTES = 200_000;
const FRAME_TARGET_MS = 20;
const STARTUP_RATIO_TARGET = 1.5;
const FEW = 50;
const MANY = 5_000;
const STARTUP_PAIRS = 9;
const SCROLL_MS = 3_000;
const VIEWPORT = { width: 1440, height: 900 };
const SEED_MODULE = '/bench/gallery-seed.js';

const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;
const gzipBytes = async (path: string) => gzipSync(await readFile(path)).length;

interface BuildReport {
  lines: string[];
  failures: string[];
}

/** `vite build` as `npm run build` runs it, into `outDir`. */
async function viteBuild(outDir: string): Promise<void> {
  const child = spawn(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'],
    { env: { ...process.env, NODE_ENV: 'production' }, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`vite build exited with ${code}`);
}

/** A production build into `outDir`, and what its first load weighs against what it loads later. */
async function measureBuild(outDir: string): Promise<BuildReport> {
  // In a process of its own: the editor benchmark's dev server has set NODE_ENV=development in this one,
  // which would build React's development bundles.
  await viteBuild(outDir);
  const initial = initialScripts(await readFile(join(outDir, 'index.html'), 'utf8'));
  const sizes = new Map<string, number>();
  for (const file of await readdir(join(outDir, 'assets'))) {
    if (file.endsWith('.js')) sizes.set(`/assets/${file}`, await gzipBytes(join(outDir, 'assets', file)));
  }
  const first = initial.map((url) => ({ url, bytes: sizes.get(url) ?? Number.NaN }));
  const firstBytes = first.reduce((sum, script) => sum + script.bytes, 0);
  const later = [...sizes].filter(([url]) => !initial.includes(url)).sort((a, b) => b[1] - a[1]);
  const laterBytes = later.reduce((sum, [, bytes]) => sum + bytes, 0);
  const listed = (scripts: [string, number][]) =>
    scripts.map(([url, bytes]) => `${basename(url)} ${kb(bytes)}`).join(', ');
  const lines = [
    `initial JS (entry and modulepreloads): ${kb(firstBytes)} gzip in ${first.length} files; budget ${kb(INITIAL_JS_BUDGET_BYTES)}, ${formatRatio(firstBytes / INITIAL_JS_BUDGET_BYTES)} of it`,
    `  loaded first: ${listed(first.map(({ url, bytes }) => [url, bytes]))}`,
    `  loaded when needed or idle: ${kb(laterBytes)} gzip in ${later.length} files: ${listed(later)}`,
  ];
  const failures =
    firstBytes > INITIAL_JS_BUDGET_BYTES
      ? [`initial JS ${kb(firstBytes)} gzip > budget ${kb(INITIAL_JS_BUDGET_BYTES)}`]
      : [];
  return { lines, failures };
}

/** The seeding module, bundled with Dexie into the build's folder so a page of the studio's origin imports it. */
async function buildSeedModule(outDir: string): Promise<void> {
  const dir = join(outDir, 'bench');
  await build({
    configFile: false,
    logLevel: 'silent',
    publicDir: false,
    build: {
      outDir: dir,
      emptyOutDir: false,
      lib: {
        entry: join(import.meta.dirname, 'support', 'gallerySeed.ts'),
        formats: ['es'],
        fileName: 'gallery-seed',
      },
    },
  });
  // A page of the origin that is not the studio, so seeding does not race the studio's own start-up.
  await writeFile(join(dir, 'seed.html'), '<!doctype html><title>Seeding the gallery</title>\n');
}

/**
 * A full-size image (decoded only by the detail view) and thumbnails of the size the studio makes. Both are
 * blocks of colour, so 5,000 of each stay a few hundred megabytes on disk while decoding as dearly as any
 * image of their size.
 */
async function seedArt(): Promise<SeedArt> {
  const blocks = async (width: number, block: number, hue: number) => {
    const pixels = Buffer.alloc(width * width * 3);
    for (let y = 0; y < width; y++) {
      for (let x = 0; x < width; x++) {
        const [column, row] = [Math.floor(x / block), Math.floor(y / block)];
        pixels.set(
          [(hue + column * 37) % 256, (row * 53) % 256, ((column ^ row) * 29) % 256],
          (y * width + x) * 3,
        );
      }
    }
    return sharp(pixels, { raw: { width, height: width, channels: 3 } })
      .png()
      .toBuffer();
  };
  const full = await blocks(1024, 32, 0);
  const thumbnails = await Promise.all([0, 40, 80, 120, 160, 200, 240, 20].map((hue) => blocks(384, 8, hue)));
  return {
    full: { png: full.toString('base64'), width: 1024, height: 1024 },
    thumbnails: thumbnails.map((png) => png.toString('base64')),
  };
}

async function seed(page: Page, origin: string, count: number, art: SeedArt): Promise<void> {
  await page.goto(`${origin}/bench/seed.html`);
  await page.evaluate(
    async ({ module, count, art }) => {
      const { seedGallery } = (await import(/* @vite-ignore */ module)) as typeof GallerySeedModule;
      await seedGallery(count, art);
    },
    { module: SEED_MODULE, count, art },
  );
}

/**
 * Records when the prompt box first shows: the frame after the DOM first holds it, as a promise the bench
 * awaits (the studio's CSP forbids eval, so the page is not polled with a string predicate). Page script
 * text for the reason frames.ts gives.
 */
const STARTUP_PROBE = `
  window.benchStartupMs = new Promise((resolve) => {
    const promptBox = () =>
      [...document.querySelectorAll('textarea')].some((box) => box.labels?.[0]?.textContent?.trim() === 'Prompt');
    new MutationObserver((_, observer) => {
      if (!promptBox()) return;
      observer.disconnect();
      requestAnimationFrame(() => resolve(performance.now()));
    }).observe(document, { childList: true, subtree: true });
  });
`;

async function startupMs(page: Page, origin: string): Promise<number> {
  await page.goto(origin);
  return (await page.evaluate('window.benchStartupMs')) as number;
}

async function measureStartup(
  page: Page,
  few: string,
  many: string,
): Promise<{ line: string; ratio: number }> {
  // Warm: the build's files are in the HTTP cache and the lazy chunks were preloaded once before.
  for (const origin of [few, many]) {
    await startupMs(page, origin);
    await page.waitForTimeout(500);
  }
  const fewMs: number[] = [];
  const manyMs: number[] = [];
  for (let pair = 0; pair < STARTUP_PAIRS; pair++) {
    // Alternating which goes first, so drift over the run falls on both sides alike.
    if (pair % 2 === 0) fewMs.push(await startupMs(page, few));
    manyMs.push(await startupMs(page, many));
    if (pair % 2 === 1) fewMs.push(await startupMs(page, few));
  }
  const ratio = median(manyMs.map((ms, pair) => ms / fewMs[pair]!));
  return {
    line: `start-up to the prompt box: ${MANY} results ${formatMs(median(manyMs))}, ${FEW} results ${formatMs(median(fewMs))} (medians of ${STARTUP_PAIRS} paired runs); ratio ${formatRatio(ratio)} (median of the pairs' ratios; target <= ${STARTUP_RATIO_TARGET})`,
    ratio,
  };
}

/** Scrolls the results from top to bottom over `ms`, one step per frame, then waits for the last row. */
const scrollToEnd = (ms: number) => `
  new Promise((resolve) => {
    const list = document.querySelector('[role="list"][aria-label="Results"]');
    const started = performance.now();
    requestAnimationFrame(function step(now) {
      const fraction = Math.min(1, (now - started) / ${ms});
      list.scrollTop = fraction * (list.scrollHeight - list.clientHeight);
      if (fraction < 1) requestAnimationFrame(step);
      else resolve();
    });
  })
`;

interface GalleryFrames {
  openMs: number;
  open: number[];
  scroll: number[];
}

async function measureGallery(page: Page, origin: string, count: number): Promise<GalleryFrames> {
  await startupMs(page, origin);
  // Idle after the first paint: the gallery's chunk has been preloaded, as it is for a designer.
  await page.waitForTimeout(1_000);
  const toggle = page.getByRole('button', { name: 'Gallery', exact: true });
  const results = page.getByRole('list', { name: 'Results' });
  let openMs = 0;
  const open = await frameTimes(page, async () => {
    const started = performance.now();
    await toggle.click();
    await results.getByRole('listitem').first().getByRole('img').waitFor();
    openMs = performance.now() - started;
    await page.waitForTimeout(500);
  });
  const scroll = await frameTimes(page, async () => {
    await page.evaluate(scrollToEnd(SCROLL_MS));
  });
  // Rows measured on the way may have moved the end: once more to the bottom, and the last card must be there.
  await page.evaluate(scrollToEnd(1));
  await results.locator(`[aria-posinset="${count}"]`).waitFor({ timeout: 5_000 });
  await toggle.click();
  return { openMs, open, scroll };
}

function describeFrames(frames: number[]): string {
  return `median ${formatMs(median(frames))} (p95 ${formatMs(percentile(frames, 0.95))}, ${frames.length} frames)`;
}

async function startRelay(staticDir: string): Promise<{ origin: string; relay: ServerProcess }> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const relay = await startTsxServer(
    'src/relay/main.ts',
    { HOST: '127.0.0.1', PORT: String(port), STUDIO_UPSTREAM: 'offline', STUDIO_STATIC_DIR: staticDir },
    `${origin}/healthz`,
  );
  return { origin, relay };
}

async function measureInBrowser(context: BrowserContext, few: string, many: string): Promise<BuildReport> {
  const page = context.pages()[0] ?? (await context.newPage());
  const art = await seedArt();
  const seeding = performance.now();
  await seed(page, few, FEW, art);
  await seed(page, many, MANY, art);
  const seededMs = performance.now() - seeding;
  await context.addInitScript(STARTUP_PROBE);

  const startup = await measureStartup(page, few, many);
  const idle = await frameTimes(page, () => page.waitForTimeout(1_000));
  const fewFrames = await measureGallery(page, few, FEW);
  const manyFrames = await measureGallery(page, many, MANY);

  const lines = [
    `seeded ${FEW} and ${MANY} results (1024x1024 PNGs of ${kb(art.full.png.length * 0.75)}, 384x384 PNG thumbnails of ${kb(art.thumbnails[0]!.length * 0.75)}) in ${formatMs(seededMs)}`,
    startup.line,
    `gallery frames, idle studio: ${describeFrames(idle)}`,
  ];
  const failures: string[] = [];
  for (const [count, frames] of [
    [FEW, fewFrames],
    [MANY, manyFrames],
  ] as const) {
    lines.push(
      `gallery, ${count} results: open (first card in ${formatMs(frames.openMs)}) ${describeFrames(frames.open)}; scroll to the end in ${SCROLL_MS / 1000} s ${describeFrames(frames.scroll)}; target < ${FRAME_TARGET_MS} ms`,
    );
    for (const [what, times] of [
      ['open', frames.open],
      ['scroll', frames.scroll],
    ] as const) {
      if (median(times) >= FRAME_TARGET_MS)
        failures.push(
          `gallery ${what} with ${count} results: median frame ${formatMs(median(times))} >= ${FRAME_TARGET_MS} ms`,
        );
    }
  }
  lines.push(
    `  ${MANY} vs ${FEW}: open ${formatRatio(median(manyFrames.open) / median(fewFrames.open))}, scroll ${formatRatio(median(manyFrames.scroll) / median(fewFrames.scroll))} (median frame ratios)`,
  );
  if (startup.ratio > STARTUP_RATIO_TARGET)
    failures.push(
      `start-up with ${MANY} results is ${formatRatio(startup.ratio)} of ${FEW} > ${STARTUP_RATIO_TARGET}`,
    );
  return { lines, failures };
}

export async function benchFirstLoad(): Promise<BuildReport> {
  const browser = chromiumExecutable();
  const dir = await mkdtemp(join(tmpdir(), 'atelier-bench-first-load-'));
  const staticDir = join(dir, 'dist');
  const profile = join(dir, 'profile');
  const relays: ServerProcess[] = [];
  let context: BrowserContext | null = null;
  try {
    const bundle = await measureBuild(staticDir);
    if (!browser)
      return {
        lines: bundle.lines,
        failures: [...bundle.failures, 'no Chromium found for the gallery benchmark'],
      };
    await buildSeedModule(staticDir);
    const [few, many] = await Promise.all([startRelay(staticDir), startRelay(staticDir)]);
    relays.push(few!.relay, many!.relay);
    await mkdir(profile);
    // On disk, as a designer's profile is: an incognito context would keep IndexedDB in memory.
    context = await chromium.launchPersistentContext(profile, {
      executablePath: browser.managed ? undefined : browser.path,
      args: CHROMIUM_ARGS,
      viewport: VIEWPORT,
    });
    const measured = await measureInBrowser(context, few!.origin, many!.origin);
    return {
      lines: [...bundle.lines, ...measured.lines],
      failures: [...bundle.failures, ...measured.failures],
    };
  } finally {
    await context?.close();
    await Promise.all(relays.map((relay) => relay.stop()));
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * `npm start` builds the studio first when dist/ is missing or older than its sources, so a fresh clone
 * or a pulled change never serves a stale bundle.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** What the browser bundle is built from (design.md §2 browser folders, plus the build's own inputs). */
const BUILD_INPUTS = [
  'src/app',
  'src/studio',
  'src/ui',
  'src/state',
  'src/api',
  'src/storage',
  'src/editor',
  'src/contract',
  'public',
  'index.html',
  'vite.config.ts',
];

async function newestModification(path: string): Promise<number> {
  let info;
  try {
    info = await stat(path);
  } catch {
    return 0;
  }
  if (!info.isDirectory()) return info.mtimeMs;
  const entries = await readdir(path);
  const times = await Promise.all(entries.map((entry) => newestModification(join(path, entry))));
  return Math.max(info.mtimeMs, ...times);
}

export async function isBuildStale(projectDir: string, outDir: string): Promise<boolean> {
  const built = await newestModification(join(outDir, 'index.html'));
  if (built === 0) return true;
  const times = await Promise.all(BUILD_INPUTS.map((input) => newestModification(join(projectDir, input))));
  return Math.max(...times) > built;
}

/** Runs `vite build` in-process when the bundle is stale; resolves with whether it built. */
/** Builds into `outDir` (the directory the relay serves), so test runs on other ports keep bundles apart. */
export async function buildIfStale(
  projectDir: string,
  outDir: string,
  log: (line: string) => void,
): Promise<boolean> {
  if (!(await isBuildStale(projectDir, outDir))) return false;
  log('The studio bundle is missing or older than its sources; building it (vite build)...');
  const { build } = await import('vite');
  await build({ root: projectDir, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  return true;
}

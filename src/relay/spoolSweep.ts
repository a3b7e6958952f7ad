/**
 * Spool directories that outlive their relay. A request's directory is removed however the request ends,
 * but not when the process is killed (SIGKILL, a crash, a power cut), so each directory carries its owner's
 * process id and a relay sweeps, at start, those whose owner is gone. A directory of a relay still running
 * beside it, in the same spool root, is left alone.
 */
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

const DIRECTORY_PREFIX = 'atelier-upload-';
const OWNED_DIRECTORY = /^atelier-upload-(\d+)-[^/]+$/;

/** The prefix `mkdtemp` completes for a request directory of process `pid`. */
export function requestDirectoryPrefix(pid: number = process.pid): string {
  return `${DIRECTORY_PREFIX}${pid}-`;
}

/** Whether process `pid` exists; one of another user's answers EPERM to the probe, and is alive too. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the request directories in `spoolRoot` whose owning process has gone; returns their names. */
export async function sweepOrphanedSpools(spoolRoot: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(spoolRoot);
  } catch {
    return [];
  }
  const orphans = names.filter((name) => {
    const pid = Number(OWNED_DIRECTORY.exec(name)?.[1] ?? NaN);
    return Number.isSafeInteger(pid) && pid > 0 && pid !== process.pid && !isRunning(pid);
  });
  await Promise.all(orphans.map((name) => rm(join(spoolRoot, name), { recursive: true, force: true })));
  return orphans;
}

/**
 * Which Chromium the end-to-end tests drive: Playwright's own build when it has been downloaded, else
 * Debian's /usr/bin/chromium (where Playwright cannot download its browsers).
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/** Flags for a headless run in containers and CI: no sandbox (often root), no GPU, no background traffic. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function managedChromiumPath(): string | null {
  const path = chromium.executablePath();
  return path && existsSync(path) ? path : null;
}

/** The executable to launch, or null when neither Playwright's Chromium nor the system one exists. */
export function chromiumExecutable(): { path: string; managed: boolean } | null {
  const managed = managedChromiumPath();
  if (managed) return { path: managed, managed: true };
  return existsSync(SYSTEM_CHROMIUM) ? { path: SYSTEM_CHROMIUM, managed: false } : null;
}

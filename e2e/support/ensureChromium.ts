/**
 * Run by `npm run test:e2e` before Playwright: makes sure a Chromium exists. As root on Debian it installs
 * the distribution's package; anywhere else it stops and says what to run.
 */
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromiumExecutable } from './chromium.ts';

function main(): void {
  const found = chromiumExecutable();
  if (found) {
    console.log(
      `e2e: using ${found.managed ? "Playwright's Chromium" : 'the system Chromium'} at ${found.path}`,
    );
    return;
  }
  const debian = existsSync('/etc/debian_version');
  if (debian && process.getuid?.() === 0) {
    console.log("e2e: no Chromium found; installing Debian's chromium package with apt-get…");
    execSync('apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium', {
      stdio: 'inherit',
    });
    if (chromiumExecutable()) return;
    console.error('e2e: apt-get finished but no Chromium appeared at /usr/bin/chromium.');
    process.exit(1);
  }
  console.error(
    [
      'e2e: no Chromium found for the end-to-end tests. Install one, then run the tests again:',
      debian ? '  sudo apt-get install -y chromium' : null,
      '  npx playwright install chromium   (where downloads from the Playwright CDN work)',
    ]
      .filter(Boolean)
      .join('\n'),
  );
  process.exit(1);
}

main();

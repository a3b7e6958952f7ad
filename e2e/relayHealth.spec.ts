/** A relay that stops answering is said so in the header, and the studio recovers by itself when it is back. */
import { expect, test } from '@playwright/test';
import { startRelay } from './support/relayProcess.ts';

test('a relay that stops answering turns the badge red, and it recovers by itself when it is back', async ({
  page,
}) => {
  let relay = await startRelay({});
  const port = new URL(relay.url).port;
  try {
    await page.goto(relay.url);
    const badge = page.getByRole('status', { name: 'Engine' });
    await expect(badge).toHaveText(/Offline engine/);

    await relay.stop();
    // The studio asks every 5 s; the wait is for that answer, not a guess at a time.
    await expect(badge).toHaveText('The relay is not answering', { timeout: 20_000 });
    await expect(page.getByRole('button', { name: 'Generate' })).toBeVisible();

    relay = await startRelay({ PORT: port });
    await expect(badge).toHaveText(/Offline engine/, { timeout: 20_000 });
  } finally {
    await relay.stop();
  }
});

import { expect, test } from '@playwright/test';
import { startRelay, type RelayProcess } from './support/relayProcess.ts';
import { StudioPage } from './pages/StudioPage.ts';

const TOKEN = 'studio-e2e-token';
let relay: RelayProcess;

test.beforeAll(async () => {
  relay = await startRelay({ STUDIO_ACCESS_TOKEN: TOKEN });
});

test.afterAll(async () => {
  await relay?.stop();
});

test('a relay with an access token asks for it, refuses a wrong one, then streams', async ({ page }) => {
  await page.goto(relay.url);
  const token = page.getByLabel('Access token');
  await expect(token).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('access token');

  await token.fill('not-the-token');
  await page.getByRole('button', { name: 'Connect' }).click();
  await expect(page.getByRole('alert')).toContainText('not valid');

  await token.fill(TOKEN);
  await page.getByRole('button', { name: 'Connect' }).click();
  const studio = new StudioPage(page);
  await expect(studio.engineBadge).toHaveText('Offline engine');
  await studio.generate('A brass key on dark velvet');
  await expect(studio.finalImages.first()).toBeVisible();
  expect(studio.generationRequests[0]!.headers()['authorization']).toBe(`Bearer ${TOKEN}`);
});

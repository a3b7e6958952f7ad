/**
 * The studio against a relay whose upstream (a stand-in for OpenAI) fails: a rate limit counts down to a
 * Retry that sends the same draft again, an exhausted quota says no retry will help, and a stream that
 * breaks keeps the partial already shown.
 */
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { OPENAI_ERRORS } from '../src/relay/testing/fakeOpenAI.ts';
import { startRelayHarness, type RelayHarness } from '../src/relay/testing/harness.ts';
import { StudioPage } from './pages/StudioPage.ts';

let harness: RelayHarness;
let studio: StudioPage;

// The webServer of playwright.config.ts has built the bundle by the time the tests run (in dist/, or the
// directory of a concurrent run).
test.beforeAll(async () => {
  harness = await startRelayHarness('fake', {}, resolve(process.env.STUDIO_STATIC_DIR ?? 'dist'));
});
test.afterAll(() => harness.close());

test.beforeEach(async ({ page }) => {
  studio = new StudioPage(page);
  await page.goto(harness.url);
  await expect(studio.generateButton).toBeEnabled();
});

const rateLimited = JSON.stringify({
  error: OPENAI_ERRORS.rateLimited,
});

test('a rate limit counts down, then Retry sends the same draft again and the image arrives', async ({
  page,
}) => {
  harness.fake!.plan({ status: 429, body: rateLimited, headers: { 'retry-after': '2' } });
  await studio.generate('A kite over dunes');

  await expect(studio.problem).toContainText('Rate limit reached for images per minute.');
  const retry = studio.problem.getByRole('button', { name: /^Retry/ });
  await expect(retry).toHaveText(/^Retry in [12] s$/);
  await expect(retry).toBeDisabled();
  await page.screenshot({ path: test.info().outputPath('faults-countdown.png') });
  await expect(retry).toHaveText('Retry', { timeout: 4_000 });
  await retry.click();

  await expect(studio.finalImages.first()).toBeVisible();
  await expect(studio.problem).toBeHidden();
  await expect(studio.prompt).toHaveValue('A kite over dunes');
  expect(studio.generationRequests).toHaveLength(2);
  expect(studio.generationRequests[1]!.postData()).toBe(studio.generationRequests[0]!.postData());
});

test('an exhausted quota says no retry will help, offers none, and still says why after a reload', async ({
  page,
}) => {
  harness.fake!.plan({
    status: 429,
    body: JSON.stringify({
      error: OPENAI_ERRORS.insufficientQuota,
    }),
  });
  await studio.generate('A kite over dunes');

  await expect(studio.problem).toContainText('You exceeded your current quota.');
  await expect(studio.problem).toContainText('no retry will help');
  await expect(studio.problem.getByRole('button', { name: /^Retry/ })).toHaveCount(0);

  // The reason is stored with the result: after a reload the run still says why it failed.
  await page.reload();
  await expect(studio.runStatus).toContainText('Failed');
  await expect(studio.result.getByRole('region', { name: 'Why it failed' })).toContainText(
    'You exceeded your current quota.',
  );
});

test('a stream that breaks keeps its partial, says why, and can be retried', async () => {
  harness.fake!.plan({ dropAfterFrames: 1 });
  await studio.choose('Partial images', '2');
  await studio.generate('A kite over dunes');

  await expect(studio.problem).toContainText('The stream ended without a final image');
  await expect(studio.partialImages.first()).toBeVisible();
  await expect(studio.finalImages).toHaveCount(0);
  await expect(studio.problem.getByRole('button', { name: 'Retry' })).toBeEnabled();
});

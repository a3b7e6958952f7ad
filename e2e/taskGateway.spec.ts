/**
 * A task gateway behind the relay (issue 14, seed 004): the studio generates through it with the SDK-shaped
 * stream it always reads, the gateway's progress shows as a bar that moves while the task works, and the
 * result lands in the gallery under the provider's address. The stand-in holds the task at each stage until
 * the test lets it go, so nothing races the relay's polling.
 */
import { writeFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { createHold } from '../src/relay/testing/fakeOpenAI.ts';
import { startFakeTaskGateway, type FakeTaskGateway } from '../src/relay/testing/fakeTaskGateway.ts';
import { StudioPage } from './pages/StudioPage.ts';
import { startRelay, type RelayProcess } from './support/relayProcess.ts';
import { storedVariants } from './support/storedRecords.ts';

const GATEWAY_KEY = 'sk-task-gateway-e2e-key';
let gateway: FakeTaskGateway;
let relay: RelayProcess;

test.beforeEach(async () => {
  gateway = await startFakeTaskGateway({ apiKey: GATEWAY_KEY });
  const file = test.info().outputPath('providers.json');
  await writeFile(
    file,
    JSON.stringify({
      providers: [
        {
          id: 'tasks',
          kind: 'task',
          label: 'Task gateway',
          baseUrl: gateway.url,
          apiKeyEnv: 'E2E_TASK_GATEWAY_KEY',
          models: [{ id: 'gpt-image-2', pricePerImage: 0.006375 }],
        },
        { id: 'local', kind: 'offline', label: 'Offline engine' },
      ],
    }),
  );
  relay = await startRelay({ STUDIO_PROVIDERS: file, E2E_TASK_GATEWAY_KEY: GATEWAY_KEY });
});

test.afterEach(async () => {
  await relay.stop();
  await gateway.close();
});

test('a run through a task gateway shows its progress moving, then lands in the gallery', async ({
  page,
}) => {
  const queued = createHold();
  const working = createHold();
  gateway.plan({ queuedUntil: queued, processingUntil: working, progress: [40, 80] });
  const studio = new StudioPage(page);
  await page.goto(relay.url);
  await studio.model.selectOption('tasks/gpt-image-2');
  await expect(studio.engineBadge).toHaveText('Task gateway');
  await expect(page.getByLabel('Price per image')).toHaveText('$0.0064 × 1');

  await studio.generate('A lighthouse through the task gateway');
  const submit = await gateway.waitForRequest(
    (request) => request.method === 'POST' && request.path === '/v1/tasks',
  );
  expect(submit.json).toMatchObject({ model: 'gpt-image-2', action: 'generate' });

  const bar = page.getByRole('progressbar', { name: 'Provider progress' });
  await queued.reached;
  await expect(bar).toHaveAttribute('aria-valuetext', 'Queued at the provider', { timeout: 20_000 });
  await expect(studio.runStatus).toContainText('queued at the provider');
  queued.release();
  await working.reached;
  await expect(bar).toHaveAttribute('aria-valuenow', '40', { timeout: 20_000 });
  await expect(bar).toHaveAttribute('aria-valuetext', 'Working: 40%');
  await expect(studio.runStatus).toContainText('working at the provider');
  for (const viewport of [
    { width: 1280, height: 720 },
    { width: 1920, height: 1080 },
  ]) {
    await page.setViewportSize(viewport);
    await page.screenshot({ path: test.info().outputPath(`task-progress-${viewport.width}.png`) });
  }
  working.release();
  await expect(bar).toHaveAttribute('aria-valuenow', '80', { timeout: 20_000 });
  await expect(studio.runStatus).toContainText('Done', { timeout: 30_000 });
  await expect(bar).toHaveCount(0);

  const [variant] = await storedVariants(page);
  expect((variant!.request as { model: { id: string } }).model.id).toBe('tasks/gpt-image-2');
});

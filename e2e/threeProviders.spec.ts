/**
 * One session through three providers behind one relay (issue 14): an OpenAI-compatible gateway (the held
 * stand-in), a task gateway and Leonardo, each with its own wire, one after another from the same studio.
 * Each result arrives as a real image at its size, is stored under its provider's address, and the
 * gallery names each by its provider; each provider was asked in its own protocol for its own model id.
 */
import { writeFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { startFakeLeonardo, type FakeLeonardo } from '../src/relay/testing/fakeLeonardo.ts';
import { startFakeTaskGateway, type FakeTaskGateway } from '../src/relay/testing/fakeTaskGateway.ts';
import { GalleryPage } from './pages/GalleryPage.ts';
import { StudioPage } from './pages/StudioPage.ts';
import { HELD_UPSTREAM_API_KEY, startHeldUpstream, type HeldUpstream } from './support/heldUpstream.ts';
import { startRelay, type RelayProcess } from './support/relayProcess.ts';
import { storedImages, storedVariants } from './support/storedRecords.ts';

const TASK_KEY = 'sk-task-gateway-e2e-key';
const LEONARDO_KEY = 'leo-e2e-key-0123456789abcdef';
let gateway: HeldUpstream;
let tasks: FakeTaskGateway;
let leonardo: FakeLeonardo;
let relay: RelayProcess;

test.beforeEach(async () => {
  [gateway, tasks, leonardo] = await Promise.all([
    startHeldUpstream(),
    startFakeTaskGateway({ apiKey: TASK_KEY }),
    startFakeLeonardo({ apiKey: LEONARDO_KEY }),
  ]);
  const file = test.info().outputPath('providers.json');
  const model = { id: 'gpt-image-2', pricePerImage: 0.006375 };
  await writeFile(
    file,
    JSON.stringify({
      providers: [
        {
          id: 'gw',
          kind: 'openai-compatible',
          label: 'Budget gateway',
          baseUrl: gateway.url,
          apiKeyEnv: 'E2E_GATEWAY_KEY',
          models: [model],
        },
        {
          id: 'tasks',
          kind: 'task',
          label: 'Task gateway',
          baseUrl: tasks.url,
          apiKeyEnv: 'E2E_TASK_KEY',
          models: [model],
        },
        {
          id: 'leo',
          kind: 'leonardo',
          label: 'Leonardo',
          baseUrl: leonardo.url,
          apiKeyEnv: 'E2E_LEONARDO_KEY',
          models: [{ id: 'gpt-image-2', supportsMask: false, usdPerCredit: 0.0009 }],
        },
      ],
    }),
  );
  relay = await startRelay({
    STUDIO_PROVIDERS: file,
    E2E_GATEWAY_KEY: HELD_UPSTREAM_API_KEY,
    E2E_TASK_KEY: TASK_KEY,
    E2E_LEONARDO_KEY: LEONARDO_KEY,
  });
});

test.afterEach(async () => {
  await relay.stop();
  await Promise.all([gateway.close(), tasks.close(), leonardo.close()]);
});

test('one session generates through a gateway, a task gateway and Leonardo, each result stored under its provider', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const studio = new StudioPage(page);
  await page.goto(relay.url);
  await expect(studio.generateButton).toBeEnabled();
  const groups = studio.model.locator('optgroup');
  expect(await groups.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('label')))).toEqual([
    'Budget gateway',
    'Task gateway',
    'Leonardo',
  ]);

  await studio.model.selectOption('gw/gpt-image-2');
  await expect(studio.engineBadge).toHaveText('Budget gateway');
  await studio.generate('A lighthouse through the gateway');
  const held = await gateway.nextRequest();
  expect(held.body.fields.model).toBe('gpt-image-2');
  await held.complete();
  await expect(studio.runStatus).toContainText('Done', { timeout: 20_000 });
  // Billed at the gateway's price for the image, whatever tokens it reported.
  const inspector = page.getByRole('complementary', { name: 'Result' });
  await expect(inspector.getByLabel('Cost', { exact: true })).toHaveText('$0.0064');

  await studio.model.selectOption('tasks/gpt-image-2');
  await expect(studio.engineBadge).toHaveText('Task gateway');
  await studio.generate('A lighthouse through the task gateway');
  await expect(studio.runStatus).toContainText('Done', { timeout: 30_000 });
  const submitted = tasks.requests.find(
    (request) => request.method === 'POST' && request.path === '/v1/tasks',
  );
  expect(submitted?.json).toMatchObject({ model: 'gpt-image-2', action: 'generate' });

  await studio.model.selectOption('leo/gpt-image-2');
  await expect(studio.engineBadge).toHaveText('Leonardo');
  await studio.generate('A lighthouse through Leonardo');
  await expect(studio.runStatus).toContainText('Done', { timeout: 30_000 });
  expect(leonardo.submissions).toHaveLength(1);
  expect(leonardo.submissions[0]).toMatchObject({ model: 'gpt-image-2' });
  // Leonardo's credits for one 1024 × 1024 image at medium (auto), at the provider's price of a credit.
  await expect(inspector.getByText('In credits, not by tokens')).toBeVisible();
  await expect(inspector.getByLabel('Cost', { exact: true })).toHaveText(
    `$${(1024 * 1024 * 1.23977e-5 * 2.92 * 0.0009).toFixed(3)}`,
  );
  await expect(inspector.getByLabel('Spent this visit')).toHaveText(
    `$${(0.006375 * 2 + 1024 * 1024 * 1.23977e-5 * 2.92 * 0.0009).toFixed(3)}`,
  );
  await page.screenshot({ path: test.info().outputPath('three-providers.png') });

  // Each is stored under its provider's address, as a real image of the size it was reported at.
  const variants = await storedVariants(page);
  const modelOf = (variant: Record<string, unknown>) =>
    (variant.request as { model: { id: string } }).model.id;
  expect(variants.map(modelOf).sort()).toEqual(['gw/gpt-image-2', 'leo/gpt-image-2', 'tasks/gpt-image-2']);
  const finals = (await storedImages(page)).filter((image) => image.role === 'final');
  expect(finals).toHaveLength(3);
  for (const final of finals) {
    const decoded = await sharp(final.bytes).metadata();
    expect({ width: decoded.width, height: decoded.height }).toEqual({
      width: final.width,
      height: final.height,
    });
  }

  const gallery = new GalleryPage(page);
  await gallery.open();
  await expect(gallery.cards).toHaveCount(3);
  await expect(gallery.modelFilter.locator('option')).toHaveText([
    'All models',
    'GPT Image 2 · Budget gateway',
    'GPT Image 2 · Leonardo',
    'GPT Image 2 · Task gateway',
  ]);
  await gallery.modelFilter.selectOption({ label: 'GPT Image 2 · Leonardo' });
  await expect(gallery.cards).toHaveCount(1);
  await expect(gallery.card('A lighthouse through Leonardo')).toContainText('GPT Image 2 · Leonardo');
});

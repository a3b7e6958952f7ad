/**
 * A background render through the Responses API survives a reload: the offline engine renders it in a relay
 * of this test's own, held after its first partial image (the test lets it go on, so nothing races a clock);
 * the page reloads in the middle, shows the run as still rendering and re-attached, and it completes with
 * every partial stored once and the final. Stored images are decoded to check them.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import sharp from 'sharp';
import { createOfflineEngine, type OfflineEngine } from '../src/engine/index.ts';
import { createResponsesEngine } from '../src/engine/responses.ts';
import { loadRelayConfig } from '../src/relay/config.ts';
import { createRelay, type Relay } from '../src/relay/server.ts';
import { createOfflineResponsesUpstream } from '../src/relay/upstream/offlineResponses.ts';
import { StudioPage } from './pages/StudioPage.ts';
import { storedImages, storedVariants } from './support/storedRecords.ts';

/**
 * The offline engine with a tap the test opens: each render yields only as many image events (partials,
 * then the final) as the test has let through so far, and waits for more.
 */
function tappedEngine(inner: OfflineEngine) {
  let allowed = 0;
  const waiting = new Set<() => void>();
  const engine: OfflineEngine = {
    async *run(job, signal) {
      let yielded = 0;
      for await (const event of inner.run(job, signal)) {
        while (yielded >= allowed && !signal.aborted) {
          await new Promise<void>((resume) => waiting.add(resume));
        }
        yielded += 1;
        yield event;
      }
    },
  };
  return {
    engine,
    /** Lets each render yield up to `count` image events in all. */
    letThrough(count: number) {
      allowed = count;
      for (const resume of [...waiting]) resume();
      waiting.clear();
    },
  };
}

interface StoredTurn {
  id: string;
  status: string;
  request: { partialImages: number };
  conversation: { responseId: string | null; lastSequenceNumber: number | null; background: boolean };
}

const turnCard = (page: Page) =>
  page.getByRole('complementary', { name: 'Conversation' }).getByRole('listitem', { name: 'Turn 1' });

async function theTurn(page: Page): Promise<StoredTurn | undefined> {
  const variants = (await storedVariants(page)) as unknown as StoredTurn[];
  return variants.find((variant) => variant.conversation);
}

const imagesOf = async (page: Page, variantId: string, role: string) =>
  (await storedImages(page)).filter((image) => image.variantId === variantId && image.role === role);

test.describe('a background render', () => {
  let relay: Relay;
  let url: string;
  let spoolRoot: string;
  const tap = tappedEngine(createOfflineEngine());

  test.beforeAll(async () => {
    spoolRoot = await mkdtemp(join(tmpdir(), 'atelier-background-e2e-'));
    const config = loadRelayConfig(
      { HOST: '127.0.0.1', PORT: '0', STUDIO_UPSTREAM: 'offline' },
      { spoolRoot, staticDir: resolve(process.env.STUDIO_STATIC_DIR ?? 'dist'), log: () => {} },
    );
    const responses = createOfflineResponsesUpstream(
      createResponsesEngine({ images: tap.engine, spoolRoot }),
      { heartbeatMs: config.heartbeatMs },
    );
    relay = createRelay(config, {}, { offline: responses });
    ({ url } = await relay.listen());
  });
  test.afterAll(async () => {
    tap.letThrough(Number.POSITIVE_INFINITY);
    await relay?.close();
    await rm(spoolRoot, { recursive: true, force: true });
  });

  test('resumes after a reload in the middle and completes with every partial', async ({ page }) => {
    test.setTimeout(90_000);
    const studio = new StudioPage(page);
    await page.goto(url);
    await expect(studio.generateButton).toBeEnabled();
    await studio.choose('Quality', 'Low');
    await page.getByRole('button', { name: 'Conversation' }).click();
    const keepRendering = page.getByLabel('Keep rendering if I close the tab');
    // Low quality at a megapixel is short: not a background render unless asked.
    await expect(keepRendering).not.toBeChecked();
    await keepRendering.check();

    tap.letThrough(1);
    await page.getByLabel('Turn words').fill('a tall ship at dawn');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(turnCard(page)).toContainText('Rendering at the offline engine in the background');
    // The first partial is stored, with the sequence number of its event.
    await expect
      .poll(async () => {
        const turn = await theTurn(page);
        return turn && (await imagesOf(page, turn.id, 'partial')).length;
      })
      .toBe(1);
    const cutOff = (await theTurn(page))!;
    expect(cutOff.conversation).toMatchObject({
      background: true,
      responseId: expect.stringMatching(/^resp_/),
    });
    expect(cutOff.conversation.lastSequenceNumber).toBeGreaterThan(0);
    const expected = cutOff.request.partialImages;
    expect(expected).toBeGreaterThan(1);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.screenshot({ path: test.info().outputPath('background-1280-rendering.png') });

    await page.reload();
    await expect(page.getByRole('status', { name: 'Run status' })).toContainText('partial 1 of');
    await page.getByRole('button', { name: 'Conversation' }).click();
    await expect(turnCard(page)).toContainText('Rendering at the offline engine, re-attached');
    expect((await theTurn(page))!.status).toBe('streaming');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.screenshot({ path: test.info().outputPath('background-1920-reattached.png') });

    tap.letThrough(Number.POSITIVE_INFINITY);
    await expect(turnCard(page).getByText('Generate', { exact: true })).toBeVisible();
    await expect(turnCard(page)).not.toContainText('Rendering at');
    await expect.poll(async () => (await theTurn(page))!.status).toBe('done');

    const partials = await imagesOf(page, cutOff.id, 'partial');
    const finals = await imagesOf(page, cutOff.id, 'final');
    // Every partial once: as many as asked for, each a different picture; and one final.
    expect(partials).toHaveLength(expected);
    const pixels = await Promise.all(partials.map((image) => sharp(image.bytes).raw().toBuffer()));
    expect(new Set(pixels.map((buffer) => buffer.toString('base64'))).size).toBe(expected);
    expect(finals).toHaveLength(1);
    expect(await sharp(finals[0]!.bytes).metadata()).toMatchObject({ format: 'png' });
  });
});

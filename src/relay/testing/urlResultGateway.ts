/**
 * Test support: the stand-in in its URL-result gateway mode (gateways.md §3, Addendum §B) with relays in
 * front of it whose registry declares `gpt-image-2-c` as gpt-image-2 answering with links and ignoring
 * `stream`, as a provider's model entries would.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRelayConfig } from '../config.ts';
import { createRelay, type Relay } from '../server.ts';
import { createOpenAIUpstream, type OpenAIUpstreamSettings } from '../upstream/openai.ts';
import { startFakeOpenAI, type FakeOpenAI } from './fakeOpenAI.ts';
import { TEST_API_KEY } from './harness.ts';

export const URL_RESULT_MODEL = 'gpt-image-2-c';

export interface UrlResultGateway {
  fake: FakeOpenAI;
  /** Starts one more relay in front of the stand-in; resolves with its base URL (http://127.0.0.1:port). */
  startRelay(settings?: Partial<OpenAIUpstreamSettings>): Promise<string>;
  close(): Promise<void>;
}

/** The stand-in serving `imageBase64` behind every link, and no relay yet. */
export async function startUrlResultGateway(imageBase64: string): Promise<UrlResultGateway> {
  const fake = await startFakeOpenAI({
    apiKey: TEST_API_KEY,
    imageBase64,
    urlResultModels: [URL_RESULT_MODEL],
  });
  const directory = await mkdtemp(join(tmpdir(), 'atelier-url-results-'));
  const modelsFile = join(directory, 'models.json');
  await writeFile(
    modelsFile,
    JSON.stringify([
      { id: URL_RESULT_MODEL, like: 'gpt-image-2', resultKind: 'url', supportsStreaming: false },
    ]),
  );
  const relays: Relay[] = [];
  return {
    fake,
    async startRelay(settings = {}) {
      const config = loadRelayConfig(
        {
          HOST: '127.0.0.1',
          PORT: '0',
          STUDIO_UPSTREAM: 'openai',
          OPENAI_API_KEY: TEST_API_KEY,
          OPENAI_BASE_URL: fake.url,
          STUDIO_MODELS: modelsFile,
        },
        { spoolRoot: directory, staticDir: join(directory, 'no-dist'), log: () => {} },
      );
      const upstream = createOpenAIUpstream({
        apiKey: TEST_API_KEY,
        baseUrl: fake.url,
        idleMs: 60_000,
        heartbeatMs: 60_000,
        ...settings,
      });
      const relay = createRelay(config, upstream);
      relays.push(relay);
      return (await relay.listen()).url;
    },
    async close() {
      await Promise.all(relays.map((relay) => relay.close()));
      await fake.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/**
 * Test support: a real relay on 127.0.0.1:0 in front of a real fake OpenAI (or the offline engine), with its
 * log lines captured and its upload spool in a directory of the test's own.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { loadRelayConfig, type RelayConfig } from '../config.ts';
import { createRelay, type Relay } from '../server.ts';
import { startFakeOpenAI, type FakeOpenAI } from './fakeOpenAI.ts';

export const TEST_API_KEY = 'sk-test-relay-secret-0123456789abcdef';

export interface RelayHarness {
  relay: Relay;
  config: RelayConfig;
  /** e.g. http://127.0.0.1:54321 */
  url: string;
  port: number;
  /** Present when the relay forwards to the fake OpenAI. */
  fake: FakeOpenAI | null;
  logs: string[];
  spoolRoot: string;
  /**
   * Names left in the spool directory once it has settled: a request's directory is removed right after
   * its response ends, so this waits up to a second for the removal before reporting what is left.
   */
  spoolEntries(): Promise<string[]>;
  close(): Promise<void>;
}

/** Starts the relay; `upstream: 'fake'` puts the fake OpenAI behind it, 'offline' the offline engine. */
export async function startRelayHarness(
  upstream: 'fake' | 'offline',
  env: Record<string, string> = {},
  /** The built studio to serve (e2e tests); by default none. */
  staticDir?: string,
): Promise<RelayHarness> {
  const fake = upstream === 'fake' ? await startFakeOpenAI({ apiKey: TEST_API_KEY }) : null;
  const spoolRoot = await mkdtemp(join(tmpdir(), 'atelier-relay-test-'));
  const logs: string[] = [];
  const config = loadRelayConfig(
    {
      HOST: '127.0.0.1',
      PORT: '0',
      ...(fake
        ? { STUDIO_UPSTREAM: 'openai', OPENAI_API_KEY: TEST_API_KEY, OPENAI_BASE_URL: fake.url }
        : { STUDIO_UPSTREAM: 'offline', STUDIO_OFFLINE_LATENCY: 'none' }),
      ...env,
    },
    { spoolRoot, staticDir: staticDir ?? join(spoolRoot, 'no-dist'), log: (line) => logs.push(line) },
  );
  const relay = createRelay(config);
  const { url, port } = await relay.listen();
  return {
    relay,
    config,
    url,
    port,
    fake,
    logs,
    spoolRoot,
    async spoolEntries() {
      const deadline = Date.now() + 1000;
      let entries = await readdir(spoolRoot);
      while (entries.length > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        entries = await readdir(spoolRoot);
      }
      return entries;
    },
    async close() {
      await relay.close();
      await fake?.close();
      await rm(spoolRoot, { recursive: true, force: true });
    },
  };
}

/** A real PNG (sharp) of the given size; with `alpha` its left half is transparent, as a mask's edit area. */
export async function makePng(
  width: number,
  height: number,
  options: { alpha?: boolean; seed?: number } = {},
): Promise<Buffer> {
  const channels = options.alpha ? 4 : 3;
  const seed = options.seed ?? 1;
  const pixels = Buffer.alloc(width * height * channels);
  for (let index = 0; index < width * height; index += 1) {
    pixels[index * channels] = (index * seed) & 0xff;
    pixels[index * channels + 1] = (index >> 8) & 0xff;
    pixels[index * channels + 2] = seed * 40;
    if (options.alpha) pixels[index * channels + 3] = index % width < width / 2 ? 0 : 255;
  }
  return sharp(pixels, { raw: { width, height, channels } }).png().toBuffer();
}

export async function makeJpeg(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#3366aa' } })
    .jpeg()
    .toBuffer();
}

/** Reads a whole SSE body and splits it into `{event, data}` frames (tests only; the relay never parses). */
export function parseSseFrames(text: string): { event: string; data: unknown }[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const lines = block.split('\n');
      const event = lines.find((line) => line.startsWith('event: '))?.slice(7) ?? '';
      const data = lines.find((line) => line.startsWith('data: '))?.slice(6) ?? 'null';
      return { event, data: JSON.parse(data) as unknown };
    });
}

/**
 * A gateway model that answers with links (gateways.md §3, Addendum §B; seeds 001/002: `gpt-image-2-c`),
 * through the official `openai` SDK pointed at the relay, in front of the stand-in in its URL-result mode:
 * the links are downloaded and the client gets the image bytes as from OpenAI, streamed or not, unless it
 * asked for the links itself; every way a link fails is an OpenAI-shaped 502 naming what happened.
 */
import OpenAI, { toFile } from 'openai';
import sharp from 'sharp';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESULT_FILES_PATH, createHold, type FakeOpenAI, type ResultFault } from './testing/fakeOpenAI.ts';
import { makePng } from './testing/harness.ts';
import {
  URL_RESULT_MODEL as URL_MODEL,
  startUrlResultGateway,
  type UrlResultGateway,
} from './testing/urlResultGateway.ts';
import type { OpenAIUpstreamSettings } from './upstream/openai.ts';

/** Small enough for the oversized fault (2 MiB), far above the 96x64 PNG every link leads to. */
const MAX_RESULT_BYTES = 1024 * 1024;

type Generate = OpenAI.Images.ImageGenerateParamsNonStreaming;
type GenerateStreamed = OpenAI.Images.ImageGenerateParamsStreaming;

/** What every link of the stand-in leads to, decoded. */
const LINKED_IMAGE = { width: 96, height: 64, format: 'png' };

let image: Buffer;
let gateway: UrlResultGateway;
let fake: FakeOpenAI;
let client: OpenAI;

/** The SDK pointed at a new relay in front of the stand-in. */
async function startRelay(settings: Partial<OpenAIUpstreamSettings> = {}): Promise<OpenAI> {
  const url = await gateway.startRelay({ maxResultBytes: MAX_RESULT_BYTES, ...settings });
  return new OpenAI({ apiKey: 'client', baseURL: `${url}/v1`, maxRetries: 0 });
}

beforeAll(async () => {
  image = await makePng(96, 64, { seed: 5 });
  gateway = await startUrlResultGateway(image.toString('base64'));
  fake = gateway.fake;
  client = await startRelay();
});

afterAll(() => gateway.close());

/** The downloads the relay made from the stand-in's result links since `from`. */
const downloadsSince = (from: number) =>
  fake.requests.slice(from).filter((request) => request.path.startsWith(RESULT_FILES_PATH));

async function decodedSize(b64: string | undefined) {
  const { width, height, format } = await sharp(Buffer.from(b64 ?? '', 'base64')).metadata();
  return { width, height, format };
}

describe('a URL-result model through the relay', () => {
  it('hands an unstreamed generation the image bytes, with the answer’s other fields kept', async () => {
    const before = fake.requests.length;
    const response = await client.images.generate({
      model: URL_MODEL,
      prompt: 'a lighthouse at dusk',
      size: '1536x1024',
      quality: 'low',
      n: 2,
    });
    expect(response.data).toHaveLength(2);
    for (const entry of response.data!) {
      expect(entry.url).toBeUndefined();
      expect(await decodedSize(entry.b64_json)).toEqual(LINKED_IMAGE);
    }
    expect(response).toMatchObject({
      size: '1536x1024',
      quality: 'low',
      output_format: 'png',
      usage: { total_tokens: 246, output_tokens_details: { image_tokens: 196 } },
    });
    expect(response.created).toBeGreaterThan(0);
    // Both links fetched, without the provider's key: result links are presigned.
    const downloads = downloadsSince(before);
    expect(downloads).toHaveLength(2);
    for (const download of downloads) expect(download.headers.authorization).toBeUndefined();
  });

  it('streams a generation the model answered whole as one completed event with the bytes', async () => {
    const stream = await client.images.generate({
      model: URL_MODEL,
      prompt: 'a lighthouse at dawn',
      stream: true,
      partial_images: 2,
    });
    const events: OpenAI.Images.ImageGenStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    expect(events.map((event) => event.type)).toEqual(['image_generation.completed']);
    const completed = events[0] as OpenAI.Images.ImageGenCompletedEvent;
    expect(await decodedSize(completed.b64_json)).toEqual(LINKED_IMAGE);
    expect(completed.usage.total_tokens).toBe(246);
  });

  it('passes the links on when the client asks for response_format url, downloading nothing', async () => {
    const before = fake.requests.length;
    const response = await client.images.generate({
      model: URL_MODEL,
      prompt: 'a lighthouse at noon',
      response_format: 'url',
    });
    const link = response.data![0]!.url!;
    expect(link).toContain(`127.0.0.1:${fake.port}${RESULT_FILES_PATH}`);
    expect(response.data![0]!.b64_json).toBeUndefined();
    expect(downloadsSince(before)).toHaveLength(0);
    // The link works: it is the stand-in's own.
    const fetched = Buffer.from(await (await fetch(link)).arrayBuffer());
    expect(fetched.equals(image)).toBe(true);
  });

  it('hands the image over for response_format b64_json, which the model answers itself', async () => {
    const response = await client.images.generate({
      model: URL_MODEL,
      prompt: 'a lighthouse at night',
      response_format: 'b64_json',
    });
    expect(await decodedSize(response.data![0]!.b64_json)).toEqual(LINKED_IMAGE);
  });

  it('edits, streamed and not, with the image bytes', async () => {
    const edit = async () => ({
      model: URL_MODEL,
      prompt: 'paint the door red',
      image: [await toFile(await makePng(128, 128), 'a.png', { type: 'image/png' })],
    });
    const whole = await client.images.edit(await edit());
    expect(await decodedSize(whole.data![0]!.b64_json)).toEqual(LINKED_IMAGE);

    const stream = await client.images.edit({ ...(await edit()), stream: true });
    const events: OpenAI.Images.ImageEditStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    expect(events.map((event) => event.type)).toEqual(['image_edit.completed']);
    const completed = events[0] as OpenAI.Images.ImageEditCompletedEvent;
    expect(await decodedSize(completed.b64_json)).toEqual(LINKED_IMAGE);
  });

  it('refuses response_format for OpenAI’s own GPT image models, as the API does, and a value of neither kind', async () => {
    const before = fake.requests.length;
    const onOpenAI = await client.images
      .generate({ model: 'gpt-image-2', prompt: 'x', response_format: 'b64_json' })
      .catch((error: unknown) => error);
    expect(onOpenAI).toBeInstanceOf(OpenAI.BadRequestError);
    expect(onOpenAI).toMatchObject({ status: 400, param: 'response_format', code: 'unknown_parameter' });
    const unknownValue = await client.images
      .generate({ model: URL_MODEL, prompt: 'x', response_format: 'png' as 'url' })
      .catch((error: unknown) => error);
    expect(unknownValue).toMatchObject({ status: 400, param: 'response_format' });
    expect(fake.requests.length).toBe(before);
  });
});

describe('a result link that fails', () => {
  const FAULTS: [ResultFault, code: string, message: RegExp][] = [
    ['notFound', 'result_url_not_found', /was not found \(404\)/],
    ['expired', 'result_url_expired', /has expired \(403\)/],
    ['oversized', 'result_too_large', /is larger than 1\.0 MB/],
    ['foreignHost', 'result_url_refused', /points at images\.elsewhere\.example, a host it does not declare/],
    ['notImage', 'result_not_image', /is not an image/],
  ];

  it.each(FAULTS)('%s: an unstreamed request gets a 502 naming it', async (fault, code, message) => {
    fake.plan({ resultFault: fault });
    const failure = await client.images
      .generate({ model: URL_MODEL, prompt: 'a kite' })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.InternalServerError);
    expect(failure).toMatchObject({ status: 502, code, type: 'upstream_error' });
    const text = (failure as Error).message;
    expect(text).toMatch(message);
    // The link's signature stays out of the message; the stand-in's request id comes through.
    expect(text).not.toMatch(/signature|expires=/);
    expect((failure as InstanceType<typeof OpenAI.APIError>).requestID).toMatch(/^req_fake_/);
  });

  it.each(FAULTS)(
    '%s: a streamed request gets the error as the stream’s error event',
    async (fault, code, message) => {
      fake.plan({ resultFault: fault });
      const stream = await client.images.generate({
        model: URL_MODEL,
        prompt: 'a kite',
        stream: true,
      } satisfies GenerateStreamed);
      const failure = await (async () => {
        for await (const event of stream) void event;
      })().catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(OpenAI.APIError);
      expect((failure as Error).message).toMatch(message);
      expect(JSON.stringify(failure)).toContain(code);
    },
  );

  it('gives up on a link that does not answer within the time limit, and says so', async () => {
    const impatient = await startRelay({ resultTimeoutMs: 50 });
    const hold = createHold();
    fake.plan({ resultFault: 'slow', resultHold: hold });
    const failure = await impatient.images
      .generate({ model: URL_MODEL, prompt: 'a kite' } satisfies Generate)
      .catch((error: unknown) => error);
    // The stand-in holds the image until released: the relay's clock, not the test's, ends it.
    hold.release();
    expect(failure).toMatchObject({ status: 502, code: 'result_timeout' });
    expect((failure as Error).message).toMatch(/did not arrive within 50 ms/);
  });

  it('takes links from a result host the provider declares, and only from it', async () => {
    // The declared CDN name resolves to the stand-in, as a CDN's name resolves to its servers.
    const toStandIn = new Agent({
      connect: {
        lookup: (_hostname, options, callback) =>
          (options as { all?: boolean }).all
            ? (callback as (error: null, addresses: { address: string; family: number }[]) => void)(null, [
                { address: '127.0.0.1', family: 4 },
              ])
            : callback(null, '127.0.0.1', 4),
      },
    });
    const cdn = `cdn.gateway.example:${fake.port}`;
    const declared = await startRelay({ resultHosts: [cdn], pool: toStandIn });
    fake.plan({ resultHost: cdn });
    const response = await declared.images.generate({ model: URL_MODEL, prompt: 'a kite' });
    expect(await decodedSize(response.data![0]!.b64_json)).toEqual(LINKED_IMAGE);

    fake.plan({ resultHost: cdn });
    const undeclared = await client.images
      .generate({ model: URL_MODEL, prompt: 'a kite' })
      .catch((error: unknown) => error);
    expect(undeclared).toMatchObject({ status: 502, code: 'result_url_refused' });
    await toStandIn.close();
  });
});

/**
 * The task-gateway adapter (issue 14, seed 004) through the real relay on loopback, against the stand-in
 * that follows gateways.md Addendum §A, with the official `openai` SDK as the client: the SDK cannot tell
 * the gateway from OpenAI. No test waits on a clock: the stand-in advances a task one step per poll, holds it
 * queued or processing until the test releases it, and the poll interval is a few milliseconds.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI, { toFile } from 'openai';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROGRESS_EVENT, PROGRESS_EVENTS_VALUE, PROGRESS_HEADER } from '../contract/index.ts';
import { loadRelayConfig } from './config.ts';
import { createRelay, type Relay } from './server.ts';
import { createHold, type Hold } from './testing/fakeOpenAI.ts';
import { startFakeTaskGateway, type FakeTask, type FakeTaskGateway } from './testing/fakeTaskGateway.ts';
import { makeJpeg, makePng, parseSseFrames } from './testing/harness.ts';
import { createTaskGatewayUpstream, type TaskGatewaySettings } from './upstream/taskGateway.ts';

const GATEWAY_KEY = 'sk-task-gateway-secret-0123456789';
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

interface TaskRelay {
  url: string;
  client: OpenAI;
  /** Resolves with the first line of the adapter's log (past or future) that `pattern` matches. */
  logLine(pattern: RegExp): Promise<string>;
  close(): Promise<void>;
}

async function startTaskRelay(
  gateway: FakeTaskGateway,
  settings: Partial<TaskGatewaySettings> = {},
): Promise<TaskRelay> {
  const spoolRoot = await mkdtemp(join(tmpdir(), 'atelier-task-test-'));
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  const log = (line: string) => {
    lines.push(line);
    for (const waiter of waiters.filter(({ pattern }) => pattern.test(line))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(line);
    }
  };
  const config = loadRelayConfig(
    { HOST: '127.0.0.1', PORT: '0', STUDIO_UPSTREAM: 'offline', STUDIO_OFFLINE_LATENCY: 'none' },
    { spoolRoot, staticDir: join(spoolRoot, 'no-dist'), log: () => undefined },
  );
  const upstream = createTaskGatewayUpstream({
    id: 'gateway',
    baseUrl: gateway.url,
    apiKey: GATEWAY_KEY,
    models: config.models,
    pollIntervalMs: 1,
    maxPollIntervalMs: 4,
    heartbeatMs: 60_000,
    log,
    ...settings,
  });
  const relay: Relay = createRelay(config, upstream);
  const { url } = await relay.listen();
  return {
    url,
    client: new OpenAI({ apiKey: 'not-the-gateway-key', baseURL: `${url}/v1`, maxRetries: 0 }),
    logLine(pattern) {
      const found = lines.find((line) => pattern.test(line));
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => waiters.push({ pattern, resolve }));
    },
    async close() {
      await relay.close();
      await rm(spoolRoot, { recursive: true, force: true });
    },
  };
}

/** The task the last submit created, and that submit's body. */
function lastTask(gateway: FakeTaskGateway): FakeTask {
  return gateway.tasks.at(-1)!;
}

function decodeDataUrl(value: unknown): Buffer {
  const match = /^data:image\/(png|jpeg|webp);base64,(.*)$/.exec(String(value));
  expect(match).not.toBeNull();
  return Buffer.from(match![2]!, 'base64');
}

async function streamText(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${url}/v1/images/generations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

/**
 * Proves a left task's poll loop is gone: a whole other task (several polls a few milliseconds apart) later,
 * it has had at most the one poll that was on its way when the client left (aborted by the relay, but
 * perhaps already sent), where a live loop would have polled again and again.
 */
async function expectNoMorePolls(relay: TaskRelay, task: FakeTask): Promise<void> {
  const pollsWhenLeft = task.polls;
  await relay.client.images.generate({ model: 'gpt-image-2', prompt: 'another' });
  expect(task.polls).toBeLessThanOrEqual(pollsWhenLeft + 1);
}

let gateway: FakeTaskGateway;
let images: Buffer[];
let mask: Buffer;

beforeAll(async () => {
  gateway = await startFakeTaskGateway({ apiKey: GATEWAY_KEY });
  images = await Promise.all([makePng(256, 256), makePng(128, 96, { seed: 3 }), makeJpeg(200, 100)]);
  mask = await makePng(256, 256, { alpha: true });
});
afterAll(() => gateway.close());

describe('the openai SDK through the relay to a task gateway', () => {
  let relay: TaskRelay;
  beforeAll(async () => {
    relay = await startTaskRelay(gateway);
  });
  afterAll(() => relay.close());

  it('streams a generation as one completed event carrying the image the task made', async () => {
    const stream = await relay.client.images.generate({
      model: 'gpt-image-2',
      prompt: 'a red kite',
      size: '1024x1024',
      stream: true,
      partial_images: 2,
      quality: 'low',
    });
    const events = [];
    for await (const event of stream) events.push(event);
    expect(events.map((event) => event.type)).toEqual(['image_generation.completed']);
    const completed = events[0]!;
    if (completed.type !== 'image_generation.completed') throw new Error('not completed');
    const bytes = Buffer.from(completed.b64_json, 'base64');
    expect(await sharp(bytes).metadata()).toMatchObject({ format: 'png', width: 1024, height: 1024 });
    expect(completed).toMatchObject({ size: '1024x1024', quality: 'low', output_format: 'png' });
    expect(completed.usage.total_tokens).toBe(0);

    const task = lastTask(gateway);
    expect(task.body).toMatchObject({
      model: 'gpt-image-2',
      action: 'generate',
      prompt: 'a red kite',
      n: 1,
      aspect_ratio: '1:1',
      resolution: '1k',
      quality: 'low',
      output_format: 'png',
      moderation: 'auto',
    });
    expect(task.body).not.toHaveProperty('image_urls');
    // Polled through queued → 40 → 80 → completed, and fetched once.
    expect(task.polls).toBe(3);
    const fetched = gateway.requests.filter((request) => request.path.startsWith(`/results/${task.id}/`));
    expect(fetched).toHaveLength(1);
  });

  it('answers a non-streamed generation as one ImagesResponse, with the real size read from the images', async () => {
    const { data, response } = await relay.client.images
      .generate({ model: 'gpt-image-2', prompt: 'two kites', n: 2, size: '1536x1024', output_format: 'jpeg' })
      .withResponse();
    expect(response.headers.get('x-request-id')).toMatch(/^req_/);
    // 1536x1024 is no pair's size: the nearest is 3:2 at 2k, which makes 2048x1360.
    expect(lastTask(gateway).body).toMatchObject({ aspect_ratio: '3:2', resolution: '2k', n: 2 });
    expect(data).toMatchObject({ size: '2048x1360', output_format: 'jpeg' });
    expect(data.usage).toBeUndefined();
    expect(data.data).toHaveLength(2);
    const decoded = await Promise.all(
      data.data!.map((image) => sharp(Buffer.from(image.b64_json!, 'base64')).metadata()),
    );
    expect(decoded.map(({ format, width, height }) => [format, width, height])).toEqual([
      ['jpeg', 2048, 1360],
      ['jpeg', 2048, 1360],
    ]);
  });

  it('passes the seed the client sends, which OpenAI has no field for', async () => {
    await relay.client.images.generate({ model: 'gpt-image-2', prompt: 'seeded', seed: 42 } as never);
    expect(lastTask(gateway).body).toMatchObject({ seed: 42 });
    await relay.client.images.generate({ model: 'gpt-image-2', prompt: 'unseeded' });
    expect(lastTask(gateway).body).not.toHaveProperty('seed');
  });

  it('edits with several references as a reference task, each image as a data URL of its bytes', async () => {
    const result = await relay.client.images.edit({
      model: 'gpt-image-2',
      prompt: 'fuse them',
      image: [
        await toFile(images[0]!, 'a.png', { type: 'image/png' }),
        await toFile(images[1]!, 'b.png', { type: 'image/png' }),
        await toFile(images[2]!, 'c.jpg', { type: 'image/jpeg' }),
      ],
      size: '1024x1024',
      seed: 7,
    } as never);
    expect(result.data).toHaveLength(1);
    const { body } = lastTask(gateway);
    expect(body).toMatchObject({ action: 'reference', seed: 7, aspect_ratio: '1:1' });
    expect(body).not.toHaveProperty('mask_url');
    const sent = (body.image_urls as string[]).map(decodeDataUrl);
    expect(sent.map(sha256)).toEqual(images.map(sha256));
    expect((body.image_urls as string[])[2]).toMatch(/^data:image\/jpeg;base64,/);
  });

  it('streams an inpaint edit: image and mask as data URLs, the answer as an image_edit event', async () => {
    const stream = await relay.client.images.edit({
      model: 'gpt-image-2',
      prompt: 'a window in the wall',
      image: await toFile(images[0]!, 'a.png', { type: 'image/png' }),
      mask: await toFile(mask, 'mask.png', { type: 'image/png' }),
      stream: true,
    });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    expect(types).toEqual(['image_edit.completed']);
    const { body } = lastTask(gateway);
    expect(body).toMatchObject({ action: 'inpaint', aspect_ratio: 'auto' });
    expect(body).not.toHaveProperty('resolution');
    expect(sha256(decodeDataUrl(body.mask_url))).toBe(sha256(mask));
    expect((body.image_urls as string[]).map((url) => sha256(decodeDataUrl(url)))).toEqual([
      sha256(images[0]!),
    ]);
  });

  it('edits one image as an edit task, or as image2image when the client names that action', async () => {
    const image = await toFile(images[0]!, 'a.png', { type: 'image/png' });
    await relay.client.images.edit({ model: 'gpt-image-2', prompt: 'brighter', image });
    expect(lastTask(gateway).body.action).toBe('edit');
    await relay.client.images.edit({
      model: 'gpt-image-2',
      prompt: 'brighter',
      image: await toFile(images[0]!, 'a.png', { type: 'image/png' }),
      action: 'image2image',
    } as never);
    expect(lastTask(gateway).body.action).toBe('image2image');
  });

  it('refuses an action that does not fit the request, before anything is submitted', async () => {
    const before = gateway.tasks.length;
    const failure = await relay.client.images
      .generate({ model: 'gpt-image-2', prompt: 'x', action: 'inpaint' } as never)
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.BadRequestError);
    expect(failure).toMatchObject({ status: 400, param: 'action' });
    expect(gateway.tasks.length).toBe(before);
  });

  it('sends a JSON edit: data URLs from their decoded bytes, an image URL as given', async () => {
    const response = await fetch(`${relay.url}/v1/images/edits`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'gpt-image-2',
        prompt: 'combine',
        images: [
          { image_url: `data:image/png;base64,${images[1]!.toString('base64')}` },
          { image_url: 'https://images.example/reference.png' },
        ],
      }),
    });
    expect(response.status).toBe(200);
    const { body } = lastTask(gateway);
    expect(body.action).toBe('reference');
    const [first, second] = body.image_urls as string[];
    expect(sha256(decodeDataUrl(first))).toBe(sha256(images[1]!));
    expect(second).toBe('https://images.example/reference.png');
  });

  it("streams the gateway's percentage as SSE comments, which the SDK skips", async () => {
    const { status, text } = await streamText(relay.url, { model: 'gpt-image-2', prompt: 'p', stream: true });
    expect(status).toBe(200);
    const comments = text.split('\n').filter((line) => line.startsWith(': progress'));
    expect(comments).toEqual([': progress 0', ': progress 40', ': progress 80']);
    expect(parseSseFrames(text.replace(/^: .*\n\n/gm, '')).map((frame) => frame.event)).toEqual([
      'image_generation.completed',
    ]);
  });

  it(`streams it as ${PROGRESS_EVENT} events to a client that sends ${PROGRESS_HEADER}`, async () => {
    gateway.plan({ progress: [10, 55, 90] });
    const { text } = await streamText(
      relay.url,
      { model: 'gpt-image-2', prompt: 'p', stream: true },
      { [PROGRESS_HEADER]: PROGRESS_EVENTS_VALUE },
    );
    expect(text).not.toContain(': progress');
    const frames = parseSseFrames(text.replace(/^: .*\n\n/gm, ''));
    expect(frames.map((frame) => frame.event)).toEqual([
      PROGRESS_EVENT,
      PROGRESS_EVENT,
      PROGRESS_EVENT,
      PROGRESS_EVENT,
      'image_generation.completed',
    ]);
    expect(frames.slice(0, 4).map((frame) => frame.data)).toEqual([
      { type: PROGRESS_EVENT, stage: 'queued', progress: 0 },
      { type: PROGRESS_EVENT, stage: 'working', progress: 10 },
      { type: PROGRESS_EVENT, stage: 'working', progress: 55 },
      { type: PROGRESS_EVENT, stage: 'working', progress: 90 },
    ]);
  });

  describe('faults', () => {
    it("raises a failed task as an OpenAI-shaped error with the gateway's message and code", async () => {
      gateway.plan({
        fault: 'failed',
        failure: { message: 'Prompt flagged by moderation', code: 'moderation_blocked' },
      });
      const stream = await relay.client.images.generate({ model: 'gpt-image-2', prompt: 'x', stream: true });
      const failure = await (async () => {
        for await (const _event of stream) void _event;
      })().catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(OpenAI.APIError);
      expect((failure as Error).message).toContain('Prompt flagged by moderation');
      expect((failure as InstanceType<typeof OpenAI.APIError>).code).toBe('moderation_blocked');

      gateway.plan({ fault: 'failed' });
      const unstreamed = await relay.client.images
        .generate({ model: 'gpt-image-2', prompt: 'x' })
        .catch((error: unknown) => error);
      expect(unstreamed).toBeInstanceOf(OpenAI.InternalServerError);
      expect(unstreamed).toMatchObject({ status: 502, code: 'content_policy_violation' });
      expect((unstreamed as Error).message).toMatch(/^502 Task task-\w+ failed at the task gateway/);
    });

    it('passes a 429 on submit on as a 429 with its retry-after', async () => {
      gateway.plan({ fault: 'rateLimited' });
      const failure = await relay.client.images
        .generate({ model: 'gpt-image-2', prompt: 'x', stream: true })
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(OpenAI.RateLimitError);
      const error = failure as InstanceType<typeof OpenAI.RateLimitError>;
      expect(error).toMatchObject({ status: 429, code: 'rate_limit_exceeded' });
      expect(error.headers.get('retry-after')).toBe('7');
    });

    it.each([
      ['has expired', 'expired', 'result_url_expired', /has expired \(403\)/],
      ['is not found', 'notFound', 'result_url_not_found', /was not found \(404\)/],
    ] as const)('says so when the result link %s', async (_case, fault, code, words) => {
      gateway.plan({ fault });
      const failure = await relay.client.images
        .generate({ model: 'gpt-image-2', prompt: 'x' })
        .catch((error: unknown) => error);
      expect(failure).toMatchObject({ status: 502, code });
      expect((failure as Error).message).toMatch(words);
      // The link's signature stays out of the message.
      expect((failure as Error).message).not.toContain('signature=');
    });

    it('never sends the gateway key to a client, whatever the gateway says', async () => {
      gateway.plan({ fault: 'failed', failure: { message: `bad key ${GATEWAY_KEY}`, code: 'x' } });
      const failure = await relay.client.images
        .generate({ model: 'gpt-image-2', prompt: 'x' })
        .catch((error: unknown) => error);
      expect((failure as Error).message).not.toContain(GATEWAY_KEY);
    });
  });

  describe('a client that leaves', () => {
    /** Starts a streamed generation, and leaves it once its task has reached `hold`. */
    async function leaveAt(hold: Hold): Promise<FakeTask> {
      const controller = new AbortController();
      const answer = await fetch(`${relay.url}/v1/images/generations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-image-2', prompt: 'left', stream: true }),
        signal: controller.signal,
      });
      await hold.reached;
      controller.abort();
      await answer.body?.cancel().catch(() => undefined);
      return lastTask(gateway);
    }

    it('cancels the task it left while queued, and polls no more', async () => {
      const queued = createHold();
      gateway.plan({ queuedUntil: queued });
      const task = await leaveAt(queued);
      const cancel = await gateway.waitForRequest(
        (request) => request.method === 'POST' && request.path === `/v1/tasks/${task.id}/cancel`,
      );
      expect(cancel.headers.authorization).toBe(`Bearer ${GATEWAY_KEY}`);
      await relay.logLine(
        new RegExp(`task ${task.id} was queued when the client left, and is cancelled; polling stopped`),
      );
      expect(task.status).toBe('cancelled');
      await expectNoMorePolls(relay, task);
      queued.release();
    });

    it('cannot stop a task it left while processing: it logs that, and polls no more', async () => {
      const processing = createHold();
      gateway.plan({ processingUntil: processing });
      const task = await leaveAt(processing);
      await relay.logLine(
        new RegExp(`task ${task.id} was processing when the client left; a running task cannot be stopped`),
      );
      await expectNoMorePolls(relay, task);
      expect(gateway.requests.some((request) => request.path === `/v1/tasks/${task.id}/cancel`)).toBe(false);
      processing.release();
    });
  });
});

describe('a task that outlasts the poll time limit', () => {
  let relay: TaskRelay;
  beforeAll(async () => {
    relay = await startTaskRelay(gateway, { pollTimeoutMs: 40 });
  });
  afterAll(() => relay.close());

  it('ends with a timeout that says a processing task cannot be stopped', async () => {
    gateway.plan({ fault: 'neverCompletes' });
    const stream = await relay.client.images.generate({ model: 'gpt-image-2', prompt: 'slow', stream: true });
    const failure = await (async () => {
      for await (const _event of stream) void _event;
    })().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    expect((failure as InstanceType<typeof OpenAI.APIError>).code).toBe('task_timeout');
    expect((failure as Error).message).toMatch(/did not finish task task-\w+ within 40 ms/);
    expect((failure as Error).message).toContain('a running task cannot be stopped');
  });

  it('cancels a task still queued when time runs out, and says so', async () => {
    const queued = createHold();
    gateway.plan({ queuedUntil: queued });
    const failure = await relay.client.images
      .generate({ model: 'gpt-image-2', prompt: 'never starts' })
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ status: 504, code: 'task_timeout' });
    expect((failure as Error).message).toContain(
      'was queued when the relay stopped waiting, and is cancelled',
    );
    expect(lastTask(gateway).status).toBe('cancelled');
    queued.release();
  });
});

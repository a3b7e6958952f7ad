/**
 * The relay in front of an upstream that fails (issue 6, Faults): errors pass through in OpenAI's shape, a
 * 5xx is retried once before any byte reached the client (unless the client retries itself), stalls end
 * with a clear error, slow streams get heartbeats that leave their bytes unchanged but never hide a late
 * status, and a broken stream ends with an error frame the official SDK raises. Every response and log line
 * is finally scanned for the key.
 */
import { createHash } from 'node:crypto';
import OpenAI from 'openai';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readImageStream } from '../api/imageStream.ts';
import { RelayError } from '../api/relayError.ts';
import {
  STREAM_ENDED_EARLY_MESSAGE,
  type ApiErrorBody,
  type ApiErrorObject,
  type ImageStreamEvent,
} from '../contract/index.ts';
import { createRelay } from './server.ts';
import { createHold, imageStreamFrames, OPENAI_ERRORS, type Hold } from './testing/fakeOpenAI.ts';
import {
  makePng,
  parseSseFrames,
  startRelayHarness,
  TEST_API_KEY,
  type RelayHarness,
} from './testing/harness.ts';
import { createOpenAIUpstream } from './upstream/openai.ts';

const IDLE_MS = 600;
const HEARTBEAT_MS = 100;
const HEARTBEAT = ': keep-alive\n\n';

let harness: RelayHarness;
const fake = () => harness.fake!;
/** Every status line, header block and body the client saw, for the final scan for the key. */
const seen: string[] = [];

beforeAll(async () => {
  harness = await startRelayHarness('fake', {
    STUDIO_UPSTREAM_IDLE_MS: String(IDLE_MS),
    STUDIO_HEARTBEAT_MS: String(HEARTBEAT_MS),
  });
});
afterAll(() => harness.close());

const sha256 = (bytes: string | Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const errorBody = (error: ApiErrorObject) => JSON.stringify({ error } satisfies ApiErrorBody);
const streamedBody = (partialImages: number) =>
  JSON.stringify({
    model: 'gpt-image-2',
    prompt: 'a lighthouse',
    stream: true,
    partial_images: partialImages,
  });

async function post(body: string, url = harness.url): Promise<{ response: Response; text: string }> {
  const response = await fetch(`${url}/v1/images/generations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  const text = await response.text();
  seen.push(`${response.status} ${JSON.stringify([...response.headers])}\n${text}`);
  return { response, text };
}

function sdk(maxRetries = 0): OpenAI {
  return new OpenAI({ apiKey: 'not-the-key', baseURL: `${harness.url}/v1`, maxRetries });
}

/**
 * Resolves once a request has reached `hold` and the relay's heartbeat clock, had it one running for that
 * request, has fired at least once. The relay runs in this process and would have armed that clock before
 * the request left it; Node runs timers in the order they expire, so a timer armed now for two intervals
 * fires after it however slow the machine is.
 */
async function heldPastHeartbeat(hold: Hold): Promise<void> {
  await hold.reached;
  await new Promise((resolvePromise) => setTimeout(resolvePromise, 2 * HEARTBEAT_MS));
}

/** Consumes an SDK stream, returning the event types before the error it raised (or null). */
async function drainWithSdk(): Promise<{ types: string[]; failure: unknown }> {
  const types: string[] = [];
  try {
    const stream = await sdk().images.generate({
      model: 'gpt-image-2',
      prompt: 'a lighthouse',
      stream: true,
      partial_images: 2,
    });
    for await (const event of stream) types.push(event.type);
    return { types, failure: null };
  } catch (failure) {
    if (failure instanceof Error) seen.push(failure.message);
    return { types, failure };
  }
}

describe('upstream error answers', () => {
  it.each<{ name: string; status: number; error: ApiErrorObject; headers?: Record<string, string> }>([
    {
      name: 'moderation_blocked',
      status: 400,
      error: OPENAI_ERRORS.moderationBlocked,
    },
    {
      name: 'invalid_value',
      status: 400,
      error: {
        message: "Invalid value: '512x512'.",
        type: 'invalid_request_error',
        param: 'size',
        code: 'invalid_value',
      },
    },
    {
      name: 'invalid key',
      status: 401,
      error: {
        message: 'Incorrect API key provided.',
        type: 'invalid_request_error',
        param: null,
        code: 'invalid_api_key',
      },
    },
    {
      name: 'organisation not verified',
      status: 403,
      error: {
        message: 'Your organization must be verified.',
        type: 'invalid_request_error',
        param: null,
        code: null,
      },
    },
    {
      name: 'rate limited',
      status: 429,
      error: OPENAI_ERRORS.rateLimited,
      headers: { 'retry-after': '7', 'retry-after-ms': '7000' },
    },
    {
      name: 'insufficient_quota',
      status: 429,
      error: OPENAI_ERRORS.insufficientQuota,
    },
  ])(
    'passes a $status ($name) through once, unchanged, with its headers',
    async ({ status, error, headers }) => {
      const before = fake().requests.length;
      fake().plan({ status, body: errorBody(error), headers });

      const { response, text } = await post(streamedBody(2));

      expect(response.status).toBe(status);
      expect(JSON.parse(text)).toEqual({ error });
      for (const [name, value] of Object.entries(headers ?? {}))
        expect(response.headers.get(name)).toBe(value);
      // 4xx answers are never retried by the relay.
      expect(fake().requests.length - before).toBe(1);
    },
  );

  it('retries a 500 once, after the wait the answer asks for, and the client only sees the success', async () => {
    const before = fake().requests.length;
    fake().plan({
      status: 500,
      body: errorBody({ message: 'The server had an error.', type: 'server_error', param: null, code: null }),
      headers: { 'retry-after-ms': '120' },
    });

    const { response, text } = await post(streamedBody(1));

    expect(response.status).toBe(200);
    expect(parseSseFrames(text).map((frame) => frame.event)).toEqual([
      'image_generation.partial_image',
      'image_generation.completed',
    ]);
    const [failed, retried] = fake().requests.slice(before);
    expect(retried).toBeDefined();
    expect(retried!.bodySha256).toBe(failed!.bodySha256);
    expect(retried!.receivedAt - failed!.receivedAt).toBeGreaterThanOrEqual(120);
  });

  it('gives the client the second 503 when the retry fails too, and never retries a third time', async () => {
    const before = fake().requests.length;
    const overloaded = errorBody({
      message: 'The server is overloaded.',
      type: 'server_error',
      param: null,
      code: null,
    });
    fake().plan(
      { status: 503, body: overloaded, headers: { 'retry-after-ms': '10' } },
      { status: 503, body: overloaded, headers: { 'retry-after': '3' } },
    );

    const { response, text } = await post(JSON.stringify({ model: 'gpt-image-2', prompt: 'x' }));

    expect(response.status).toBe(503);
    expect(text).toBe(overloaded);
    expect(response.headers.get('retry-after')).toBe('3');
    expect(fake().requests.length - before).toBe(2);
  });

  it('leaves a 503 that asks for a long wait to the client (the studio counts it down)', async () => {
    const before = fake().requests.length;
    fake().plan({
      status: 503,
      body: errorBody({ message: 'Try later.', type: 'server_error', param: null, code: null }),
      headers: { 'retry-after': '30' },
    });
    const { response } = await post(JSON.stringify({ model: 'gpt-image-2', prompt: 'x' }));
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('30');
    expect(fake().requests.length - before).toBe(1);
  });

  it("does not stack its retry onto the SDK's: with maxRetries 2, a failing upstream gets 3 requests, not 6", async () => {
    const failing = {
      status: 500,
      body: errorBody({ message: 'The server had an error.', type: 'server_error', param: null, code: null }),
      // Short waits for the SDK and the relay alike.
      headers: { 'retry-after-ms': '1' },
    };
    fake().setDefaultPlan(failing);
    try {
      let before = fake().requests.length;
      const failure = await sdk(2)
        .images.generate({ model: 'gpt-image-2', prompt: 'x' })
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(OpenAI.InternalServerError);
      expect(fake().requests.length - before).toBe(3);

      // A client that does not retry itself (the studio) still gets the relay's one retry.
      before = fake().requests.length;
      const { response } = await post(JSON.stringify({ model: 'gpt-image-2', prompt: 'x' }));
      expect(response.status).toBe(500);
      expect(fake().requests.length - before).toBe(2);
    } finally {
      fake().setDefaultPlan(undefined);
    }
  });

  it('retries a streamed multipart edit by re-reading its spooled files: both attempts carry the same bytes', async () => {
    const before = fake().requests.length;
    const image = await makePng(64, 64);
    fake().plan({
      status: 502,
      body: errorBody({ message: 'Bad gateway.', type: 'server_error', param: null, code: null }),
      headers: { 'retry-after-ms': '0' },
    });
    // The studio's request: no SDK, which would retry itself, so the relay retries for it.
    const form = new FormData();
    form.append('model', 'gpt-image-2');
    form.append('prompt', 'same again');
    form.append('stream', 'true');
    form.append('partial_images', '1');
    form.append('image[]', new Blob([new Uint8Array(image)], { type: 'image/png' }), 'a.png');
    const response = await fetch(`${harness.url}/v1/images/edits`, { method: 'POST', body: form });
    const types = parseSseFrames(await response.text()).map((frame) => frame.event);

    expect(types).toEqual(['image_edit.partial_image', 'image_edit.completed']);
    const attempts = fake().requests.slice(before);
    expect(attempts).toHaveLength(2);
    expect(attempts.map((attempt) => attempt.files.map((file) => file.sha256))).toEqual([
      [sha256(image)],
      [sha256(image)],
    ]);
    expect(await harness.spoolEntries()).toEqual([]);
  });

  it('answers 502 "host not found" in the API shape when the upstream name does not resolve', async () => {
    // A pool whose lookups fail as a missing DNS name does, so no query leaves the machine.
    const unresolvable = new Agent({
      connect: {
        lookup: (_host, _options, callback) =>
          callback(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }), '', 4),
      },
    });
    const relay = createRelay(
      harness.config,
      createOpenAIUpstream({
        apiKey: TEST_API_KEY,
        baseUrl: 'https://images.gateway.invalid/v1',
        idleMs: IDLE_MS,
        heartbeatMs: HEARTBEAT_MS,
        pool: unresolvable,
      }),
    );
    const { url } = await relay.listen();
    try {
      const { response, text } = await post(JSON.stringify({ model: 'gpt-image-2', prompt: 'x' }), url);
      expect(response.status).toBe(502);
      expect(JSON.parse(text)).toEqual({
        error: {
          message: 'The upstream images.gateway.invalid could not be reached (host not found).',
          type: 'upstream_error',
          param: null,
          code: 'upstream_unreachable',
        },
      });
    } finally {
      await relay.close();
      await unresolvable.close();
    }
  });
});

describe('upstream answers that are not API errors', () => {
  it.each<{ name: string; status: number; type: string; body: string; expected: number; says: string }>([
    {
      name: 'an HTML error page',
      status: 403,
      type: 'text/html',
      body: '<!DOCTYPE html><html><head><title>Attention Required! | Cloudflare</title></head><body>blocked</body></html>',
      expected: 403,
      says: 'answered 403 with an HTML page ("Attention Required! | Cloudflare")',
    },
    {
      name: "a gateway's own JSON",
      status: 404,
      type: 'application/json',
      body: '{"detail":"Not Found"}',
      expected: 404,
      says: 'answered 404 saying "Not Found"',
    },
    {
      name: 'an empty 429',
      status: 429,
      type: 'text/plain',
      body: '',
      expected: 429,
      says: 'answered 429 with no body',
    },
    {
      name: 'a redirect to a login page',
      status: 302,
      type: 'text/html',
      body: '<html><title>Sign in</title></html>',
      expected: 502,
      says: 'answered 302 with an HTML page ("Sign in")',
    },
  ])(
    'normalises $name to the API shape, keeping an error status',
    async ({ status, type, body, expected, says }) => {
      fake().plan({ status, body, headers: { 'content-type': type, 'retry-after': '2' } });
      const { response, text } = await post(JSON.stringify({ model: 'gpt-image-2', prompt: 'x' }));

      expect(response.status).toBe(expected);
      expect(response.headers.get('content-type')).toBe('application/json');
      expect(response.headers.get('retry-after')).toBe('2');
      const answer = JSON.parse(text) as ApiErrorBody;
      expect(answer.error).toMatchObject({ type: 'upstream_error', code: 'upstream_error', param: null });
      expect(answer.error.message).toContain(says);
    },
  );

  it('ends a stream that drips a byte at a time intact: every byte resets the idle clock', async () => {
    const frames = imageStreamFrames({ kind: 'image_generation', imageBase64: 'QUJD', partialImages: 1 });
    // Longer in all than the idle time, but never silent for it.
    fake().plan({ frames, dripBytes: 40, frameDelayMs: IDLE_MS / 20 });
    const { response, text } = await post(streamedBody(1));
    expect(response.status).toBe(200);
    expect(text.split(HEARTBEAT).join('')).toBe(frames.join(''));
  });
});

describe('stalls and heartbeats', () => {
  it('answers 504 in the API shape when the upstream sends no head within the idle time, and hangs up on it', async () => {
    fake().plan({ headDelayMs: 5000 });
    const startedAt = Date.now();
    const { response, text } = await post(JSON.stringify({ model: 'gpt-image-2', prompt: 'x' }));

    expect(response.status).toBe(504);
    expect(JSON.parse(text)).toMatchObject({
      error: { code: 'upstream_timeout', type: 'upstream_error', param: null },
    });
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(IDLE_MS - 20);
    await fake().whenClosedEarly(fake().requests.at(-1)!, 2000);
  });

  it('ends a stream that stalls mid-way with an error frame after the idle time', async () => {
    fake().plan({ stallAfterFrames: 1 });
    const { response, text } = await post(streamedBody(2));

    expect(response.status).toBe(200);
    const frames = parseSseFrames(text.split(HEARTBEAT).join(''));
    expect(frames.map((frame) => frame.event)).toEqual(['image_generation.partial_image', 'error']);
    expect(frames[1]!.data).toMatchObject({ error: { code: 'upstream_timeout', param: null } });
    // Heartbeats kept the connection warm while the upstream was silent.
    expect(text.split(HEARTBEAT).length - 1).toBeGreaterThanOrEqual(3);
  });

  it("puts heartbeats only between frames of a slow stream; without them the bytes are the upstream's", async () => {
    const frames = imageStreamFrames({
      kind: 'image_generation',
      imageBase64: 'QUJD'.repeat(50_000),
      partialImages: 2,
    });
    // Each frame arrives in two pieces with a pause in the middle: no heartbeat may land inside a frame.
    const pieces = frames.flatMap((frame) => [frame.slice(0, 1000), frame.slice(1000)]);
    fake().plan({ frames: pieces, frameDelayMs: 250 });

    const { response, text } = await post(streamedBody(2));

    expect(response.status).toBe(200);
    expect(text.split(HEARTBEAT).length - 1).toBeGreaterThanOrEqual(2);
    expect(sha256(text.split(HEARTBEAT).join(''))).toBe(sha256(frames.join('')));
    for (const frame of frames) expect(text).toContain(frame);
  });

  it('the official SDK reads a stream with heartbeats interleaved', async () => {
    fake().plan({ frameDelayMs: 250 });
    const { types, failure } = await drainWithSdk();
    expect(failure).toBeNull();
    expect(types).toEqual([
      'image_generation.partial_image',
      'image_generation.partial_image',
      'image_generation.completed',
    ]);
  });

  /** The next answer: a 429 with retry-after, its head held until the test releases it. */
  function planLate429(): ReturnType<typeof createHold> {
    const hold = createHold();
    fake().plan({
      holdHead: hold,
      status: 429,
      body: errorBody(OPENAI_ERRORS.rateLimited),
      headers: { 'retry-after': '7' },
    });
    return hold;
  }

  it("sends nothing before a slow upstream's head, so a late 429 arrives as itself, with its retry-after", async () => {
    const hold = planLate429();
    const answer = post(streamedBody(2));
    await heldPastHeartbeat(hold);
    hold.release();
    const { response, text } = await answer;

    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    // The error body exactly: no keep-alive bytes before it.
    expect(text).toBe(errorBody(OPENAI_ERRORS.rateLimited));
  });

  it('lets the SDK raise a late 429 as the RateLimitError it is', async () => {
    const hold = planLate429();
    const drained = drainWithSdk();
    await heldPastHeartbeat(hold);
    hold.release();
    const { types, failure } = await drained;

    expect(types).toEqual([]);
    expect(failure).toBeInstanceOf(OpenAI.RateLimitError);
    expect(failure).toMatchObject({ status: 429, code: 'rate_limit_exceeded' });
    expect((failure as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after')).toBe('7');
  });

  it('streams a slow success as the upstream sent it, with no heartbeat before its head', async () => {
    const hold = createHold();
    fake().plan({ holdHead: hold });
    const answer = post(streamedBody(1));
    await heldPastHeartbeat(hold);
    hold.release();
    const { response, text } = await answer;

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(text.startsWith('event: image_generation.partial_image\n')).toBe(true);
    expect(parseSseFrames(text).map((frame) => frame.event)).toEqual([
      'image_generation.partial_image',
      'image_generation.completed',
    ]);
  });
});

describe('streams that end without their final image', () => {
  it('ends a dropped stream with an error frame the SDK raises, after the partials it delivered', async () => {
    fake().plan({ dropAfterFrames: 2 });
    const { types, failure } = await drainWithSdk();

    expect(types).toEqual(['image_generation.partial_image', 'image_generation.partial_image']);
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    expect((failure as Error).message).toContain(STREAM_ENDED_EARLY_MESSAGE);
    expect((failure as InstanceType<typeof OpenAI.APIError>).code).toBe('stream_incomplete');
  });

  it('appends the error frame to a stream that ends cleanly without a completed event', async () => {
    const partialsOnly = imageStreamFrames({
      kind: 'image_generation',
      imageBase64: 'QUJD',
      partialImages: 2,
    });
    fake().plan({ frames: partialsOnly.slice(0, 2) });

    const { text } = await post(streamedBody(2));

    expect(text.startsWith(partialsOnly.slice(0, 2).join(''))).toBe(true);
    const frames = parseSseFrames(text);
    expect(frames.map((frame) => frame.event)).toEqual([
      'image_generation.partial_image',
      'image_generation.partial_image',
      'error',
    ]);
    expect(frames[2]!.data).toMatchObject({ error: { code: 'stream_incomplete', param: null } });
  });

  it('closes a frame torn by the drop, so the studio keeps the earlier partials and shows the error', async () => {
    const frames = imageStreamFrames({
      kind: 'image_generation',
      imageBase64: 'QUJD'.repeat(1000),
      partialImages: 2,
    });
    fake().plan({ frames: [frames[0]!, frames[1]!.slice(0, 500)], dropAfterFrames: 2 });
    const response = await fetch(`${harness.url}/v1/images/generations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: streamedBody(2),
    });
    const received: ImageStreamEvent[] = [];

    const failure = await readImageStream(response.body!, (event) => received.push(event)).catch(
      (error: unknown) => error,
    );

    expect(received.map((event) => event.type)).toEqual(['image_generation.partial_image']);
    expect(failure).toBeInstanceOf(RelayError);
    expect(failure).toMatchObject({ code: 'stream_incomplete' });
    expect((failure as RelayError).message).toContain(STREAM_ENDED_EARLY_MESSAGE);
  });
});

describe('the key', () => {
  it('appears in no response, error message or log line of any fault above', () => {
    expect(seen.length).toBeGreaterThan(15);
    for (const text of [...seen, ...harness.logs]) expect(text).not.toContain(TEST_API_KEY);
  });
});

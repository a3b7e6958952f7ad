import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorObject, CompletedImageEvent } from '../contract/index.ts';
import { imageStreamFrames, OPENAI_ERRORS, TINY_PNG_BASE64 } from './testing/fakeOpenAI.ts';
import { parseSseFrames, startRelayHarness, TEST_API_KEY, type RelayHarness } from './testing/harness.ts';
import { MAX_JSON_ANSWER_BYTES } from '../contract/index.ts';

const sha256 = (bytes: string | Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const now = () => performance.timeOrigin + performance.now();

let harness: RelayHarness;
const fake = () => harness.fake!;

beforeAll(async () => {
  harness = await startRelayHarness('fake');
});
afterAll(() => harness.close());

function postGeneration(body: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${harness.url}/v1/images/generations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    ...init,
  });
}

describe('pass-through to an OpenAI-compatible upstream', () => {
  it('streams the upstream bytes unchanged, including one ~8 MB frame, and forwards the original body', async () => {
    // 6 MiB of random bytes is the base64 size of a 3840x2160 PNG frame (~8 MB).
    const bigImage = randomBytes(6 * 1024 * 1024).toString('base64');
    const frames = imageStreamFrames({
      kind: 'image_generation',
      imageBase64: bigImage,
      partialImageBase64: TINY_PNG_BASE64,
      partialImages: 2,
      size: '3840x2160',
    });
    fake().plan({ frames });
    // Unusual spacing and key order: the upstream must get these exact bytes, not a re-serialisation.
    const body =
      '{ "prompt": "a lighthouse",  "stream": true, "partial_images": 2, "size": "3840x2160", "model": "gpt-image-2" }';

    const response = await postGeneration(body, {
      headers: { 'content-type': 'application/json', authorization: 'Bearer client-secret' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    // Streaming headers for the proxies in between; no length, as heartbeats may join the body.
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    expect(response.headers.get('content-length')).toBeNull();
    const received = new Uint8Array(await response.arrayBuffer());

    expect(received.length).toBeGreaterThan(8_000_000);
    expect(sha256(received)).toBe(sha256(frames.join('')));
    const upstreamRequest = fake().requests.at(-1)!;
    expect(upstreamRequest.bodySha256).toBe(sha256(body));
    // The relay's key goes upstream, never the client's credentials.
    expect(upstreamRequest.headers.authorization).toBe(`Bearer ${TEST_API_KEY}`);
  });

  it('passes a non-streamed JSON answer through byte for byte with its request id', async () => {
    const answer = `{"created": 1767225600, "data": [{"b64_json": "${TINY_PNG_BASE64}"}], "size": "1024x1024"}`;
    fake().plan({ body: answer, headers: { 'x-request-id': 'req_json_passthrough' } });

    const response = await postGeneration(JSON.stringify({ model: 'gpt-image-2', prompt: 'a cat' }));

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('x-request-id')).toBe('req_json_passthrough');
    // Its own length and none of the streaming-only headers.
    expect(response.headers.get('content-length')).toBe(String(Buffer.byteLength(answer)));
    expect(response.headers.get('cache-control')).toBeNull();
    expect(response.headers.get('x-accel-buffering')).toBeNull();
    expect(await response.text()).toBe(answer);
  });

  it.each<{ status: number; error: ApiErrorObject; headers: Record<string, string> }>([
    {
      status: 429,
      error: OPENAI_ERRORS.rateLimited,
      headers: {
        'retry-after': '7',
        'retry-after-ms': '7000',
        'x-should-retry': 'true',
        'x-ratelimit-limit-requests': '50',
        'x-ratelimit-remaining-requests': '0',
        'x-ratelimit-reset-requests': '6m0s',
        'x-ratelimit-limit-tokens': '100000',
        'x-ratelimit-remaining-tokens': '99000',
        'x-ratelimit-reset-tokens': '1s',
      },
    },
    {
      status: 400,
      error: OPENAI_ERRORS.moderationBlocked,
      headers: { 'x-should-retry': 'false' },
    },
    {
      status: 503,
      error: { message: 'The server is overloaded.', type: 'server_error', param: null, code: null },
      // Without x-should-retry: false the relay would retry a 503 once itself (faults.test.ts).
      headers: { 'retry-after': 'Wed, 21 Oct 2026 07:28:00 GMT', 'x-should-retry': 'false' },
    },
  ])(
    'passes upstream status $status, its error body and its headers through unchanged',
    async ({ status, error, headers }) => {
      const body = JSON.stringify({ error });
      fake().plan({ status, body, headers: { 'x-request-id': `req_${status}`, ...headers } });

      const response = await postGeneration(JSON.stringify({ model: 'gpt-image-2', prompt: 'a cat' }));

      expect(response.status).toBe(status);
      expect(await response.text()).toBe(body);
      expect(response.headers.get('x-request-id')).toBe(`req_${status}`);
      for (const [name, value] of Object.entries(headers)) expect(response.headers.get(name)).toBe(value);
    },
  );

  it('flushes each frame to the client as soon as the upstream sends it', async () => {
    fake().plan({ frameDelayMs: 150 });
    const startedAt = now();
    const response = await postGeneration(
      JSON.stringify({ model: 'gpt-image-2', prompt: 'paced', stream: true, partial_images: 2 }),
    );
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    const arrivals: number[] = [];
    let text = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      while (arrivals.length < text.split('\n\n').length - 1) arrivals.push(now() - startedAt);
    }
    // The fake sends frame i at (i + 1) * 150 ms; a buffering relay would deliver them together at the end.
    expect(arrivals).toHaveLength(3);
    expect(arrivals[0]).toBeLessThan(400);
    expect(arrivals[1]! - arrivals[0]!).toBeGreaterThan(75);
    expect(arrivals[2]! - arrivals[1]!).toBeGreaterThan(75);
  });

  it('aborts the upstream request within 200 ms of the client disconnecting mid-stream', async () => {
    fake().plan({ stallAfterFrames: 1 });
    const client = new AbortController();
    const response = await postGeneration(
      JSON.stringify({ model: 'gpt-image-2', prompt: 'a slow one', stream: true, partial_images: 3 }),
      { signal: client.signal },
    );
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain('event: image_generation.partial_image');
    const upstreamRequest = fake().requests.at(-1)!;
    expect(upstreamRequest.closedEarlyAt).toBeNull();

    const abortedAt = now();
    client.abort();
    const closedAt = await fake().whenClosedEarly(upstreamRequest, 2000);

    expect(closedAt - abortedAt).toBeLessThan(200);
  });

  it('ends the client stream with an error frame, not a clean end, when the upstream drops mid-stream', async () => {
    fake().plan({ dropAfterFrames: 1 });
    const response = await postGeneration(
      JSON.stringify({ model: 'gpt-image-2', prompt: 'dropped', stream: true, partial_images: 2 }),
    );
    expect(response.status).toBe(200);
    const frames = parseSseFrames(await response.text());
    expect(frames.map((frame) => frame.event)).toEqual(['image_generation.partial_image', 'error']);
    expect((frames[1]!.data as { error: ApiErrorObject }).error.code).toBe('stream_incomplete');
  });

  it('answers 502 in the API error shape when the upstream cannot be reached, naming no secret', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    // The env below overrides the harness's offline default: an OpenAI upstream on a port nobody listens on.
    const unreachable = await startRelayHarness('offline', {
      STUDIO_UPSTREAM: 'openai',
      OPENAI_API_KEY: TEST_API_KEY,
      OPENAI_BASE_URL: `http://127.0.0.1:${closedPort}/v1`,
    });
    try {
      const response = await fetch(`${unreachable.url}/v1/images/generations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-image-2', prompt: 'a cat' }),
      });
      const text = await response.text();
      expect(response.status).toBe(502);
      expect(JSON.parse(text)).toEqual({
        error: {
          message: `The upstream 127.0.0.1:${closedPort} could not be reached (connection refused).`,
          type: 'upstream_error',
          param: null,
          code: 'upstream_unreachable',
        },
      });
      expect(text).not.toContain(TEST_API_KEY);
    } finally {
      await unreachable.close();
    }
  });

  it('gives a refusal of its own a request id in the API style', async () => {
    const response = await fetch(`${harness.url}/v1/images/variations`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(404);
    expect(response.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
  });

  it('leaves no spooled files behind and logs one line per request without the key', async () => {
    expect(await harness.spoolEntries()).toEqual([]);
    expect(harness.logs.some((line) => /^POST \/v1\/images\/generations 200 \d+\.\dms$/.test(line))).toBe(
      true,
    );
    expect(harness.logs.join('\n')).not.toContain(TEST_API_KEY);
  });
});

describe('a gateway that answers a streamed request with one JSON body', () => {
  const streamed = (n: number) =>
    JSON.stringify({ model: 'gpt-image-2', prompt: 'a lighthouse', stream: true, partial_images: 2, n });

  it('turns each image of the JSON into the completed event the client asked for', async () => {
    fake().plan({ ignoreStream: true, headers: { 'x-request-id': 'req_ignored_stream' } });

    const response = await postGeneration(streamed(2));

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(response.headers.get('content-length')).toBeNull();
    expect(response.headers.get('x-request-id')).toBe('req_ignored_stream');
    const frames = parseSseFrames(await response.text());
    expect(frames.map((frame) => frame.event)).toEqual([
      'image_generation.completed',
      'image_generation.completed',
    ]);
    const [first, second] = frames.map((frame) => frame.data as CompletedImageEvent);
    expect(first).toMatchObject({
      type: 'image_generation.completed',
      b64_json: TINY_PNG_BASE64,
      size: '1024x1024',
      output_format: 'png',
      usage: { input_tokens: 50, total_tokens: 246 },
    });
    expect(first!.created_at).toBeGreaterThan(0);
    // The JSON's usage covers both images, so it is reported once.
    expect(second!.usage.total_tokens).toBe(0);
  });

  it('sends an API error that came with status 200 on as an error frame', async () => {
    fake().plan({ body: JSON.stringify({ error: OPENAI_ERRORS.moderationBlocked }) });

    const response = await postGeneration(streamed(1));

    expect(response.status).toBe(200);
    const frames = parseSseFrames(await response.text());
    expect(frames).toEqual([{ event: 'error', data: { error: OPENAI_ERRORS.moderationBlocked } }]);
  });

  it('gives up on a JSON body over the cap with a 502 error frame, not a silent empty stream', async () => {
    fake().plan({ body: Buffer.alloc(MAX_JSON_ANSWER_BYTES + 1, 0x20) });

    const response = await postGeneration(streamed(1));

    expect(response.status).toBe(200);
    const frames = parseSseFrames(await response.text());
    expect(frames.map((frame) => frame.event)).toEqual(['error']);
    expect(frames[0]!.data).toMatchObject({
      error: { type: 'upstream_error', code: 'upstream_answer_too_large', param: null },
    });
  });
});

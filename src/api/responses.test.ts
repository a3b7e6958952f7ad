/**
 * The studio's Responses client against a real relay on loopback with the offline engine: a streamed turn,
 * a continued one, re-attaching to a background response after the last event seen, cancel, and the API's
 * refusals as RelayError. The image engine can be held before its final image until the test releases it,
 * so a cancel never races the render.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isCompletedImageEvent } from '../contract/index.ts';
import { type ResponseStreamEvent } from '../contract/responses.ts';
import { createOfflineEngine, type OfflineEngine } from '../engine/index.ts';
import { createResponsesEngine } from '../engine/responses.ts';
import { loadRelayConfig } from '../relay/config.ts';
import { createRelay, type Relay } from '../relay/server.ts';
import { createHold, type Hold } from '../relay/testing/fakeOpenAI.ts';
import { createOfflineResponsesUpstream } from '../relay/upstream/offlineResponses.ts';
import { RelayError } from './relayError.ts';
import {
  cancelResponse,
  resumeResponseStream,
  retrieveResponse,
  streamResponse,
  type ResponsesBody,
} from './responses.ts';

/** Holds the next render before its final image until the hold is released. */
function engineHeldBeforeFinal(inner: OfflineEngine) {
  let next: Hold | null = null;
  const engine: OfflineEngine = {
    async *run(job, signal) {
      const hold = next;
      next = null;
      for await (const event of inner.run(job, signal)) {
        if (hold && isCompletedImageEvent(event)) await hold.wait();
        yield event;
      }
    },
  };
  return { engine, holdNext: () => (next = createHold()) };
}

const turn = (words: string, extra: Partial<ResponsesBody> = {}): ResponsesBody => ({
  model: 'gpt-5.4',
  input: [{ role: 'user', content: [{ type: 'input_text', text: words }] }],
  tools: [
    { type: 'image_generation', model: 'gpt-image-2', size: '1024x1024', quality: 'low', partial_images: 2 },
  ],
  tool_choice: { type: 'image_generation' },
  store: true,
  ...extra,
});

let relay: Relay;
let spoolRoot: string;
const held = engineHeldBeforeFinal(createOfflineEngine());

beforeAll(async () => {
  spoolRoot = await mkdtemp(join(tmpdir(), 'atelier-responses-client-'));
  const config = loadRelayConfig(
    { HOST: '127.0.0.1', PORT: '0', STUDIO_UPSTREAM: 'offline' },
    { spoolRoot, staticDir: join(spoolRoot, 'no-dist'), log: () => {} },
  );
  const responses = createOfflineResponsesUpstream(
    createResponsesEngine({ images: held.engine, spoolRoot }),
    { heartbeatMs: config.heartbeatMs },
  );
  relay = createRelay(config, {}, { offline: responses });
  const { url } = await relay.listen();
  // The studio's paths are relative to its page; from Node they need the relay's origin.
  const nodeFetch = globalThis.fetch;
  vi.stubGlobal('fetch', (input: string, init?: RequestInit) => nodeFetch(`${url}${input}`, init));
});

afterAll(async () => {
  vi.unstubAllGlobals();
  await relay.close();
  await rm(spoolRoot, { recursive: true, force: true });
});

const decoded = (b64: string) => sharp(Buffer.from(b64, 'base64')).metadata();

describe('streamResponse', () => {
  it('feeds every event in order and resolves with the completed response and its image', async () => {
    const events: ResponseStreamEvent[] = [];
    const response = await streamResponse(turn('a lighthouse at dusk'), { onEvent: (e) => events.push(e) });
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_event, index) => index));
    const partials = events.filter((event) => event.type === 'response.image_generation_call.partial_image');
    expect(partials).toHaveLength(2);
    expect(await decoded(partials[1]!.partial_image_b64)).toMatchObject({ width: 1024, height: 1024 });
    expect(response.status).toBe('completed');
    const call = response.output[0]!;
    expect(call).toMatchObject({ type: 'image_generation_call', action: 'generate' });
    expect(await decoded(call.result!)).toMatchObject({ format: 'png', width: 1024, height: 1024 });
    expect(response.usage!.total_tokens).toBeGreaterThan(0);
    expect(response.tool_usage!.image_gen.output_tokens).toBeGreaterThan(0);
  });

  it('continues a stored response: the next turn edits its image', async () => {
    const first = await streamResponse(turn('a quiet harbour'), { onEvent: () => {} });
    const second = await streamResponse(turn('make it night', { previous_response_id: first.id }), {
      onEvent: () => {},
    });
    expect(second.previous_response_id).toBe(first.id);
    expect(second.output[0]).toMatchObject({ action: 'edit' });
    expect(second.output[0]!.revised_prompt).toContain('of a quiet harbour');
  });

  it('throws the API refusal of an unknown previous response as a RelayError with its code', async () => {
    const failure = await streamResponse(turn('make it night', { previous_response_id: 'resp_gone' }), {
      onEvent: () => {},
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RelayError);
    expect(failure).toMatchObject({ status: 400, code: 'previous_response_not_found' });
  });

  it('refuses a tool without its model before anything runs', async () => {
    const body = turn('a kite');
    const failure = await streamResponse(
      { ...body, tools: [{ ...body.tools[0]!, model: '' }] },
      { onEvent: () => {} },
    ).catch((error: unknown) => error);
    expect(failure).toMatchObject({ status: 400, param: 'tools[0].model' });
  });
});

describe('a background response', () => {
  it('is re-attached after the last event seen and loses none of them', async () => {
    const hold = held.holdNext();
    const controller = new AbortController();
    const seen: ResponseStreamEvent[] = [];
    let id = '';
    // The first connection drops once both partials are in; the render goes on upstream.
    const dropped = streamResponse(turn('a red fox in deep snow', { background: true }), {
      signal: controller.signal,
      onEvent: (event) => {
        seen.push(event);
        if (event.type === 'response.created') id = event.response.id;
        if (event.type === 'response.image_generation_call.partial_image' && event.partial_image_index === 1)
          controller.abort();
      },
    }).catch((error: unknown) => error);
    expect(await dropped).toMatchObject({ name: 'AbortError' });
    expect((await retrieveResponse(id)).status).toBe('in_progress');
    hold.release();
    const last = seen.at(-1)!.sequence_number;
    const rest: ResponseStreamEvent[] = [];
    const response = await resumeResponseStream(id, last, { onEvent: (event) => rest.push(event) });
    const all = [...seen, ...rest];
    expect(all.map((event) => event.sequence_number)).toEqual(all.map((_event, index) => index));
    expect(rest[0]!.sequence_number).toBe(last + 1);
    expect(response).toMatchObject({ id, status: 'completed', background: true });
  });

  it('is cancelled while it renders, and a foreground one cannot be', async () => {
    const hold = held.holdNext();
    let id = '';
    const stream = streamResponse(turn('a paper boat', { background: true }), {
      onEvent: (event) => {
        if (event.type === 'response.created') id = event.response.id;
      },
    }).catch((error: unknown) => error);
    await hold.reached;
    const cancelled = await cancelResponse(id);
    expect(cancelled.status).toBe('cancelled');
    // The stream ends without a completed response, and says so.
    expect(await stream).toMatchObject({ code: 'stream_incomplete' });
    hold.release();
    const foreground = await streamResponse(turn('a paper plane'), { onEvent: () => {} });
    expect(await cancelResponse(foreground.id).catch((error: unknown) => error)).toMatchObject({
      status: 400,
      param: 'response_id',
    });
  });
});

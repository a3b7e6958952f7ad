/**
 * The Responses API through the relay, driven by the official SDK: against the offline engine (whose image
 * renders a test holds at a chosen event, so nothing races a clock) and against the OpenAI stand-in (the
 * bytes pass through). Images are decoded to check what came back.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VARIANT_INDEX_HEADER } from '../contract/index.ts';
import type { ImageGenerationCallItem, ResponseObject, ResponseStreamEvent } from '../contract/responses.ts';
import { createOfflineEngine, type OfflineEngine } from '../engine/index.ts';
import { createResponsesEngine } from '../engine/responses.ts';
import { loadRelayConfig } from './config.ts';
import { createResponseOwners } from './responsesRoutes.ts';
import { createRelay, type Relay } from './server.ts';
import { createHold, type Hold } from './testing/fakeOpenAI.ts';
import { makePng, startRelayHarness, TEST_API_KEY, type RelayHarness } from './testing/harness.ts';
import { createOfflineResponsesUpstream } from './upstream/offlineResponses.ts';

/** The image engine, held before its event number `index` until the test releases the hold. */
function gatedEngine(inner: OfflineEngine) {
  let gate: { index: number; hold: Hold } | null = null;
  const aborted: string[] = [];
  const engine: OfflineEngine = {
    async *run(job, signal) {
      let index = 0;
      for await (const event of inner.run(job, signal)) {
        const held = gate;
        if (held && held.index === index) {
          gate = null;
          await new Promise<void>((resolve, reject) => {
            void held.hold.wait().then(resolve);
            signal.addEventListener(
              'abort',
              () => {
                aborted.push(job.request.prompt);
                reject(signal.reason as Error);
              },
              { once: true },
            );
          });
        }
        index += 1;
        yield event;
      }
    },
  };
  return {
    engine,
    aborted,
    holdBefore(index: number): Hold {
      const hold = createHold();
      gate = { index, hold };
      return hold;
    },
  };
}

const TOOL = { type: 'image_generation', model: 'gpt-image-2', size: '1024x1024', quality: 'low' } as const;

const imageCall = (response: { output: unknown[] }) => response.output[0] as ImageGenerationCallItem;

async function collect(stream: AsyncIterable<unknown>, until?: (event: ResponseStreamEvent) => boolean) {
  const events: ResponseStreamEvent[] = [];
  for await (const event of stream as AsyncIterable<ResponseStreamEvent>) {
    events.push(event);
    if (until?.(event)) break;
  }
  return events;
}

describe('the Responses API with the offline engine', () => {
  let relay: Relay;
  let client: OpenAI;
  let spoolRoot: string;
  const gate = gatedEngine(createOfflineEngine());

  beforeAll(async () => {
    spoolRoot = await mkdtemp(join(tmpdir(), 'atelier-responses-test-'));
    const config = loadRelayConfig(
      { HOST: '127.0.0.1', PORT: '0', STUDIO_UPSTREAM: 'offline' },
      { spoolRoot, staticDir: join(spoolRoot, 'no-dist'), log: () => {} },
    );
    const responses = createOfflineResponsesUpstream(
      createResponsesEngine({ images: gate.engine, spoolRoot }),
      { heartbeatMs: config.heartbeatMs },
    );
    relay = createRelay(config, {}, { offline: responses });
    const { url } = await relay.listen();
    client = new OpenAI({ apiKey: 'unused', baseURL: `${url}/v1`, maxRetries: 0 });
  });
  afterAll(async () => {
    await relay.close();
    await rm(spoolRoot, { recursive: true, force: true });
  });

  it('answers a turn with the image, its revised prompt, the action and both usages', async () => {
    const response = (await client.responses.create({
      model: 'gpt-5.4',
      input: 'a red fox in deep snow',
      tools: [{ ...TOOL, output_format: 'jpeg', size: '1536x1024' }],
    })) as unknown as ResponseObject;
    expect(response).toMatchObject({ object: 'response', status: 'completed', model: 'gpt-5.4' });
    const call = imageCall(response);
    expect(call).toMatchObject({ type: 'image_generation_call', status: 'completed', action: 'generate' });
    expect(call.id).toMatch(/^ig_/);
    expect(call.revised_prompt).toMatch(/^A red fox in deep snow\. Rendered as a landscape image/);
    const image = await sharp(Buffer.from(call.result!, 'base64')).metadata();
    expect(image).toMatchObject({ format: 'jpeg', width: 1536, height: 1024 });
    expect(response.usage!.input_tokens).toBeGreaterThan(0);
    expect(response.usage!.total_tokens).toBe(response.usage!.input_tokens + response.usage!.output_tokens);
    expect(response.tool_usage!.image_gen.output_tokens).toBeGreaterThan(0);
    // Kept: it can be retrieved later.
    const again = (await client.responses.retrieve(response.id)) as unknown as ResponseObject;
    expect(imageCall(again).result).toBe(call.result);
  });

  it('makes a different image for each variant of a studio run, and the same one for the same variant', async () => {
    const asVariant = async (index: number) => {
      const response = (await client.responses.create(
        { model: 'gpt-5.4', input: 'a kite over dunes', tools: [{ ...TOOL, size: '1024x1024' }] },
        { headers: { [VARIANT_INDEX_HEADER]: String(index) } },
      )) as unknown as ResponseObject;
      return imageCall(response).result!;
    };
    const [first, second, firstAgain] = [await asVariant(0), await asVariant(1), await asVariant(0)];
    expect(second).not.toBe(first);
    expect(firstAgain).toBe(first);
  });

  it('streams the event sequence, numbered from 0, with partial images that refine', async () => {
    const stream = await client.responses.create({
      model: 'gpt-5.4',
      input: 'a lighthouse at dusk',
      stream: true,
      tools: [{ ...TOOL, partial_images: 2 }],
    });
    const events = await collect(stream);
    expect(events.map((event) => event.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.image_generation_call.in_progress',
      'response.image_generation_call.generating',
      'response.image_generation_call.partial_image',
      'response.image_generation_call.partial_image',
      'response.image_generation_call.completed',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_event, index) => index));
    const partials = events.filter((event) => event.type === 'response.image_generation_call.partial_image');
    expect(partials.map((event) => event.partial_image_index)).toEqual([0, 1]);
    for (const partial of partials) {
      expect(await sharp(Buffer.from(partial.partial_image_b64, 'base64')).metadata()).toMatchObject({
        width: 1024,
        height: 1024,
      });
    }
    const done = events.find((event) => event.type === 'response.output_item.done');
    expect(done?.type === 'response.output_item.done' && done.item.result).toBeTruthy();
  });

  it('continues with previous_response_id: the second turn edits the first image', async () => {
    const first = await client.responses.create({
      model: 'gpt-5.4',
      input: 'a quiet harbour',
      tools: [TOOL],
    });
    const second = (await client.responses.create({
      model: 'gpt-5.4',
      previous_response_id: first.id,
      input: 'make it night',
      tools: [TOOL],
    })) as unknown as ResponseObject;
    const call = imageCall(second);
    expect(second.previous_response_id).toBe(first.id);
    expect(call.action).toBe('edit');
    expect(call.revised_prompt).toBe(
      'Edit the image of a quiet harbour: Make it night. Keep the composition, the subject and everything not mentioned unchanged.',
    );
    const before = await sharp(Buffer.from(imageCall(first as never).result!, 'base64'))
      .raw()
      .toBuffer();
    const after = await sharp(Buffer.from(call.result!, 'base64')).raw().toBuffer();
    expect(after.equals(before)).toBe(false);
  });

  it('honours an explicit action, and refers to an earlier image by its item id', async () => {
    const first = await client.responses.create({ model: 'gpt-5.4', input: 'a blue kite', tools: [TOOL] });
    const itemId = imageCall(first as never).id;
    const fresh = await client.responses.create({
      model: 'gpt-5.4',
      previous_response_id: first.id,
      input: 'a green kite',
      tools: [{ ...TOOL, action: 'generate' }],
    });
    expect(imageCall(fresh as never).action).toBe('generate');
    const byItem = await client.responses.create({
      model: 'gpt-5.4',
      input: [
        { type: 'item_reference', id: itemId },
        { role: 'user', content: [{ type: 'input_text', text: 'add a long tail' }] },
      ],
      tools: [TOOL],
    });
    expect(imageCall(byItem as never)).toMatchObject({ action: 'edit' });
    expect(imageCall(byItem as never).revised_prompt).toContain('of a blue kite');
  });

  it('edits an attached image inside the mask it is given', async () => {
    const base = await makePng(1024, 1024);
    const mask = await makePng(1024, 1024, { alpha: true });
    const response = await client.responses.create({
      model: 'gpt-5.4',
      input: [
        {
          role: 'user',
          content: [
            { type: 'input_text', text: 'a yellow sun' },
            {
              type: 'input_image',
              image_url: `data:image/png;base64,${base.toString('base64')}`,
              detail: 'auto',
            },
          ],
        },
      ],
      tools: [
        { ...TOOL, input_image_mask: { image_url: `data:image/png;base64,${mask.toString('base64')}` } },
      ],
    });
    const call = imageCall(response as never);
    expect(call.action).toBe('edit');
    const { data } = await sharp(Buffer.from(call.result!, 'base64'))
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const original = await sharp(base).raw().toBuffer();
    // The right half (opaque in the mask) stays close to the base; the left half (transparent) is repainted.
    const difference = (fromX: number, toX: number) => {
      let sum = 0;
      let count = 0;
      for (let y = 0; y < 1024; y += 8) {
        for (let x = fromX; x < toX; x += 8) {
          const offset = (y * 1024 + x) * 3;
          for (let channel = 0; channel < 3; channel += 1)
            sum += Math.abs(data[offset + channel]! - original[offset + channel]!);
          count += 3;
        }
      }
      return sum / count;
    };
    expect(difference(0, 480)).toBeGreaterThan(difference(544, 1024) * 2);
  });

  it("refuses what the API refuses, in OpenAI's shape", async () => {
    const refusal = (body: object) =>
      client.responses.create({ model: 'gpt-5.4', input: 'x', ...body } as never).then(
        () => null,
        (error: InstanceType<typeof OpenAI.APIError>) => ({
          status: error.status,
          code: error.code,
          param: error.param,
        }),
      );
    expect(await refusal({ previous_response_id: 'resp_unknown', tools: [TOOL] })).toEqual({
      status: 400,
      code: 'previous_response_not_found',
      param: 'previous_response_id',
    });
    expect(await refusal({ tools: [{ ...TOOL, size: '1000x1000' }] })).toMatchObject({
      status: 400,
      param: 'tools[0].size',
    });
    expect(await refusal({ tools: [{ ...TOOL, output_format: 'gif' }] })).toMatchObject({
      param: 'tools[0].output_format',
    });
    expect(await refusal({ tools: [{ ...TOOL, action: 'paint' }] })).toMatchObject({
      param: 'tools[0].action',
    });
    expect(await refusal({ tools: [{ ...TOOL, partial_images: 4 }] })).toMatchObject({
      param: 'tools[0].partial_images',
    });
    expect(await refusal({ tools: [{ type: 'image_generation' }] })).toMatchObject({
      code: 'missing_required_parameter',
      param: 'tools[0].model',
    });
    expect(await refusal({ tools: [{ ...TOOL, action: 'edit' }] })).toMatchObject({
      param: 'tools[0].action',
    });
    expect(await refusal({ tools: [{ ...TOOL, quality: 'xhigh' }] })).toMatchObject({
      param: 'tools[0].quality',
    });
  });

  it('resumes a background stream after a dropped connection with no lost and no repeated event', async () => {
    // Held before the second partial: the client has seen the first, then its connection drops.
    const hold = gate.holdBefore(1);
    const dropped = new AbortController();
    const stream = await client.responses.create(
      {
        model: 'gpt-5.4',
        input: 'a tall ship',
        stream: true,
        background: true,
        store: true,
        tools: [{ ...TOOL, partial_images: 3 }],
      },
      { signal: dropped.signal },
    );
    const seen = await collect(
      stream,
      (event) => event.type === 'response.image_generation_call.partial_image',
    );
    await hold.reached;
    dropped.abort();
    const id = (seen[0] as { response: ResponseObject }).response.id;
    expect((seen[0] as { response: ResponseObject }).response.status).toBe('queued');
    const last = seen.at(-1)!.sequence_number;
    hold.release();
    const resumed = await collect(
      await client.responses.retrieve(id, { stream: true, starting_after: last }),
    );
    const all = [...seen, ...resumed];
    expect(all.map((event) => event.sequence_number)).toEqual(all.map((_event, index) => index));
    const partials = all.filter((event) => event.type === 'response.image_generation_call.partial_image');
    expect(partials.map((event) => event.partial_image_index)).toEqual([0, 1, 2]);
    expect(all.at(-1)!.type).toBe('response.completed');
    expect(gate.aborted.some((prompt) => prompt.startsWith('A tall ship.'))).toBe(false);
  });

  it('cancels a background response while it renders; cancel is for background responses only', async () => {
    const hold = gate.holdBefore(0);
    const queued = await client.responses.create({
      model: 'gpt-5.4',
      input: 'a slow render',
      background: true,
      tools: [TOOL],
    });
    expect(queued.status).toBe('queued');
    await hold.reached;
    const cancelled = await client.responses.cancel(queued.id);
    expect(cancelled.status).toBe('cancelled');
    expect((await client.responses.retrieve(queued.id)).status).toBe('cancelled');
    expect(gate.aborted.some((prompt) => prompt.startsWith('A slow render.'))).toBe(true);
    hold.release();

    const foreground = await client.responses.create({ model: 'gpt-5.4', input: 'done', tools: [TOOL] });
    await expect(client.responses.cancel(foreground.id)).rejects.toMatchObject({ status: 400 });
    await expect(client.responses.cancel('resp_nobody')).rejects.toMatchObject({ status: 404 });
  });

  it('stops a foreground response the moment its client leaves, but not a background one', async () => {
    const hold = gate.holdBefore(0);
    const leaving = new AbortController();
    const stream = await client.responses.create(
      { model: 'gpt-5.4', input: 'a foreground render', stream: true, tools: [TOOL] },
      { signal: leaving.signal },
    );
    // Read without breaking the loop: a break would close the stream itself.
    const { value: created } = await stream[Symbol.asyncIterator]().next();
    await hold.reached;
    leaving.abort();
    const id = (created as { response: ResponseObject }).response.id;
    await expect
      .poll(() => gate.aborted.some((prompt) => prompt.startsWith('A foreground render.')))
      .toBe(true);
    expect((await client.responses.retrieve(id)).status).toBe('cancelled');
    hold.release();

    const backgroundHold = gate.holdBefore(0);
    const away = new AbortController();
    const background = await client.responses.create(
      { model: 'gpt-5.4', input: 'a background render', stream: true, background: true, tools: [TOOL] },
      { signal: away.signal },
    );
    const { value: first } = await background[Symbol.asyncIterator]().next();
    await backgroundHold.reached;
    away.abort();
    backgroundHold.release();
    const backgroundId = (first as { response: ResponseObject }).response.id;
    // Its stream, read from the start, ends with the image: the render went on with nobody listening.
    const replay = await collect(
      await client.responses.retrieve(backgroundId, { stream: true, starting_after: -1 }),
    );
    expect(replay.at(-1)).toMatchObject({ type: 'response.completed', response: { status: 'completed' } });
    expect(gate.aborted.some((prompt) => prompt.startsWith('A background render.'))).toBe(false);
  });
});

describe('the Responses API passed through to OpenAI', () => {
  let harness: RelayHarness;
  let client: OpenAI;
  beforeAll(async () => {
    harness = await startRelayHarness('fake');
    client = new OpenAI({ apiKey: 'client-key', baseURL: `${harness.url}/v1`, maxRetries: 0 });
  });
  afterAll(() => harness.close());

  it('passes a create, streamed and not, a resumed stream and a cancel through with the relay key', async () => {
    const plain = (await client.responses.create({
      model: 'gpt-5.4',
      input: 'x',
      tools: [TOOL],
    })) as unknown as ResponseObject;
    expect(imageCall(plain).result).toBeTruthy();
    const sent = harness.fake!.requests.at(-1)!;
    expect(sent).toMatchObject({ method: 'POST', path: '/v1/responses' });
    expect(sent.headers.authorization).toBe(`Bearer ${TEST_API_KEY}`);
    expect(sent.json).toMatchObject({ model: 'gpt-5.4', tools: [TOOL] });

    const events = await collect(
      await client.responses.create({ model: 'gpt-5.4', input: 'x', stream: true, tools: [TOOL] }),
    );
    expect(events.at(-1)!.type).toBe('response.completed');
    const id = (events[0] as { response: ResponseObject }).response.id;
    const rest = await collect(await client.responses.retrieve(id, { stream: true, starting_after: 4 }));
    expect(rest.map((event) => event.sequence_number)).toEqual([5, 6, 7, 8]);
    expect(harness.fake!.requests.at(-1)!.path).toBe(`/v1/responses/${id}`);

    const background = await client.responses.create({
      model: 'gpt-5.4',
      input: 'x',
      background: true,
      tools: [TOOL],
    });
    expect(background.status).toBe('queued');
    expect((await client.responses.cancel(background.id)).status).toBe('cancelled');
    await expect(client.responses.retrieve('resp_elsewhere')).rejects.toMatchObject({ status: 404 });
  });

  it('refuses a tool the API refuses before anything goes upstream', async () => {
    const before = harness.fake!.requests.length;
    await expect(
      // xhigh is newer than this SDK's types.
      client.responses.create({
        model: 'gpt-5.4',
        input: 'x',
        tools: [{ ...TOOL, quality: 'xhigh' }],
      } as never),
    ).rejects.toMatchObject({ status: 400, param: 'tools[0].quality' });
    expect(harness.fake!.requests.length).toBe(before);
  });

  it('never cuts a background create when its client leaves', async () => {
    const hold = createHold();
    harness.fake!.plan({ holdFrame: { index: 3, hold } });
    const away = new AbortController();
    const stream = await client.responses.create(
      { model: 'gpt-5.4', input: 'x', stream: true, background: true, tools: [TOOL] },
      { signal: away.signal },
    );
    await collect(stream, () => true);
    await hold.reached;
    away.abort();
    await expect
      .poll(() =>
        harness.logs.some((line) => line.includes('POST /v1/responses') && line.includes('(closed early)')),
      )
      .toBe(true);
    hold.release();
    const upstream = harness.fake!.requests.at(-1)!;
    // The relay read the upstream answer to its end: the stand-in's answer finished, never cut.
    await expect.poll(() => upstream.closedAt, { timeout: 10_000 }).not.toBeNull();
    expect(upstream.closedEarlyAt).toBeNull();
  });
});

describe('response id routing', () => {
  it('answers an id with the provider that made it, the default otherwise, and forgets the oldest', () => {
    const owners = createResponseOwners('default', 2);
    owners.remember('resp_a', 'gateway');
    owners.remember('resp_b', 'openai');
    expect(owners.ownerOf('resp_a')).toBe('gateway');
    owners.remember('resp_c', 'openai');
    expect(owners.ownerOf('resp_a')).toBe('default');
    expect(owners.ownerOf('resp_b')).toBe('openai');
    expect(owners.ownerOf('resp_unknown')).toBe('default');
  });
});

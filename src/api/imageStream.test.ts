import { describe, expect, it } from 'vitest';
import {
  PROGRESS_EVENT,
  PROGRESS_EVENTS_VALUE,
  PROGRESS_HEADER,
  STREAM_ENDED_EARLY_MESSAGE,
  formatSseFrame,
  type ImageStreamEvent,
  type ProviderProgressEvent,
} from '../contract/index.ts';
import { imageRequestHeaders, readImageStream } from './imageStream.ts';
import { completedEvent as completed, partialEvent as partial } from './testing/imageEvents.ts';
import { RelayError } from './relayError.ts';

/** A real byte stream cut at the given sizes, cycling, so frames, lines and UTF-8 sequences split anywhere. */
function byteStream(text: string, chunkSizes: readonly number[]): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  let turn = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) {
        controller.close();
        return;
      }
      const size = chunkSizes[turn++ % chunkSizes.length]!;
      controller.enqueue(bytes.slice(offset, offset + size));
      offset += size;
    },
  });
}

async function collect(text: string, chunkSizes: readonly number[] = [1 << 16]) {
  const events: ImageStreamEvent[] = [];
  const outcome = await readImageStream(byteStream(text, chunkSizes), (event) => events.push(event), 'req_1')
    .then(() => null)
    .catch((error: unknown) => error);
  return { events, error: outcome };
}

const frames = (...events: ImageStreamEvent[]) =>
  events.map((event) => formatSseFrame(event.type, event)).join('');

describe('readImageStream', () => {
  it.each([
    ['one byte at a time', [1]],
    ['odd sizes', [3, 7, 2, 11]],
    ['one chunk', [1 << 20]],
  ])('yields every event in order when chunks are cut %s', async (_label, sizes) => {
    const sent = [partial(0), partial(1), completed()];
    const { events, error } = await collect(frames(...sent), sizes);
    expect(error).toBeNull();
    expect(events).toEqual(sent);
  });

  it('reads CRLF line endings split between chunks and a UTF-8 character cut in half', async () => {
    const event = { ...completed(), size: '1536x1024', note: 'café ☕' };
    const text = `event: ${event.type}\r\ndata: ${JSON.stringify(event)}\r\n\r\n`;
    const splitInsideCoffee = text.indexOf('☕') + 1;
    const encoded = new TextEncoder().encode(text.slice(0, splitInsideCoffee)).length;
    const { events, error } = await collect(text, [encoded - 1, 2, 1, 5]);
    expect(error).toBeNull();
    expect(events).toEqual([event]);
  });

  it('reads a multi-megabyte data line whole', async () => {
    const big = 'QUJD'.repeat(1_500_000); // 6 MB of base64
    const { events, error } = await collect(frames(partial(0, big), completed(big)), [65_536, 4_093]);
    expect(error).toBeNull();
    expect(events.map((event) => event.b64_json.length)).toEqual([big.length, big.length]);
    expect(events[1]!.b64_json).toBe(big);
  });

  it('turns an `event: error` frame into a RelayError naming the field, keeping earlier events', async () => {
    const errorFrame = formatSseFrame('error', {
      error: {
        message: 'Upstream refused the size.',
        type: 'invalid_request_error',
        param: 'size',
        code: 'x',
      },
    });
    const { events, error } = await collect(frames(partial(0)) + errorFrame + frames(completed()), [5]);
    expect(events).toEqual([partial(0)]);
    expect(error).toBeInstanceOf(RelayError);
    expect(error).toMatchObject({
      message: 'Upstream refused the size.',
      param: 'size',
      code: 'x',
      type: 'invalid_request_error',
      status: 0,
      requestId: 'req_1',
    });
  });

  it('reads a flat error payload on an `event: error` frame', async () => {
    const { error } = await collect(formatSseFrame('error', { message: 'Rate limited', code: 'rate_limit' }));
    expect(error).toMatchObject({ message: 'Rate limited', code: 'rate_limit', param: null });
  });

  it('rejects a stream that ends without a completed event, after delivering its partials', async () => {
    const { events, error } = await collect(frames(partial(0), partial(1)), [9]);
    expect(events).toEqual([partial(0), partial(1)]);
    expect(error).toBeInstanceOf(RelayError);
    expect((error as RelayError).message).toBe(STREAM_ENDED_EARLY_MESSAGE);
    expect((error as RelayError).code).toBe('stream_incomplete');
  });

  it('rejects an empty stream', async () => {
    const { events, error } = await collect('');
    expect(events).toEqual([]);
    expect((error as RelayError).message).toBe(STREAM_ENDED_EARLY_MESSAGE);
  });

  it('drops a last frame cut off before its blank line, as the SSE spec says', async () => {
    const text = frames(partial(0)) + `data: ${JSON.stringify(completed())}`;
    const { events, error } = await collect(text, [13]);
    expect(events).toEqual([partial(0)]);
    expect((error as RelayError).message).toBe(STREAM_ENDED_EARLY_MESSAGE);
  });

  it('reports the error frame that follows a frame torn by a broken connection, keeping earlier partials', async () => {
    const torn = frames(partial(0)) + `event: image_generation.partial_image\ndata: {"type":"image_gen\n\n`;
    const error = {
      message: 'The stream ended without a final image: reset.',
      type: 'server_error',
      param: null,
      code: 'stream_incomplete',
    };
    const { events, error: failure } = await collect(torn + formatSseFrame('error', { error }), [7]);
    expect(events).toEqual([partial(0)]);
    expect(failure).toMatchObject({ message: error.message, code: 'stream_incomplete' });
  });

  it('rejects a stream with an unreadable frame and no error frame after it', async () => {
    const { error } = await collect(`data: {"type":\n\n` + frames(completed()));
    expect(error).toMatchObject({ message: 'The stream sent an event that is not JSON.' });
  });

  it('ignores comments and reads data-only frames', async () => {
    const text = `: keep-alive\n\ndata: ${JSON.stringify(partial(0))}\n\ndata: ${JSON.stringify(completed())}\n\n`;
    const { events, error } = await collect(text, [4]);
    expect(error).toBeNull();
    expect(events.map((event) => event.type)).toEqual([
      'image_generation.partial_image',
      'image_generation.completed',
    ]);
  });

  it('stops at an aborted read with the abort reason', async () => {
    const controller = new AbortController();
    const stream = new ReadableStream<Uint8Array>({
      start(streamController) {
        streamController.enqueue(new TextEncoder().encode(frames(partial(0))));
        controller.signal.addEventListener('abort', () => streamController.error(controller.signal.reason));
      },
    });
    const events: ImageStreamEvent[] = [];
    const reading = readImageStream(stream, (event) => {
      events.push(event);
      controller.abort();
    });
    await expect(reading).rejects.toMatchObject({ name: 'AbortError' });
    expect(events).toEqual([partial(0)]);
  });
});

describe('provider progress frames', () => {
  const progressFrame = (stage: 'queued' | 'working', progress: number) =>
    formatSseFrame(PROGRESS_EVENT, { type: PROGRESS_EVENT, stage, progress });

  it('go to onProgress in order, never to onEvent, and comments between them are skipped', async () => {
    const events: ImageStreamEvent[] = [];
    const progress: ProviderProgressEvent[] = [];
    const text = `${progressFrame('queued', 0)}: keep-alive\n\n${progressFrame('working', 40)}: progress 40\n\n${frames(completed())}`;
    await readImageStream(
      byteStream(text, [5, 13]),
      (event) => events.push(event),
      'req_1',
      (update) => progress.push(update),
    );
    expect(events).toEqual([completed()]);
    expect(progress).toEqual([
      { type: PROGRESS_EVENT, stage: 'queued', progress: 0 },
      { type: PROGRESS_EVENT, stage: 'working', progress: 40 },
    ]);
  });

  it('are no image: a stream of only progress ended without one', async () => {
    const { events, error } = await collect(progressFrame('working', 90));
    expect(events).toEqual([]);
    expect(error).toBeInstanceOf(RelayError);
    expect((error as RelayError).message).toBe(STREAM_ENDED_EARLY_MESSAGE);
  });

  it(`are asked for with ${PROGRESS_HEADER} only by a caller that takes them`, () => {
    expect(imageRequestHeaders({ onEvent: () => undefined })).not.toHaveProperty(PROGRESS_HEADER);
    expect(imageRequestHeaders({ onEvent: () => undefined, onProgress: () => undefined })).toMatchObject({
      [PROGRESS_HEADER]: PROGRESS_EVENTS_VALUE,
    });
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { STREAM_ENDED_EARLY_MESSAGE, formatSseFrame, type ImageStreamEvent } from '../contract/index.ts';
import { RelayError } from './relayError.ts';
import { completedEvent, partialEvent } from './testing/imageEvents.ts';
import { postImageStream } from './xhrImageStream.ts';

/** Just enough of XMLHttpRequest for the test to play the network: headers, growing text, the end. */
class FakeXhr {
  static last: FakeXhr;
  status = 0;
  statusText = '';
  responseText = '';
  responseType = '';
  aborted = false;
  sent: unknown = null;
  requestHeaders: Record<string, string> = {};
  upload: {
    onprogress: ((event: { lengthComputable: boolean; loaded: number; total: number }) => void) | null;
  } = { onprogress: null };
  onprogress: (() => void) | null = null;
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  private responseHeaders = '';

  constructor() {
    FakeXhr.last = this;
  }
  open() {}
  setRequestHeader(name: string, value: string) {
    this.requestHeaders[name] = value;
  }
  send(body: unknown) {
    this.sent = body;
  }
  abort() {
    this.aborted = true;
  }
  getAllResponseHeaders() {
    return this.responseHeaders;
  }
  getResponseHeader(name: string) {
    const line = this.responseHeaders.split('\r\n').find((entry) => entry.startsWith(`${name}:`));
    return line ? line.slice(name.length + 1).trim() : null;
  }

  respond(status: number, statusText: string, headers: Record<string, string>) {
    this.status = status;
    this.statusText = statusText;
    this.responseHeaders = Object.entries(headers)
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
  }
  receive(text: string) {
    this.responseText += text;
    this.onprogress?.();
  }
  end() {
    this.onload?.();
  }
}

const partial = partialEvent(0);
const completed = completedEvent();
const frame = (event: ImageStreamEvent) => formatSseFrame(event.type, event);

function start(signal?: AbortSignal) {
  const events: ImageStreamEvent[] = [];
  const progress: [number, number][] = [];
  const outcome = postImageStream(
    '/v1/images/edits',
    'body',
    { accept: 'text/event-stream' },
    {
      signal,
      onEvent: (event) => events.push(event),
      onUploadProgress: (sent, total) => progress.push([sent, total]),
    },
  ).then(
    () => null,
    (error: unknown) => error,
  );
  return { xhr: FakeXhr.last, events, progress, outcome };
}

beforeEach(() => vi.stubGlobal('XMLHttpRequest', FakeXhr));
afterEach(() => vi.unstubAllGlobals());

describe('postImageStream', () => {
  it('reports upload progress and reads each event once as the answer grows, frames cut anywhere', async () => {
    const { xhr, events, progress, outcome } = start();
    expect(xhr.requestHeaders).toEqual({ accept: 'text/event-stream' });
    xhr.upload.onprogress?.({ lengthComputable: true, loaded: 10, total: 40 });
    xhr.upload.onprogress?.({ lengthComputable: false, loaded: 20, total: 0 });
    xhr.upload.onprogress?.({ lengthComputable: true, loaded: 40, total: 40 });
    xhr.respond(200, 'OK', { 'content-type': 'text/event-stream' });
    const text = frame(partial) + frame(completed);
    for (let offset = 0; offset < text.length; offset += 17) xhr.receive(text.slice(offset, offset + 17));
    xhr.end();
    expect(await outcome).toBeNull();
    expect(progress).toEqual([
      [10, 40],
      [40, 40],
    ]);
    expect(events).toEqual([partial, completed]);
  });

  it('turns an error answer into the RelayError fetch would give, with its request id and Retry-After', async () => {
    const { xhr, events, outcome } = start();
    xhr.respond(429, 'Too Many Requests', { 'x-request-id': 'req_9', 'retry-after': '4' });
    xhr.receive(
      JSON.stringify({ error: { message: 'Slow down.', type: 'rate_limit_error', param: null, code: 'x' } }),
    );
    xhr.end();
    const error = await outcome;
    expect(error).toBeInstanceOf(RelayError);
    expect(error).toMatchObject({ status: 429, message: 'Slow down.', requestId: 'req_9', retryAfter: 4 });
    expect(events).toEqual([]);
  });

  it('stops at an error frame, aborting the request, keeping the partial before it', async () => {
    const { xhr, events, outcome } = start();
    xhr.respond(200, 'OK', { 'x-request-id': 'req_3' });
    xhr.receive(frame(partial));
    xhr.receive(formatSseFrame('error', { error: { message: 'Upstream failed.', type: 'server_error' } }));
    expect(await outcome).toMatchObject({ message: 'Upstream failed.', requestId: 'req_3', status: 0 });
    expect(xhr.aborted).toBe(true);
    expect(events).toEqual([partial]);
  });

  it('rejects an answer that ends without a final image', async () => {
    const { xhr, outcome } = start();
    xhr.respond(200, 'OK', {});
    xhr.receive(frame(partial));
    xhr.end();
    expect(await outcome).toMatchObject({ message: STREAM_ENDED_EARLY_MESSAGE });
  });

  it('rejects with an AbortError and aborts the request on Cancel, keeping what arrived', async () => {
    const controller = new AbortController();
    const { xhr, events, outcome } = start(controller.signal);
    xhr.respond(200, 'OK', {});
    xhr.receive(frame(partial));
    controller.abort();
    xhr.receive(frame(completed));
    expect(await outcome).toMatchObject({ name: 'AbortError' });
    expect(xhr.aborted).toBe(true);
    expect(events).toEqual([partial]);
  });

  it('does not start when already cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    FakeXhr.last = undefined as unknown as FakeXhr;
    const { xhr, outcome } = start(controller.signal);
    expect(await outcome).toMatchObject({ name: 'AbortError' });
    expect(xhr).toBeUndefined();
  });

  it('reports a failed connection as a TypeError, as fetch does', async () => {
    const { xhr, outcome } = start();
    xhr.onerror?.();
    expect(await outcome).toBeInstanceOf(TypeError);
  });
});

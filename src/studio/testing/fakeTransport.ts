/**
 * A stand-in for the relay, for the studio's unit tests: every request is held open until the test says
 * how it goes (events, an end, a failure), so no test races a clock. An aborted request rejects at once,
 * as fetch does.
 */
import type { EditUpload } from '../../api/imageEdit.ts';
import type { ImageStreamOptions } from '../../api/imageStream.ts';
import type { ResponsesBody, ResponseStreamOptions } from '../../api/responses.ts';
import type { GenerationBody, ImageStreamEvent } from '../../contract/index.ts';
import type { ResponseObject, ResponseStreamEvent } from '../../contract/responses.ts';
import type { Transport } from '../transport.ts';

export type HeldRequest = {
  options: ImageStreamOptions;
  /** Delivers one event, as the stream would. */
  send: (event: ImageStreamEvent) => void;
  /** Ends the stream normally. */
  finish: () => void;
  fail: (error: unknown) => void;
} & (
  | { kind: 'generation'; body: GenerationBody }
  | { kind: 'whole'; body: GenerationBody }
  | { kind: 'edit'; upload: EditUpload }
);

/** A conversation turn sent through the Responses API, held open like the image requests. */
export interface HeldResponse {
  body: ResponsesBody;
  options: ResponseStreamOptions;
  send: (event: ResponseStreamEvent) => void;
  /** Ends the stream with the completed response. */
  finish: (response: ResponseObject) => void;
  fail: (error: unknown) => void;
}

export interface FakeTransport {
  transport: Transport;
  /** Every request so far, in the order it was sent. */
  requests: HeldRequest[];
  /** Resolves once `count` requests in all have been sent. */
  received: (count: number) => Promise<HeldRequest[]>;
  /** Every Responses turn so far, in the order it was sent. */
  responses: HeldResponse[];
  receivedResponses: (count: number) => Promise<HeldResponse[]>;
}

/** A list that can be waited on until it holds `count` entries. */
function arrivals<T>() {
  const list: T[] = [];
  const waiters: { count: number; resolve: (list: T[]) => void }[] = [];
  return {
    list,
    add(entry: T) {
      list.push(entry);
      for (const waiter of waiters.filter((candidate) => list.length >= candidate.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve([...list]);
      }
    },
    until: (count: number): Promise<T[]> =>
      list.length >= count
        ? Promise.resolve([...list])
        : new Promise((resolve) => waiters.push({ count, resolve })),
  };
}

/** Rejects at once when `signal` aborts (now or later), as fetch does. */
function abortable<T>(
  signal: AbortSignal | undefined,
  start: (resolve: (value: T) => void, reject: (error: unknown) => void) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(new DOMException('The request was aborted.', 'AbortError'));
    if (signal?.aborted) return abort();
    signal?.addEventListener('abort', abort);
    start(resolve, reject);
  });
}

type RequestOf =
  | { kind: 'generation'; body: GenerationBody }
  | { kind: 'whole'; body: GenerationBody }
  | { kind: 'edit'; upload: EditUpload };

export function createFakeTransport(): FakeTransport {
  const requests = arrivals<HeldRequest>();
  const responses = arrivals<HeldResponse>();

  const hold = (request: RequestOf, options: ImageStreamOptions): Promise<void> =>
    abortable(options.signal, (resolve: () => void, reject) =>
      requests.add({
        ...request,
        options,
        send: (event) => options.onEvent(event),
        finish: () => resolve(),
        fail: reject,
      } as HeldRequest),
    );

  return {
    transport: {
      streamImages: (body, options) => hold({ kind: 'generation', body }, options),
      fetchWholeImages: (_request, body, options) => hold({ kind: 'whole', body }, options),
      streamImageEdit: (upload, options) => hold({ kind: 'edit', upload }, options),
      streamResponse: (body, options) =>
        abortable<ResponseObject>(options.signal, (resolve, reject) =>
          responses.add({
            body,
            options,
            send: (event) => options.onEvent(event),
            finish: resolve,
            fail: reject,
          }),
        ),
    },
    requests: requests.list,
    received: requests.until,
    responses: responses.list,
    receivedResponses: responses.until,
  };
}

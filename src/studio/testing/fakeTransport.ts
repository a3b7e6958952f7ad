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

/** A Responses stream held open like the image requests, until the test ends it. */
interface HeldResponseStream {
  options: ResponseStreamOptions;
  send: (event: ResponseStreamEvent) => void;
  /** Ends the stream with the completed response. */
  finish: (response: ResponseObject) => void;
  fail: (error: unknown) => void;
}

/** A conversation turn sent through the Responses API. */
export interface HeldResponse extends HeldResponseStream {
  body: ResponsesBody;
}

/** A Responses stream re-attached (`GET /v1/responses/{id}?stream=true&starting_after=N`). */
export interface HeldResume extends HeldResponseStream {
  id: string;
  startingAfter: number;
}

/** A `GET /v1/responses/{id}` or `POST /v1/responses/{id}/cancel`, answered when the test says. */
export interface HeldResponseCall {
  kind: 'retrieve' | 'cancel';
  id: string;
  answer: (response: ResponseObject) => void;
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
  /** Every re-attached Responses stream so far, in order. */
  resumes: HeldResume[];
  receivedResumes: (count: number) => Promise<HeldResume[]>;
  /** Every retrieval and cancel of a stored response so far, in order. */
  responseCalls: HeldResponseCall[];
  receivedResponseCalls: (count: number) => Promise<HeldResponseCall[]>;
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

/** Holds a Responses stream in `list` (with what identifies it) until the test finishes or fails it. */
function holdResponseStream<Extra>(
  list: { add: (entry: Extra & HeldResponseStream) => void },
  extra: Extra,
  options: ResponseStreamOptions,
): Promise<ResponseObject> {
  return abortable<ResponseObject>(options.signal, (resolve, reject) =>
    list.add({ ...extra, options, send: (event) => options.onEvent(event), finish: resolve, fail: reject }),
  );
}

export function createFakeTransport(): FakeTransport {
  const requests = arrivals<HeldRequest>();
  const responses = arrivals<HeldResponse>();
  const resumes = arrivals<HeldResume>();
  const responseCalls = arrivals<HeldResponseCall>();
  const holdCall = (kind: HeldResponseCall['kind'], id: string, signal?: AbortSignal) =>
    abortable<ResponseObject>(signal, (answer, fail) => responseCalls.add({ kind, id, answer, fail }));

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
      streamResponse: (body, options) => holdResponseStream(responses, { body }, options),
      resumeResponse: (id, startingAfter, options) =>
        holdResponseStream(resumes, { id, startingAfter }, options),
      retrieveResponse: (id, signal) => holdCall('retrieve', id, signal),
      cancelResponse: (id) => holdCall('cancel', id),
    },
    requests: requests.list,
    received: requests.until,
    responses: responses.list,
    receivedResponses: responses.until,
    resumes: resumes.list,
    receivedResumes: resumes.until,
    responseCalls: responseCalls.list,
    receivedResponseCalls: responseCalls.until,
  };
}

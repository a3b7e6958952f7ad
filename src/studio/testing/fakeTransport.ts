/**
 * A stand-in for the relay, for the studio's unit tests: every request is held open until the test says
 * how it goes (events, an end, a failure), so no test races a clock. An aborted request rejects at once,
 * as fetch does.
 */
import type { EditUpload } from '../../api/imageEdit.ts';
import type { ImageStreamOptions } from '../../api/imageStream.ts';
import type { GenerationBody, ImageStreamEvent } from '../../contract/index.ts';
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

export interface FakeTransport {
  transport: Transport;
  /** Every request so far, in the order it was sent. */
  requests: HeldRequest[];
  /** Resolves once `count` requests in all have been sent. */
  received: (count: number) => Promise<HeldRequest[]>;
}

type RequestOf =
  | { kind: 'generation'; body: GenerationBody }
  | { kind: 'whole'; body: GenerationBody }
  | { kind: 'edit'; upload: EditUpload };

export function createFakeTransport(): FakeTransport {
  const requests: HeldRequest[] = [];
  const waiters: { count: number; resolve: (requests: HeldRequest[]) => void }[] = [];

  const hold = (request: RequestOf, options: ImageStreamOptions) =>
    new Promise<void>((resolve, reject) => {
      const abort = () => reject(new DOMException('The request was aborted.', 'AbortError'));
      if (options.signal?.aborted) return abort();
      options.signal?.addEventListener('abort', abort);
      requests.push({
        ...request,
        options,
        send: (event) => options.onEvent(event),
        finish: resolve,
        fail: reject,
      } as HeldRequest);
      for (const waiter of waiters.filter((candidate) => requests.length >= candidate.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve([...requests]);
      }
    });

  return {
    transport: {
      streamImages: (body, options) => hold({ kind: 'generation', body }, options),
      fetchWholeImages: (_request, body, options) => hold({ kind: 'whole', body }, options),
      streamImageEdit: (upload, options) => hold({ kind: 'edit', upload }, options),
    },
    requests,
    received: (count) =>
      requests.length >= count
        ? Promise.resolve([...requests])
        : new Promise((resolve) => waiters.push({ count, resolve })),
  };
}

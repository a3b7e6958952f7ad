/**
 * Background responses (openai-images-2026-12.md §6): a run sent with `background: true` and `store: true`
 * renders on upstream whether or not anyone listens, so a long render survives a dropped connection, a
 * reload or a closed tab. This is how the studio follows one: it re-attaches with `starting_after` the last
 * event it has (so it loses no partial image and repeats none) whenever a stream drops, says why when the
 * response ended otherwise upstream, and cancels it upstream when the designer cancels (closing the stream
 * alone would leave it rendering, and billed). Loaded with the first turn, not with the page.
 */
import type { ResponseStreamOptions } from '../api/responses.ts';
import { RelayError } from '../api/relayError.ts';
import { STREAM_INCOMPLETE_CODE } from '../contract/index.ts';
import type { ResponseObject } from '../contract/responses.ts';
import type { Transport } from './transport.ts';

/**
 * Re-attaches in a row without a new event before the studio stops trying: with waits of 1, 2, 4, 8 and 16 s
 * between them, about half a minute offline. The response renders on upstream meanwhile; a reload re-attaches.
 */
const MAX_ATTEMPTS_WITHOUT_PROGRESS = 6;
const FIRST_RETRY_DELAY_MS = 1_000;

/** A stream that broke off rather than ended: the network, the relay going away, a gateway's 5xx. */
export function isDroppedStream(error: unknown): boolean {
  if (error instanceof TypeError) return true;
  if (!(error instanceof RelayError)) return false;
  return error.code === STREAM_INCOMPLETE_CODE || [502, 503, 504].includes(error.status);
}

/** Waits `ms`, or rejects at once when `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const abort = () => {
      clearTimeout(timer);
      reject(new DOMException('The request was aborted.', 'AbortError'));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', abort);
      resolve();
    }, ms);
    if (signal.aborted) abort();
    else signal.addEventListener('abort', abort, { once: true });
  });
}

/** Why a response that ended upstream without completing gave no image, in the designer's words. */
function endedUpstream(response: ResponseObject, where: string): RelayError | null {
  if (response.status === 'cancelled') {
    return new RelayError(0, `The render was cancelled at ${where} (from another tab or client).`, {
      code: 'response_cancelled',
    });
  }
  if (response.status === 'failed' || response.status === 'incomplete') {
    const message = response.error?.message ?? `The render ended ${response.status} at ${where}.`;
    return new RelayError(0, message, { code: response.error?.code ?? null, type: 'server_error' });
  }
  return null;
}

export interface BackgroundFollow {
  transport: Transport;
  /** The response's id once the stream has said it (`response.created`); null before. */
  responseId: () => string | null;
  /** The sequence number of the last event handled; -1 before any. */
  lastSequence: () => number;
  /** Where it renders, for what the studio says ("OpenAI", "the offline engine"). */
  where: string;
  /** Called each time the studio re-attaches, before the stream is asked for. */
  onReattach: () => void;
  /** Called when the designer's cancel could not reach upstream: the render may go on, and be billed. */
  onCancelUnconfirmed: (message: string) => void;
}

/**
 * Follows a background response to its end: `first` is its first stream (the POST, or null to begin by
 * re-attaching, as after a reload), then a re-attached stream after each drop. Resolves with the completed
 * response; rejects with why it did not complete. Aborting `options.signal` cancels it upstream first.
 */
export async function followBackground(
  follow: BackgroundFollow,
  first: (() => Promise<ResponseObject>) | null,
  options: ResponseStreamOptions,
): Promise<ResponseObject> {
  const { transport } = follow;
  // Without a signal nothing cancels it: the follow ends with the response.
  const signal = options.signal ?? new AbortController().signal;
  const resume = (id: string) => () => transport.resumeResponse(id, follow.lastSequence(), options);
  let attempt = first;
  let resumed = first === null;
  let withoutProgress = 0;
  for (;;) {
    const before = follow.lastSequence();
    try {
      const id = follow.responseId();
      if (!attempt) {
        if (!id) throw new RelayError(0, 'The background render has no response id to re-attach to.');
        follow.onReattach();
        attempt = resume(id);
      }
      return await attempt();
    } catch (error) {
      if (signal.aborted) {
        await cancelUpstream(follow);
        throw error;
      }
      const id = follow.responseId();
      if (!id || !isDroppedStream(error)) throw error;
      withoutProgress = follow.lastSequence() > before ? 0 : withoutProgress + 1;
      if (withoutProgress >= MAX_ATTEMPTS_WITHOUT_PROGRESS) {
        throw new RelayError(
          0,
          `Lost the connection to ${follow.where}; the render goes on there. Reload to re-attach to it.`,
          { code: STREAM_INCOMPLETE_CODE },
        );
      }
      if (withoutProgress > 1) {
        await pause(FIRST_RETRY_DELAY_MS * 2 ** (withoutProgress - 2), signal).catch(async (aborted) => {
          await cancelUpstream(follow);
          throw aborted;
        });
      }
      // A re-attached stream that ends without the response's end: it ended upstream some other way.
      if (resumed && error instanceof RelayError && error.code === STREAM_INCOMPLETE_CODE) {
        const now = await transport.retrieveResponse(id, signal).catch(() => null);
        const ended = now && endedUpstream(now, follow.where);
        if (ended) throw ended;
      }
      attempt = null;
      resumed = true;
    }
  }

  async function cancelUpstream({ responseId, where, onCancelUnconfirmed }: BackgroundFollow) {
    const id = responseId();
    if (!id) return;
    await transport.cancelResponse(id).catch((error: unknown) => {
      const reason = error instanceof Error ? ` (${error.message})` : '';
      onCancelUnconfirmed(
        `The render was stopped here, but ${where} did not confirm the cancel${reason}: it may still finish, and be billed.`,
      );
    });
  }
}

/**
 * The offline engine's Responses runs (engine/responses.ts) on the wire, as OpenAI answers: a streamed
 * request gets SSE frames `event: <type>` with the event as data, numbered by `sequence_number`; any other
 * gets the Response object. A foreground response stops the moment its client leaves; a background one
 * renders on, and any client may poll it, re-attach to its stream after an event it saw, or cancel it.
 */
import { formatSseFrame, type ApiError } from '../../contract/index.ts';
import { cancelNeedsBackground, responseNotFound } from '../../contract/responses.ts';
import type { ResponseRun, ResponsesEngine } from '../../engine/responses.ts';
import { newRequestId, sendApiError, sendJson } from '../http.ts';
import type { ResponsesCall, ResponsesUpstream } from '../responsesRoutes.ts';
import { variantIndexOf } from './offline.ts';
import { SseResponse } from './sseResponse.ts';

export interface OfflineResponsesSettings {
  /** Silence after which a stream gets a heartbeat comment (a background render may be long). */
  heartbeatMs: number;
}

export function createOfflineResponsesUpstream(
  engine: ResponsesEngine,
  settings: OfflineResponsesSettings,
): ResponsesUpstream {
  const fail = ({ res }: ResponsesCall, error: ApiError) => {
    sendApiError(res, error, { 'x-request-id': newRequestId() });
    return Promise.resolve();
  };

  /** The run's events after `startingAfter`, then live ones, until it ends or the client leaves. */
  async function stream(
    { res, signal }: ResponsesCall,
    run: ResponseRun,
    startingAfter: number,
  ): Promise<void> {
    const answer = new SseResponse(res, {
      heartbeatMs: settings.heartbeatMs,
      committedOnFirstByte: [['x-request-id', newRequestId()]],
    });
    answer.restartHeartbeat();
    try {
      for await (const event of run.follow(startingAfter, signal)) {
        await answer.writeFrame(formatSseFrame(event.type, event));
        answer.restartHeartbeat();
      }
    } catch {
      // The client left mid-frame: what it missed stays in the run's log for its return.
    }
    answer.stopHeartbeat();
    if (signal.aborted) res.destroy();
    else answer.end();
  }

  return {
    async create(call) {
      const created = engine.create({
        request: call.request,
        body: call.parsed,
        variantIndex: variantIndexOf(call.req),
      });
      if (!created.ok) return fail(call, created.error);
      const run = created.value;
      call.remember(run.id);
      // A foreground response costs what it renders only while someone waits for it (design.md §3).
      if (!call.request.background) {
        call.signal.addEventListener('abort', () => run.stop('cancelled'), { once: true });
      }
      if (call.request.stream) return stream(call, run, -1);
      if (!call.request.background) await run.settled(call.signal);
      if (call.signal.aborted) return;
      sendJson(call.res, 200, run.response, { 'x-request-id': newRequestId() });
    },

    async retrieve(call, id, query) {
      const run = engine.get(id);
      if (!run) return fail(call, responseNotFound(id));
      const params = new URLSearchParams(query);
      if (params.get('stream') !== 'true') {
        sendJson(call.res, 200, run.response, { 'x-request-id': newRequestId() });
        return;
      }
      const after = Number(params.get('starting_after') ?? '-1');
      return stream(call, run, Number.isInteger(after) ? after : -1);
    },

    async cancel(call, id) {
      const run = engine.get(id);
      if (!run) return fail(call, responseNotFound(id));
      if (!run.response.background) return fail(call, cancelNeedsBackground());
      run.stop('cancelled');
      sendJson(call.res, 200, run.response, { 'x-request-id': newRequestId() });
    },
  };
}

/**
 * The Responses API passed through to OpenAI (or a compatible gateway) byte for byte, like the image
 * routes (openai.ts): the relay's key replaces the client's, the answer's status, the headers clients act
 * on and its body (SSE or JSON) go back as they arrive, with backpressure, heartbeats in a quiet stream and
 * the key masked wherever an upstream echoes it. Nothing is parsed but the response id at the head of the
 * answer, which tells the relay whom to ask about that response later.
 *
 * What differs from the image routes: a `background: true` response runs on at OpenAI whoever listens, so
 * a client that leaves its create does not cut the upstream request; the relay reads the answer to its end
 * and drops it (cutting it at its first event can leave the response stuck in `queued`, [FORUM] 1382584).
 * Nothing is retried: a create that failed with a 5xx may still have started a billed response, and a
 * client retrying knows which it asked for. A stream that ends without `response.completed` is passed on as
 * it ended: a cancelled response's stream ends so.
 */
import { apiError, streamEndedEarlyError, type ApiError } from '../../contract/index.ts';
import { RESPONSE_ID_PATTERN } from '../../contract/responses.ts';
import type { ResponsesCall, ResponsesUpstream } from '../responsesRoutes.ts';
import { createUpstreamPool, headerValue, startExchange, type HeaderList } from './httpExchange.ts';
import {
  MAX_ERROR_BODY_BYTES,
  answerUpstreamError,
  describeNetworkError,
  requestHeaders,
  responseHeaders,
  upstreamLabel,
  type OpenAIUpstreamSettings,
} from './openai.ts';
import { formatDuration, onSilence } from './silenceTimer.ts';
import { SseResponse } from './sseResponse.ts';

/** Where the response id must turn up: `response.created` or the Response object begin with it. */
const ID_SEARCH_BYTES = 64 * 1024;

interface Forwarding {
  method: 'GET' | 'POST';
  path: string;
  body: Buffer | null;
  /** A background create: the upstream request outlives the client. */
  outlivesClient: boolean;
  remember?: (id: string) => void;
}

export function createOpenAIResponsesUpstream(settings: OpenAIUpstreamSettings): ResponsesUpstream {
  const { apiKey, baseUrl, idleMs, heartbeatMs } = settings;
  const host = new URL(baseUrl).host;
  const pool = settings.pool ?? createUpstreamPool();

  function forward(
    call: ResponsesCall,
    { method, path, body, outlivesClient, remember }: Forwarding,
  ): Promise<void> {
    const { req, res, signal } = call;
    if (signal.aborted && !outlivesClient) return Promise.resolve();
    return new Promise((settle) => {
      const answer = new SseResponse(res, { heartbeatMs, secrets: [apiKey] });
      const controller = new AbortController();
      let finished = false;
      let clientGone = signal.aborted;
      let errorHead: { status: number; headers: HeaderList } | null = null;
      const errorBody: Buffer[] = [];
      let errorBytes = 0;
      let head = '';
      const idle = onSilence(idleMs, () => {
        controller.abort();
        failWith(
          apiError(
            504,
            `The upstream ${host} sent nothing for ${formatDuration(idleMs)}, so the relay gave up on this request.`,
            {
              type: 'upstream_error',
              code: 'upstream_timeout',
            },
          ),
        );
      });

      const finish = () => {
        if (finished) return;
        finished = true;
        idle.stop();
        answer.stopHeartbeat();
        signal.removeEventListener('abort', onClientGone);
        settle();
      };
      const failWith = (error: ApiError) => {
        if (!clientGone) answer.fail(error);
        finish();
      };
      function onClientGone() {
        clientGone = true;
        answer.stopHeartbeat();
        if (!outlivesClient) {
          controller.abort();
          finish();
        } else exchange.resume();
      }
      signal.addEventListener('abort', onClientGone, { once: true });
      const heard = () => {
        if (finished) return;
        idle.restart();
        if (!clientGone) answer.restartHeartbeat();
      };
      /** The response id, from the answer's first bytes (it may be split across chunks). */
      const findId = (chunk: Buffer) => {
        if (!remember || head.length >= ID_SEARCH_BYTES) return;
        head += chunk.subarray(0, ID_SEARCH_BYTES - head.length).toString('latin1');
        const id = RESPONSE_ID_PATTERN.exec(head)?.[1];
        if (id) {
          remember(id);
          head = ' '.repeat(ID_SEARCH_BYTES);
        }
      };

      const headers = requestHeaders(req.headers, apiKey, 'application/json', body?.length ?? 0);
      if (!body) {
        delete headers['content-type'];
        delete headers['content-length'];
      }
      heard();
      const exchange = startExchange(
        pool,
        new URL(`${baseUrl}${path}`),
        headers,
        body,
        controller.signal,
        {
          head(status, upstreamHeaders) {
            heard();
            if (status >= 300) {
              errorHead = { status, headers: upstreamHeaders };
              return;
            }
            const sse = (headerValue(upstreamHeaders, 'content-type') ?? '').startsWith('text/event-stream');
            if (!clientGone) answer.commit(status, responseHeaders(upstreamHeaders, sse), sse);
          },
          data(chunk) {
            heard();
            if (errorHead) {
              if (errorBytes < MAX_ERROR_BODY_BYTES) {
                errorBody.push(chunk);
                errorBytes += chunk.length;
              }
              return true;
            }
            findId(chunk);
            if (clientGone || finished || answer.write(chunk)) return true;
            // Paused by the client, not the upstream: no idle clock runs until it drains or leaves.
            idle.stop();
            answer.stopHeartbeat();
            const resume = () => {
              res.off('drain', resume);
              res.off('close', resume);
              if (finished) return;
              heard();
              exchange.resume();
            };
            res.on('drain', resume);
            res.on('close', resume);
            return false;
          },
          end() {
            if (finished) return;
            if (clientGone) return finish();
            if (errorHead) {
              const text = Buffer.concat(errorBody, errorBytes).toString('utf8');
              answerUpstreamError(answer, host, errorHead, text, errorBytes < MAX_ERROR_BODY_BYTES);
            } else answer.end();
            finish();
          },
          fail(error, answered) {
            const reason = describeNetworkError(error);
            if (res.headersSent) {
              return failWith(
                streamEndedEarlyError(`the connection to ${upstreamLabel(host)} broke (${reason})`),
              );
            }
            failWith(
              answered
                ? apiError(502, `The connection to ${host} broke during its answer (${reason}).`, {
                    type: 'upstream_error',
                    code: 'upstream_connection_broken',
                  })
                : apiError(502, `The upstream ${host} could not be reached (${reason}).`, {
                    type: 'upstream_error',
                    code: 'upstream_unreachable',
                  }),
            );
          },
        },
        method,
      );
    });
  }

  const encoded = (id: string) => encodeURIComponent(id);
  return {
    create(call) {
      return forward(call, {
        method: 'POST',
        path: '/responses',
        body: call.body,
        outlivesClient: call.request.background,
        remember: call.remember,
      });
    },
    retrieve(call, id, query) {
      const path = `/responses/${encoded(id)}${query ? `?${query}` : ''}`;
      return forward(call, { method: 'GET', path, body: null, outlivesClient: false });
    },
    cancel(call, id) {
      return forward(call, {
        method: 'POST',
        path: `/responses/${encoded(id)}/cancel`,
        body: Buffer.alloc(0),
        outlivesClient: false,
      });
    },
  };
}

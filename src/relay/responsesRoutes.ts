/**
 * The Responses API through the relay (issue 15; openai-images-2026-12.md §6): `POST /v1/responses`,
 * `GET /v1/responses/{id}` (also `?stream=true&starting_after=N`) and `POST /v1/responses/{id}/cancel`.
 * The same guards as the image routes have run before these; here the body is read within its limit, the
 * `image_generation` tool's fields are checked with the Images API's rules, and the request goes to the
 * provider its tool's model names. A response id is answered by the provider that made it: the relay
 * remembers which, for its lifetime, in a bounded map.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { apiError, offersResponsesApi, type ApiError } from '../contract/index.ts';
import { validateResponsesBody, type ResponsesRequest } from '../contract/responses.ts';
import { createResponsesEngine } from '../engine/responses.ts';
import { createOfflineEngine } from '../engine/index.ts';
import type { ProviderSetting, RelayConfig } from './config.ts';
import { checkBodyType } from './guards.ts';
import { BodyTooLargeError, readBody } from './http.ts';
import type { Provider, ProviderRouter } from './providers.ts';
import { createOfflineResponsesUpstream } from './upstream/offlineResponses.ts';
import { createOpenAIResponsesUpstream } from './upstream/openaiResponses.ts';

/**
 * A Responses body carries its images inline (data URLs, earlier `image_generation_call` results), so it is
 * far larger than a generation's; it is read whole to check the tool, so it has a ceiling.
 */
export const MAX_RESPONSES_BODY_BYTES = 64 * 1024 * 1024;

/** How many response ids the relay remembers the provider of; the oldest are forgotten first. */
export const REMEMBERED_RESPONSE_IDS = 10_000;

export interface ResponsesCall {
  req: IncomingMessage;
  res: ServerResponse;
  /** Aborts when the client goes away. A background response outlives it; a foreground one stops. */
  signal: AbortSignal;
}

export interface ResponsesCreateCall extends ResponsesCall {
  request: ResponsesRequest;
  /** The client's JSON, parsed, and as it goes upstream (its tool's model set to the provider's own id). */
  parsed: Record<string, unknown>;
  body: Buffer;
  /** Called with the id of the response the upstream made, so later calls for it find this provider. */
  remember(id: string): void;
}

/** One provider's side of the Responses API: the offline engine's, or OpenAI's bytes passed through. */
export interface ResponsesUpstream {
  create(call: ResponsesCreateCall): Promise<void>;
  /** `query` is the client's query string (`stream`, `starting_after`, `include`, …), without its `?`. */
  retrieve(call: ResponsesCall, id: string, query: string): Promise<void>;
  cancel(call: ResponsesCall, id: string): Promise<void>;
}

/**
 * Which provider answers a response id: the one that made it, else the default one (an id made before a
 * restart, or by the provider directly). The one place ids are routed; a Map keeps insertion order, so the
 * first key is the oldest.
 */
export function createResponseOwners<T>(fallback: T, limit = REMEMBERED_RESPONSE_IDS) {
  const owners = new Map<string, T>();
  return {
    remember(id: string, owner: T): void {
      owners.delete(id);
      owners.set(id, owner);
      if (owners.size > limit) owners.delete(owners.keys().next().value!);
    },
    ownerOf: (id: string): T => owners.get(id) ?? fallback,
  };
}

/** The Responses adapter for a provider's protocol; gateways of other protocols have none. */
export function createResponsesUpstream(
  setting: ProviderSetting,
  config: RelayConfig,
): ResponsesUpstream | null {
  const { upstream } = setting;
  if (!offersResponsesApi(upstream.kind)) return null;
  if (upstream.kind === 'offline') {
    const images = createOfflineEngine({ latency: upstream.latency, maxInputPixels: config.maxInputPixels });
    return createOfflineResponsesUpstream(createResponsesEngine({ images, spoolRoot: config.spoolRoot }), {
      heartbeatMs: config.heartbeatMs,
    });
  }
  if (upstream.kind === 'openai' || upstream.kind === 'openai-compatible') {
    return createOpenAIResponsesUpstream({
      apiKey: upstream.apiKey,
      baseUrl: upstream.baseUrl,
      idleMs: config.upstreamIdleMs,
      heartbeatMs: config.heartbeatMs,
    });
  }
  return null;
}

type Refuse = (res: ServerResponse, error: ApiError, req: IncomingMessage) => void;
type Handler = (call: ResponsesCall) => Promise<void> | void;

const UNPARSABLE_JSON = apiError(400, 'We could not parse the JSON body of your request.');

/**
 * The routes, as a lookup the server calls after its own: a handler for a Responses path, or undefined.
 * `given` replaces adapters by provider id (tests); the others are built from the config on first use.
 */
export function createResponsesRoutes(
  config: RelayConfig,
  router: Pick<ProviderRouter, 'providers' | 'route'>,
  refuse: Refuse,
  given: Readonly<Record<string, ResponsesUpstream>> = {},
): (method: string, path: string) => Handler | undefined {
  const adapters = new Map<string, ResponsesUpstream | null>();
  const adapterOf = (provider: Provider): ResponsesUpstream | null => {
    if (!adapters.has(provider.id)) {
      const setting = config.providers.find((candidate) => candidate.id === provider.id);
      adapters.set(
        provider.id,
        given[provider.id] ?? (setting ? createResponsesUpstream(setting, config) : null),
      );
    }
    return adapters.get(provider.id)!;
  };
  const defaultProvider = router.providers[0]!;
  const owners = createResponseOwners<Provider>(defaultProvider);

  const noAdapter = (provider: Provider) =>
    apiError(400, `The provider '${provider.id}' does not offer the Responses API through this relay.`, {
      code: 'unsupported_provider',
    });

  async function create(call: ResponsesCall): Promise<void> {
    const { req, res } = call;
    const declared = checkBodyType(req.headers, ['json']);
    if (!declared.ok) return refuse(res, declared.error, req);
    let body: Buffer;
    try {
      body = await readBody(req, MAX_RESPONSES_BODY_BYTES);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return refuse(res, error.apiError, req);
      throw error;
    }
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    } catch {
      return refuse(res, UNPARSABLE_JSON, req);
    }
    const tools = Array.isArray(parsed?.tools) ? (parsed.tools as unknown[]) : [];
    const toolIndex = tools.findIndex(
      (tool) => (tool as { type?: unknown } | null)?.type === 'image_generation',
    );
    const tool = tools[toolIndex] as { model?: unknown } | undefined;
    const routed = router.route(tool?.model, 'generation');
    if (!routed.ok) return refuse(res, routed.error, req);
    const { provider, modelId } = routed.value;
    if (modelId !== null) {
      // The provider's own id for the model, where the client named it by its address (`provider/model`).
      parsed = {
        ...parsed,
        tools: tools.map((entry, index) =>
          index === toolIndex ? { ...(entry as object), model: modelId } : entry,
        ),
      };
      body = Buffer.from(JSON.stringify(parsed));
    }
    const checked = validateResponsesBody(parsed, provider.models, provider.policy);
    if (!checked.ok) return refuse(res, checked.error, req);
    const upstream = adapterOf(provider);
    if (!upstream) return refuse(res, noAdapter(provider), req);
    await upstream.create({
      ...call,
      request: checked.value,
      parsed,
      body,
      remember: (id) => owners.remember(id, provider),
    });
  }

  function byId(
    id: string,
    answer: (upstream: ResponsesUpstream, call: ResponsesCall) => Promise<void>,
  ): Handler {
    return (call) => {
      const provider = owners.ownerOf(id);
      const upstream = adapterOf(provider);
      if (!upstream) return refuse(call.res, noAdapter(provider), call.req);
      return answer(upstream, call);
    };
  }

  const notAllowed =
    (method: string, path: string): Handler =>
    ({ req, res }) =>
      refuse(
        res,
        apiError(405, `${method} is not supported on ${path}.`, { code: 'method_not_allowed' }),
        req,
      );

  return (method, path) => {
    if (path === '/v1/responses') return method === 'POST' ? create : notAllowed(method, path);
    const match = /^\/v1\/responses\/([^/]+)(\/cancel)?$/.exec(path);
    if (!match) return undefined;
    const id = match[1]!;
    if (match[2])
      return method === 'POST'
        ? byId(id, (upstream, call) => upstream.cancel(call, id))
        : notAllowed(method, path);
    if (method !== 'GET') return notAllowed(method, path);
    return byId(id, (upstream, call) =>
      upstream.retrieve(call, id, (call.req.url ?? '').split('?')[1] ?? ''),
    );
  };
}

/**
 * The relay (design.md §3): OpenAI's image routes on plain node:http. Guards run first, then validation
 * with the shared contract, and only a request that passed every rule reaches the upstream.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  DEFAULT_MODEL,
  MAX_INPUT_IMAGE_BYTES,
  MAX_MASK_BYTES,
  apiError,
  checkEditFiles,
  imageParam,
  invalidRequest,
  isoDay,
  validateEditBody,
  validateEditFields,
  validateGenerationBody,
  type ApiError,
  type EditInput,
  type StudioConfig,
  type ValidationPolicy,
} from '../contract/index.ts';
import { watchBodyRate } from './bodyRate.ts';
import type { RelayConfig } from './config.ts';
import { checkBodyType, createGuards, type Guards } from './guards.ts';
import { BodyTooLargeError, newRequestId, readBody, sendApiError, sendJson } from './http.ts';
import { modelList, modelObject } from './models.ts';
import { isImageReference, withSpooledJsonEdit, type JsonEditImage } from './jsonEdit.ts';
import { maxEditRequestBytes, withSpooledForm } from './multipart.ts';
import { parserErrorAnswer } from './parserErrors.ts';
import { createRateLimiter } from './rateLimit.ts';
import { serveStatic } from './static.ts';
import { createSpoolBudget, SpoolFullError, type SpoolTicket } from './spoolBudget.ts';
import {
  createProviderRouter,
  withJsonEditModel,
  withModelField,
  withModelId,
  type ModelRoute,
} from './providers.ts';
import type { RelayCall, Upstream } from './upstream/types.ts';
import { createResponsesRoutes, type ResponsesUpstream } from './responsesRoutes.ts';

/** A generation body is a prompt of at most 32,000 characters and a few settings; 1 MB is generous. */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;

/** OpenAI's own answer to a body that is not JSON. */
const UNPARSABLE_JSON_MESSAGE =
  "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)";

const EXPOSED_HEADERS =
  'x-request-id, retry-after, retry-after-ms, x-should-retry, openai-processing-ms, x-ratelimit-limit-requests, x-ratelimit-limit-tokens, x-ratelimit-remaining-requests, x-ratelimit-remaining-tokens, x-ratelimit-reset-requests, x-ratelimit-reset-tokens';

export interface Relay {
  server: Server;
  /** Binds HOST:PORT (PORT 0 = a free port) and resolves with the address to open. */
  listen(): Promise<{ url: string; port: number }>;
  /** Stops accepting requests and closes open connections (streams in flight are cut). */
  close(): Promise<void>;
}

type RouteKey = `${string} ${string}`;
/** A request that passed the guards, before validation turns it into a RelayCall. */
type IncomingCall = Omit<RelayCall, 'request'>;

/**
 * `upstreams` replaces provider adapters (tests): one Upstream stands for the first provider, a record for
 * the providers it names by id; the others are built from the config.
 */
export function createRelay(
  config: RelayConfig,
  upstreams: Upstream | Readonly<Record<string, Upstream>> = {},
  /** The Responses API's adapters by provider id (tests); the others are built from the config. */
  responsesUpstreams: Readonly<Record<string, ResponsesUpstream>> = {},
): Relay {
  const router = createProviderRouter(config, upstreams);
  const defaultProvider = router.providers[0]!;
  const upstream = defaultProvider.upstream;
  const maxImages = Math.max(
    ...router.providers.flatMap((provider) =>
      [...provider.models.values()].map((model) => model.maxReferenceImages),
    ),
  );
  // Belt and braces: no log line can carry a key, whatever an error message happens to contain.
  const log = (line: string) =>
    config.log(router.secrets.reduce((text, secret) => text.split(secret).join('[redacted]'), line));

  // In front of OpenAI the relay refuses only what the API is known to refuse; the offline engine plays
  // the API and refuses every rule the contract knows (contract/requests.ts). Each provider has its own.
  const { policy } = defaultProvider;

  // zod compiles a schema on its first use (~4 ms); pay that now rather than on the first request's TTFE.
  validateGenerationBody({ model: DEFAULT_MODEL, prompt: 'warm-up' }, config.models, policy);
  validateEditFields({ model: DEFAULT_MODEL, prompt: 'warm-up' }, config.models, policy);

  /** Without a providers file the catalogue's default; with one, the first provider's model of that id. */
  const defaultRoute = router.route(DEFAULT_MODEL, 'generation');
  const defaultModel = defaultRoute.ok
    ? router.address(defaultRoute.value.provider, defaultRoute.value.modelId ?? DEFAULT_MODEL)
    : router.address(defaultProvider, [...defaultProvider.models.keys()][0]!);

  /** Built per request: a shutdown date takes effect on its day without a restart. */
  const studioConfig = (): StudioConfig => {
    const today = isoDay();
    return {
      upstream: { kind: upstream.kind, label: upstream.label, host: upstream.host },
      models: router.listed(today),
      providers: router.providers.map((provider) => ({
        id: provider.id,
        kind: provider.upstream.kind,
        label: provider.label,
        host: provider.upstream.host,
      })),
      defaultModel,
      limits: {
        maxInputImageBytes: MAX_INPUT_IMAGE_BYTES,
        maxMaskBytes: MAX_MASK_BYTES,
        maxReferenceImages: maxImages,
        maxRequestBytes: maxEditRequestBytes(maxImages),
      },
      accessTokenRequired: config.accessToken !== null,
    };
  };

  const refuse = (
    res: ServerResponse,
    error: ApiError,
    req: IncomingMessage,
    headers: Record<string, string> = {},
  ) =>
    // A refusal sent before the body was read ends the connection, so the unread rest cannot be taken
    // for the next request.
    sendApiError(res, error, req.complete ? headers : { ...headers, connection: 'close' });

  const rateLimiter = config.rateLimitPerMinute ? createRateLimiter(config.rateLimitPerMinute) : null;
  const spoolBudget = createSpoolBudget(config);
  // The Responses API (issue 15): its routes, id routing and adapters live in responsesRoutes.ts.
  const responsesRoute = createResponsesRoutes(config, router, refuse, responsesUpstreams);

  /**
   * The relay's own stop for decompression bombs (issue 16): a 250 KB PNG may declare 16000x16000, a
   * gigabyte once decoded. Not an API rule (the API documents no input pixel limit), so it is a setting,
   * generous by default, checked from the header only, and after the API's own rules.
   */
  function overPixelLimit(images: readonly EditInput[], mask: EditInput | null): ApiError | null {
    const limit = config.maxInputPixels;
    for (const [index, file] of [...images, ...(mask ? [mask] : [])].entries()) {
      if (!('sniffed' in file) || !file.sniffed) continue;
      const { width, height } = file.sniffed;
      if (width * height <= limit) continue;
      const param = file === mask ? 'mask' : imageParam(file.field, index);
      const megapixels = (pixels: number) => `${(pixels / 1e6).toFixed(1)} Mpx`;
      return invalidRequest(
        param,
        `Invalid file '${param}': ${width}x${height} is ${megapixels(width * height)}, over the ${megapixels(limit)} this relay decodes for one input image (STUDIO_MAX_INPUT_PIXELS).`,
        'image_too_large',
      );
    }
    return null;
  }

  async function generate(call: IncomingCall): Promise<void> {
    const { req, res } = call;
    const declared = checkBodyType(req.headers, ['json']);
    if (!declared.ok) return refuse(res, declared.error, req);
    let body: Buffer;
    try {
      body = await readBody(req, MAX_JSON_BODY_BYTES);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return refuse(res, error.apiError, req);
      throw error;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      return refuse(res, apiError(400, UNPARSABLE_JSON_MESSAGE), req);
    }
    const routed = router.route((parsed as { model?: unknown } | null)?.model, 'generation');
    if (!routed.ok) return refuse(res, routed.error, req);
    const { provider, modelId } = routed.value;
    const fields = modelId === null ? parsed : { ...(parsed as Record<string, unknown>), model: modelId };
    const checked = validateGenerationBody(fields, provider.models, provider.policy);
    if (!checked.ok) return refuse(res, checked.error, req);
    const sent = modelId === null ? body : withModelId(parsed as Record<string, unknown>, modelId);
    await provider.upstream.generate({ ...call, request: checked.value }, sent);
  }

  /** What a route hands a provider in place of the client's model id: its own, when they differ. */
  const ownFields = <T extends Record<string, unknown>>(fields: T, { modelId }: ModelRoute): T =>
    modelId === null ? fields : { ...fields, model: modelId };

  /** A file part this contract does not know: passed on in front of OpenAI, refused by the engine. */
  function unknownFileProblem(
    field: string | undefined,
    { unknownFields }: ValidationPolicy,
  ): ApiError | null {
    if (field === undefined || unknownFields === 'pass') return null;
    return invalidRequest(field, `Unrecognized request argument supplied: ${field}`, 'unknown_parameter');
  }

  async function multipartEdit(call: IncomingCall, ticket: SpoolTicket): Promise<void> {
    const { req, res } = call;
    await withSpooledForm(req, { spoolRoot: config.spoolRoot, maxImages, ticket }, async (form) => {
      if (!form.ok) return refuse(res, form.error, req);
      const fields = Object.fromEntries(form.value.fields);
      const routed = router.route(fields.model, 'edit');
      if (!routed.ok) return refuse(res, routed.error, req);
      const { provider, modelId } = routed.value;
      const checked = validateEditFields(ownFields(fields, routed.value), provider.models, provider.policy);
      if (!checked.ok) return refuse(res, checked.error, req);
      const problem =
        unknownFileProblem(form.value.otherFiles[0]?.field, provider.policy) ??
        checkEditFiles(checked.value, form.value.images, form.value.mask) ??
        overPixelLimit(form.value.images, form.value.mask);
      if (problem) return refuse(res, problem, req);
      const sent =
        modelId === null ? form.value : { ...form.value, fields: withModelField(form.value.fields, modelId) };
      await provider.upstream.edit({ ...call, request: checked.value }, sent);
    });
  }

  /**
   * The JSON edit body (openai-images-2026-12.md §4.1: the reference lists it as the edit content type):
   * data-URL images are decoded to disk and checked like uploads; URL and file_id references go to the
   * upstream as they are, for it to resolve.
   */
  async function jsonEdit(call: IncomingCall, ticket: SpoolTicket): Promise<void> {
    const { req, res } = call;
    await withSpooledJsonEdit(req, { spoolRoot: config.spoolRoot, maxImages, ticket }, async (edit) => {
      if (!edit.ok) return refuse(res, edit.error, req);
      const routed = router.route(edit.value.fields.model, 'edit');
      if (!routed.ok) return refuse(res, routed.error, req);
      const { provider, modelId } = routed.value;
      const checked = validateEditBody(
        ownFields(edit.value.fields, routed.value),
        provider.models,
        provider.policy,
      );
      if (!checked.ok) return refuse(res, checked.error, req);
      const input = (image: JsonEditImage) =>
        isImageReference(image) ? { field: image.param, reference: image.kind } : image;
      const { images, mask } = edit.value;
      const inputs = images.map(input);
      const maskInput = mask && input(mask);
      const problem = checkEditFiles(checked.value, inputs, maskInput) ?? overPixelLimit(inputs, maskInput);
      if (problem) return refuse(res, problem, req);
      let sent = edit.value;
      if (modelId !== null) {
        try {
          sent = await withJsonEditModel(edit.value, modelId, ticket);
        } catch (error) {
          if (error instanceof SpoolFullError) return refuse(res, error.apiError, req);
          throw error;
        }
      }
      await provider.upstream.editJson({ ...call, request: checked.value }, sent);
    });
  }

  async function edit(call: IncomingCall): Promise<void> {
    const declared = checkBodyType(call.req.headers, ['multipart', 'json']);
    if (!declared.ok) return refuse(call.res, declared.error, call.req);
    const length = Number(call.req.headers['content-length']);
    const ticket = spoolBudget.admit(
      call.req.socket.remoteAddress ?? '',
      Number.isSafeInteger(length) && length >= 0 ? length : null,
    );
    if (!('charge' in ticket)) return refuse(call.res, ticket, call.req, { 'retry-after': '1' });
    call.res.once('close', () => ticket.answered());
    try {
      await (declared.kind === 'json' ? jsonEdit(call, ticket) : multipartEdit(call, ticket));
    } finally {
      // The request's directory is gone by now: withRequestDirectory removes it before it settles.
      ticket.release();
    }
  }

  const routes: Record<RouteKey, (call: IncomingCall) => Promise<void> | void> = {
    'POST /v1/images/generations': generate,
    'POST /v1/images/edits': edit,
    'GET /v1/models': ({ res }) => sendJson(res, 200, modelList(router.listed(isoDay()))),
    'GET /api/config': ({ res }) => sendJson(res, 200, studioConfig()),
    'GET /healthz': ({ res }) => sendJson(res, 200, { ok: true }),
  };
  const routePaths = new Set(Object.keys(routes).map((key) => key.split(' ')[1]));

  /** `GET /v1/models/{id}`: ids may hold dots and dashes, never a slash. */
  function modelRoute(method: string, path: string): ((call: IncomingCall) => void) | undefined {
    const match = /^\/v1\/models\/([^/]+)$/.exec(path);
    if (!match || method !== 'GET') return undefined;
    return ({ res, req }) => {
      const id = decodeURIComponent(match[1]!);
      const model = router.listed(isoDay()).find((listed) => listed.id === id);
      if (model) return sendJson(res, 200, modelObject(model));
      refuse(
        res,
        apiError(404, `The model '${id}' does not exist or you do not have access to it.`, {
          param: 'model',
          code: 'model_not_found',
        }),
        req,
      );
    };
  }

  let guards: Guards | null = null;
  const server = createServer();
  // Uploads of up to 16 large images on a slow link may take longer than Node's 5-minute default; a body
  // that stops coming is cut by its rate instead (bodyRate.ts).
  server.requestTimeout = 0;
  // Node's own parser errors (bad chunking, oversized headers, Content-Length with Transfer-Encoding) are
  // answered in the API's shape, as long as no answer to the request has begun.
  server.on('clientError', (error: Error & { code?: string }, socket: Socket) => {
    const pending = (socket as Socket & { _httpMessage?: ServerResponse })._httpMessage;
    if (socket.writable && !pending?.headersSent && error.code !== 'ECONNRESET') {
      socket.end(parserErrorAnswer(error.code, newRequestId()));
      socket.once('finish', () => socket.destroy());
    } else socket.destroy();
    log(`HTTP parse error from a client: ${error.code ?? error.message}`);
  });

  function guardsFor(): Guards {
    if (!guards) {
      const { port } = server.address() as AddressInfo;
      guards = createGuards({
        host: config.host,
        port,
        allowedOrigins: config.allowedOrigins,
        allowedHosts: config.allowedHosts,
        accessToken: config.accessToken,
      });
    }
    return guards;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const startedAt = performance.now();
    const method = req.method ?? 'GET';
    const path = (req.url ?? '/').split('?')[0] || '/';
    const controller = new AbortController();
    const stopRateWatch = watchBodyRate(req, config.bodyRate, () => {
      const { minBytesPerSecond, windowMs } = config.bodyRate;
      refuse(
        res,
        apiError(
          408,
          `The request body arrived slower than ${minBytesPerSecond} bytes/s for ${windowMs / 1000} s, so the relay stopped waiting for it.`,
          { code: 'request_timeout' },
        ),
        req,
      );
      // The route's reading must fail for what it spooled to go: Node ends a request with its answer, so
      // closing the socket alone would leave the reader waiting on a body that never comes.
      res.once('finish', () => req.destroy());
    });
    res.on('close', () => {
      stopRateWatch();
      // Closed before our last byte: the client left, and whatever works for it upstream must stop now.
      if (!res.writableFinished) controller.abort();
      const elapsed = (performance.now() - startedAt).toFixed(1);
      log(`${method} ${path} ${res.statusCode} ${elapsed}ms${res.writableFinished ? '' : ' (closed early)'}`);
    });

    const guard = guardsFor();
    const refused = guard.checkHostAndOrigin(req.headers);
    if (refused) return refuse(res, refused, req);

    const corsOrigin = guard.corsOrigin(req.headers);
    if (corsOrigin) {
      res.setHeader('access-control-allow-origin', corsOrigin);
      res.setHeader('access-control-expose-headers', EXPOSED_HEADERS);
      res.setHeader('vary', 'Origin');
    }
    if (method === 'OPTIONS' && corsOrigin) {
      res.writeHead(204, {
        'access-control-allow-methods': 'GET, POST',
        'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '',
        'access-control-max-age': '600',
      });
      res.end();
      return;
    }

    const isApi = path === '/healthz' || path.startsWith('/v1/') || path.startsWith('/api/');
    if (isApi && path !== '/healthz') {
      const unauthorised = guard.checkAccessToken(req.headers);
      if (unauthorised) return refuse(res, unauthorised, req);
    }

    const route = routes[`${method} ${path}`] ?? modelRoute(method, path) ?? responsesRoute(method, path);
    const waitMs =
      route && path.startsWith('/v1/images/') ? rateLimiter?.take(req.socket.remoteAddress ?? '') : null;
    if (waitMs != null) {
      const seconds = Math.max(1, Math.ceil(waitMs / 1000));
      return refuse(
        res,
        apiError(
          429,
          `Rate limit reached: this relay accepts ${config.rateLimitPerMinute} image requests per minute from each client. Try again in ${seconds} s.`,
          { type: 'requests', code: 'rate_limit_exceeded' },
        ),
        req,
        { 'retry-after': String(seconds) },
      );
    }
    const call = { req, res, signal: controller.signal };
    try {
      if (route) await route(call);
      else if (routePaths.has(path)) {
        refuse(
          res,
          apiError(405, `${method} is not supported on ${path}.`, { code: 'method_not_allowed' }),
          req,
        );
      } else if (isApi) {
        refuse(res, apiError(404, `Unknown route: ${method} ${path}.`, { code: 'unknown_url' }), req);
      } else if (method === 'GET' || method === 'HEAD') await serveStatic(config.staticDir, req, res, path);
      else
        refuse(res, apiError(405, `${method} is not supported here.`, { code: 'method_not_allowed' }), req);
    } catch (error) {
      // The client left, or was answered already (a body cut for its rate fails the route's reading).
      if (controller.signal.aborted || res.writableEnded) return;
      log(`relay error on ${method} ${path}: ${error instanceof Error ? error.message : String(error)}`);
      sendApiError(res, apiError(500, 'The relay failed to handle this request.', { type: 'server_error' }));
    }
  }

  server.on('request', (req: IncomingMessage, res: ServerResponse) => void handle(req, res));

  return {
    server,
    listen() {
      return new Promise((resolvePromise, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          server.off('error', reject);
          const { port } = server.address() as AddressInfo;
          const host = config.host.includes(':') ? `[${config.host}]` : config.host;
          resolvePromise({ url: `http://${host}:${port}`, port });
        });
      });
    },
    close() {
      return new Promise((resolvePromise) => {
        server.close(() => resolvePromise());
        server.closeAllConnections();
      });
    },
  };
}

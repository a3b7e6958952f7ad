/**
 * A stand-in for OpenAI's Image API (test and benchmark support, not shipped behaviour): a real HTTP server
 * on 127.0.0.1 that speaks contract/openai-images.md — Bearer auth, JSON generations, multipart edits with
 * `image` or `image[]`, SSE frames `event: <type>\ndata: <json>\n\n`, ImagesResponse bodies, the
 * `openai-organization` (and `openai-project`) answer headers — plus scripted behaviour (errors with headers,
 * delays, answers held until the test releases them, dropped or stalled streams, a gateway that ignores
 * `stream`). It records every request it gets, including when the client closed it early, so tests can
 * prove what reached "OpenAI" and when.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import { crc32, deflateSync } from 'node:zlib';
import busboy from 'busboy';
import {
  apiError,
  createModelRegistry,
  formatSseFrame,
  invalidRequest,
  STREAM_ERROR_EVENT,
  validateEditBody,
  validateEditFields,
  validateGenerationBody,
  type ApiError,
  type ApiErrorBody,
  type ApiErrorObject,
  type Background,
  type ImageRequest,
  type ImageStreamEvent,
  type ImageStreamKind,
  type ImagesResponse,
  type ImagesUsage,
  type OutputFormat,
  type Quality,
} from '../../contract/index.ts';

/** Error objects the real API answers with (openai-images.md §3), for scripting the stand-in. */
export const OPENAI_ERRORS = {
  moderationBlocked: {
    message: 'Your request was rejected by the safety system.',
    type: 'image_generation_user_error',
    param: null,
    code: 'moderation_blocked',
  },
  rateLimited: {
    message: 'Rate limit reached for images per minute.',
    type: 'requests',
    param: null,
    code: 'rate_limit_exceeded',
  },
  insufficientQuota: {
    message: 'You exceeded your current quota.',
    type: 'insufficient_quota',
    param: null,
    code: 'insufficient_quota',
  },
} as const satisfies Record<string, ApiErrorObject>;

/** A valid 1x1 PNG, the default image in every event. */
export const TINY_PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

export interface RecordedFile {
  field: string;
  filename: string;
  contentType: string;
  bytes: number;
  sha256: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body of a generation or a JSON edit, else null. */
  json: unknown;
  /** sha256 (hex) of a JSON body's raw bytes, else null. */
  bodySha256: string | null;
  /** Text fields of a multipart edit, in arrival order. */
  fields: [name: string, value: string][];
  /** File parts of a multipart edit, in arrival order. */
  files: RecordedFile[];
  /** Epoch milliseconds (sub-millisecond precision) when the request arrived. */
  receivedAt: number;
  /** Epoch milliseconds when the client closed the connection before the response ended, else null. */
  closedEarlyAt: number | null;
  /** Epoch milliseconds when the exchange closed, however it ended; null while it is open. */
  closedAt?: number | null;
}

/** A point where the fake holds an answer until the test lets it go, so no test waits on a clock. */
export interface Hold {
  /** Resolves once a request has reached the hold. */
  readonly reached: Promise<void>;
  release(): void;
  /** Called by the fake: marks the hold reached and resolves on release. */
  wait(): Promise<void>;
}

export function createHold(): Hold {
  let arrive = () => {};
  let release = () => {};
  const reached = new Promise<void>((resolvePromise) => (arrive = resolvePromise));
  const released = new Promise<void>((resolvePromise) => (release = resolvePromise));
  return {
    reached,
    release: () => release(),
    wait() {
      arrive();
      return released;
    },
  };
}

/** How to answer one request instead of the default API behaviour. */
export interface FakeResponsePlan {
  status?: number;
  headers?: Record<string, string>;
  /** A fixed body (an error, a custom JSON answer); sent as is, `frames` ignored. */
  body?: string | Uint8Array;
  /** Prebuilt SSE frames, sent in order, instead of frames built from the request (cheap for big ones). */
  frames?: readonly (string | Uint8Array)[];
  /** Wait this long before answering at all (no status line, no header). */
  headDelayMs?: number;
  /** Send nothing at all (no status line, no header) until the test releases this hold. */
  holdHead?: Hold;
  /** Answer a streamed request with one ImagesResponse JSON, as gateways that ignore `stream` do. */
  ignoreStream?: boolean;
  /** Wait this long before each frame. */
  frameDelayMs?: number;
  /** Destroy the connection after sending this many frames. */
  dropAfterFrames?: number;
  /** Keep the connection open but send nothing more after this many frames. */
  stallAfterFrames?: number;
  /** Send each frame in pieces of this many bytes, `frameDelayMs` apart: an upstream that drips. */
  dripBytes?: number;
  /** Stop before frame `index` until the test releases `hold`, so the frames before it arrive on their own. */
  holdFrame?: { index: number; hold: Hold };
  /**
   * Echo the key the fake was sent, as some gateways do ("Incorrect API key provided: sk-…"): 'error' answers
   * 401 with it in the message and in `x-request-id`; 'stream' answers a streamed request with one partial
   * image and then an SSE `error` frame quoting it, written as two frames (1 and 2) that split the key in
   * half, so `holdFrame: { index: 2 }` puts a seam of the relay's reads inside the key.
   */
  echoKey?: 'error' | 'stream';
  /** What the links of a URL-result model's answer lead to (`urlResultModels`); default the image. */
  resultFault?: ResultFault;
  /** With `resultFault: 'slow'`: the image is not sent until the test releases this hold. */
  resultHold?: Hold;
  /** The host (and port) the links name, e.g. a CDN's the client resolves to the stand-in; default its own. */
  resultHost?: string;
}

/**
 * How a result link fails: 'notFound' (404), 'expired' (403 as S3 words it), 'slow' (held, see `resultHold`),
 * 'oversized' (over `oversizedResultBytes`, with no length announced), 'foreignHost' (a link to a host the
 * gateway's base URL does not name), 'notImage' (an HTML page with status 200).
 */
export type ResultFault = 'notFound' | 'expired' | 'slow' | 'oversized' | 'foreignHost' | 'notImage';

/** The path images of URL-result answers are served under, on the stand-in's own host. */
export const RESULT_FILES_PATH = '/files/';

export interface FakeOpenAIOptions {
  /** The key clients must send as `Authorization: Bearer <apiKey>`. */
  apiKey: string;
  /** Base64 image carried by completed events and JSON answers (default: a 1x1 PNG). */
  imageBase64?: string;
  /** The plan for every request that finds the queue empty (a benchmark's prebuilt frames, say). */
  defaultPlan?: FakeResponsePlan;
  /**
   * Gateway models that answer with links (gateways.md §3, Addendum §B: `gpt-image-2-c`): `data[].url`
   * pointing at an image served by the stand-in itself, unless the request asks `response_format:
   * 'b64_json'`, and one ImagesResponse JSON whatever `stream` says. Each is validated as gpt-image-2.
   */
  urlResultModels?: readonly string[];
  /** The size of the body a `resultFault: 'oversized'` link sends (default 2 MiB). */
  oversizedResultBytes?: number;
}

export interface FakeOpenAI {
  /** Base URL to configure as OPENAI_BASE_URL, e.g. http://127.0.0.1:43210/v1. */
  url: string;
  port: number;
  requests: RecordedRequest[];
  /** Queues plans for the next requests, in order; without one the fake answers as the API would. */
  plan(...plans: FakeResponsePlan[]): void;
  /** Replaces the plan for requests that find the queue empty (undefined: answer as the API would). */
  setDefaultPlan(plan: FakeResponsePlan | undefined): void;
  /** Resolves with `closedEarlyAt` once the request's connection is closed early (rejects on timeout). */
  whenClosedEarly(request: RecordedRequest, timeoutMs?: number): Promise<number>;
  close(): Promise<void>;
}

const now = () => performance.timeOrigin + performance.now();

export interface StreamFramesOptions {
  kind: ImageStreamKind;
  imageBase64: string;
  /** Base64 of each partial image (default: the final image). */
  partialImageBase64?: string;
  partialImages: number;
  n?: number;
  size?: string;
  quality?: Quality;
  background?: Background;
  outputFormat?: OutputFormat;
  createdAt?: number;
}

const FAKE_USAGE: ImagesUsage = {
  input_tokens: 50,
  input_tokens_details: { image_tokens: 40, text_tokens: 10 },
  output_tokens: 196,
  total_tokens: 246,
};

/** The SSE frames of one streamed answer: for each image, its partials then one completed event. */
export function imageStreamFrames(options: StreamFramesOptions): string[] {
  const common = {
    created_at: options.createdAt ?? Math.floor(Date.now() / 1000),
    size: options.size ?? '1024x1024',
    quality: options.quality ?? 'low',
    background: options.background ?? 'opaque',
    output_format: options.outputFormat ?? 'png',
  };
  const frames: string[] = [];
  for (let image = 0; image < (options.n ?? 1); image += 1) {
    for (let index = 0; index < options.partialImages; index += 1) {
      const event: ImageStreamEvent = {
        type: `${options.kind}.partial_image`,
        b64_json: options.partialImageBase64 ?? options.imageBase64,
        partial_image_index: index,
        ...common,
      };
      frames.push(formatSseFrame(event.type, event));
    }
    const completed: ImageStreamEvent = {
      type: `${options.kind}.completed`,
      b64_json: options.imageBase64,
      usage: FAKE_USAGE,
      ...common,
    };
    frames.push(formatSseFrame(completed.type, completed));
  }
  return frames;
}

function imagesResponse(request: ImageRequest, imageBase64: string): ImagesResponse {
  return {
    created: Math.floor(Date.now() / 1000),
    data: Array.from({ length: request.n }, () => ({ b64_json: imageBase64 })),
    background: request.background === 'transparent' ? 'transparent' : 'opaque',
    output_format: request.outputFormat,
    quality: request.quality === 'auto' ? 'medium' : request.quality,
    size: request.size === 'auto' ? '1024x1024' : request.size,
    usage: { ...FAKE_USAGE, output_tokens_details: { image_tokens: 196, text_tokens: 0 } },
  };
}

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Reads a multipart edit as the API does, recording every part; returns the first rule it breaks. */
async function readEditForm(req: IncomingMessage, record: RecordedRequest): Promise<ApiError | null> {
  let problem: ApiError | null = null;
  const hashing: Promise<void>[] = [];
  await new Promise<void>((resolvePromise, reject) => {
    const parser = busboy({ headers: req.headers, defParamCharset: 'utf8' });
    parser.on('field', (name: string, value: string) => record.fields.push([name, value]));
    parser.on('file', (field: string, stream: Readable, info: busboy.FileInfo) => {
      if (field === 'image' && record.files.some((file) => file.field === 'image')) {
        problem ??= invalidRequest(
          'image',
          "Duplicate parameter: 'image'. You provided multiple values for this parameter, whereas only one is allowed. If you are trying to provide a list of values, use the array syntax instead e.g. 'image[]=<value>'.",
          'duplicate_parameter',
        );
      }
      const file: RecordedFile = {
        field,
        filename: info.filename ?? '',
        contentType: info.mimeType,
        bytes: 0,
        sha256: '',
      };
      record.files.push(file);
      const hash = createHash('sha256');
      hashing.push(
        new Promise((done, fail) => {
          stream.on('data', (chunk: Buffer) => {
            file.bytes += chunk.length;
            hash.update(chunk);
          });
          stream.on('end', () => {
            file.sha256 = hash.digest('hex');
            done();
          });
          stream.on('error', fail);
        }),
      );
    });
    parser.on('close', () => resolvePromise());
    parser.on('error', reject);
    req.pipe(parser);
  });
  await Promise.all(hashing);
  if (problem) return problem;
  if (!record.files.some((file) => file.field === 'image' || file.field === 'image[]')) {
    return invalidRequest('image', "Missing required parameter: 'image'.", 'missing_required_parameter');
  }
  return null;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolvePromise) => setTimeout(resolvePromise, ms));
}

/** Breaks the connection once the frames already written have left, as when it fails between frames. */
async function dropConnection(res: ServerResponse): Promise<void> {
  await sleep(20);
  res.destroy();
}

async function write(res: ServerResponse, chunk: string | Uint8Array): Promise<void> {
  if (res.write(chunk)) return;
  await new Promise<void>((resolvePromise) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolvePromise();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

export async function startFakeOpenAI(options: FakeOpenAIOptions): Promise<FakeOpenAI> {
  const urlResultModels = options.urlResultModels ?? [];
  const registry = createModelRegistry(
    urlResultModels.map((id) => ({ id, like: 'gpt-image-2', resultKind: 'url', supportsStreaming: false })),
  );
  const imageBase64 = options.imageBase64 ?? TINY_PNG_BASE64;
  const requests: RecordedRequest[] = [];
  const plans: FakeResponsePlan[] = [];
  let defaultPlan = options.defaultPlan;
  const closeWaiters = new Map<RecordedRequest, (at: number) => void>();
  let served = 0;

  async function sendStream(
    res: ServerResponse,
    frames: readonly (string | Uint8Array)[],
    plan: FakeResponsePlan,
  ) {
    res.socket?.setNoDelay(true);
    res.flushHeaders();
    for (const [index, frame] of frames.entries()) {
      if (plan.dropAfterFrames === index) {
        await dropConnection(res);
        return;
      }
      if (plan.stallAfterFrames === index) return;
      if (plan.holdFrame?.index === index) await plan.holdFrame.hold.wait();
      if (plan.frameDelayMs) await sleep(plan.frameDelayMs);
      if (res.destroyed) return;
      const piece = plan.dripBytes ?? Infinity;
      for (let offset = 0; offset < frame.length; offset += piece) {
        if (offset > 0 && plan.frameDelayMs) await sleep(plan.frameDelayMs);
        if (res.destroyed) return;
        await write(res, frame.slice(offset, offset + piece));
      }
    }
    if (plan.dropAfterFrames === frames.length) await dropConnection(res);
    else if (plan.stallAfterFrames !== frames.length) res.end();
  }

  async function answer(req: IncomingMessage, res: ServerResponse, record: RecordedRequest): Promise<void> {
    const requestId = `req_fake_${(served += 1)}_${randomBytes(4).toString('hex')}`;
    const fail = (error: ApiError) =>
      send(
        res,
        error.status,
        { 'content-type': 'application/json', 'x-request-id': requestId },
        JSON.stringify(error.body),
      );

    // Result links are presigned: they take no key, as a CDN's do not.
    if (req.method === 'GET' && record.path.startsWith(RESULT_FILES_PATH)) {
      return serveResult(res, record.path.slice(RESULT_FILES_PATH.length));
    }
    if (req.headers.authorization !== `Bearer ${options.apiKey}`) {
      await readAll(req);
      return fail(apiError(401, 'Incorrect API key provided.', { code: 'invalid_api_key' }));
    }
    if (record.path === '/v1/responses' || record.path.startsWith('/v1/responses/')) {
      return answerResponses(req, res, record, requestId);
    }
    const kind: ImageStreamKind | null =
      record.path === '/v1/images/generations'
        ? 'image_generation'
        : record.path === '/v1/images/edits'
          ? 'image_edit'
          : null;
    if (req.method !== 'POST' || !kind) {
      await readAll(req);
      return fail(apiError(404, `Invalid URL (${req.method} ${record.path})`, { code: 'unknown_url' }));
    }

    let checked;
    // Generations are JSON; an edit is JSON too when it says so (images as URLs or file ids).
    if (kind === 'image_generation' || /^application\/json/.test(req.headers['content-type'] ?? '')) {
      const raw = await readAll(req);
      record.bodySha256 = createHash('sha256').update(raw).digest('hex');
      try {
        record.json = JSON.parse(raw.toString('utf8'));
      } catch {
        return fail(apiError(400, 'We could not parse the JSON body of your request.'));
      }
      if (kind === 'image_generation') checked = validateGenerationBody(record.json, registry);
      else {
        const fields = Object.entries(record.json as Record<string, unknown>).filter(
          ([name]) => name !== 'images' && name !== 'mask',
        );
        checked = validateEditBody(Object.fromEntries(fields), registry);
      }
    } else {
      const problem = await readEditForm(req, record);
      if (problem) return fail(problem);
      checked = validateEditFields(Object.fromEntries(record.fields), registry);
    }

    const plan = plans.shift() ?? defaultPlan ?? {};
    if (plan.headDelayMs) await sleep(plan.headDelayMs);
    await plan.holdHead?.wait();
    if (res.destroyed) return;
    const { 'openai-organization': organization, 'openai-project': project } = req.headers;
    const headers: Record<string, string> = {
      'x-request-id': requestId,
      'openai-processing-ms': '1',
      // The organisation the key bills (the one the client named, if it did), and a named project.
      'openai-organization': typeof organization === 'string' ? organization : 'user-fake',
      ...(typeof project === 'string' ? { 'openai-project': project } : {}),
      ...plan.headers,
    };
    if (plan.body !== undefined) {
      return send(res, plan.status ?? 200, { 'content-type': 'application/json', ...headers }, plan.body);
    }
    const key = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (plan.echoKey === 'error') {
      return send(
        res,
        401,
        { 'content-type': 'application/json', ...headers, 'x-request-id': `${requestId}_${key}` },
        JSON.stringify(keyEchoError(key)),
      );
    }
    if (!checked.ok) return fail(checked.error);
    const request = checked.value;
    if (urlResultModels.includes(request.model.id) && request.responseFormat !== 'b64_json') {
      return send(
        res,
        plan.status ?? 200,
        { 'content-type': 'application/json', ...headers },
        JSON.stringify(linkedImagesResponse(request, plan)),
      );
    }
    if (!request.stream || plan.ignoreStream) {
      return send(
        res,
        plan.status ?? 200,
        { 'content-type': 'application/json', ...headers },
        JSON.stringify(imagesResponse(request, imageBase64)),
      );
    }
    res.writeHead(plan.status ?? 200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      ...headers,
    });
    const frames =
      (plan.echoKey === 'stream' ? keyEchoFrames(kind, imageBase64, key) : plan.frames) ??
      imageStreamFrames({
        kind,
        imageBase64,
        partialImages: request.partialImages,
        n: request.n,
        size: request.size === 'auto' ? '1024x1024' : request.size,
        quality: request.quality,
        background: request.background,
        outputFormat: request.outputFormat,
      });
    await sendStream(res, frames, plan);
  }

  /** Result links waiting to be fetched: the token in the link's path → what fetching it gets. */
  const results = new Map<string, { fault: ResultFault | undefined; hold: Hold | undefined }>();

  /** An ImagesResponse whose images are links to this stand-in (or, as a fault, to a foreign host). */
  function linkedImagesResponse(request: ImageRequest, plan: FakeResponsePlan) {
    const whole = imagesResponse(request, imageBase64);
    const data = whole.data.map(() => {
      const token = `img_${randomBytes(8).toString('hex')}.png`;
      results.set(token, { fault: plan.resultFault, hold: plan.resultHold });
      const host =
        plan.resultHost ??
        (plan.resultFault === 'foreignHost' ? 'images.elsewhere.example' : `127.0.0.1:${port}`);
      // A presigned link's query, as a CDN signs it: it must not reach any message the relay writes.
      return { url: `http://${host}${RESULT_FILES_PATH}${token}?expires=1775285160&signature=fake-${token}` };
    });
    return { ...whole, data };
  }

  async function serveResult(res: ServerResponse, token: string): Promise<void> {
    const result = results.get(token);
    if (!result || result.fault === 'notFound') {
      return send(res, 404, { 'content-type': 'application/xml' }, '<Error><Code>NoSuchKey</Code></Error>');
    }
    if (result.fault === 'expired') {
      return send(
        res,
        403,
        { 'content-type': 'application/xml' },
        '<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>',
      );
    }
    if (result.fault === 'notImage') {
      return send(res, 200, { 'content-type': 'text/html' }, '<html><title>Sign in</title></html>');
    }
    if (result.fault === 'slow') await result.hold?.wait();
    if (res.destroyed) return;
    const image = Buffer.from(imageBase64, 'base64');
    if (result.fault === 'oversized') {
      // Chunked, with no length announced: the relay has to count.
      res.writeHead(200, { 'content-type': 'image/png' });
      await write(res, image);
      await write(res, Buffer.alloc(options.oversizedResultBytes ?? 2 * 1024 * 1024));
      res.end();
      return;
    }
    send(res, 200, { 'content-type': 'image/png' }, image);
  }

  /** Responses the stand-in made, with every frame of their event stream, for retrieve and resume. */
  const responses = new Map<string, FakeStoredResponse>();

  /**
   * The Responses API, enough to prove the pass-through (openai-images-2026-12.md §6): a create answers the
   * image tool's event sequence (or the Response object; `queued` at once for a background one), a retrieve
   * the object or, with `stream=true`, the frames after `starting_after`; a cancel marks it cancelled. Plans
   * apply to the frames as for images (`holdFrame`, `dropAfterFrames`, …).
   */
  async function answerResponses(
    req: IncomingMessage,
    res: ServerResponse,
    record: RecordedRequest,
    requestId: string,
  ): Promise<void> {
    const raw = await readAll(req);
    const json = (text: string, status = 200) =>
      send(res, status, { 'content-type': 'application/json', 'x-request-id': requestId }, text);
    const [, , , id, action] = record.path.split('/');
    const plan = plans.shift() ?? {};
    if (plan.body !== undefined) {
      return send(
        res,
        plan.status ?? 200,
        { 'content-type': 'application/json', 'x-request-id': requestId, ...plan.headers },
        plan.body,
      );
    }
    if (id === undefined) {
      record.bodySha256 = createHash('sha256').update(raw).digest('hex');
      record.json = JSON.parse(raw.toString('utf8'));
      const body = record.json as { stream?: boolean; background?: boolean; model?: string };
      const stored = fakeResponse(body.model ?? '', body.background === true, imageBase64);
      responses.set(stored.object.id, stored);
      if (!body.stream) {
        const object = body.background ? { ...stored.object, status: 'queued', output: [] } : stored.object;
        return json(JSON.stringify(object));
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'x-request-id': requestId });
      return sendStream(res, stored.frames, plan);
    }
    const stored = responses.get(id);
    if (!stored) {
      return json(JSON.stringify(apiError(404, `Response with id '${id}' not found.`).body), 404);
    }
    if (action === 'cancel') {
      stored.object.status = 'cancelled';
      return json(JSON.stringify(stored.object));
    }
    const query = new URLSearchParams((req.url ?? '').split('?')[1] ?? '');
    if (query.get('stream') !== 'true') return json(JSON.stringify(stored.object));
    const after = Number(query.get('starting_after') ?? '-1');
    res.writeHead(200, { 'content-type': 'text/event-stream', 'x-request-id': requestId });
    await sendStream(res, stored.frames.slice(after + 1), plan);
  }

  const server = createServer((req, res) => {
    const record: RecordedRequest = {
      method: req.method ?? '',
      path: (req.url ?? '').split('?')[0] ?? '',
      headers: req.headers,
      json: null,
      bodySha256: null,
      fields: [],
      files: [],
      receivedAt: now(),
      closedEarlyAt: null,
    };
    requests.push(record);
    res.on('close', () => {
      record.closedAt = now();
      if (res.writableFinished) return;
      record.closedEarlyAt = now();
      closeWaiters.get(record)?.(record.closedEarlyAt);
    });
    answer(req, res, record).catch(() => res.destroy());
  });
  await new Promise<void>((resolvePromise) => server.listen(0, '127.0.0.1', resolvePromise));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    plan: (...next) => plans.push(...next),
    setDefaultPlan: (plan) => (defaultPlan = plan),
    whenClosedEarly(request, timeoutMs = 5000) {
      if (request.closedEarlyAt !== null) return Promise.resolve(request.closedEarlyAt);
      return new Promise((resolvePromise, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`the request was not closed within ${timeoutMs} ms`)),
          timeoutMs,
        );
        closeWaiters.set(request, (at) => {
          clearTimeout(timer);
          resolvePromise(at);
        });
      });
    },
    close: () =>
      new Promise((resolvePromise) => {
        server.close(() => resolvePromise());
        server.closeAllConnections();
      }),
  };
}

interface FakeStoredResponse {
  object: { id: string; status: string; output: unknown[] } & Record<string, unknown>;
  frames: string[];
}

/** One image tool turn as the API answers it: a partial image, then the image in the output item. */
function fakeResponse(model: string, background: boolean, imageBase64: string): FakeStoredResponse {
  const id = `resp_fake${randomBytes(12).toString('hex')}`;
  const itemId = `ig_fake${randomBytes(12).toString('hex')}`;
  const item = {
    type: 'image_generation_call',
    id: itemId,
    status: 'completed',
    result: imageBase64,
    action: 'generate',
    revised_prompt: 'A test image.',
    size: '1024x1024',
    quality: 'low',
    background: 'opaque',
    output_format: 'png',
  };
  const object = {
    id,
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    status: 'completed',
    background,
    model,
    output: [item],
    usage: {
      input_tokens: 20,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: 30,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: 50,
    },
  };
  const running = { ...object, status: 'in_progress', output: [] };
  const events = [
    { type: 'response.created', response: running },
    { type: 'response.in_progress', response: running },
    {
      type: 'response.output_item.added',
      output_index: 0,
      item: { ...item, status: 'in_progress', result: null },
    },
    { type: 'response.image_generation_call.in_progress', output_index: 0, item_id: itemId },
    { type: 'response.image_generation_call.generating', output_index: 0, item_id: itemId },
    {
      type: 'response.image_generation_call.partial_image',
      output_index: 0,
      item_id: itemId,
      partial_image_index: 0,
      partial_image_b64: imageBase64,
    },
    { type: 'response.image_generation_call.completed', output_index: 0, item_id: itemId },
    { type: 'response.output_item.done', output_index: 0, item },
    { type: 'response.completed', response: object },
  ];
  const frames = events.map((event, sequence) =>
    formatSseFrame(event.type, { ...event, sequence_number: sequence }),
  );
  return { object, frames };
}

/** A gateway's answer to a key it does not take, quoting the key whole. */
function keyEchoError(key: string): ApiErrorBody {
  return apiError(
    401,
    `Incorrect API key provided: ${key}. You can find your API key at https://platform.openai.com/account/api-keys.`,
    { code: 'invalid_api_key' },
  ).body;
}

/** One partial image, then an `error` frame quoting the key, split in the key's middle into two frames. */
function keyEchoFrames(kind: ImageStreamKind, imageBase64: string, key: string): string[] {
  const [partial] = imageStreamFrames({ kind, imageBase64, partialImages: 1 });
  const error = formatSseFrame(STREAM_ERROR_EVENT, keyEchoError(key));
  const split = error.indexOf(key) + Math.floor(key.length / 2);
  return [partial!, error.slice(0, split), error.slice(split)];
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/**
 * A decompression bomb: a sound PNG (every chunk and CRC right, decodable to the last row) of `width` x
 * `height` black 1-bit pixels, whose rows of zeros deflate a thousandfold: 16000x16000 is 256 Mpx in ~32 KB.
 */
export function makeBombPng(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 1; // bit depth
  header[9] = 0; // greyscale
  const rowBytes = 1 + Math.ceil(width / 8);
  const rows = Buffer.alloc(rowBytes * height);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(rows, { level: 9 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function send(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: string | Uint8Array,
): void {
  res.writeHead(status, { 'content-length': String(Buffer.byteLength(body)), ...headers });
  res.end(body);
}

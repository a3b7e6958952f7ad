/**
 * A stand-in for OpenAI's Image API that the test drives event by event, so no e2e test races the clock
 * (a run "still in flight" is one the test has not finished yet, however slow the machine). The relay talks
 * to it as its real upstream (STUDIO_UPSTREAM=openai, OPENAI_BASE_URL), over loopback HTTP, in the wire format
 * of contract/openai-images.md: Bearer auth, JSON generations, multipart (or JSON) edits, SSE frames
 * `event: <type>\ndata: <json>\n\n` of `*.partial_image` and `*.completed` events with usage, an `event: error`
 * frame mid-stream, an error status with OpenAI's error body before it, and an ImagesResponse for a request
 * that did not ask to stream. Every image is real bytes (sharp) at the size the request resolves to.
 *
 * Each request that passes the API's checks waits, with nothing sent back, until the test takes it with
 * `nextRequest()` and says what goes next; `waitForClientAbort()` proves the relay let go of it.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import {
  STREAM_ERROR_EVENT,
  accept,
  apiError,
  createModelRegistry,
  formatSize,
  formatSseFrame,
  refuse,
  resolveQuality,
  resolveSize,
  validateEditBody,
  validateEditFields,
  validateGenerationBody,
  type ApiError,
  type Checked,
  type Dimensions,
  type ImageRequest,
  type ImageStreamEvent,
  type ImageStreamKind,
  type ImagesResponse,
  type ImagesUsage,
} from '../../src/contract/index.ts';
import { offlineUsage } from '../../src/engine/usage.ts';
import { parseMultipart, type MultipartFile } from './multipart.ts';

export const HELD_UPSTREAM_API_KEY = 'sk-held-upstream-e2e-0123456789';

/** What a request carried: a generation's (or JSON edit's) JSON, or a multipart edit's text fields and files. */
export interface HeldRequestBody {
  fields: Record<string, unknown>;
  /** The files of a multipart edit in arrival order; empty otherwise. */
  files: MultipartFile[];
}

/** One request the upstream holds: nothing goes back until the test sends it. */
export interface HeldRequest {
  body: HeldRequestBody;
  /** Sends `*.partial_image` event `index` (0-based, below the request's `partial_images`) and flushes it. */
  sendPartial(index: number): Promise<void>;
  /** Ends the answer: one `*.completed` event per image with usage, or the ImagesResponse of an unstreamed request. */
  complete(): Promise<void>;
  /**
   * Fails the request as the API does: before anything was sent, with the error's status and body (the relay
   * retries a 5xx once, so that arrives as a second request); once streaming, with an `event: error` frame.
   */
  fail(error: ApiError): Promise<void>;
  /** Resolves once the client (the relay) closes the request before its answer ended; rejects if it does not. */
  waitForClientAbort(timeoutMs?: number): Promise<void>;
}

export interface HeldUpstream {
  /** The base URL the relay is given as OPENAI_BASE_URL, e.g. http://127.0.0.1:43210/v1. */
  url: string;
  /** The environment that makes a relay use this upstream. */
  relayEnv: Record<string, string>;
  /** The next request to arrive (or the oldest one no test has taken yet). */
  nextRequest(timeoutMs?: number): Promise<HeldRequest>;
  close(): Promise<void>;
}

const GENERATIONS = '/v1/images/generations';
const EDITS = '/v1/images/edits';

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

function sendJson(res: ServerResponse, status: number, requestId: string, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
    'x-request-id': requestId,
    'openai-processing-ms': '1',
  });
  res.end(text);
}

/** Writes one chunk and waits until the socket has taken it, so a test's next step starts after the event left. */
function write(res: ServerResponse, chunk: string): Promise<void> {
  return new Promise((resolve, reject) => res.write(chunk, (error) => (error ? reject(error) : resolve())));
}

/**
 * A picture at the answer's size: a gradient, coarse for partial `stage` (0, 1, 2) and smooth for the final
 * image, so each event visibly refines the last; transparent answers have a clear left half.
 */
async function drawImage(request: ImageRequest, size: Dimensions, stage: number | 'final'): Promise<string> {
  const { width, height } = size;
  const transparent = request.background === 'transparent';
  const channels = transparent ? 4 : 3;
  const levels = stage === 'final' ? 256 : 2 ** (stage + 2);
  const step = 256 / levels;
  const quantise = (value: number) => Math.floor(value / step) * step;
  const pixels = Buffer.alloc(width * height * channels);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const at = (y * width + x) * channels;
      pixels[at] = quantise((x * 255) / width);
      pixels[at + 1] = quantise((y * 255) / height);
      pixels[at + 2] = 160;
      if (transparent) pixels[at + 3] = x < width / 2 ? 0 : 255;
    }
  }
  const image = sharp(pixels, { raw: { width, height, channels } });
  const quality = request.outputCompression;
  switch (request.outputFormat) {
    case 'png':
      return (await image.png().toBuffer()).toString('base64');
    case 'jpeg':
      return (await image.jpeg({ quality }).toBuffer()).toString('base64');
    case 'webp':
      return (await image.webp({ quality }).toBuffer()).toString('base64');
    default:
      throw new Error(`The held upstream draws png, jpeg and webp, not ${request.outputFormat}.`);
  }
}

/** Reads and checks a request as the API does; the answer is an error to send at once, or the request to hold. */
async function readRequest(
  req: IncomingMessage,
  path: string,
): Promise<Checked<{ body: HeldRequestBody; request: ImageRequest }>> {
  const registry = createModelRegistry();
  const raw = await readAll(req);
  const contentType = req.headers['content-type'] ?? '';
  let body: HeldRequestBody;
  if (/^application\/json/.test(contentType)) {
    try {
      body = { fields: JSON.parse(raw.toString('utf8')) as Record<string, unknown>, files: [] };
    } catch {
      return refuse(apiError(400, 'We could not parse the JSON body of your request.'));
    }
  } else if (path === EDITS && /^multipart\/form-data/.test(contentType)) {
    body = await parseMultipart(raw, contentType);
  } else {
    return refuse(apiError(400, `Unsupported content type '${contentType}'.`));
  }
  let checked: Checked<ImageRequest>;
  if (path === GENERATIONS) checked = validateGenerationBody(body.fields, registry);
  else if (body.files.length > 0)
    checked = validateEditFields(body.fields as Record<string, string>, registry);
  else {
    // A JSON edit's images and mask are references (URLs, file ids), checked by the API apart from its scalars.
    const scalars = Object.entries(body.fields).filter(([name]) => name !== 'images' && name !== 'mask');
    checked = validateEditBody(Object.fromEntries(scalars), registry);
  }
  return checked.ok ? accept({ body, request: checked.value }) : checked;
}

function holdRequest(
  res: ServerResponse,
  path: string,
  body: HeldRequestBody,
  request: ImageRequest,
  inputImages: Dimensions[],
  requestId: string,
): HeldRequest {
  const kind: ImageStreamKind = path === GENERATIONS ? 'image_generation' : 'image_edit';
  const size = resolveSize(request.model.sizeRule, request.size, inputImages[0]);
  const quality = resolveQuality(request.quality);
  const fields = {
    size: formatSize(size),
    quality,
    background: request.background === 'transparent' ? 'transparent' : 'opaque',
    output_format: request.outputFormat,
  } as const;
  const created = Math.floor(Date.now() / 1000);
  let partialsSent = 0;
  let headSent = false;
  let ended = false;

  const abort = new Promise<void>((resolve, reject) =>
    res.on('close', () =>
      res.writableFinished ? reject(new Error('the answer ended before the client let go')) : resolve(),
    ),
  );
  // Not every test waits for the abort; an unobserved rejection must not fail the run.
  abort.catch(() => undefined);

  // Input tokens and the partials sent are billed once, on the first image (as the offline engine bills).
  const usage = (imageIndex: number): ImagesUsage =>
    offlineUsage({
      request,
      size,
      quality,
      inputImages,
      partialsSent: imageIndex === 0 ? partialsSent : 0,
      frames: 1,
      includeInput: imageIndex === 0,
    });

  function mayAnswer(what: string) {
    if (ended) throw new Error(`${what}: the answer to ${path} has already ended.`);
    if (res.destroyed) throw new Error(`${what}: the client has already closed ${path}.`);
  }
  function sendHead() {
    if (headSent) return;
    headSent = true;
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      'x-request-id': requestId,
      'openai-processing-ms': '1',
    });
    res.socket?.setNoDelay(true);
    res.flushHeaders();
  }
  function endAnswer() {
    ended = true;
    res.end();
  }

  return {
    body,
    async sendPartial(index) {
      mayAnswer(`sendPartial(${index})`);
      if (!request.stream) throw new Error(`sendPartial(${index}): the request did not ask to stream.`);
      if (!Number.isInteger(index) || index < 0 || index >= request.partialImages) {
        throw new Error(
          `sendPartial(${index}): the request asked for ${request.partialImages} partial images.`,
        );
      }
      const b64 = await drawImage(request, size, index);
      sendHead();
      const event: ImageStreamEvent = {
        type: `${kind}.partial_image`,
        b64_json: b64,
        partial_image_index: index,
        created_at: created,
        ...fields,
      };
      partialsSent += 1;
      await write(res, formatSseFrame(event.type, event));
    },
    async complete() {
      mayAnswer('complete()');
      const b64 = await drawImage(request, size, 'final');
      if (!request.stream) {
        ended = true;
        const images = Array.from({ length: request.n }, (_, image) => usage(image));
        const total = (pick: (usage: ImagesUsage) => number) =>
          images.reduce((sum, one) => sum + pick(one), 0);
        const outputTokens = total((one) => one.output_tokens);
        const answer: ImagesResponse = {
          created,
          data: images.map(() => ({ b64_json: b64 })),
          ...fields,
          usage: {
            input_tokens: total((one) => one.input_tokens),
            input_tokens_details: {
              image_tokens: total((one) => one.input_tokens_details.image_tokens),
              text_tokens: total((one) => one.input_tokens_details.text_tokens),
            },
            output_tokens: outputTokens,
            total_tokens: total((one) => one.total_tokens),
            output_tokens_details: { image_tokens: outputTokens, text_tokens: 0 },
          },
        };
        sendJson(res, 200, requestId, answer);
        return;
      }
      sendHead();
      for (let image = 0; image < request.n; image += 1) {
        const event: ImageStreamEvent = {
          type: `${kind}.completed`,
          b64_json: b64,
          created_at: created,
          usage: usage(image),
          ...fields,
        };
        await write(res, formatSseFrame(event.type, event));
      }
      endAnswer();
    },
    async fail(error) {
      mayAnswer('fail()');
      if (!headSent) {
        ended = true;
        sendJson(res, error.status, requestId, error.body);
        return;
      }
      await write(res, formatSseFrame(STREAM_ERROR_EVENT, error.body));
      endAnswer();
    },
    waitForClientAbort(timeoutMs = 5_000) {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`The relay did not abort ${path} within ${timeoutMs} ms.`)),
          timeoutMs,
        );
      });
      return Promise.race([abort, late]).finally(() => clearTimeout(timer));
    },
  };
}

export async function startHeldUpstream(): Promise<HeldUpstream> {
  const waiting: HeldRequest[] = [];
  const takers: ((request: HeldRequest) => void)[] = [];
  let served = 0;

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = `req_held_${(served += 1)}_${randomBytes(4).toString('hex')}`;
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (req.headers.authorization !== `Bearer ${HELD_UPSTREAM_API_KEY}`) {
      await readAll(req);
      const error = apiError(401, 'Incorrect API key provided.', { code: 'invalid_api_key' });
      return sendJson(res, error.status, requestId, error.body);
    }
    if (req.method !== 'POST' || (path !== GENERATIONS && path !== EDITS)) {
      await readAll(req);
      const error = apiError(404, `Invalid URL (${req.method} ${path})`, { code: 'unknown_url' });
      return sendJson(res, error.status, requestId, error.body);
    }
    const checked = await readRequest(req, path);
    if (!checked.ok) return sendJson(res, checked.error.status, requestId, checked.error.body);
    const { body, request } = checked.value;
    const inputImages = await Promise.all(
      body.files
        .filter((file) => file.field === 'image' || file.field === 'image[]')
        .map(async (file) => {
          const { width = 0, height = 0 } = await sharp(file.bytes).metadata();
          return { width, height };
        }),
    );
    const held = holdRequest(res, path, body, request, inputImages, requestId);
    const taker = takers.shift();
    if (taker) taker(held);
    else waiting.push(held);
  }

  const server = createServer((req, res) => {
    answer(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/v1`;

  return {
    url,
    relayEnv: { STUDIO_UPSTREAM: 'openai', OPENAI_API_KEY: HELD_UPSTREAM_API_KEY, OPENAI_BASE_URL: url },
    nextRequest(timeoutMs = 15_000) {
      const first = waiting.shift();
      if (first) return Promise.resolve(first);
      return new Promise((resolve, reject) => {
        const take = (request: HeldRequest) => {
          clearTimeout(timer);
          resolve(request);
        };
        const timer = setTimeout(() => {
          takers.splice(takers.indexOf(take), 1);
          reject(new Error(`No request reached the held upstream within ${timeoutMs} ms.`));
        }, timeoutMs);
        takers.push(take);
      });
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

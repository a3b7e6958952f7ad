/**
 * A stand-in for Leonardo's REST API as the GPT route uses it (gateways.md §5 and Addendum §C; test support,
 * not shipped behaviour): a real HTTP server on 127.0.0.1 with Bearer auth on
 * - `POST /api/rest/v1/init-image` {extension} → `{uploadInitImage: {id, fields, key, url}}`, `fields` a JSON
 *   string and `url` a presigned upload endpoint (docs.leonardo.ai, "How to upload an image using a
 *   presigned URL"), served here at `/presigned-upload`, which takes the multipart POST of the fields plus
 *   `file` without the key and answers 204 as S3 does;
 * - `POST /api/rest/v2/generations` {public, model, parameters} → `{generate: {generationId, cost}}` (the v2
 *   answer's shape is inferred: the docs show the request only);
 * - `GET /api/rest/v1/generations/{id}` → `{generations_by_pk: {id, status, imageWidth, imageHeight,
 *   generated_images: [{id, url, nsfw}]}}`, PENDING until the generation's script says otherwise;
 * - the images themselves, real PNGs at the generated size, at `/cdn/{generation}/{index}.png`.
 * Each generation follows a script the test sets (how many polls it stays PENDING, or until the test
 * releases it; COMPLETE or FAILED; a held poll; a missing image), so no test waits on a clock.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import busboy from 'busboy';
import sharp from 'sharp';
import { createHold, type Hold } from './fakeOpenAI.ts';

export interface FakeLeonardoOptions {
  apiKey: string;
}

/** What one generation does while it is polled. */
export interface GenerationScript {
  /** Polls answered PENDING before the outcome (default 1); ignored while `until` holds it. */
  pendingPolls?: number;
  /** Keeps the generation PENDING until released. */
  until?: Hold;
  outcome?: 'COMPLETE' | 'FAILED';
  /** Leonardo's word on a FAILED generation. */
  failure?: string;
  /** Holds the answer to this generation's first poll until released (the client may leave meanwhile). */
  holdPoll?: Hold;
  /** The image URLs answer 404 (an expired or lost result). */
  imagesMissing?: boolean;
}

/** An answer to script instead of the default, for the next request to one endpoint. */
export interface ScriptedAnswer {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

export interface RecordedUpload {
  initImageId: string;
  extension: string;
  /** The presigned fields the upload carried back. */
  fields: Record<string, string>;
  bytes: Buffer;
}

export interface RecordedCall {
  method: string;
  path: string;
  json: unknown;
  /** True once the client closed the connection before the answer ended. */
  closedEarly: boolean;
  /** Resolves when the client closes the connection before the answer ended. */
  closed: Promise<void>;
}

export interface FakeLeonardo {
  /** The base URL the adapter is given, e.g. http://127.0.0.1:5555/api/rest. */
  url: string;
  calls: RecordedCall[];
  uploads: RecordedUpload[];
  /** The parsed bodies of every v2 submission. */
  submissions: Record<string, unknown>[];
  /** The script of the next generation submitted (then the default applies again). */
  nextGeneration(script: GenerationScript): void;
  /** Answers the next request to `POST /v2/generations`, `POST /v1/init-image` or the upload so. */
  failNext(endpoint: 'submit' | 'init-image' | 'upload', answer: ScriptedAnswer): void;
  /** How many times a generation has been polled. */
  pollsOf(generationId: string): number;
  close(): Promise<void>;
}

const WIDTHS_AND_HEIGHTS = new Set(['1024x1024', '1536x1024', '1024x1536']);
const QUALITIES = new Set(['LOW', 'MEDIUM', 'HIGH']);
const STRENGTHS = new Set(['LOW', 'MID', 'HIGH']);
const MAX_REFERENCES = 6;

interface Generation {
  id: string;
  width: number;
  height: number;
  quantity: number;
  seed: number;
  script: GenerationScript;
  polls: number;
  /** Set once the script's `until` hold is released. */
  released: boolean;
}

/** Leonardo's errors are Hasura-style `{error, path, code}` objects (docs.leonardo.ai, "API Error Messages"). */
function leonardoError(message: string, code = 'unexpected'): string {
  return JSON.stringify({ error: message, path: '$', code });
}

export async function startFakeLeonardo(options: FakeLeonardoOptions): Promise<FakeLeonardo> {
  const calls: RecordedCall[] = [];
  const uploads: RecordedUpload[] = [];
  const submissions: Record<string, unknown>[] = [];
  const pendingUploads = new Map<string, { extension: string; fields: Record<string, string> }>();
  const uploaded = new Set<string>();
  const generations = new Map<string, Generation>();
  const scripted = new Map<'submit' | 'init-image' | 'upload', ScriptedAnswer>();
  let nextScript: GenerationScript | null = null;
  let origin = '';

  const send = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
    if (res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(body);
  };
  const sendScripted = (res: ServerResponse, endpoint: 'submit' | 'init-image' | 'upload'): boolean => {
    const answer = scripted.get(endpoint);
    if (!answer) return false;
    scripted.delete(endpoint);
    send(res, answer.status, answer.body, answer.headers);
    return true;
  };

  async function readJson(req: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
    try {
      return JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return null;
    }
  }

  function initImage(res: ServerResponse, json: unknown) {
    if (sendScripted(res, 'init-image')) return;
    const extension = (json as { extension?: unknown } | null)?.extension;
    if (typeof extension !== 'string' || !['png', 'jpg', 'jpeg', 'webp'].includes(extension)) {
      return send(
        res,
        400,
        leonardoError('extension has to be png, jpg, jpeg, or webp.', 'validation-failed'),
      );
    }
    const id = randomUUID();
    const key = `users/fake/initImages/${id}.${extension}`;
    const fields = {
      key,
      'Content-Type': `image/${extension}`,
      policy: 'fake-policy',
      'X-Amz-Signature': id,
    };
    pendingUploads.set(key, { extension, fields });
    send(
      res,
      200,
      JSON.stringify({
        uploadInitImage: { id, fields: JSON.stringify(fields), key, url: `${origin}/presigned-upload` },
      }),
    );
  }

  function presignedUpload(req: IncomingMessage, res: ServerResponse) {
    const fields: Record<string, string> = {};
    const chunks: Buffer[] = [];
    const parser = busboy({ headers: req.headers });
    parser.on('field', (name, value) => (fields[name] = value));
    parser.on('file', (_name, stream) => {
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    });
    parser.on('close', () => {
      if (sendScripted(res, 'upload')) return;
      const pending = fields.key ? pendingUploads.get(fields.key) : undefined;
      if (
        !pending ||
        fields['X-Amz-Signature'] !== pending.fields['X-Amz-Signature'] ||
        chunks.length === 0
      ) {
        res.writeHead(403, { 'content-type': 'application/xml' });
        res.end('<Error><Code>AccessDenied</Code><Message>Invalid according to Policy</Message></Error>');
        return;
      }
      const initImageId = pending.fields['X-Amz-Signature']!;
      pendingUploads.delete(fields.key!);
      uploaded.add(initImageId);
      uploads.push({ initImageId, extension: pending.extension, fields, bytes: Buffer.concat(chunks) });
      res.writeHead(204);
      res.end();
    });
    req.pipe(parser);
  }

  function submit(res: ServerResponse, json: unknown) {
    if (sendScripted(res, 'submit')) return;
    const body = json as { model?: unknown; parameters?: Record<string, unknown> } | null;
    const parameters = body?.parameters;
    if (!body || typeof body.model !== 'string' || !parameters || typeof parameters.prompt !== 'string') {
      return send(res, 400, leonardoError('model and parameters.prompt are required.', 'validation-failed'));
    }
    submissions.push(body as Record<string, unknown>);
    const { width, height, quantity, quality, seed, prompt_enhance } = parameters;
    if (!WIDTHS_AND_HEIGHTS.has(`${String(width)}x${String(height)}`)) {
      return send(
        res,
        400,
        leonardoError('width and height must be 1024 or 1536 (1:1, 3:2, 2:3).', 'validation-failed'),
      );
    }
    if (typeof quality !== 'string' || !QUALITIES.has(quality)) {
      return send(res, 400, leonardoError('quality must be LOW, MEDIUM or HIGH.', 'validation-failed'));
    }
    if (prompt_enhance !== undefined && prompt_enhance !== 'ON' && prompt_enhance !== 'OFF') {
      return send(res, 400, leonardoError('prompt_enhance must be ON or OFF.', 'validation-failed'));
    }
    const references = (parameters.guidances as { image_reference?: unknown } | undefined)?.image_reference;
    if (references !== undefined) {
      const list = Array.isArray(references) ? references : [];
      if (list.length === 0 || list.length > MAX_REFERENCES) {
        return send(
          res,
          400,
          leonardoError(`image_reference takes 1 to ${MAX_REFERENCES} images.`, 'validation-failed'),
        );
      }
      for (const reference of list as { image?: { id?: unknown; type?: unknown }; strength?: unknown }[]) {
        const id = reference.image?.id;
        if (reference.image?.type !== 'UPLOADED' || typeof id !== 'string' || !uploaded.has(id)) {
          return send(res, 400, leonardoError(`Init image ${String(id)} was not uploaded.`, 'not-found'));
        }
        if (typeof reference.strength !== 'string' || !STRENGTHS.has(reference.strength)) {
          return send(res, 400, leonardoError('strength must be LOW, MID or HIGH.', 'validation-failed'));
        }
      }
    }
    const id = randomUUID();
    generations.set(id, {
      id,
      width: Number(width),
      height: Number(height),
      quantity: typeof quantity === 'number' ? quantity : 1,
      seed: typeof seed === 'number' ? seed : 1,
      script: nextScript ?? {},
      polls: 0,
      released: false,
    });
    nextScript = null;
    send(res, 200, JSON.stringify({ generate: { generationId: id, cost: { amount: 0 } } }));
  }

  async function poll(res: ServerResponse, id: string) {
    const generation = generations.get(id);
    if (!generation) return send(res, 404, leonardoError(`Generation ${id} not found.`, 'not-found'));
    generation.polls += 1;
    const { script } = generation;
    if (generation.polls === 1 && script.holdPoll) await script.holdPoll.wait();
    if (script.until && generation.polls === 1)
      void script.until.wait().then(() => (generation.released = true));
    const pending = script.until ? !generation.released : generation.polls <= (script.pendingPolls ?? 1);
    const resolved = pending ? 'PENDING' : (script.outcome ?? 'COMPLETE');
    const images =
      resolved === 'COMPLETE'
        ? Array.from({ length: generation.quantity }, (_, index) => ({
            id: `${id}-${index}`,
            url: `${origin}/cdn/${id}/${index}.png`,
            nsfw: false,
          }))
        : [];
    send(
      res,
      200,
      JSON.stringify({
        generations_by_pk: {
          id,
          status: resolved,
          imageWidth: generation.width,
          imageHeight: generation.height,
          generated_images: images,
          ...(resolved === 'FAILED' ? { failedReason: script.failure ?? null } : {}),
        },
      }),
    );
  }

  async function image(res: ServerResponse, id: string, index: number) {
    const generation = generations.get(id);
    if (!generation || generation.script.imagesMissing || index >= generation.quantity) {
      res.writeHead(404, { 'content-type': 'application/xml' });
      res.end('<Error><Code>NoSuchKey</Code></Error>');
      return;
    }
    const shade = (generation.seed * 37 + index * 91) % 256;
    const png = await sharp({
      create: {
        width: generation.width,
        height: generation.height,
        channels: 3,
        background: { r: shade, g: 90, b: 200 },
      },
    })
      .png()
      .toBuffer();
    res.writeHead(200, { 'content-type': 'image/png', 'content-length': String(png.length) });
    res.end(png);
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const method = req.method ?? 'GET';
    const path = (req.url ?? '/').split('?')[0]!;
    let markClosed = () => {};
    const call: RecordedCall = {
      method,
      path,
      json: null,
      closedEarly: false,
      closed: new Promise<void>((resolvePromise) => (markClosed = resolvePromise)),
    };
    calls.push(call);
    res.on('close', () => {
      if (res.writableFinished) return;
      call.closedEarly = true;
      markClosed();
    });
    if (method === 'POST' && path === '/presigned-upload') return presignedUpload(req, res);
    const cdn = /^\/cdn\/([^/]+)\/(\d+)\.png$/.exec(path);
    if (method === 'GET' && cdn) return image(res, cdn[1]!, Number(cdn[2]));
    if (req.headers.authorization !== `Bearer ${options.apiKey}`) {
      return send(res, 401, leonardoError('Invalid API key.', 'invalid-jwt'));
    }
    if (method === 'POST') call.json = await readJson(req);
    if (method === 'POST' && path === '/api/rest/v1/init-image') return initImage(res, call.json);
    if (method === 'POST' && path === '/api/rest/v2/generations') return submit(res, call.json);
    const generation = /^\/api\/rest\/v1\/generations\/([^/]+)$/.exec(path);
    if (method === 'GET' && generation) return poll(res, generation[1]!);
    send(res, 404, leonardoError(`No route ${method} ${path}.`, 'not-found'));
  }

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolvePromise) => server.listen(0, '127.0.0.1', resolvePromise));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: `${origin}/api/rest`,
    calls,
    uploads,
    submissions,
    nextGeneration(script) {
      nextScript = script;
    },
    failNext(endpoint, answer) {
      scripted.set(endpoint, answer);
    },
    pollsOf(generationId) {
      return generations.get(generationId)?.polls ?? 0;
    },
    close() {
      return new Promise((resolvePromise) => {
        server.close(() => resolvePromise());
        server.closeAllConnections();
      });
    },
  };
}

export { createHold };

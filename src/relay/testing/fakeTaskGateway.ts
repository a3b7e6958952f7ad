/**
 * A stand-in for a task-based gateway (test support, not shipped behaviour), following gateways.md Addendum
 * §A to the letter: `POST /v1/tasks` answers a ticket (`status: queued`, `created_at` in Unix milliseconds),
 * `GET /v1/tasks/{id}` reports `queued` → `processing` (the progress moving) → `completed` with
 * `result.images[].url` as an ARRAY of links, `POST /v1/tasks/{id}/cancel` stops a queued task only. The
 * links serve real images (sharp) at the size the aspect ratio × resolution pair implies (taskSizes.ts), in
 * the format asked for.
 *
 * Time never drives it: a task advances one step per poll, and a test that needs it to wait holds it in a
 * state until it releases it, so a test can act while a task is queued or processing whatever the machine's
 * load. Faults on request: the task fails, its links have expired or are not found, it never completes, or
 * the submit is refused with 429.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import {
  ASPECT_RATIOS,
  GPT_IMAGE_1_SIZE_RULE,
  GPT_IMAGE_2_SIZE_RULE,
  TASK_GATEWAY_MAX_IMAGE_BYTES,
  TASK_RESOLUTIONS,
  sizeOfTaskPair,
  type AspectRatio,
  type Dimensions,
  type TaskResolution,
} from '../../contract/index.ts';
import { TASK_ACTIONS, type TaskAction } from '../upstream/taskGateway.ts';
import type { Hold } from './fakeOpenAI.ts';

export type TaskStatus = 'queued' | 'processing' | 'completed' | 'failed' | 'cancelled';

/** The models the vendor's page lists; the older two offer 1:1, 3:2 and 2:3 only. */
const MODEL_SIZE_RULES = {
  'gpt-image-2': GPT_IMAGE_2_SIZE_RULE,
  'gpt-image-1.5-official': GPT_IMAGE_1_SIZE_RULE,
  'gpt-image-1-official': GPT_IMAGE_1_SIZE_RULE,
} as const;

const MAX_REFERENCE_IMAGES = 16;
const OUTPUT_FORMATS = ['png', 'jpeg', 'webp'] as const;
/** The vendor keeps results 24 hours. */
const RESULT_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** How the stand-in breaks, on request. */
export type TaskFault =
  /** The task ends `failed` with `failure` (default: a moderation refusal). */
  | 'failed'
  /** It completes, but its links answer 403 "Request has expired", as an expired presigned link does. */
  | 'expired'
  /** It completes, but its links answer 404. */
  | 'notFound'
  /** It stays `processing` for ever. */
  | 'neverCompletes'
  /** The submit is refused with 429 and a retry-after. */
  | 'rateLimited';

/** How the next submitted task behaves instead of the default (two progress steps, then completed). */
export interface TaskPlan {
  fault?: TaskFault;
  /** The gateway's words for a failed task. */
  failure?: { message: string; code: string };
  /** The progress each poll reports while processing, one value a poll (default 40, then 80). */
  progress?: readonly number[];
  /** Polls answer `queued` until the test releases this hold; `reached` resolves at the first of them. */
  queuedUntil?: Hold;
  /** Polls answer `processing` at the first progress step until the test releases this hold. */
  processingUntil?: Hold;
}

export interface RecordedTaskRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body of a submit or a cancel, else null. */
  json: unknown;
}

export interface FakeTask {
  id: string;
  /** The submit body as sent. */
  body: Record<string, unknown>;
  action: TaskAction;
  model: string;
  status: TaskStatus;
  progress: number;
  createdAt: number;
  /** Polls of this task so far. */
  polls: number;
  /** The images' sizes once made (what each link serves). */
  sizes: Dimensions[];
}

export interface FakeTaskGateway {
  /** The base URL, as a provider's `baseUrl` (paths /v1/tasks… hang off it). */
  url: string;
  requests: RecordedTaskRequest[];
  tasks: FakeTask[];
  /** Queues plans for the next submitted tasks, in order. */
  plan(...plans: TaskPlan[]): void;
  /** The first request (recorded already or still to come) that `matches`. */
  waitForRequest(matches: (request: RecordedTaskRequest) => boolean): Promise<RecordedTaskRequest>;
  close(): Promise<void>;
}

interface TaskState extends FakeTask {
  plan: TaskPlan;
  /** Steps taken: 1..progress.length are processing steps, one more is the end. */
  steps: number;
  /** Per hold: whether the task has reached it, and whether the test has released it. */
  holds: Record<'queued' | 'processing', { reached: boolean; released: boolean }>;
  /** Each image's bytes, made when the task completes. */
  images: Buffer[];
  format: (typeof OUTPUT_FORMATS)[number];
}

const DEFAULT_PROGRESS = [40, 80] as const;
const DEFAULT_FAILURE = {
  message: 'The image was rejected by the content policy.',
  code: 'content_policy_violation',
};

type Answer = { status: number; body: unknown; headers?: Record<string, string> };

function gatewayError(status: number, message: string, code: string, headers?: Record<string, string>) {
  return { status, body: { error: { message, type: 'invalid_request_error', code } }, headers };
}

/** The size of a data URL's decoded bytes, or null when it is not a base64 image data URL. */
function dataUrlBytes(value: string): number | null {
  const match = /^data:image\/(png|jpeg|webp);base64,([A-Za-z0-9+/]*={0,2})$/.exec(value);
  if (!match) return null;
  return Buffer.from(match[2]!, 'base64').length;
}

function checkImage(value: unknown, field: string): Answer | null {
  if (typeof value !== 'string')
    return gatewayError(400, `${field} must be a URL or a data URL`, 'invalid_image');
  if (/^https?:\/\//.test(value)) return null;
  const bytes = dataUrlBytes(value);
  if (bytes === null) return gatewayError(400, `${field} is not a JPG, PNG or WEBP image`, 'invalid_image');
  if (bytes > TASK_GATEWAY_MAX_IMAGE_BYTES) {
    return gatewayError(400, `${field} is larger than 30MB`, 'image_too_large');
  }
  return null;
}

/** What the gateway refuses in a submit body, the way its page describes the fields. */
function checkSubmit(body: Record<string, unknown>): Answer | null {
  const { model, prompt, action = 'generate', n = 1, aspect_ratio, resolution } = body;
  const images = body.image_urls;
  if (typeof model !== 'string' || !(model in MODEL_SIZE_RULES)) {
    return gatewayError(400, `model ${String(model)} is not available`, 'model_not_found');
  }
  if (typeof prompt !== 'string' || prompt.trim() === '') {
    return gatewayError(400, 'prompt is required', 'invalid_request');
  }
  if (!TASK_ACTIONS.includes(action as TaskAction)) {
    return gatewayError(400, `action must be one of ${TASK_ACTIONS.join(', ')}`, 'invalid_action');
  }
  if (!Number.isInteger(n) || (n as number) < 1 || (n as number) > 10) {
    return gatewayError(400, 'n must be an integer from 1 to 10', 'invalid_request');
  }
  if (body.seed !== undefined && !Number.isSafeInteger(body.seed)) {
    return gatewayError(400, 'seed must be an integer', 'invalid_request');
  }
  const imageList = images === undefined ? [] : images;
  if (!Array.isArray(imageList)) return gatewayError(400, 'image_urls must be an array', 'invalid_request');
  if (action === 'generate' && imageList.length > 0) {
    return gatewayError(400, 'generate takes no image_urls', 'invalid_request');
  }
  if (action !== 'generate' && imageList.length === 0) {
    return gatewayError(400, `${String(action)} requires image_urls`, 'invalid_request');
  }
  if (imageList.length > MAX_REFERENCE_IMAGES) {
    return gatewayError(400, `at most ${MAX_REFERENCE_IMAGES} image_urls`, 'invalid_request');
  }
  for (const [index, image] of imageList.entries()) {
    const problem = checkImage(image, `image_urls[${index}]`);
    if (problem) return problem;
  }
  if (action === 'inpaint') {
    if (body.mask_url === undefined) return gatewayError(400, 'inpaint requires mask_url', 'invalid_request');
    const problem = checkImage(body.mask_url, 'mask_url');
    if (problem) return problem;
  }
  if (aspect_ratio !== undefined && aspect_ratio !== 'auto') {
    if (!ASPECT_RATIOS.includes(aspect_ratio as AspectRatio)) {
      return gatewayError(400, `aspect_ratio ${String(aspect_ratio)} is not supported`, 'invalid_size');
    }
  }
  if (resolution !== undefined && !TASK_RESOLUTIONS.includes(resolution as TaskResolution)) {
    return gatewayError(400, `resolution ${String(resolution)} is not supported`, 'invalid_size');
  }
  if (typeof aspect_ratio === 'string' && aspect_ratio !== 'auto') {
    const rule = MODEL_SIZE_RULES[model as keyof typeof MODEL_SIZE_RULES];
    const tier = (resolution ?? '1k') as TaskResolution;
    if (!sizeOfTaskPair(rule, aspect_ratio as AspectRatio, tier)) {
      return gatewayError(400, `${model} has no ${aspect_ratio} at ${tier}`, 'invalid_size');
    }
  }
  const format = body.output_format ?? 'png';
  if (!OUTPUT_FORMATS.includes(format as (typeof OUTPUT_FORMATS)[number])) {
    return gatewayError(400, `output_format ${String(format)} is not supported`, 'invalid_request');
  }
  return null;
}

/** The size a task's images come out at: its pair's, or a square 1K one when the gateway chose. */
function outputSize(task: TaskState): Dimensions {
  const ratio = task.body.aspect_ratio;
  const resolution = (task.body.resolution ?? '1k') as TaskResolution;
  const rule = MODEL_SIZE_RULES[task.model as keyof typeof MODEL_SIZE_RULES];
  if (typeof ratio !== 'string' || ratio === 'auto') return { width: 1024, height: 1024 };
  return sizeOfTaskPair(rule, ratio as AspectRatio, resolution)!;
}

/** A real image, different per task and image, and the same for the same seed and prompt. */
async function makeImage(task: TaskState, index: number, size: Dimensions): Promise<Buffer> {
  const seed = typeof task.body.seed === 'number' && task.body.seed >= 0 ? task.body.seed : task.createdAt;
  const shade = (seed * 37 + index * 91 + String(task.body.prompt).length * 13) % 256;
  const image = sharp({
    create: { ...size, channels: 3, background: { r: shade, g: 255 - shade, b: (shade * 7) % 256 } },
  });
  if (task.format === 'jpeg') return image.jpeg().toBuffer();
  if (task.format === 'webp') return image.webp().toBuffer();
  return image.png().toBuffer();
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function sendAnswer(res: ServerResponse, { status, body, headers }: Answer): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export async function startFakeTaskGateway(options: { apiKey: string }): Promise<FakeTaskGateway> {
  const requests: RecordedTaskRequest[] = [];
  const tasks: TaskState[] = [];
  const plans: TaskPlan[] = [];
  const waiters: {
    matches: (request: RecordedTaskRequest) => boolean;
    resolve: (request: RecordedTaskRequest) => void;
  }[] = [];
  let url = '';

  function record(request: RecordedTaskRequest) {
    requests.push(request);
    for (const waiter of [...waiters]) {
      if (!waiter.matches(request)) continue;
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(request);
    }
  }

  function taskView(task: TaskState) {
    const view: Record<string, unknown> = {
      task_id: task.id,
      status: task.status,
      action: task.action,
      model: task.model,
      progress: task.progress,
      created_at: task.createdAt,
      urls: { get: `${url}/v1/tasks/${task.id}`, cancel: `${url}/v1/tasks/${task.id}/cancel` },
    };
    if (task.status === 'completed') {
      view.completed_at = Date.now();
      view.result = {
        images: task.images.map((_, index) => ({
          url: [
            `${url}/results/${task.id}/${index}.${task.format}?signature=${randomBytes(6).toString('hex')}`,
          ],
          expires_at: task.createdAt + RESULT_LIFETIME_MS,
        })),
      };
    }
    if (task.status === 'failed') view.error = task.plan.failure ?? DEFAULT_FAILURE;
    return view;
  }

  /** Holds the task at a state until its hold is released; true while it is held. */
  function held(task: TaskState, which: 'queued' | 'processing'): boolean {
    const hold = which === 'queued' ? task.plan.queuedUntil : task.plan.processingUntil;
    const state = task.holds[which];
    if (!hold || state.released) return false;
    if (!state.reached) {
      state.reached = true;
      void hold.wait().then(() => (state.released = true));
    }
    return true;
  }

  /** One poll's worth of work: the next step, unless the task is held or finished. */
  async function advance(task: TaskState): Promise<void> {
    if (task.status !== 'queued' && task.status !== 'processing') return;
    if (task.status === 'queued' && held(task, 'queued')) return;
    if (task.status === 'processing' && held(task, 'processing')) return;
    const progress = task.plan.progress ?? DEFAULT_PROGRESS;
    task.steps += 1;
    if (task.steps <= progress.length || task.plan.fault === 'neverCompletes') {
      task.status = 'processing';
      task.progress = progress[Math.min(task.steps, progress.length) - 1] ?? 0;
      return;
    }
    if (task.plan.fault === 'failed') {
      task.status = 'failed';
      return;
    }
    const size = outputSize(task);
    const count = Number(task.body.n ?? 1);
    task.images = await Promise.all(
      Array.from({ length: count }, (_, index) => makeImage(task, index, size)),
    );
    task.sizes = task.images.map(() => size);
    task.status = 'completed';
    task.progress = 100;
  }

  function submit(json: unknown): Answer {
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      return gatewayError(400, 'the body must be a JSON object', 'invalid_request');
    }
    const body = json as Record<string, unknown>;
    const problem = checkSubmit(body);
    if (problem) return problem;
    const plan = plans.shift() ?? {};
    if (plan.fault === 'rateLimited') {
      return gatewayError(429, 'Too many tasks in flight for this key; slow down.', 'rate_limit_exceeded', {
        'retry-after': '7',
      });
    }
    const task: TaskState = {
      id: `task-${randomBytes(8).toString('hex')}`,
      body,
      action: (body.action ?? 'generate') as TaskAction,
      model: body.model as string,
      status: 'queued',
      progress: 0,
      createdAt: Date.now(),
      polls: 0,
      sizes: [],
      plan,
      steps: 0,
      holds: {
        queued: { reached: false, released: false },
        processing: { reached: false, released: false },
      },
      images: [],
      format: (body.output_format ?? 'png') as TaskState['format'],
    };
    tasks.push(task);
    return {
      status: 200,
      body: {
        task_id: task.id,
        model: task.model,
        action: task.action,
        status: task.status,
        created_at: task.createdAt,
        progress: 0,
      },
    };
  }

  function serveResult(res: ServerResponse, taskId: string, index: number): void {
    const task = tasks.find((candidate) => candidate.id === taskId);
    const image = task?.images[index];
    if (!task || !image || task.plan.fault === 'notFound') {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('Not Found');
      return;
    }
    if (task.plan.fault === 'expired') {
      res.writeHead(403, { 'content-type': 'application/xml' });
      res.end(
        '<?xml version="1.0"?><Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>',
      );
      return;
    }
    res.writeHead(200, { 'content-type': `image/${task.format}`, 'content-length': image.length });
    res.end(image);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const path = (req.url ?? '/').split('?')[0]!;
    const result = /^\/results\/([^/]+)\/(\d+)\.\w+$/.exec(path);
    if (method === 'GET' && result) {
      record({ method, path, headers: req.headers, json: null });
      return serveResult(res, result[1]!, Number(result[2]));
    }
    const json = method === 'POST' ? await readJson(req) : null;
    record({ method, path, headers: req.headers, json });
    if (req.headers.authorization !== `Bearer ${options.apiKey}`) {
      return sendAnswer(res, gatewayError(401, 'Invalid API key', 'invalid_api_key'));
    }
    if (method === 'POST' && path === '/v1/tasks') return sendAnswer(res, submit(json));
    const taskRoute = /^\/v1\/tasks\/([^/]+)(\/cancel)?$/.exec(path);
    const task = taskRoute && tasks.find((candidate) => candidate.id === taskRoute[1]);
    if (!taskRoute || !task)
      return sendAnswer(res, gatewayError(404, `no such task: ${path}`, 'task_not_found'));
    if (method === 'GET' && !taskRoute[2]) {
      task.polls += 1;
      await advance(task);
      return sendAnswer(res, { status: 200, body: taskView(task) });
    }
    if (method === 'POST' && taskRoute[2]) {
      if (task.status !== 'queued') {
        return sendAnswer(
          res,
          gatewayError(
            409,
            `task ${task.id} is ${task.status}; only queued tasks can be cancelled`,
            'task_not_cancellable',
          ),
        );
      }
      task.status = 'cancelled';
      return sendAnswer(res, { status: 200, body: taskView(task) });
    }
    sendAnswer(res, gatewayError(405, `${method} is not supported on ${path}`, 'method_not_allowed'));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendAnswer(res, gatewayError(500, String(error), 'server_error'));
      else res.destroy();
    });
  });
  await new Promise<void>((resolvePromise) => server.listen(0, '127.0.0.1', resolvePromise));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    requests,
    tasks,
    plan: (...next) => plans.push(...next),
    waitForRequest(matches) {
      const found = requests.find(matches);
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => waiters.push({ matches, resolve }));
    },
    close() {
      return new Promise((resolvePromise) => {
        server.close(() => resolvePromise());
        server.closeAllConnections();
      });
    },
  };
}

/**
 * Leonardo's GPT route (gateways.md §5, Addendum §C) behind OpenAI's Image API. A request becomes: each
 * reference image uploaded as an init image (`POST /v1/init-image` answers a presigned upload and an id; the
 * bytes go to the presigned URL as multipart), then `POST /v2/generations` with the model and `parameters`,
 * then `GET /v1/generations/{id}` polled with back-off until COMPLETE or FAILED, then the images fetched from
 * their URLs at once. The answer is OpenAI's: one `*.completed` frame per image when streamed (keep-alive
 * comments while Leonardo works), one ImagesResponse otherwise; failures in OpenAI's error shape.
 *
 * An edit without a mask is a generation with the edit's images as references; Leonardo's GPT route takes
 * no mask, so one is refused before anything is uploaded. What is inferred rather than documented (the v2
 * submit answer's shape, a FAILED generation's reason, how `input_fidelity` maps to a reference's
 * strength) is read leniently and named where it is read.
 */
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { FormData, request as undiciRequest, type Dispatcher } from 'undici';
import {
  apiError,
  formatSseFrame,
  invalidRequest,
  isRasterFormat,
  leonardoDimensions,
  leonardoQuality,
  resolveQuality,
  sniffImage,
  ZERO_USAGE,
  type ApiError,
  type CompletedImageEvent,
  type ImageRequest,
  type ModelEntry,
  type ModelRegistry,
  type OutputFormat,
} from '../../contract/index.ts';
import { newRequestId, sendApiError, sendJson } from '../http.ts';
import { isImageReference, type SpooledJsonEdit } from '../jsonEdit.ts';
import type { SpooledFile } from '../multipart.ts';
import { bearerJsonHeaders, createUpstreamPool } from './httpExchange.ts';
import { imagesResponse } from './offline.ts';
import { fetchResultImage, resultHostsOf } from './resultFetch.ts';
import { formatDuration } from './silenceTimer.ts';
import { SseResponse } from './sseResponse.ts';
import type { RelayCall, Upstream } from './types.ts';

export const LEONARDO_LABEL = 'Leonardo';
/** Where Leonardo serves generated images from (its docs' examples: https://cdn.leonardo.ai/users/…). */
export const LEONARDO_RESULT_HOSTS = ['cdn.leonardo.ai'] as const;

/**
 * What Leonardo's GPT route can do, for the entries of a Leonardo provider: no mask (generate plus
 * references only), up to 6 references, LOW/MEDIUM/HIGH quality, a seed, and no partial images (the relay
 * streams each image once it is made). A provider's own entry may still narrow these.
 */
export const LEONARDO_MODEL_DEFAULTS = {
  supportsMask: false,
  supportsSeed: true,
  maxReferenceImages: 6,
  maxImagesPerRequest: 8,
  maxPartialImages: 0,
  qualities: ['low', 'medium', 'high', 'auto'],
  transparency: 'none',
  supportsModeration: false,
} as const satisfies Omit<ModelEntry, 'id'>;

export interface LeonardoSettings {
  /** The provider's id, for messages. */
  id: string;
  label?: string;
  /** https://cloud.leonardo.ai/api/rest, without a trailing slash. */
  baseUrl: string;
  apiKey: string;
  /** The models this provider serves; a request for another one is refused. */
  models: ModelRegistry;
  /** The first wait between polls; each next one is half as long again, up to four times this. */
  pollIntervalMs: number;
  /** How long a generation may take before the relay stops waiting for it. */
  pollTimeoutMs: number;
  resultMaxBytes: number;
  /** The time limit of each result download. */
  fetchTimeoutMs: number;
  heartbeatMs: number;
  /** What one API credit costs, for the cost panel (contract/leonardoCost.ts). */
  usdPerCredit?: number;
  /** Hosts results may come from besides the base URL's and cdn.leonardo.ai. */
  resultHosts?: readonly string[];
  pool?: Dispatcher;
}

const EXTENSION_OF_MIME: Readonly<Record<string, string>> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
};

/** Thrown inside one request's work to end it with an API error (the client is answered once). */
class LeonardoFailure extends Error {
  constructor(
    readonly apiError: ApiError,
    readonly headers: Record<string, string> = {},
  ) {
    super(apiError.body.error.message);
  }
}

interface LeonardoAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
}

const asRecord = (value: unknown): Record<string, unknown> | null =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;

const firstHeader = (value: string | string[] | undefined): string | null =>
  (Array.isArray(value) ? value[0] : value) ?? null;

/** A wait that ends early, rejecting, when the client goes away. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolvePromise();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export function createLeonardoUpstream(settings: LeonardoSettings): Upstream {
  const baseUrl = settings.baseUrl.replace(/\/+$/, '');
  const host = new URL(baseUrl).host;
  const label = settings.label ?? LEONARDO_LABEL;
  const pool = settings.pool ?? createUpstreamPool();
  const resultHosts = resultHostsOf(baseUrl, [...LEONARDO_RESULT_HOSTS, ...(settings.resultHosts ?? [])]);

  /** One call to Leonardo's API with the provider's key. Network failures become a 502 naming the host. */
  async function api(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    signal: AbortSignal,
  ): Promise<LeonardoAnswer> {
    let answer: Dispatcher.ResponseData;
    try {
      answer = await undiciRequest(`${baseUrl}${path}`, {
        method,
        dispatcher: pool,
        signal,
        headers: bearerJsonHeaders(settings.apiKey, body === undefined ? null : {}),
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      if (signal.aborted) throw error;
      const code = (error as { code?: unknown }).code;
      throw new LeonardoFailure(
        apiError(
          502,
          `${label} (${host}) could not be reached (${typeof code === 'string' ? code : 'network error'}).`,
          {
            type: 'upstream_error',
            code: 'upstream_unreachable',
          },
        ),
      );
    }
    const text = await answer.body.text();
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      // Not JSON: an error page, described from its text.
    }
    return { status: answer.statusCode, headers: answer.headers, text, json };
  }

  /**
   * Leonardo's refusal as the API's: its status when it is an error status (a 429 keeps its retry advice,
   * so the SDKs back off), its own message (`error` in its Hasura-style body) quoted.
   */
  function refusal(answer: LeonardoAnswer, what: string): LeonardoFailure {
    const said = asRecord(answer.json);
    const message = [said?.error, said?.message, asRecord(said?.error)?.message].find(
      (value): value is string => typeof value === 'string' && value.trim() !== '',
    );
    const detail = message ? `: ${message.slice(0, 300)}` : answer.text.trim() ? '' : ' with no body';
    const status = answer.status >= 400 && answer.status < 600 ? answer.status : 502;
    const headers: Record<string, string> = {};
    for (const name of ['retry-after', 'retry-after-ms']) {
      const value = firstHeader(answer.headers[name]);
      if (value) headers[name] = value;
    }
    return new LeonardoFailure(
      apiError(status, `${label} refused ${what} (${answer.status})${detail}.`, {
        type: status === 429 ? 'requests' : 'upstream_error',
        code: status === 429 ? 'rate_limit_exceeded' : 'upstream_error',
      }),
      headers,
    );
  }

  /** Uploads one reference as an init image: the presigned upload first, then the bytes to it. */
  async function uploadReference(file: SpooledFile, param: string, signal: AbortSignal): Promise<string> {
    const bytes = await readFile(file.path);
    const mimeType = file.sniffed?.mimeType ?? sniffImage(bytes)?.mimeType ?? 'image/png';
    const extension = EXTENSION_OF_MIME[mimeType] ?? 'png';
    const presigned = await api('POST', '/v1/init-image', { extension }, signal);
    if (presigned.status !== 200) throw refusal(presigned, `the init image for '${param}'`);
    const upload = asRecord(asRecord(presigned.json)?.uploadInitImage);
    const id = upload?.id;
    const url = upload?.url;
    // `fields` is a JSON string in the docs' example; an object is taken as well.
    const rawFields = upload?.fields;
    let fields: Record<string, unknown> | null = asRecord(rawFields);
    if (typeof rawFields === 'string') {
      try {
        fields = asRecord(JSON.parse(rawFields));
      } catch {
        fields = null;
      }
    }
    if (typeof id !== 'string' || typeof url !== 'string' || !fields || !/^https?:\/\//.test(url)) {
      throw new LeonardoFailure(
        apiError(
          502,
          `${label} answered the init-image request for '${param}' without a usable presigned upload.`,
          {
            type: 'upstream_error',
            code: 'upstream_invalid_answer',
          },
        ),
      );
    }
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, String(value));
    // The file goes last: S3 reads the policy fields before the bytes.
    form.append('file', new Blob([bytes], { type: mimeType }), `${param}.${extension}`);
    let status: number;
    let text = '';
    try {
      // No key: the presigned URL is the authority, and it is not Leonardo's API host.
      const answer = await undiciRequest(url, { method: 'POST', body: form, signal, dispatcher: pool });
      status = answer.statusCode;
      text = await answer.body.text();
    } catch (error) {
      if (signal.aborted) throw error;
      status = 0;
    }
    if (status < 200 || status >= 300) {
      const reason = /<Message>([^<]*)<\/Message>/.exec(text)?.[1];
      throw new LeonardoFailure(
        apiError(
          502,
          `The upload of '${param}' to ${label}'s storage failed (${status === 0 ? 'unreachable' : status}${reason ? `: ${reason}` : ''}), so nothing was generated.`,
          { type: 'upstream_error', code: 'reference_upload_failed' },
        ),
      );
    }
    return id;
  }

  function submission(request: ImageRequest, initImageIds: readonly string[]): Record<string, unknown> {
    const { width, height } = leonardoDimensions(request.size);
    // No strength in OpenAI's API; input_fidelity high is the nearest wish for a reference to count more
    // (inferred), and MID is Leonardo's middle step.
    const strength = request.inputFidelity === 'high' ? 'HIGH' : 'MID';
    return {
      public: false,
      model: request.model.id,
      parameters: {
        prompt: request.prompt,
        quality: leonardoQuality(request.quality),
        quantity: request.n,
        width,
        height,
        // The prompt is the designer's: Leonardo must not rewrite it.
        prompt_enhance: 'OFF',
        ...(request.seed === null ? {} : { seed: request.seed }),
        ...(initImageIds.length === 0
          ? {}
          : {
              guidances: {
                image_reference: initImageIds.map((id) => ({ image: { id, type: 'UPLOADED' }, strength })),
              },
            }),
      },
    };
  }

  /** The generation id of a submit answer (v2's shape is inferred; v1's `sdGenerationJob` is documented). */
  function generationIdOf(json: unknown): string | null {
    const answer = asRecord(json);
    const candidates = [
      asRecord(answer?.generate)?.generationId,
      asRecord(answer?.sdGenerationJob)?.generationId,
      answer?.generationId,
      answer?.id,
    ];
    return candidates.find((value): value is string => typeof value === 'string' && value !== '') ?? null;
  }

  /** Polls until the generation is done and returns its image URLs; `onPoll` marks each poll as activity. */
  async function awaitImages(id: string, signal: AbortSignal, onPoll: () => void): Promise<string[]> {
    const startedAt = Date.now();
    let interval = settings.pollIntervalMs;
    for (;;) {
      const left = settings.pollTimeoutMs - (Date.now() - startedAt);
      if (left <= 0) {
        throw new LeonardoFailure(
          apiError(
            504,
            `${label} had not finished generation ${id} after ${formatDuration(settings.pollTimeoutMs)}, so the relay stopped waiting for it.`,
            { type: 'upstream_error', code: 'upstream_timeout' },
          ),
          { 'x-should-retry': 'false' },
        );
      }
      await pause(Math.min(interval, left), signal);
      interval = Math.min(interval * 1.5, settings.pollIntervalMs * 4);
      const answer = await api('GET', `/v1/generations/${encodeURIComponent(id)}`, undefined, signal).catch(
        (error: unknown) => {
          // A poll that cannot reach Leonardo is tried again until the time limit: the generation goes on.
          if (error instanceof LeonardoFailure) return null;
          throw error;
        },
      );
      onPoll();
      if (!answer || answer.status >= 500) continue;
      if (answer.status !== 200) throw refusal(answer, `the status of generation ${id}`);
      const generation = asRecord(asRecord(answer.json)?.generations_by_pk);
      const status = generation?.status;
      if (status === 'FAILED') {
        // Where Leonardo says why is not documented; the fields seen in its answers are read in turn.
        const reason = [generation?.failedReason, generation?.error, generation?.message].find(
          (value): value is string => typeof value === 'string' && value.trim() !== '',
        );
        throw new LeonardoFailure(
          apiError(
            502,
            reason
              ? `${label} could not make the image: ${reason.slice(0, 300)}`
              : `${label} reported generation ${id} as FAILED without saying why.`,
            { type: 'upstream_error', code: 'generation_failed' },
          ),
          // Trying again costs credits and most failures are the prompt's: the designer decides.
          { 'x-should-retry': 'false' },
        );
      }
      if (status !== 'COMPLETE') continue;
      const images = Array.isArray(generation?.generated_images) ? generation.generated_images : [];
      const urls = images
        .map((image) => asRecord(image)?.url)
        .filter((url): url is string => typeof url === 'string');
      if (urls.length === 0) {
        throw new LeonardoFailure(
          apiError(502, `${label} completed generation ${id} without any image.`, {
            type: 'upstream_error',
            code: 'upstream_invalid_answer',
          }),
        );
      }
      return urls;
    }
  }

  /** Each image downloaded at once (result links expire), in the format the client asked for. */
  async function downloadImages(urls: readonly string[], request: ImageRequest, signal: AbortSignal) {
    return Promise.all(
      urls.map(async (url) => {
        const fetched = await fetchResultImage(url, {
          allowedHosts: resultHosts,
          maxBytes: settings.resultMaxBytes,
          timeoutMs: settings.fetchTimeoutMs,
          signal,
          dispatcher: pool,
          source: label,
        });
        if (!fetched.ok) throw new LeonardoFailure(fetched.error);
        const { bytes, width, height } = fetched.value;
        return {
          bytes: await inFormat(bytes, request.outputFormat, request.outputCompression),
          width,
          height,
        };
      }),
    );
  }

  async function run(relayCall: RelayCall, references: readonly { file: SpooledFile; param: string }[]) {
    const { request, res, signal } = relayCall;
    if (signal.aborted) return;
    const requestId = newRequestId();
    const answer = new SseResponse(res, { heartbeatMs: settings.heartbeatMs, secrets: [settings.apiKey] });
    try {
      if (!settings.models.has(request.model.id)) {
        throw new LeonardoFailure(
          invalidRequest(
            'model',
            `The provider '${settings.id}' does not serve '${request.model.id}'.`,
            'model_not_found',
          ),
        );
      }
      const initImageIds: string[] = [];
      for (const { file, param } of references) initImageIds.push(await uploadReference(file, param, signal));
      const submitted = await api('POST', '/v2/generations', submission(request, initImageIds), signal);
      if (submitted.status !== 200) throw refusal(submitted, 'the generation');
      const id = generationIdOf(submitted.json);
      if (!id) {
        throw new LeonardoFailure(
          apiError(502, `${label} accepted the generation but answered without a generation id to follow.`, {
            type: 'upstream_error',
            code: 'upstream_invalid_answer',
          }),
        );
      }
      // Leonardo has taken the work: a streamed answer is a 200 from now on, kept alive while it works.
      if (request.stream) {
        answer.commit(200, [['x-request-id', requestId]], true);
        answer.restartHeartbeat();
      }
      const urls = await awaitImages(id, signal, () => answer.restartHeartbeat());
      const images = await downloadImages(urls, request, signal);
      const events = images.map((image) => completedEvent(request, image));
      if (request.stream) {
        for (const event of events) await answer.writeFrame(formatSseFrame(event.type, event));
        answer.end();
      } else sendJson(res, 200, imagesResponse(events), { 'x-request-id': requestId });
    } catch (error) {
      if (signal.aborted) {
        answer.stopHeartbeat();
        res.destroy();
        return;
      }
      if (!(error instanceof LeonardoFailure)) throw error;
      answer.fail(error.apiError, { 'x-request-id': requestId, ...error.headers });
    }
  }

  /** Refuses what Leonardo's GPT route cannot take before anything is uploaded. */
  function refuseBeforeUpload(relayCall: RelayCall, error: ApiError): Promise<void> {
    sendApiError(relayCall.res, error, { 'x-request-id': newRequestId() });
    return Promise.resolve();
  }

  return {
    kind: 'leonardo',
    label,
    host,
    generate(relayCall) {
      return run(relayCall, []);
    },
    edit(relayCall, form) {
      if (form.mask) return refuseBeforeUpload(relayCall, maskRefusal(label));
      return run(
        relayCall,
        form.images.map((file, index) => ({
          file,
          param: form.images.length > 1 ? `image[${index}]` : 'image',
        })),
      );
    },
    editJson(relayCall, edit) {
      if (edit.mask) return refuseBeforeUpload(relayCall, maskRefusal(label));
      const problem = unreadableReference(edit, label);
      if (problem) return refuseBeforeUpload(relayCall, problem);
      return run(
        relayCall,
        (edit.images as SpooledFile[]).map((file, index) => ({ file, param: `images[${index}]` })),
      );
    },
  };
}

function maskRefusal(label: string): ApiError {
  return invalidRequest(
    'mask',
    `${label}'s GPT route cannot take a mask: it generates from the prompt and up to 6 reference images. Send the edit without 'mask' (the images become references), or use a provider whose model supports masks.`,
    'unsupported_parameter',
  );
}

/** An image named by URL or file id: the relay never fetches what a request names, so Leonardo cannot get it. */
function unreadableReference(edit: SpooledJsonEdit, label: string): ApiError | null {
  const reference = edit.images.find(isImageReference);
  if (!reference) return null;
  return invalidRequest(
    reference.param,
    `${label} cannot read '${reference.param}': it is ${reference.kind === 'url' ? 'an image URL' : 'a file id'}, and references reach Leonardo only as uploads. Send the image as a data URL.`,
    'unsupported_image_reference',
  );
}

function completedEvent(
  request: ImageRequest,
  image: { bytes: Buffer; width: number; height: number },
): CompletedImageEvent {
  return {
    type: request.kind === 'edit' ? 'image_edit.completed' : 'image_generation.completed',
    b64_json: image.bytes.toString('base64'),
    created_at: Math.floor(Date.now() / 1000),
    // The size Leonardo made, read from the image: the request's may have been mapped to 1024/1536.
    size: `${image.width}x${image.height}`,
    quality: resolveQuality(request.quality),
    background: 'opaque',
    output_format: request.outputFormat,
    // Leonardo reports credits, not tokens: the cost panel prices its images by credits instead.
    usage: ZERO_USAGE,
  };
}

/** The image in the format the client asked for: Leonardo's CDN serves what it made, often JPEG. */
async function inFormat(bytes: Buffer, format: OutputFormat, compression: number): Promise<Buffer> {
  const mimeType = sniffImage(bytes)?.mimeType;
  if (!isRasterFormat(format) || mimeType === `image/${format}`) return bytes;
  const image = sharp(bytes);
  if (format === 'png') return image.png().toBuffer();
  return format === 'jpeg'
    ? image.jpeg({ quality: Math.max(1, compression) }).toBuffer()
    : image.webp({ quality: Math.max(1, compression) }).toBuffer();
}

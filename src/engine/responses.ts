/**
 * The offline engine behind the Responses API (openai-images-2026-12.md §6): each `POST /v1/responses` with
 * the `image_generation` tool becomes a run that the mainline model plans (responsesModel.ts) and the image
 * engine renders, with the API's event sequence numbered from 0. Runs are kept in memory, bounded, so
 * `previous_response_id` and item references work, a background run goes on with nobody listening, and a
 * client re-attaches with `starting_after` and gets every event it missed, then the live ones.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  checkMaskAgainstImage,
  isCompletedImageEvent,
  isPartialImageEvent,
  resolveQuality,
  resolveSize,
  sniffImage,
  type ApiError,
  type Checked,
  type ImagesUsage,
  type ImageRequest,
} from '../contract/index.ts';
import {
  isTerminalStatus,
  previousResponseNotFound,
  type ImageGenerationCallItem,
  type ImageToolRequest,
  type ResponseObject,
  type ResponseStatus,
  type ResponseStreamEvent,
  type ResponsesRequest,
} from '../contract/responses.ts';
import { EngineInputError } from './inputError.ts';
import {
  decodeImageDataUrl,
  mainlineUsage,
  planTurn,
  readInput,
  type ConversationEntry,
  type ConversationImage,
  type TurnPlan,
} from './responsesModel.ts';
import type { EngineInputFile, OfflineEngine } from './types.ts';

export interface ResponsesEngineOptions {
  /** The image engine that renders each turn. */
  images: OfflineEngine;
  /** Where a turn's input images are written for the image engine to read; each run removes its own. */
  spoolRoot: string;
  /** The most responses kept (default 64); the oldest finished ones go first. */
  maxResponses?: number;
  /** The most image bytes kept across responses (default 512 MB). */
  maxImageBytes?: number;
}

/** A new turn as the relay validated it, with the raw body for what only the mainline model reads. */
export interface ResponsesTurn {
  request: ResponsesRequest;
  body: Record<string, unknown>;
  /**
   * Which variant of a studio run the turn makes (VARIANT_INDEX_HEADER): side-by-side responses of one
   * prompt then differ, as they would upstream, where each image is random.
   */
  variantIndex?: number;
}

type Listener = () => void;

/** One response: its object as the API would show it now, and every event it has sent, in order. */
export class ResponseRun {
  readonly events: ResponseStreamEvent[] = [];
  private readonly listeners = new Set<Listener>();
  private readonly controller = new AbortController();
  /** The conversation up to and including this turn's output, for the turns that continue it. */
  context: ConversationEntry[] = [];
  imageBytes = 0;

  constructor(readonly response: ResponseObject) {}

  get id(): string {
    return this.response.id;
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get finished(): boolean {
    return isTerminalStatus(this.response.status);
  }

  emit(event: DistributiveOmit<ResponseStreamEvent, 'sequence_number'>): void {
    this.events.push({ ...event, sequence_number: this.events.length } as ResponseStreamEvent);
    this.notify();
  }

  /** Stops the render (cancel, or a foreground client that left); a finished run stays as it is. */
  stop(status: Extract<ResponseStatus, 'cancelled'>): void {
    if (this.finished) return;
    this.response.status = status;
    this.controller.abort(new Error(`response ${status}`));
    this.notify();
  }

  /**
   * The events after `startingAfter` (-1: all), then the live ones, until the run finishes or `signal`
   * aborts. A consumer that is slower than the run misses nothing: it reads the log by position.
   */
  async *follow(startingAfter: number, signal: AbortSignal): AsyncGenerator<ResponseStreamEvent> {
    let next = Math.max(0, startingAfter + 1);
    while (!signal.aborted) {
      while (next < this.events.length) yield this.events[next++]!;
      if (this.finished) return;
      await new Promise<void>((resolve) => {
        const done = () => {
          this.listeners.delete(done);
          signal.removeEventListener('abort', done);
          resolve();
        };
        this.listeners.add(done);
        signal.addEventListener('abort', done, { once: true });
      });
    }
  }

  /** Resolves once the run has finished (or `signal` aborts). */
  async settled(signal: AbortSignal): Promise<void> {
    const events = this.follow(this.events.length - 1, signal);
    // Only the end matters here.
    while (!(await events.next()).done);
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

/** An image's bytes with what its header says. */
type SpooledImage = Pick<ConversationImage, 'bytes' | 'sniffed'>;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

const newId = (prefix: string) => `${prefix}_${randomBytes(24).toString('hex')}`;
const nowSeconds = () => Math.floor(Date.now() / 1000);
const snapshot = (response: ResponseObject): ResponseObject => structuredClone(response);

export interface ResponsesEngine {
  /** Starts a turn: its run, or the API's refusal found before anything ran. */
  create(turn: ResponsesTurn): Checked<ResponseRun>;
  /** A kept response, or null when none has this id. */
  get(id: string): ResponseRun | null;
}

export function createResponsesEngine(options: ResponsesEngineOptions): ResponsesEngine {
  const maxResponses = options.maxResponses ?? 64;
  const maxImageBytes = options.maxImageBytes ?? 512 * 1024 * 1024;
  /** Oldest first (a Map keeps insertion order), so eviction walks from the front. */
  const runs = new Map<string, ResponseRun>();
  const items = new Map<string, ConversationImage>();

  const lookup = (id: string) => items.get(id) ?? null;

  function keep(run: ResponseRun): void {
    runs.set(run.id, run);
    let bytes = [...runs.values()].reduce((sum, kept) => sum + kept.imageBytes, 0);
    for (const old of runs.values()) {
      if (runs.size <= maxResponses && bytes <= maxImageBytes) break;
      // A running response is never dropped: its client may come back for it.
      if (!old.finished || old === run) continue;
      forget(old);
      bytes -= old.imageBytes;
    }
  }

  function forget(run: ResponseRun): void {
    runs.delete(run.id);
    for (const item of run.response.output) items.delete(item.id);
  }

  function create({ request, body, variantIndex = 0 }: ResponsesTurn): Checked<ResponseRun> {
    const tool = request.imageTools[0];
    if (!tool) {
      return refuseWith(
        'tools',
        "The offline engine answers Responses requests that use the image_generation tool; add { type: 'image_generation' } to 'tools'.",
        'missing_required_parameter',
      );
    }
    if (!request.model) {
      return refuseWith('model', "Missing required parameter: 'model'.", 'missing_required_parameter');
    }
    let history: ConversationEntry[] = [];
    if (request.previousResponseId) {
      const previous = runs.get(request.previousResponseId);
      if (!previous || !previous.response.store)
        return { ok: false, error: previousResponseNotFound(request.previousResponseId) };
      history = previous.context;
    }
    const instructions = typeof body.instructions === 'string' ? body.instructions : null;
    if (instructions) history = [{ kind: 'text', role: 'developer', text: instructions }, ...history];
    const turn = readInput(body.input, lookup);
    if (!turn.ok) return turn;
    const frame = tool.image.size === 'auto' ? null : requestedFrame(tool);
    const plan = planTurn(history, turn.value, tool.action, tool.index, frame);
    if (!plan.ok) return plan;
    const mask = readMask(tool, plan.value);
    if (!mask.ok) return mask;

    const itemId = newId('ig');
    const response: ResponseObject = {
      id: newId('resp'),
      object: 'response',
      created_at: nowSeconds(),
      completed_at: null,
      status: request.background ? 'queued' : 'in_progress',
      background: request.background,
      model: request.model,
      previous_response_id: request.previousResponseId,
      store: request.store,
      output: [],
      output_text: '',
      error: null,
      incomplete_details: null,
      instructions,
      metadata: isStringRecord(body.metadata) ? body.metadata : {},
      parallel_tool_calls: body.parallel_tool_calls !== false,
      temperature: typeof body.temperature === 'number' ? body.temperature : 1,
      top_p: typeof body.top_p === 'number' ? body.top_p : 1,
      tool_choice: body.tool_choice ?? 'auto',
      tools: Array.isArray(body.tools) ? body.tools : [],
      usage: null,
    };
    const run = new ResponseRun(response);
    run.context = [...history, ...turn.value];
    run.emit({ type: 'response.created', response: snapshot(response) });
    if (request.background) run.emit({ type: 'response.queued', response: snapshot(response) });
    keep(run);
    // Started on the next turn of the event loop, so the caller has the run (and a background client its
    // queued answer) before anything renders.
    setImmediate(() => {
      void render(run, tool, plan.value, mask.value, itemId, instructions, variantIndex).finally(() => {
        if (!response.store && !response.background) forget(run);
        else keep(run);
      });
    });
    return { ok: true, value: run };
  }

  async function render(
    run: ResponseRun,
    tool: ImageToolRequest,
    plan: TurnPlan,
    mask: SpooledImage | null,
    itemId: string,
    instructions: string | null,
    variantIndex: number,
  ): Promise<void> {
    const { response } = run;
    if (run.signal.aborted) return;
    response.status = 'in_progress';
    run.emit({ type: 'response.in_progress', response: snapshot(response) });
    const item: ImageGenerationCallItem = {
      type: 'image_generation_call',
      id: itemId,
      status: 'in_progress',
      result: null,
    };
    run.emit({ type: 'response.output_item.added', output_index: 0, item: { ...item } });
    run.emit({ type: 'response.image_generation_call.in_progress', output_index: 0, item_id: itemId });
    const directory = await mkdtemp(join(options.spoolRoot, 'responses-'));
    try {
      const request: ImageRequest = {
        ...tool.image,
        kind: plan.action === 'edit' ? 'edit' : 'generation',
        prompt: plan.revisedPrompt,
        n: 1,
        // Partial images only reach a client that streams (a background one may re-attach to the stream).
        stream: tool.image.stream,
      };
      const images = await spool(directory, plan.images, mask);
      run.emit({ type: 'response.image_generation_call.generating', output_index: 0, item_id: itemId });
      let usage: ImagesUsage | null = null;
      for await (const event of options.images.run({ request, ...images, variantIndex }, run.signal)) {
        if (isPartialImageEvent(event)) {
          run.emit({
            type: 'response.image_generation_call.partial_image',
            output_index: 0,
            item_id: itemId,
            partial_image_b64: event.b64_json,
            partial_image_index: event.partial_image_index,
            size: event.size,
            quality: event.quality,
            background: event.background,
            output_format: event.output_format,
          });
        } else if (isCompletedImageEvent(event)) {
          usage = event.usage;
          Object.assign(item, {
            status: 'completed',
            result: event.b64_json,
            action: plan.action,
            background: event.background === 'auto' ? 'opaque' : event.background,
            output_format: event.output_format,
            quality: resolveQuality(event.quality),
            revised_prompt: plan.revisedPrompt,
            size: event.size,
          } satisfies Partial<ImageGenerationCallItem>);
        }
      }
      if (run.signal.aborted) return;
      const bytes = Buffer.from(item.result ?? '', 'base64');
      const sniffed = sniffImage(bytes);
      if (sniffed) {
        const made: ConversationImage = { bytes, sniffed, subject: plan.subject, itemId };
        items.set(itemId, made);
        run.context.push({ kind: 'image', role: 'assistant', image: made });
      }
      run.imageBytes = bytes.length;
      run.emit({ type: 'response.image_generation_call.completed', output_index: 0, item_id: itemId });
      run.emit({ type: 'response.output_item.done', output_index: 0, item: { ...item } });
      response.output = [{ ...item }];
      response.status = 'completed';
      response.completed_at = nowSeconds();
      response.usage = mainlineUsage(run.context.slice(0, -1), instructions, plan.revisedPrompt);
      if (usage) response.tool_usage = { image_gen: usage };
      run.emit({ type: 'response.completed', response: snapshot(response) });
    } catch (error) {
      if (run.signal.aborted) return;
      response.status = 'failed';
      response.error = failureOf(error);
      run.emit({ type: 'response.failed', response: snapshot(response) });
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }

  return { create, get: (id) => runs.get(id) ?? null };
}

function refuseWith(param: string, message: string, code: string): Checked<never> {
  return {
    ok: false,
    error: { status: 400, body: { error: { message, type: 'invalid_request_error', param, code } } },
  };
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.values(value).every((entry) => typeof entry === 'string')
  );
}

function requestedFrame(tool: ImageToolRequest): { width: number; height: number } {
  return resolveSize(tool.image.model.sizeRule, tool.image.size);
}

/** The tool's mask, checked against the image it applies to (the Images API's rules for `mask`). */
function readMask(tool: ImageToolRequest, plan: TurnPlan): Checked<SpooledImage | null> {
  if (!tool.mask || plan.action !== 'edit') return { ok: true, value: null };
  const param = `tools[${tool.index}].input_image_mask`;
  if (!tool.mask.imageUrl) {
    return refuseWith(
      `${param}.file_id`,
      `The offline engine cannot read '${param}': it is a file id, and the engine only has the images a request carries. Send the mask as a base64 data URL.`,
      'unsupported_image_reference',
    );
  }
  const decoded = decodeImageDataUrl(tool.mask.imageUrl, `${param}.image_url`);
  if (!decoded.ok) return decoded;
  const problem = checkMaskAgainstImage(decoded.value.sniffed, plan.images[0]!.sniffed);
  if (problem) return { ok: false, error: onParam(problem, param) };
  return { ok: true, value: decoded.value };
}

function onParam(error: ApiError, param: string): ApiError {
  return { status: error.status, body: { error: { ...error.body.error, param } } };
}

const EXTENSION: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp' };

/** Writes a turn's images (and mask) where the image engine reads its inputs. */
async function spool(
  directory: string,
  images: readonly SpooledImage[],
  mask: SpooledImage | null,
): Promise<{ images: EngineInputFile[]; mask: EngineInputFile | null }> {
  const files = await Promise.all(
    images.map(async (image, index): Promise<EngineInputFile> => {
      const path = join(directory, `image-${index}.${EXTENSION[image.sniffed.mimeType]}`);
      await writeFile(path, image.bytes);
      return { path, sniffed: image.sniffed, param: images.length > 1 ? `image[${index}]` : 'image' };
    }),
  );
  if (!mask) return { images: files, mask: null };
  const path = join(directory, 'mask.png');
  await writeFile(path, mask.bytes);
  return { images: files, mask: { path, sniffed: mask.sniffed, param: 'mask' } };
}

/** A refusal the image engine found keeps its words; anything else names none of the engine's internals. */
function failureOf(error: unknown): { code: string; message: string } {
  if (error instanceof EngineInputError) {
    const { code, message } = error.apiError.body.error;
    return { code: code ?? 'invalid_image_file', message };
  }
  return { code: 'server_error', message: 'The offline engine failed to make this image.' };
}

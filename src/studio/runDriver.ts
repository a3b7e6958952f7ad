/**
 * Drives runs. A run of n images fans out into n single-image streams (how the API interleaves several
 * images in one stream is undocumented), each a variant with its own lifecycle: every image it receives and
 * how it ends goes to the session slice (what the designer sees) and to its recorder (what is stored), with
 * the run and variant ids it was started with. Only one run streams at a time; the driver owns its abort.
 */
import { problemOfFailure } from '../api/relayError.ts';
import { imageBlobFromBase64 } from '../api/imageBlob.ts';
import type { ImageStreamOptions } from '../api/imageStream.ts';
import {
  isCompletedImageEvent,
  formatSize,
  type ImageRequest,
  type OutputFormat,
  type Problem,
  type TokenUsage,
} from '../contract/index.ts';
import { variantSeed, type VariantSeeds } from '../state/draft.ts';
import { addUsage, tokenUsage, variantCostInDollars } from '../state/run.ts';
import type { StudioStore } from '../state/store.ts';
import type { ConversationTurnRecord, InpaintRecord, VariantRecord } from '../storage/records.ts';
import {
  recordVariant,
  type EditLineage,
  type RecordingDeps,
  type VariantPlan,
  type VariantRecorder,
} from './recording.ts';

/** Which variant of which run a stream makes, and the seed it is sent with (null: none, a random image). */
export interface VariantIds {
  runId: string;
  variantId: string;
  seed: number | null;
}

/** Sends one single-image stream (n = 1) of the run. */
export type SendVariant = (options: ImageStreamOptions, ids: VariantIds) => Promise<void>;

/** A stored variant to stream on: its record, the partials it has, how it is sent and recorded. */
export interface ResumedVariant {
  variant: VariantRecord;
  partials: number;
  send: SendVariant;
  recording: RunRecording;
}

/** What one stream sends, as it is recorded: the wire parameters, and the lineage an edit carries. */
export interface RunRecording {
  /** With the request's seed, if it has one: each variant's record holds its own (see `seeds`). */
  params: VariantRecord['params'];
  /** How the variants are seeded from the request's seed (state/draft.ts); moot for a request without one. */
  seeds?: VariantSeeds;
  lineage: Promise<EditLineage>;
  /**
   * Turns the model's output into the result the designer gets (a masked edit's composite onto its source).
   * Without it the output is the result. The output is stored as `raw` the moment it arrives; the result is
   * stored, and shown, once this settles.
   */
  finish?: (output: Blob) => Promise<FinishedResult>;
  /** How a masked edit is sent, recorded with each variant from the start. */
  inpaint?: InpaintRecord;
  /**
   * The conversation turn each variant is (conversation.ts): its record as the turn starts, and as it stands
   * now, read when the outcome is written (the response's ids arrive with the stream).
   */
  conversation?: (variantIndex: number) => {
    begun: ConversationTurnRecord;
    now: () => ConversationTurnRecord;
    /** Hands the turn the function that stores it as it stands now, after the images before it. */
    connect?: (save: () => void) => void;
  };
}

/** A result made from the model's output, with what the variant's record keeps of how. */
export interface FinishedResult {
  blob: Blob;
  format: OutputFormat;
  /** Other images of the variant kept beside it (the drift map). */
  extras: { role: 'drift'; blob: Blob; format: OutputFormat }[];
  inpaint: InpaintRecord;
}

export interface RunDriver {
  /** Streams one run of `request.n` variants; resolves once every stream has ended. */
  start: (request: ImageRequest, send: SendVariant, recording: RunRecording) => Promise<void>;
  /**
   * Streams stored variants on from where their records stand (background runs re-attached after a reload),
   * side by side as one run is, cancelled together: each run is in the session already, restored as
   * streaming; the partials a variant has are counted on from.
   */
  resume: (variants: readonly ResumedVariant[]) => Promise<void>;
  cancel: () => void;
  isRunning: () => boolean;
  /** Resolves once every write of every stream so far has been tried. */
  settled: () => Promise<void>;
}

/**
 * A variant's wire parameters: the run's, with the variant's own seed in the form the run's carry it (a
 * number in a JSON body, text in a multipart edit).
 */
function paramsWithSeed(params: VariantRecord['params'], seed: number | null): VariantRecord['params'] {
  if (seed === null || !('seed' in params)) return params;
  return { ...params, seed: typeof params.seed === 'string' ? String(seed) : seed };
}

/**
 * `now` is the one clock of a run's times: each is read once, here, and the same figure goes to the session
 * and to storage, so a run shows the same elapsed time live and after a reload.
 */
export function createRunDriver(
  store: StudioStore,
  recording: RecordingDeps,
  tabId: string,
  now: () => number,
): RunDriver {
  let controller: AbortController | null = null;
  // Every recorder with writes that may still be in flight, ended or not.
  const recorders = new Set<VariantRecorder>();
  const session = () => store.getState().session;

  /** The variant's record as it starts. */
  function planOf(
    ids: VariantIds,
    variantIndex: number,
    startedAt: number,
    request: ImageRequest,
    run: RunRecording,
  ): VariantPlan {
    const { runId, variantId, seed } = ids;
    return {
      id: variantId,
      runId: runId,
      variantIndex,
      variantCount: request.n,
      request: { ...request, n: 1, seed },
      params: paramsWithSeed(run.params, seed),
      seed,
      tabId,
      startedAt,
      inpaint: run.inpaint ?? null,
      ...(run.conversation && { conversation: run.conversation(variantIndex).begun }),
    };
  }

  async function streamVariant(
    ids: VariantIds,
    variantIndex: number,
    recorder: VariantRecorder,
    request: ImageRequest,
    send: SendVariant,
    run: RunRecording,
    signal: AbortSignal,
    partialsBefore = 0,
  ): Promise<void> {
    const { runId, variantId } = ids;
    recorders.add(recorder);
    const turn = run.conversation?.(variantIndex);
    turn?.connect?.(() => recorder.turn(turn.now()));
    let usage: TokenUsage | null = null;
    let partials = partialsBefore;
    let status: 'done' | 'cancelled' | 'error' = 'done';
    let error: Problem | null = null;
    // The variant ends when its final arrives, or when it fails or is cancelled; whatever follows (the
    // stream closing, the writes) is the studio's time, not the model's.
    let finishedAt: number | null = null;
    const end = () => (finishedAt ??= now());
    const outcome = () => ({
      status,
      finishedAt: end(),
      usage,
      costDollars: variantCostInDollars(request, { usage, delivered: recordedDone }),
      error,
      ...(turn && { conversation: turn.now() }),
    });
    // Whether storage already holds the variant as done (or will, once its result is finished): the
    // completed event carries all it needs.
    let recordedDone = false;
    // The result being made from the output; the variant is not finished before it is stored and shown.
    let finishing: Promise<void> | null = null;
    try {
      await send(
        {
          signal,
          variantIndex,
          onProgress: (progress) => session().reportProgress(runId, variantId, progress),
          onEvent: (event) => {
            const blob = imageBlobFromBase64(event.b64_json, event.output_format);
            const completed = isCompletedImageEvent(event);
            if (completed) end();
            const id = crypto.randomUUID();
            if (completed) usage = addUsage(usage, tokenUsage(event.usage));
            else partials += 1;
            const finish = completed ? run.finish : undefined;
            recorder.image({
              id,
              role: finish ? 'raw' : completed ? 'final' : 'partial',
              sequence: completed ? 0 : partials,
              blob,
              format: event.output_format,
            });
            const shown = (image: { id: string; blob: Blob; format: OutputFormat; size: string }) =>
              session().receive(runId, variantId, event, { ...image, url: URL.createObjectURL(image.blob) });
            const arrived = { id, blob, format: event.output_format, size: event.size };
            if (!completed) return shown(arrived);
            recordedDone = true;
            if (!finish) {
              // The final, its usage and its cost are written at once, and shown once those writes have
              // been tried: a result on screen is a result stored (or one storage refused, which the
              // storage notice says), so a reload the moment it appears loses nothing.
              recorder.end(outcome());
              void recorder.settled().then(() => shown(arrived));
              return;
            }
            // `finish` says itself what it could not do; should it throw all the same, the output is the
            // result: what was paid for is kept and shown whatever goes wrong after the model answered.
            finishing = finish(blob)
              .catch(() => null)
              .then(async (finished) => {
                const resultId = crypto.randomUUID();
                const result = finished ?? { blob, format: event.output_format, extras: [] };
                recorder.image({
                  id: resultId,
                  role: 'final',
                  sequence: 0,
                  blob: result.blob,
                  format: result.format,
                });
                for (const extra of result.extras) {
                  recorder.image({ id: crypto.randomUUID(), sequence: 0, ...extra });
                }
                recorder.end({ ...outcome(), inpaint: finished?.inpaint ?? null });
                await recorder.settled();
                const size = finished ? formatSize(finished.inpaint.source) : event.size;
                shown({ id: resultId, blob: result.blob, format: result.format, size });
              });
          },
        },
        ids,
      );
      await finishing;
      await recorder.settled();
      session().finish(runId, variantId, end());
    } catch (failure) {
      end();
      await finishing;
      await recorder.settled();
      if (signal.aborted) {
        status = 'cancelled';
        session().cancel(runId, variantId, end());
      } else {
        status = 'error';
        error = problemOfFailure(failure);
        session().fail(runId, variantId, error, end());
      }
    }
    if (!(recordedDone && status === 'done')) recorder.end(outcome());
    void recorder.settled().then(() => recorders.delete(recorder));
  }

  return {
    start: async (request, send, run) => {
      if (controller) return;
      const runId = crypto.randomUUID();
      const variantIds = Array.from({ length: request.n }, () => crypto.randomUUID());
      const seeds = variantIds.map((_, index) => variantSeed(request.seed, run.seeds ?? 'same', index));
      const own = new AbortController();
      controller = own;
      const startedAt = now();
      session().begin(runId, request, variantIds, startedAt, seeds);
      try {
        await Promise.all(
          variantIds.map((variantId, index) => {
            const ids = { runId, variantId, seed: seeds[index]! };
            const recorder = recordVariant(
              recording,
              planOf(ids, index, startedAt, request, run),
              run.lineage,
            );
            return streamVariant(ids, index, recorder, request, send, run, own.signal);
          }),
        );
      } finally {
        controller = null;
      }
    },
    resume: async (variants) => {
      if (controller || variants.length === 0) return;
      const own = new AbortController();
      controller = own;
      try {
        await Promise.all(
          variants.map(({ variant, partials, send, recording: run }) => {
            const ids = { runId: variant.runId, variantId: variant.id, seed: variant.seed ?? null };
            const request = { ...variant.request, n: variant.variantCount };
            const plan = planOf(ids, variant.variantIndex, variant.startedAt, request, run);
            return streamVariant(
              ids,
              variant.variantIndex,
              recordVariant(recording, plan, 'stored'),
              variant.request,
              send,
              run,
              own.signal,
              partials,
            );
          }),
        );
      } finally {
        controller = null;
      }
    },
    cancel: () => controller?.abort(),
    isRunning: () => controller !== null,
    settled: async () => {
      await Promise.all([...recorders].map((recorder) => recorder.settled()));
    },
  };
}

/**
 * Drives one run: checks the draft with the contract's rules, then fans a run of n images out into n
 * single-image streams through the relay (how the API interleaves several images in one stream is
 * undocumented), feeding each event to the session store and recording it in storage as it arrives.
 * Only one run streams at a time.
 */
import { useCallback, useRef } from 'react';
import { imageBlobFromBase64 } from '../api/imageBlob.ts';
import { fetchWholeImages, streamImages, type ImageStreamOptions } from '../api/imageStream.ts';
import { RelayError } from '../api/relayError.ts';
import {
  costInDollars,
  isCompletedImageEvent,
  type ImageRequest,
  type ModelRegistry,
} from '../contract/index.ts';
import { studioStorage } from '../storage/index.ts';
import type { GenerationRecord } from '../storage/records.ts';
import { makeThumbnail } from '../storage/thumbnail.ts';
import { checkDraft, generationBodyFromDraft } from '../state/draft.ts';
import { useDraftStore } from '../state/draftStore.ts';
import { NO_LINEAGE, recordVariant, type EditLineage, type RecordingDeps } from '../state/recording.ts';
import type { RunProblem } from '../state/run.ts';
import { useSessionStore } from '../state/sessionStore.ts';
import { useStorageStore } from '../state/storageStore.ts';
import { TAB_ID } from '../state/tabLiveness.ts';

export function problemFrom(error: RelayError, local: boolean): RunProblem {
  const { message, param, code, status, requestId, retryAfter } = error;
  return { message, param, code, status, requestId, retryAfter, local };
}

/** What one stream sends, as it is recorded: the wire parameters, and the lineage an edit carries. */
export interface RunRecording {
  params: GenerationRecord['params'];
  lineage: Promise<EditLineage>;
}

/** Sends one single-image stream (n = 1) of the run. */
export type SendVariant = (options: ImageStreamOptions) => Promise<void>;

const recordingDeps: RecordingDeps = {
  storage: studioStorage,
  makeThumbnail,
  report: (error) => useStorageStore.getState().report(error),
};

/** The wire parameters worth keeping: what was set, as JSON scalars. */
export function wireParams(body: object, prefix = ''): GenerationRecord['params'] {
  // Nested fields (the SVG author, `svg.model`) are kept under the dotted names the API's errors use.
  return Object.fromEntries(
    Object.entries(body).flatMap(([name, value]): [string, string | number | boolean][] => {
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
        return [[`${prefix}${name}`, value]];
      }
      return typeof value === 'object' && value !== null
        ? Object.entries(wireParams(value as object, `${prefix}${name}.`))
        : [];
    }),
  );
}

function failureOf(error: unknown): RunProblem {
  const relayError =
    error instanceof RelayError
      ? error
      : // Not the relay's words: the network failed (fetch's TypeError) or an image could not be read.
        new RelayError(0, `The request failed: ${(error as Error).message}`, { code: 'client_error' });
  return problemFrom(relayError, false);
}

/** One variant's stream, start to end, into the session store and storage. */
async function streamVariant(
  runId: string,
  variantId: string,
  variantIndex: number,
  request: ImageRequest,
  send: SendVariant,
  recording: RunRecording,
  signal: AbortSignal,
): Promise<void> {
  const single = { ...request, n: 1 };
  const recorder = recordVariant(
    recordingDeps,
    {
      id: variantId,
      batchId: runId,
      variantIndex,
      variantCount: request.n,
      request: single,
      params: recording.params,
      tabId: TAB_ID,
      startedAt: Date.now(),
    },
    recording.lineage,
  );
  let partials = 0;
  const session = () => useSessionStore.getState();
  try {
    await send({
      signal,
      variantIndex,
      onEvent: (event) => {
        const blob = imageBlobFromBase64(event.b64_json, event.output_format);
        const completed = isCompletedImageEvent(event);
        const id = crypto.randomUUID();
        if (!completed) partials += 1;
        recorder.image({
          id,
          role: completed ? 'final' : 'partial',
          sequence: completed ? 0 : partials,
          blob,
          format: event.output_format,
        });
        const url = URL.createObjectURL(blob);
        session().receive(runId, variantId, event, {
          id,
          url,
          format: event.output_format,
          size: event.size,
        });
      },
    });
    session().finish(runId, variantId);
  } catch (error) {
    if (signal.aborted) session().cancel(runId, variantId);
    else session().fail(runId, variantId, failureOf(error));
  }
  const variant = session()
    .runs.find((run) => run.id === runId)
    ?.variants.find((candidate) => candidate.id === variantId);
  if (!variant || variant.status === 'streaming' || variant.status === 'interrupted') return;
  recorder.end({
    status: variant.status,
    usage: variant.usage,
    costDollars: variant.usage && costInDollars(request.model.pricing, variant.usage),
    error: variant.error,
  });
}

export function useGeneration(registry: ModelRegistry | null) {
  const controllerRef = useRef<AbortController | null>(null);

  /** Streams one run of `request.n` variants into the session store and storage. */
  const startRun = useCallback(async (request: ImageRequest, send: SendVariant, recording: RunRecording) => {
    if (controllerRef.current) return;
    const runId = crypto.randomUUID();
    const variantIds = Array.from({ length: request.n }, () => crypto.randomUUID());
    const controller = new AbortController();
    controllerRef.current = controller;
    useSessionStore.getState().begin(runId, request, variantIds);
    try {
      await Promise.all(
        variantIds.map((variantId, index) =>
          streamVariant(runId, variantId, index, request, send, recording, controller.signal),
        ),
      );
    } finally {
      controllerRef.current = null;
    }
  }, []);

  const generate = useCallback(async () => {
    if (!registry || controllerRef.current) return;
    // A snapshot: the designer may keep editing the draft while this run streams.
    const draft = useDraftStore.getState().draft;
    const checked = checkDraft(draft, registry);
    if (!checked.ok) {
      useSessionStore.getState().refuse(problemFrom(RelayError.fromApiError(checked.error), true));
      return;
    }
    const body = { ...generationBodyFromDraft(draft), n: 1 };
    const send: SendVariant = body.stream
      ? (options) => streamImages(body, options)
      : (options) => fetchWholeImages(checked.value, body, options);
    await startRun(checked.value, send, {
      params: wireParams(body),
      lineage: Promise.resolve(NO_LINEAGE),
    });
  }, [registry, startRun]);

  const cancel = useCallback(() => controllerRef.current?.abort(), []);

  return { generate, startRun, cancel };
}

/**
 * Drives one generation: checks the draft with the contract's rules, streams it through the relay and
 * feeds each event to the session store. Only one run streams at a time.
 */
import { useCallback, useRef } from 'react';
import { imageBlobFromBase64 } from '../api/imageBlob.ts';
import { streamImages, type ImageStreamOptions } from '../api/imageStream.ts';
import { RelayError } from '../api/relayError.ts';
import type { ImageRequest, ModelRegistry } from '../contract/index.ts';
import { checkDraft, generationBodyFromDraft } from '../state/draft.ts';
import { useDraftStore } from '../state/draftStore.ts';
import type { RunProblem } from '../state/run.ts';
import { useSessionStore } from '../state/sessionStore.ts';

export function problemFrom(error: RelayError, local: boolean): RunProblem {
  const { message, param, code, status, requestId, retryAfter } = error;
  return { message, param, code, status, requestId, retryAfter, local };
}

export function useGeneration(registry: ModelRegistry | null) {
  const controllerRef = useRef<AbortController | null>(null);

  /** Streams one run into the session store; `send` makes the request (a generation or an edit). */
  const startRun = useCallback(
    async (request: ImageRequest, send: (options: ImageStreamOptions) => Promise<void>) => {
      if (controllerRef.current) return;
      const session = useSessionStore.getState();
      const id = crypto.randomUUID();
      const controller = new AbortController();
      controllerRef.current = controller;
      session.begin(id, request);
      try {
        await send({
          signal: controller.signal,
          onEvent: (event) => {
            const url = URL.createObjectURL(imageBlobFromBase64(event.b64_json, event.output_format));
            useSessionStore
              .getState()
              .receive(id, event, { url, format: event.output_format, size: event.size });
          },
        });
        useSessionStore.getState().finish(id);
      } catch (error) {
        if (controller.signal.aborted) {
          useSessionStore.getState().cancel(id);
        } else {
          const relayError =
            error instanceof RelayError
              ? error
              : // Not the relay's words: the network failed (fetch's TypeError) or an image could not be read.
                new RelayError(0, `The request failed: ${(error as Error).message}`, {
                  code: 'client_error',
                });
          useSessionStore.getState().fail(id, problemFrom(relayError, false));
        }
      } finally {
        controllerRef.current = null;
      }
    },
    [],
  );

  const generate = useCallback(async () => {
    if (!registry || controllerRef.current) return;
    // A snapshot: the designer may keep editing the draft while this run streams.
    const draft = useDraftStore.getState().draft;
    const checked = checkDraft(draft, registry);
    if (!checked.ok) {
      useSessionStore.getState().refuse(problemFrom(RelayError.fromApiError(checked.error), true));
      return;
    }
    const body = generationBodyFromDraft(draft);
    await startRun(checked.value, (options) => streamImages(body, options));
  }, [registry, startRun]);

  const cancel = useCallback(() => controllerRef.current?.abort(), []);

  return { generate, startRun, cancel };
}

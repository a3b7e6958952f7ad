/**
 * Drives one edit: the draft's fields checked by the contract, the board's images in order, and the mask
 * exported at the first image's natural size (or left out when nothing is painted), streamed like a
 * generation.
 */
import { useCallback, useRef } from 'react';
import type { ImageStreamOptions } from '../../api/imageStream.ts';
import { streamImageEdit, type EditUpload } from '../../api/imageEdit.ts';
import { RelayError } from '../../api/relayError.ts';
import {
  STUDIO_POLICY,
  invalidRequest,
  validateEditFields,
  type ModelRegistry,
} from '../../contract/index.ts';
import { exportMaskPng } from '../../editor/exportMask.ts';
import { useBoardStore } from '../../state/boardStore.ts';
import { useDraftStore } from '../../state/draftStore.ts';
import { editFieldsFromDraft } from '../../state/edit.ts';
import { useMaskStore } from '../../state/maskStore.ts';
import { NO_LINEAGE, storeEditInputs } from '../../state/recording.ts';
import { useStorageStore } from '../../state/storageStore.ts';
import { studioStorage } from '../../storage/index.ts';
import { useSessionStore } from '../../state/sessionStore.ts';
import { useUploadProgressStore } from '../../state/uploadProgressStore.ts';
import { problemFrom, wireParams, type useGeneration } from '../useGeneration.ts';

type StartRun = ReturnType<typeof useGeneration>['startRun'];

const refuse = (error: Parameters<typeof RelayError.fromApiError>[0]) =>
  useSessionStore.getState().refuse(problemFrom(RelayError.fromApiError(error), true));

/** Streams the edit, publishing its upload progress from the first byte sent until the first partial. */
async function streamEditShowingUpload(upload: EditUpload, options: ImageStreamOptions): Promise<void> {
  // startRun has just begun the run, which makes it the selected one.
  const runId = useSessionStore.getState().selectedRunId;
  if (runId === null) return streamImageEdit(upload, options);
  const progress = useUploadProgressStore.getState();
  let answered = false;
  try {
    await streamImageEdit(upload, {
      ...options,
      onUploadProgress: (sentBytes, totalBytes) => {
        if (!answered) progress.set({ runId, sentBytes, totalBytes });
      },
      onEvent: (event) => {
        answered = true;
        progress.clear(runId);
        options.onEvent(event);
      },
    });
  } finally {
    progress.clear(runId);
  }
}

export function useEdit(registry: ModelRegistry | null, startRun: StartRun) {
  // Exporting a large mask takes a moment; a second press meanwhile must not start a second edit.
  const preparingRef = useRef(false);

  return useCallback(async () => {
    if (!registry || preparingRef.current) return;
    const images = useBoardStore.getState().images;
    const first = images[0];
    if (!first) {
      refuse(invalidRequest('image', 'Add an image to the board first: the edit starts from it.'));
      return;
    }
    const fields = editFieldsFromDraft(useDraftStore.getState().draft);
    const checked = validateEditFields(fields, registry, STUDIO_POLICY);
    if (!checked.ok) {
      refuse(checked.error);
      return;
    }
    preparingRef.current = true;
    try {
      useMaskStore.getState().adoptSize(first);
      const mask = await exportMaskPng(useMaskStore.getState().history.operations, first);
      if (mask.kind === 'refused') {
        refuse(mask.error);
        return;
      }
      // Each variant is its own single-image stream (see useGeneration).
      const sent = { ...fields, n: '1' };
      const upload: EditUpload = {
        fields: sent,
        images: images.map((image) => ({ blob: image.blob, filename: image.name })),
        mask: mask.kind === 'mask' ? { blob: mask.png, filename: 'mask.png' } : null,
      };
      const lineage = storeEditInputs(
        studioStorage,
        images,
        mask.kind === 'mask' ? { blob: mask.png, width: mask.width, height: mask.height } : null,
      ).catch((error: unknown) => {
        useStorageStore.getState().report(error);
        return NO_LINEAGE;
      });
      await startRun(checked.value, (options) => streamEditShowingUpload(upload, options), {
        params: wireParams(sent),
        lineage,
      });
    } finally {
      preparingRef.current = false;
    }
  }, [registry, startRun]);
}

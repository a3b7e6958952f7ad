/**
 * Drives one edit: the draft's fields checked by the contract, the board's images in order, and the mask
 * exported at the first image's natural size (or left out when nothing is painted), streamed like a
 * generation.
 */
import { useCallback, useRef } from 'react';
import type { ImageStreamOptions } from '../../api/imageStream.ts';
import { streamImageEdit } from '../../api/imageEdit.ts';
import { RelayError } from '../../api/relayError.ts';
import {
  invalidRequest,
  validateEditFields,
  type ImageRequest,
  type ModelRegistry,
} from '../../contract/index.ts';
import { exportMaskPng } from '../../editor/exportMask.ts';
import { useBoardStore } from '../../state/boardStore.ts';
import { useDraftStore } from '../../state/draftStore.ts';
import { editFieldsFromDraft } from '../../state/edit.ts';
import { useMaskStore } from '../../state/maskStore.ts';
import { useSessionStore } from '../../state/sessionStore.ts';
import { problemFrom } from '../useGeneration.ts';

type StartRun = (
  request: ImageRequest,
  send: (options: ImageStreamOptions) => Promise<void>,
) => Promise<void>;

const refuse = (error: Parameters<typeof RelayError.fromApiError>[0]) =>
  useSessionStore.getState().refuse(problemFrom(RelayError.fromApiError(error), true));

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
    const checked = validateEditFields(fields, registry);
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
      const upload = {
        fields,
        images: images.map((image) => ({ blob: image.blob, filename: image.name })),
        mask: mask.kind === 'mask' ? { blob: mask.png, filename: 'mask.png' } : null,
      };
      await startRun(checked.value, (options) => streamImageEdit(upload, options));
    } finally {
      preparingRef.current = false;
    }
  }, [registry, startRun]);
}

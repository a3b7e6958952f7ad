/**
 * Streamed edits: POST /v1/images/edits as multipart, the images in board order (one as `image`, several
 * as `image[]`, openai-images.md §2b) and the mask, which applies to the first. The SSE body is read by
 * the same event reader as generations.
 */
import { imageRequestHeaders, type ImageStreamOptions } from './imageStream.ts';
import { postImageStream } from './xhrImageStream.ts';

export const EDITS_PATH = '/v1/images/edits';

export interface EditUploadFile {
  blob: Blob;
  filename: string;
}

export interface EditUpload {
  /** Text fields, already as the API's multipart text (see editFieldsFromDraft). */
  fields: Record<string, string>;
  images: readonly EditUploadFile[];
  mask: EditUploadFile | null;
}

export function editFormData(upload: EditUpload): FormData {
  const form = new FormData();
  for (const [field, value] of Object.entries(upload.fields)) form.append(field, value);
  form.set('stream', 'true');
  const imageField = upload.images.length === 1 ? 'image' : 'image[]';
  for (const image of upload.images) form.append(imageField, image.blob, image.filename);
  if (upload.mask) form.append('mask', upload.mask.blob, upload.mask.filename);
  return form;
}

/** Streams an edit over XMLHttpRequest, the one browser transport that reports upload progress. */
export function streamImageEdit(upload: EditUpload, options: ImageStreamOptions): Promise<void> {
  // No content-type: the browser writes the multipart boundary itself.
  return postImageStream(EDITS_PATH, editFormData(upload), imageRequestHeaders(options), options);
}

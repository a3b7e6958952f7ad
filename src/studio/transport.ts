/** How the studio reaches the relay; tests hand it a fake (see testing/fakeTransport.ts). */
import { streamImageEdit, type EditUpload } from '../api/imageEdit.ts';
import { fetchWholeImages, streamImages, type ImageStreamOptions } from '../api/imageStream.ts';
import type { GenerationBody, ImageRequest } from '../contract/index.ts';

export interface Transport {
  streamImages: (body: GenerationBody, options: ImageStreamOptions) => Promise<void>;
  /** GIF and SVG are made whole: one JSON answer rather than a stream. */
  fetchWholeImages: (
    request: ImageRequest,
    body: GenerationBody,
    options: ImageStreamOptions,
  ) => Promise<void>;
  streamImageEdit: (upload: EditUpload, options: ImageStreamOptions) => Promise<void>;
}

export const relayTransport: Transport = { streamImages, fetchWholeImages, streamImageEdit };

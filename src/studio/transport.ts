/** How the studio reaches the relay; tests hand it a fake (see testing/fakeTransport.ts). */
import { streamImageEdit, type EditUpload } from '../api/imageEdit.ts';
import { fetchWholeImages, streamImages, type ImageStreamOptions } from '../api/imageStream.ts';
import type { ResponsesBody, ResponseStreamOptions } from '../api/responses.ts';
import type { GenerationBody, ImageRequest } from '../contract/index.ts';
import type { ResponseObject } from '../contract/responses.ts';

export interface Transport {
  streamImages: (body: GenerationBody, options: ImageStreamOptions) => Promise<void>;
  /** GIF and SVG are made whole: one JSON answer rather than a stream. */
  fetchWholeImages: (
    request: ImageRequest,
    body: GenerationBody,
    options: ImageStreamOptions,
  ) => Promise<void>;
  streamImageEdit: (upload: EditUpload, options: ImageStreamOptions) => Promise<void>;
  /** A conversation turn through the Responses API; resolves with the completed response. */
  streamResponse: (body: ResponsesBody, options: ResponseStreamOptions) => Promise<ResponseObject>;
}

export const relayTransport: Transport = {
  streamImages,
  fetchWholeImages,
  streamImageEdit,
  // Conversations are not on the first screen: their client loads with the first turn.
  streamResponse: (body, options) =>
    import('../api/responses.ts').then((module) => module.streamResponse(body, options)),
};

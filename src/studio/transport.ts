/** How the studio reaches the relay; tests hand it a fake (see testing/fakeTransport.ts). */
import type { EditUpload } from '../api/imageEdit.ts';
import type { ImageStreamOptions } from '../api/imageStream.ts';
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
  /** A stored response's stream again: the events after `startingAfter`, then the live ones. */
  resumeResponse: (
    id: string,
    startingAfter: number,
    options: ResponseStreamOptions,
  ) => Promise<ResponseObject>;
  retrieveResponse: (id: string, signal?: AbortSignal) => Promise<ResponseObject>;
  /** Stops a background response upstream; resolves with it as the cancel left it. */
  cancelResponse: (id: string) => Promise<ResponseObject>;
}

// The stream readers are not needed to show the studio: they load with the first run (or when the page is
// idle, see preloadRelayTransport), which keeps them and their SSE parser out of the first page load.
const imageStreams = () => import('../api/imageStream.ts');
const imageEdits = () => import('../api/imageEdit.ts');
const responses = () => import('../api/responses.ts');

export const relayTransport: Transport = {
  streamImages: (body, options) => imageStreams().then((module) => module.streamImages(body, options)),
  fetchWholeImages: (request, body, options) =>
    imageStreams().then((module) => module.fetchWholeImages(request, body, options)),
  streamImageEdit: (upload, options) =>
    imageEdits().then((module) => module.streamImageEdit(upload, options)),
  streamResponse: (body, options) => responses().then((module) => module.streamResponse(body, options)),
  resumeResponse: (id, startingAfter, options) =>
    responses().then((module) => module.resumeResponseStream(id, startingAfter, options)),
  retrieveResponse: (id, signal) => responses().then((module) => module.retrieveResponse(id, signal)),
  cancelResponse: (id) => responses().then((module) => module.cancelResponse(id)),
};

/** Fetches the stream readers ahead of the first run, so pressing Generate never waits for them. */
export function preloadRelayTransport(): void {
  void imageStreams().catch(() => undefined);
  void imageEdits().catch(() => undefined);
}

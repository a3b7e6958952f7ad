/**
 * The offline engine's contract with the relay: a validated request plus the spooled input files in, the
 * API's own stream events out. The relay frames them as SSE, or collects the completed ones into an
 * ImagesResponse for non-streamed requests.
 */
import type { ImageRequest, ImageStreamEvent, SniffedImage } from '../contract/index.ts';

/** An uploaded file the relay has spooled to disk and sniffed. */
export interface EngineInputFile {
  path: string;
  sniffed: SniffedImage;
  /** The name the API gives it in errors: `image`, `image[1]`, `images[0].image_url`, `mask`. */
  param: string;
}

export interface EngineJob {
  request: ImageRequest;
  /** Edits: the images in request order; the first is the base the mask applies to. Empty for generations. */
  images: readonly EngineInputFile[];
  mask: EngineInputFile | null;
  /**
   * Which variant of the prompt the request's first image is; image i is variant `variantIndex + i`. A run
   * of n images sent as n single-image requests numbers them so each request paints a different variant.
   */
  variantIndex: number;
}

export interface OfflineEngine {
  /**
   * Yields, for each of the request's `n` images in turn, `partialImages` partial events when streaming and
   * then one completed event. Usage on the first completed event includes the input tokens; later ones
   * count only their output. Stops promptly when the signal aborts.
   */
  run(job: EngineJob, signal: AbortSignal): AsyncIterable<ImageStreamEvent>;
}

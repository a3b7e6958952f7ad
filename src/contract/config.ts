/** What `GET /api/config` returns: which upstream answers, the models it serves, and the upload limits. */
import type { ModelCapabilities, ModelStatus } from './models.ts';
import type { ProviderKind } from './providers.ts';

/**
 * A model as the relay lists it. Its `id` is its address, the `model` to send: the provider's own id
 * without a STUDIO_PROVIDERS file, `providerId/modelId` with one (contract/providers.ts).
 */
export interface ConfiguredModel extends ModelCapabilities {
  status: ModelStatus;
  /** The provider that serves it, as the picker titles its group. */
  provider: { id: string; label: string };
}

/** Every protocol a provider may speak (contract/providers.ts). */
export type UpstreamKind = ProviderKind;

/** One provider behind the relay, as the studio shows it. */
export interface ConfiguredProvider {
  id: string;
  kind: UpstreamKind;
  label: string;
  /** Its base URL's host, or null for the offline engine. */
  host: string | null;
}

/**
 * The studio fans a run of n images out into n single-image requests; this header tells each one's
 * index to the offline engine, so variants differ as they would upstream. It is the relay's own: never
 * forwarded to a provider.
 */
export const VARIANT_INDEX_HEADER = 'x-atelier-variant-index';

/**
 * A provider that works before it answers (a task gateway polled for minutes) reports how far it is. By
 * default that goes as SSE comments (`: progress 40`), which every SDK skips; a client that sends this
 * header with the value PROGRESS_EVENTS_VALUE gets PROGRESS_EVENT frames instead, to show a progress bar.
 * The relay's own, like the variant index: never forwarded to a provider.
 */
export const PROGRESS_HEADER = 'x-atelier-progress';
export const PROGRESS_EVENTS_VALUE = 'events';
export const PROGRESS_EVENT = 'atelier.progress';

/**
 * The data of a PROGRESS_EVENT frame: whether the provider is still waiting to start (`queued`) or making
 * the image (`working`), and its own percentage, 0 to 100.
 */
export interface ProviderProgressEvent {
  type: typeof PROGRESS_EVENT;
  stage: 'queued' | 'working';
  progress: number;
}

export interface StudioConfig {
  /** The first provider (the one bare model ids fall to first); `providers` lists them all. */
  upstream: {
    kind: UpstreamKind;
    /** What the studio's badge says: "Offline engine", "OpenAI", or a gateway's host. */
    label: string;
    /** The upstream base URL's host, or null for the offline engine. */
    host: string | null;
  };
  /**
   * Every model the provider knows, retired ones included (the picker shows them disabled with their
   * replacement), each with where it stands on the relay's today.
   */
  models: ConfiguredModel[];
  /** In the order bare model ids are looked up in. */
  providers: ConfiguredProvider[];
  defaultModel: string;
  limits: {
    maxInputImageBytes: number;
    maxMaskBytes: number;
    maxReferenceImages: number;
    maxRequestBytes: number;
  };
  /** Whether requests must carry the relay's access token (a relay bound beyond loopback). */
  accessTokenRequired: boolean;
}

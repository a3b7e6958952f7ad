/** What `GET /api/config` returns: which upstream answers, the models it serves, and the upload limits. */
import type { ModelCapabilities, ModelStatus } from './models.ts';

export interface ConfiguredModel extends ModelCapabilities {
  status: ModelStatus;
}

export type UpstreamKind = 'offline' | 'openai';

/**
 * The studio fans a run of n images out into n single-image requests; this header tells each one's
 * index to the offline engine, so variants differ as they would upstream. It is the relay's own: never
 * forwarded to a provider.
 */
export const VARIANT_INDEX_HEADER = 'x-atelier-variant-index';

export interface StudioConfig {
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

/** What `GET /api/config` returns: which upstream answers, the models it serves, and the upload limits. */
import type { ModelCapabilities } from './models.ts';

export type UpstreamKind = 'offline' | 'openai';

export interface StudioConfig {
  upstream: {
    kind: UpstreamKind;
    /** What the studio's badge says: "Offline engine", "OpenAI", or a gateway's host. */
    label: string;
    /** The upstream base URL's host, or null for the offline engine. */
    host: string | null;
  };
  models: ModelCapabilities[];
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

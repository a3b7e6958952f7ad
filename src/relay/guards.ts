/**
 * Guards that run before a request is read (design.md §3, Security): the Host header against DNS
 * rebinding, the Origin header against other web pages, and the optional access token.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { apiError, type ApiError } from '../contract/index.ts';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];
const WILDCARD_ADDRESSES = new Set(['0.0.0.0', '::', '[::]']);
/** The Vite dev server (vite.config.ts) proxies the studio's calls but keeps the browser's Origin. */
const DEV_SERVER_ORIGINS = ['http://127.0.0.1:5173', 'http://localhost:5173'];

export interface GuardSettings {
  /** The address the relay is bound to (HOST). */
  host: string;
  /** The port actually bound (known after listen). */
  port: number;
  allowedOrigins: readonly string[];
  accessToken: string | null;
}

export function isLoopbackHost(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1' || host === '[::1]';
}

function hostWithPort(host: string, port: number): string {
  const bracketed = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `${bracketed}:${port}`.toLowerCase();
}

export interface Guards {
  /** Refuses a request whose Host or Origin is not ours; null when it may proceed. */
  checkHostAndOrigin(headers: IncomingHttpHeaders): ApiError | null;
  /** Refuses an API request without the access token (when one is configured). */
  checkAccessToken(headers: IncomingHttpHeaders): ApiError | null;
  /** The origin to answer CORS for: a listed cross-origin caller, else null. */
  corsOrigin(headers: IncomingHttpHeaders): string | null;
}

export function createGuards(settings: GuardSettings): Guards {
  // A relay bound to every interface cannot know the names it is reached by; the access token protects it.
  const anyHost = WILDCARD_ADDRESSES.has(settings.host);
  const allowedHosts = new Set([hostWithPort(settings.host, settings.port)]);
  if (isLoopbackHost(settings.host)) {
    for (const name of LOOPBACK_NAMES) allowedHosts.add(hostWithPort(name, settings.port));
  }
  const crossOrigins = new Set([
    ...settings.allowedOrigins,
    ...(isLoopbackHost(settings.host) ? DEV_SERVER_ORIGINS : []),
  ]);
  const tokenDigest = settings.accessToken ? sha256(settings.accessToken) : null;

  function hostAllowed(hostHeader: string | undefined): boolean {
    if (!hostHeader) return false;
    return anyHost || allowedHosts.has(hostHeader.toLowerCase());
  }

  return {
    checkHostAndOrigin(headers) {
      if (!hostAllowed(headers.host)) {
        return apiError(421, `This relay does not answer for host '${headers.host ?? ''}'.`, {
          code: 'host_not_allowed',
        });
      }
      const origin = headers.origin;
      // No Origin header: not a browser page (curl, the SDKs), which the Host check already covers.
      if (origin === undefined) return null;
      if (origin === `http://${headers.host}`.toLowerCase() || crossOrigins.has(origin)) return null;
      return apiError(403, `Requests from the origin '${origin}' are not allowed.`, {
        code: 'origin_not_allowed',
      });
    },

    checkAccessToken(headers) {
      if (!tokenDigest) return null;
      const match = /^Bearer (.+)$/i.exec(headers.authorization ?? '');
      // Comparing fixed-length digests keeps the comparison constant-time whatever the token's length.
      if (match && timingSafeEqual(sha256(match[1]!.trim()), tokenDigest)) return null;
      return apiError(
        401,
        match
          ? 'The access token is not valid for this relay.'
          : "This relay needs its access token: send 'Authorization: Bearer <STUDIO_ACCESS_TOKEN>'.",
        { code: 'invalid_access_token' },
      );
    },

    corsOrigin(headers) {
      const origin = headers.origin;
      return origin !== undefined && crossOrigins.has(origin) ? origin : null;
    },
  };
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

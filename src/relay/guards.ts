/**
 * Guards that run before a request is read (design.md §3, Security): the Host header against DNS
 * rebinding, the Origin header against other web pages, the optional access token, and the body's declared
 * type. No relay trusts the Vite dev server's origin: in `npm run dev` its proxy makes the studio's calls
 * same-origin ones (vite.config.ts), so a page on that port cannot spend the key of a relay run with `npm start`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { apiError, type ApiError } from '../contract/index.ts';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];
/** A Host header: a name, an IPv4 address or a bracketed IPv6 one, and an optional port. */
const HOST_HEADER = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::\d{1,5})?$/;
/** An address written as such: a DNS name would be needed to rebind it to this machine. */
const IP_LITERAL = /^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-f:.]+\])$/;

export interface GuardSettings {
  /** The address the relay is bound to (HOST). */
  host: string;
  /** The port actually bound (known after listen). */
  port: number;
  allowedOrigins: readonly string[];
  /** Other names the relay is reached by (STUDIO_ALLOWED_HOSTS), lower case, without a port. */
  allowedHosts: readonly string[];
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
  const loopback = isLoopbackHost(settings.host);
  const hostsWithPort = new Set([hostWithPort(settings.host, settings.port)]);
  // Bound beyond loopback (0.0.0.0, say), the relay still answers on loopback too.
  for (const name of LOOPBACK_NAMES) hostsWithPort.add(hostWithPort(name, settings.port));
  const namedHosts = new Set(settings.allowedHosts);
  const crossOrigins = new Set(settings.allowedOrigins);
  const tokenDigest = settings.accessToken ? sha256(settings.accessToken) : null;

  /**
   * A page whose name an attacker's DNS points at this machine sends that name as its Host, so only names
   * this relay knows pass: loopback ones on its port; the listed names on any port (a reverse proxy in front,
   * on this machine or another, may drop or change the port); and, bound beyond loopback, addresses, which
   * no DNS answer is needed to reach.
   */
  function hostAllowed(hostHeader: string | undefined): boolean {
    const host = hostHeader?.toLowerCase() ?? '';
    const name = HOST_HEADER.exec(host)?.[1];
    if (name === undefined) return false;
    return hostsWithPort.has(host) || namedHosts.has(name) || (!loopback && IP_LITERAL.test(name));
  }

  return {
    checkHostAndOrigin(headers) {
      if (!hostAllowed(headers.host)) {
        return apiError(
          421,
          `This relay does not answer for host '${headers.host ?? ''}'. If you reach it by this name (through a proxy, say), add the name to STUDIO_ALLOWED_HOSTS.`,
          { code: 'host_not_allowed' },
        );
      }
      const origin = headers.origin;
      // No Origin header: not a browser page (curl, the SDKs), which the Host check already covers.
      if (origin === undefined) return null;
      if (isSameOrigin(origin, headers.host!) || crossOrigins.has(origin)) return null;
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

/** The page's origin is the relay's own: reached directly, or through a proxy in front that ends TLS. */
function isSameOrigin(origin: string, host: string): boolean {
  const lower = origin.toLowerCase();
  const own = host.toLowerCase();
  return lower === `http://${own}` || lower === `https://${own}`;
}

export type BodyKind = 'json' | 'multipart';

const MEDIA_TYPES: Readonly<Record<BodyKind, string>> = {
  json: 'application/json',
  multipart: 'multipart/form-data',
};

/**
 * Which of `accepted` the request's body declares itself to be (parameters such as `charset` or `boundary`
 * aside), or the API's own refusal when it is none of them (openai-images.md §1, §2a: the SDKs send
 * `application/json`, and `multipart/form-data; boundary=…` for an edit with files). A body that says it is
 * something else is not read as JSON or a form on a guess.
 */
export function checkBodyType(
  headers: IncomingHttpHeaders,
  accepted: readonly BodyKind[],
): { ok: true; kind: BodyKind } | { ok: false; error: ApiError } {
  const declared = headers['content-type']?.trim() ?? '';
  const mediaType = declared.split(';')[0]!.trim().toLowerCase();
  const kind = accepted.find((candidate) => MEDIA_TYPES[candidate] === mediaType);
  if (kind) return { ok: true, kind };
  const valid = accepted.map((candidate) => `'${MEDIA_TYPES[candidate]}'`).join(' or ');
  const given = declared
    ? `Unsupported content type: '${declared}'. This API method only accepts ${valid} requests, but you specified the header 'Content-Type: ${declared}'.`
    : `Missing content type. This API method only accepts ${valid} requests, but the request has no Content-Type header.`;
  // OpenAI's own answer, in its words (param null: the header is not a body parameter).
  return {
    ok: false,
    error: apiError(400, `${given} Please try again with a supported content type.`, {
      code: 'unsupported_content_type',
    }),
  };
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

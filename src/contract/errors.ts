/**
 * OpenAI's error shape (openai-images.md §3): every non-2xx body is `{error: {message, type, param, code}}`,
 * all four keys present. The SDK builds `APIError` from `body.error`, so keeping this exact shape is what
 * makes the relay a drop-in.
 */
export interface ApiErrorObject {
  message: string;
  type: string;
  param: string | null;
  code: string | null;
}

export interface ApiErrorBody {
  error: ApiErrorObject;
}

/** An error with the HTTP status it travels with. */
export interface ApiError {
  status: number;
  body: ApiErrorBody;
}

export function apiError(
  status: number,
  message: string,
  options: { type?: string; param?: string | null; code?: string | null } = {},
): ApiError {
  return {
    status,
    body: {
      error: {
        message,
        type: options.type ?? 'invalid_request_error',
        param: options.param ?? null,
        code: options.code ?? null,
      },
    },
  };
}

/** A 400 naming the offending field; `code` defaults to the API's `invalid_value`. */
export function invalidRequest(param: string | null, message: string, code = 'invalid_value'): ApiError {
  return apiError(400, message, { param, code });
}

export function isApiErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

/** A result that either holds a value or the API error that refuses it. */
/**
 * What went wrong, wherever it came from (the studio's own check, the relay, the API behind it, the
 * network), in the API's terms: the one shape every banner, record and log of a failure uses.
 */
export interface Problem {
  message: string;
  /** The API parameter at fault (`size`, `background`, ...), or null. */
  param: string | null;
  code: string | null;
  /** The HTTP status, or 0 when none came (a failure inside a stream, or no answer at all). */
  status: number;
  requestId: string | null;
  retryAfter: number | null;
  /** True when the studio's own check refused the draft, so nothing reached the relay. */
  local: boolean;
}

/** The studio's own refusal, before anything is sent: the same words the relay would answer with. */
export function refusalProblem(error: ApiError): Problem {
  const { message, param, code } = error.body.error;
  return { message, param, code, status: error.status, requestId: null, retryAfter: null, local: true };
}

export type Checked<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export const accept = <T>(value: T): Checked<T> => ({ ok: true, value });
export const refuse = <T = never>(error: ApiError): Checked<T> => ({ ok: false, error });

/** The code of a 429 that no wait will cure: the account is out of credit (openai-images.md §3). */
export const INSUFFICIENT_QUOTA_CODE = 'insufficient_quota';

/**
 * Whether trying the same request again may succeed, by the SDKs' rules (openai-images.md §3): an
 * `x-should-retry` header decides when present; otherwise 408, 409, 429 and 5xx are retryable, except an
 * exhausted quota, which the SDKs would retry in vain.
 */
export function isRetryableFailure(
  status: number,
  code: string | null,
  shouldRetryHeader: string | null = null,
): boolean {
  if (code === INSUFFICIENT_QUOTA_CODE) return false;
  if (shouldRetryHeader === 'true') return true;
  if (shouldRetryHeader === 'false') return false;
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/**
 * The wait an answer asks for, in milliseconds: `retry-after-ms`, else `retry-after` in seconds or as an
 * HTTP date (openai-images.md §3). Null when neither header says anything usable.
 */
export function retryAfterMs(
  retryAfterMsHeader: string | null,
  retryAfterHeader: string | null,
  now: number,
): number | null {
  const milliseconds = Number(retryAfterMsHeader ?? Number.NaN);
  if (retryAfterMsHeader !== null && retryAfterMsHeader.trim() !== '' && Number.isFinite(milliseconds)) {
    return Math.max(0, milliseconds);
  }
  if (retryAfterHeader === null || retryAfterHeader.trim() === '') return null;
  const seconds = Number(retryAfterHeader);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(retryAfterHeader);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

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
export type Checked<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export const accept = <T>(value: T): Checked<T> => ({ ok: true, value });
export const refuse = <T = never>(error: ApiError): Checked<T> => ({ ok: false, error });

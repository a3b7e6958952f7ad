import { isApiErrorBody, retryAfterMs, type ApiError, type Problem } from '../contract/index.ts';

/** What the relay refused or reported, in the API's terms. */
export class RelayError extends Error {
  override readonly name = 'RelayError';
  /** HTTP status; 0 when the error arrived mid-stream or never left the browser. */
  readonly status: number;
  /** The request field at fault, as the API names it (`size`, `background`, ...), or null. */
  readonly param: string | null;
  readonly code: string | null;
  readonly type: string;
  readonly requestId: string | null;
  /** Seconds to wait before retrying, from a 429/503 `retry-after-ms` or `retry-after` header. */
  readonly retryAfter: number | null;

  constructor(
    status: number,
    message: string,
    fields: {
      param?: string | null;
      code?: string | null;
      type?: string;
      requestId?: string | null;
      retryAfter?: number | null;
    } = {},
  ) {
    super(message);
    this.status = status;
    this.param = fields.param ?? null;
    this.code = fields.code ?? null;
    this.type = fields.type ?? 'api_error';
    this.requestId = fields.requestId ?? null;
    this.retryAfter = fields.retryAfter ?? null;
  }

  /** An API error the relay answered inside a body the contract read (a JSON answer with an error). */
  static fromApiError(error: ApiError, requestId: string | null = null): RelayError {
    const { message, param, code, type } = error.body.error;
    return new RelayError(error.status, message, { param, code, type, requestId });
  }
}

/** Whole seconds the answer asks the client to wait, from `retry-after-ms` or `retry-after`. */
function retryAfterSeconds(headers: Headers): number | null {
  const ms = retryAfterMs(headers.get('retry-after-ms'), headers.get('retry-after'), Date.now());
  return ms === null ? null : Math.ceil(ms / 1000);
}

/** Reads a non-2xx response into a RelayError, whether or not its body is the API's error JSON. */
export async function relayErrorFromResponse(response: Response): Promise<RelayError> {
  const text = await response.text().catch(() => '');
  return relayErrorFromAnswer(response.status, response.statusText, response.headers, text);
}

/** The same RelayError from an answer's parts, for transports without a Response (XMLHttpRequest). */
export function relayErrorFromAnswer(
  status: number,
  statusText: string,
  headers: Headers,
  text: string,
): RelayError {
  const requestId = headers.get('x-request-id');
  const retryAfter = retryAfterSeconds(headers);
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON (a proxy's HTML page, an empty body): fall through to the status line.
  }
  if (isApiErrorBody(body)) {
    const { message, param, code, type } = body.error;
    return new RelayError(status, message, { param, code, type, requestId, retryAfter });
  }
  const summary = text.trim().slice(0, 200);
  return new RelayError(
    status,
    `The relay answered ${status} ${statusText}${summary ? `: ${summary}` : '.'}`,
    { requestId, retryAfter },
  );
}

/**
 * A request's failure as the studio shows it: the relay's own words, or (fetch's TypeError, an image that
 * could not be read) what failed on the way.
 */
export function problemOfFailure(error: unknown): Problem {
  if (!(error instanceof RelayError)) {
    return {
      message: `The request failed: ${(error as Error).message}`,
      param: null,
      code: 'client_error',
      status: 0,
      requestId: null,
      retryAfter: null,
      local: false,
    };
  }
  const { message, param, code, status, requestId, retryAfter } = error;
  return { message, param, code, status, requestId, retryAfter, local: false };
}

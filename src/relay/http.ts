/** Small response and body helpers shared by the relay's routes. */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { apiError, type ApiError } from '../contract/index.ts';

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

/**
 * Answers with an error in the API's shape. One the relay makes itself still gets a request id of its own
 * (unless the caller passes one), as every OpenAI answer has: the SDKs put it in `APIError.requestID`,
 * which is what a user quotes when something goes wrong.
 */
export function sendApiError(
  res: ServerResponse,
  error: ApiError,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, error.status, error.body, {
    'x-request-id': headers['x-request-id'] ?? newRequestId(),
    ...headers,
  });
}

/** A request id in OpenAI's style for responses the relay answers itself. */
export function newRequestId(): string {
  return `req_${randomBytes(16).toString('hex')}`;
}

/** Thrown by readBody when the client sends more than allowed; carries the 413 to answer with. */
export class BodyTooLargeError extends Error {
  readonly apiError: ApiError;
  constructor(limitBytes: number) {
    super(`Request body over ${limitBytes} bytes`);
    this.apiError = apiError(
      413,
      `The request body is larger than the ${limitBytes} bytes this route accepts.`,
      {
        code: 'request_too_large',
      },
    );
  }
}

/**
 * Reads a whole (small) request body, refusing it as soon as it passes `limitBytes` (and then dropping the
 * rest with the connection). It listens to the request's events rather than iterating it: the async
 * iterator's promise and end-of-stream machinery per body cost a tenth of a millisecond on the way to a
 * generation's first event, for a body that is one chunk.
 */
export function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes)
    return Promise.reject(new BodyTooLargeError(limitBytes));
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const settle = (error: Error | null) => {
      req.off('data', onData).off('end', onEnd).off('error', settle).off('close', onClose);
      if (error) reject(error);
      else resolvePromise(Buffer.concat(chunks, received));
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received <= limitBytes) chunks.push(chunk);
      else {
        settle(new BodyTooLargeError(limitBytes));
        req.destroy();
      }
    };
    const onEnd = () => settle(null);
    const onClose = () => settle(new Error('The client closed the connection before its body was complete.'));
    req.on('data', onData).on('end', onEnd).on('error', settle).on('close', onClose);
  });
}

/** Writes one chunk and waits for the socket to take it when its buffer is full (backpressure). */
export function writeWithBackpressure(res: ServerResponse, chunk: Uint8Array | string): Promise<void> | void {
  if (res.write(chunk)) return;
  return new Promise((resolvePromise, reject) => {
    const cleanup = () => {
      res.off('drain', onDrain);
      res.off('close', onClose);
    };
    const onDrain = () => {
      cleanup();
      resolvePromise();
    };
    const onClose = () => {
      cleanup();
      reject(new Error('The client closed the connection.'));
    };
    res.on('drain', onDrain);
    res.on('close', onClose);
  });
}

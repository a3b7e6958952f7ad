/**
 * Answers to requests Node's HTTP parser refuses before any route sees them (issue 16). Node's default is a
 * bare `400 Bad Request` with no body; the SDKs then report an error without a message. These are the same
 * refusals in OpenAI's error shape, written straight to the socket, since there is no response object yet.
 */
import { STATUS_CODES } from 'node:http';
import { apiError, type ApiError } from '../contract/index.ts';

/** What each llhttp / Node error code means for the client, in its words. */
function parserError(code: string | undefined): ApiError {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return apiError(431, 'The request headers are larger than the 16 KB the relay accepts.', {
        code: 'request_headers_too_large',
      });
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return apiError(413, 'The chunk extensions of the request body are too large.', {
        code: 'request_too_large',
      });
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return apiError(408, 'The request headers did not arrive in time.', { code: 'request_timeout' });
    case 'HPE_UNEXPECTED_CONTENT_LENGTH':
      return apiError(
        400,
        'The request has both Content-Length and Transfer-Encoding, which HTTP/1.1 forbids: send one of them.',
        { code: 'invalid_http_request' },
      );
    case 'HPE_INVALID_CHUNK_SIZE':
    case 'HPE_CHUNK_SIZE':
    case 'HPE_STRICT':
    case 'HPE_CR_EXPECTED':
    case 'HPE_LF_EXPECTED':
      return apiError(400, 'The chunked request body is malformed.', { code: 'invalid_http_request' });
    default:
      return apiError(400, 'The request is not valid HTTP/1.1.', { code: 'invalid_http_request' });
  }
}

/** The whole HTTP response, head and JSON body, for the parser error `code`. */
export function parserErrorAnswer(code: string | undefined, requestId: string): string {
  const { status, body } = parserError(code);
  const text = JSON.stringify(body);
  return (
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
    'content-type: application/json\r\n' +
    `content-length: ${Buffer.byteLength(text)}\r\n` +
    'cache-control: no-store\r\n' +
    `x-request-id: ${requestId}\r\n` +
    'connection: close\r\n\r\n' +
    text
  );
}

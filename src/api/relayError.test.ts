import { describe, expect, it } from 'vitest';
import { invalidRequest } from '../contract/index.ts';
import { RelayError, relayErrorFromResponse } from './relayError.ts';

describe('relayErrorFromResponse', () => {
  it("reads the API's error body with the request id and Retry-After seconds", async () => {
    const response = new Response(
      JSON.stringify({
        error: { message: 'Slow down.', type: 'rate_limit_error', param: null, code: 'rate_limit_exceeded' },
      }),
      { status: 429, headers: { 'x-request-id': 'req_42', 'retry-after': '7' } },
    );
    const error = await relayErrorFromResponse(response);
    expect(error).toBeInstanceOf(RelayError);
    expect(error).toMatchObject({
      status: 429,
      message: 'Slow down.',
      type: 'rate_limit_error',
      code: 'rate_limit_exceeded',
      param: null,
      requestId: 'req_42',
      retryAfter: 7,
    });
  });

  it('names the field of a 400 refusal', async () => {
    const refusal = invalidRequest('size', "Invalid value: '1000x1000'.");
    const error = await relayErrorFromResponse(new Response(JSON.stringify(refusal.body), { status: 400 }));
    expect(error).toMatchObject({ status: 400, param: 'size', code: 'invalid_value' });
  });

  it('reads a Retry-After date as seconds from now', async () => {
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
    const error = await relayErrorFromResponse(
      new Response('{}', { status: 503, headers: { 'retry-after': inTenSeconds } }),
    );
    expect(error.retryAfter).toBeGreaterThanOrEqual(8);
    expect(error.retryAfter).toBeLessThanOrEqual(10);
  });

  it('prefers retry-after-ms, rounded up to whole seconds', async () => {
    const error = await relayErrorFromResponse(
      new Response('{}', { status: 429, headers: { 'retry-after-ms': '2300', 'retry-after': '9' } }),
    );
    expect(error.retryAfter).toBe(3);
  });

  it('says what came back when the body is not the API error shape', async () => {
    const error = await relayErrorFromResponse(
      new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }),
    );
    expect(error.status).toBe(502);
    expect(error.message).toBe('The relay answered 502 Bad Gateway: <html>Bad gateway</html>');
    expect(error.param).toBeNull();
  });
});

describe('RelayError.fromApiError', () => {
  it("carries the contract's refusal unchanged", () => {
    const error = RelayError.fromApiError(invalidRequest('background', 'No alpha in JPEG.'));
    expect(error).toMatchObject({
      status: 400,
      message: 'No alpha in JPEG.',
      param: 'background',
      type: 'invalid_request_error',
    });
  });
});

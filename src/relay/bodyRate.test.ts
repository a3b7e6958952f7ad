/**
 * Slow and oversized uploads (issue 16), each attack reproduced against the real relay: a body that drips
 * is cut with a 408 in the API's shape and its spool directory removed; a Content-Length over the limit is
 * refused before a byte of the body is sent; one client's uploads in flight are capped (the studio's fan-out
 * of ten parallel edits fits); and the spool's total bytes are capped. No test waits on a clock: each holds
 * its uploads open until the relay has answered.
 */
import { request, type ClientRequest, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePng, startRelayHarness, type RelayHarness } from './testing/harness.ts';

const BOUNDARY = 'rate-test-boundary';
const HEAD = Buffer.from(
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="model"\r\n\r\ngpt-image-2\r\n` +
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="prompt"\r\n\r\nslow\r\n` +
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="image"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`,
);
const TAIL = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);

/** An edit whose body the test writes itself; `answer` resolves with the status and JSON body. */
function openUpload(
  harness: RelayHarness,
  headers: Record<string, string> = {},
): { call: ClientRequest; answer: Promise<{ status: number; body: { error?: { code: string } } }> } {
  let call!: ClientRequest;
  const answer = new Promise<{ status: number; body: { error?: { code: string } } }>((resolve, reject) => {
    call = request(`${harness.url}/v1/images/edits`, {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, ...headers },
    });
    call.on('response', (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { error?: { code: string } },
        }),
      );
    });
    // The relay hangs up on a refused body; its answer has come first.
    call.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'ECONNRESET' || error.code === 'EPIPE' ? undefined : reject(error),
    );
  });
  call.flushHeaders();
  return { call, answer };
}

describe('a body that drips', () => {
  let harness: RelayHarness;
  beforeAll(async () => {
    // A short window so the test is quick; the rule is the same at the default 1 KB/s over 15 s.
    harness = await startRelayHarness('fake', {
      STUDIO_MIN_BODY_RATE: '1024',
      STUDIO_BODY_WINDOW_MS: '400',
    });
  });
  afterAll(() => harness.close());

  it('is cut with a 408 in the API shape, its spool directory removed, nothing sent upstream', async () => {
    const { call, answer } = openUpload(harness);
    call.write(HEAD);
    let dripped = 0;
    // One byte at a time, until the relay answers: a drip that, left alone, would never end.
    const drip = setInterval(() => {
      if (!call.destroyed) call.write(Buffer.from([0x89]));
      dripped += 1;
    }, 20);
    const { status, body } = await answer.finally(() => clearInterval(drip));

    expect(status).toBe(408);
    expect(body.error).toMatchObject({ code: 'request_timeout', type: 'invalid_request_error' });
    expect(dripped).toBeGreaterThan(0);
    expect(await harness.spoolEntries()).toEqual([]);
    expect(harness.fake!.requests).toHaveLength(0);
  });

  it('refuses a Content-Length over the limit at once, before the body is sent', async () => {
    const { call, answer } = openUpload(harness, { 'content-length': String(2 * 1024 ** 3) });
    const { status, body } = await answer;
    expect(status).toBe(413);
    expect(body.error).toMatchObject({ code: 'request_too_large' });
    call.destroy();
  });

  it('leaves a body that arrives at a normal pace alone', async () => {
    const image = await makePng(64, 64);
    const form = new FormData();
    form.append('model', 'gpt-image-2');
    form.append('prompt', 'fast');
    form.append('image', new Blob([new Uint8Array(image)], { type: 'image/png' }), 'a.png');
    const response = await fetch(`${harness.url}/v1/images/edits`, { method: 'POST', body: form });
    expect(response.status).toBe(200);
  });
});

describe('upload limits', () => {
  let harness: RelayHarness;
  beforeAll(async () => {
    harness = await startRelayHarness('fake', { STUDIO_MAX_SPOOL_BYTES: String(256 * 1024) });
  });
  afterAll(() => harness.close());

  it('refuses an upload the spool has no room for, declared or found while spooling', async () => {
    const declared = openUpload(harness, { 'content-length': String(512 * 1024) });
    expect((await declared.answer).status).toBe(503);
    declared.call.destroy();

    const big = await makePng(400, 400, { seed: 7 });
    expect(big.length).toBeGreaterThan(256 * 1024);
    const chunked = openUpload(harness);
    chunked.call.end(Buffer.concat([HEAD, big, TAIL]));
    const { status, body } = await chunked.answer;
    expect(status).toBe(503);
    expect(body.error).toMatchObject({ code: 'spool_full' });
    expect(await harness.spoolEntries()).toEqual([]);
  });

  it("caps one client's uploads in flight at 20, and the studio's fan-out of 10 parallel edits fits", async () => {
    const held = Array.from({ length: 20 }, () => openUpload(harness));
    for (const upload of held) upload.call.write(HEAD);
    // The 21st is refused while the 20 are open; the relay answers it at once.
    let extra = openUpload(harness);
    extra.call.write(HEAD);
    const refused = await extra.answer;
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({ code: 'too_many_uploads' });
    extra.call.destroy();

    const image = await makePng(32, 32);
    for (const upload of held.slice(0, 10)) upload.call.end(Buffer.concat([image, TAIL]));
    for (const upload of held.slice(10)) upload.call.destroy();
    expect(
      (await Promise.all(held.slice(0, 10).map((upload) => upload.answer))).map((a) => a.status),
    ).toEqual(Array(10).fill(200));
    extra = openUpload(harness);
    extra.call.end(Buffer.concat([HEAD, image, TAIL]));
    expect((await extra.answer).status).toBe(200);
    expect(await harness.spoolEntries()).toEqual([]);
  });
});

/**
 * Large uploads stream through the relay: spooled to disk and re-streamed upstream, with memory that does
 * not grow with the upload and byte-identical files arriving upstream.
 */
import { createHash } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePng, startRelayHarness, type RelayHarness } from './testing/harness.ts';

const IMAGE_BYTES = 45 * 1024 * 1024;

// Live memory, not garbage waiting for collection, is what must stay flat: collect before each sample.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
const CHUNK = new Uint8Array(256 * 1024).fill(7);

let harness: RelayHarness;
beforeAll(async () => {
  harness = await startRelayHarness('fake');
});
afterAll(() => harness.close());

/** A multipart body of `count` images of IMAGE_BYTES each (a real PNG head, then filler), produced lazily. */
function streamedEdit(
  head: Buffer,
  count: number,
): { body: ReadableStream<Uint8Array>; boundary: string; sha256: string } {
  const boundary = 'upload-test-boundary';
  const hash = createHash('sha256').update(head);
  for (let written = head.length; written < IMAGE_BYTES; written += CHUNK.length) {
    hash.update(CHUNK.subarray(0, Math.min(CHUNK.length, IMAGE_BYTES - written)));
  }
  async function* parts(): AsyncGenerator<Uint8Array> {
    const encoder = new TextEncoder();
    yield encoder.encode(
      `--${boundary}\r\nContent-Disposition: form-data; name="prompt"\r\n\r\nbig edit\r\n`,
    );
    yield encoder.encode(
      `--${boundary}\r\nContent-Disposition: form-data; name="model"\r\n\r\ngpt-image-2.5-flare\r\n`,
    );
    for (let index = 0; index < count; index += 1) {
      yield encoder.encode(
        `--${boundary}\r\nContent-Disposition: form-data; name="image[]"; filename="big-${index}.png"\r\nContent-Type: image/png\r\n\r\n`,
      );
      yield head;
      for (let written = head.length; written < IMAGE_BYTES; written += CHUNK.length) {
        yield CHUNK.subarray(0, Math.min(CHUNK.length, IMAGE_BYTES - written));
      }
      yield encoder.encode('\r\n');
    }
    yield encoder.encode(`--${boundary}--\r\n`);
  }
  const iterator = parts();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
  });
  return { body, boundary, sha256: hash.digest('hex') };
}

describe('large uploads', () => {
  it('streams 3 x 45 MB through disk to the upstream without memory growing with the upload', async () => {
    const head = await makePng(64, 48);
    const upload = streamedEdit(head, 3);
    collectGarbage();
    const baseline = process.memoryUsage().arrayBuffers;
    let peak = baseline;
    const sampler = setInterval(() => {
      collectGarbage();
      peak = Math.max(peak, process.memoryUsage().arrayBuffers);
    }, 100);
    try {
      const response = await fetch(`${harness.url}/v1/images/edits`, {
        method: 'POST',
        headers: { 'content-type': `multipart/form-data; boundary=${upload.boundary}` },
        body: upload.body,
        duplex: 'half',
      } as RequestInit);
      expect(response.status).toBe(200);
      await response.arrayBuffer();
    } finally {
      clearInterval(sampler);
    }
    const received = harness.fake!.requests.at(-1)!;
    expect(received.files.map((file) => [file.field, file.bytes, file.sha256])).toEqual(
      Array.from({ length: 3 }, () => ['image[]', IMAGE_BYTES, upload.sha256]),
    );
    // 135 MB went through the relay (and the fake upstream in this same process); buffering any one file
    // whole would hold at least 45 MB of buffers (fetch's streamed request body held all 135 MB). Streaming
    // holds chunks in flight between the client, relay, disk and upstream: 5-25 MB measured.
    expect(peak - baseline).toBeLessThan(40 * 1024 * 1024);
    expect(await harness.spoolEntries()).toEqual([]);
  });

  it('removes the spooled files when the client aborts mid-upload', async () => {
    const head = await makePng(64, 48);
    const upload = streamedEdit(head, 3);
    const client = new AbortController();
    const sent = fetch(`${harness.url}/v1/images/edits`, {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${upload.boundary}` },
      body: upload.body,
      duplex: 'half',
      signal: client.signal,
    } as RequestInit);
    setTimeout(() => client.abort(), 30);
    await expect(sent).rejects.toThrow();
    expect(await harness.spoolEntries()).toEqual([]);
  });
});

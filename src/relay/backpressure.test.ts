/**
 * A slow client (issue 6, Faults): the relay passes a 32 MB stream to a client that reads it slowly
 * without holding it in memory, because it pauses the upstream whenever the client's socket is full.
 */
import { createHash, randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { imageStreamFrames } from './testing/fakeOpenAI.ts';
import { startRelayHarness, type RelayHarness } from './testing/harness.ts';

let harness: RelayHarness;
beforeAll(async () => {
  harness = await startRelayHarness('fake');
});
afterAll(() => harness.close());

// Chunks already passed on are garbage, not growth: collect them before each sample.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
/** Memory held in Buffers now, after a collection. */
function retainedBufferBytes(): number {
  collectGarbage();
  return process.memoryUsage().arrayBuffers;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('keeps its memory flat while a client reads a 32 MB stream slowly', async () => {
  // Four 8 MB frames as Buffers, allocated before the baseline is taken.
  const frames = imageStreamFrames({
    kind: 'image_generation',
    imageBase64: randomBytes(6 * 1024 * 1024).toString('base64'),
    partialImageBase64: randomBytes(6 * 1024 * 1024).toString('base64'),
    partialImages: 3,
  }).map((frame) => Buffer.from(frame));
  const total = frames.reduce((sum, frame) => sum + frame.length, 0);
  harness.fake!.plan({ frames });
  const expected = createHash('sha256');
  for (const frame of frames) expected.update(frame);

  const baseline = retainedBufferBytes();
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, retainedBufferBytes());
  }, 200);
  const received = createHash('sha256');
  let receivedBytes = 0;
  const startedAt = performance.now();
  try {
    await new Promise<void>((resolve, reject) => {
      const body = JSON.stringify({ model: 'gpt-image-2', prompt: 'slow', stream: true, partial_images: 3 });
      const call = request(
        `${harness.url}/v1/images/generations`,
        { method: 'POST', headers: { 'content-type': 'application/json' } },
        (response) => {
          // About 30 MB/s: far slower than the loopback upstream can send.
          response.on('data', (chunk: Buffer) => {
            received.update(chunk);
            receivedBytes += chunk.length;
            response.pause();
            void sleep(2).then(() => response.resume());
          });
          response.on('end', resolve);
          response.on('error', reject);
        },
      );
      call.on('error', reject);
      call.end(body);
    });
  } finally {
    clearInterval(sampler);
  }
  const growthMb = (peak - baseline) / (1024 * 1024);

  expect(receivedBytes).toBe(total);
  expect(received.digest('hex')).toBe(expected.digest('hex'));
  expect(total).toBeGreaterThan(32 * 1024 * 1024);
  // The read really was slow, so an unbounded relay would have buffered most of the stream.
  expect(performance.now() - startedAt).toBeGreaterThan(1000);
  expect(growthMb).toBeLessThan(12);
}, 30_000);

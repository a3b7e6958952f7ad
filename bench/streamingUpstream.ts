/**
 * The benchmark's upstream, in a process of its own: the stand-in OpenAI answering every request with the
 * same prebuilt stream of 3 partial images and a final image at 3840x2160, each frame about 8 MB of base64.
 * Prints `{"url": …, "frameBytes": …}` once it listens. The key it expects comes from BENCH_API_KEY.
 */
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { imageStreamFrames, startFakeOpenAI } from '../src/relay/testing/fakeOpenAI.ts';

const BENCH_SIZE = { width: 3840, height: 2160 };
/** Share of rows filled with noise: tuned so the PNG's base64 is about 8 MB. */
const NOISY_ROW_SHARE = 0.22;

async function benchImageBase64(): Promise<string> {
  const { width, height } = BENCH_SIZE;
  const raw = Buffer.alloc(width * height * 3, 90);
  randomBytes(width * Math.round(height * NOISY_ROW_SHARE) * 3).copy(raw);
  const png = await sharp(raw, { raw: { width, height, channels: 3 } })
    .png({ compressionLevel: 1 })
    .toBuffer();
  return png.toString('base64');
}

{
  const imageBase64 = await benchImageBase64();
  const frames = imageStreamFrames({
    kind: 'image_generation',
    imageBase64,
    partialImages: 3,
    size: `${BENCH_SIZE.width}x${BENCH_SIZE.height}`,
    quality: 'high',
    outputFormat: 'png',
    background: 'opaque',
    createdAt: 1_790_000_000,
  }).map((frame) => Buffer.from(frame));
  const fake = await startFakeOpenAI({ apiKey: process.env.BENCH_API_KEY ?? '', defaultPlan: { frames } });
  // The fake records every request; the benchmark never reads them, so keep memory flat.
  setInterval(() => fake.requests.splice(0), 1_000).unref();
  process.stdout.write(
    `${JSON.stringify({ url: fake.url, frameBytes: frames.map((frame) => frame.length) })}\n`,
  );
  process.on('SIGTERM', () => void fake.close().then(() => process.exit(0)));
}

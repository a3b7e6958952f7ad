/**
 * The load benchmark (bench/load.ts) at a size that runs in seconds: 50 concurrent streams and a 16-image
 * edit through a relay in its own process. `npm run bench` runs the full 2048x2048 / 16 x 40 MB version.
 */
import { expect, it } from 'vitest';
import { MAX_EDIT_GROWTH_BYTES, runLoad } from '../../bench/load.ts';

it('completes 50 concurrent streams intact, and passes a 16-image edit upstream byte for byte in bounded memory', async () => {
  const result = await runLoad({
    streams: 50,
    partialImageBytes: 48 * 1024,
    finalImageBytes: 192 * 1024,
    referenceImages: 16,
    referenceImageBytes: 2 * 1024 * 1024,
  });

  expect(result).toMatchObject({
    streamsCompleted: 50,
    streamsByteIdentical: 50,
    editStatus: 200,
    editFilesIntact: 17,
  });
  expect(result.firstEventP99Ms).toBeGreaterThanOrEqual(result.firstEventP50Ms);
  expect(result.editUploadBytes).toBeGreaterThan(32 * 1024 * 1024);
  expect(result.editPeakGrowthBytes).toBeLessThan(MAX_EDIT_GROWTH_BYTES);
}, 60_000);

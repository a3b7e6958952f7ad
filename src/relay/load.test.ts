/**
 * The load benchmark (bench/load.ts) at a size that runs in seconds: 50 concurrent streams and a 16-image
 * edit through a relay in its own process. `npm run bench` runs the full 2048x2048 / 16 x 40 MB version.
 * Also the benchmarks' check that a stream arrived intact (bench/support/streamClient.ts).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, it } from 'vitest';
import { MAX_EDIT_GROWTH_BYTES, runLoad } from '../../bench/load.ts';
import { measureStream } from '../../bench/support/streamClient.ts';

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

it("counts a stream as intact only when it is the upstream's bytes exactly: none changed, missing or extra", async () => {
  const sent = Buffer.from('event: image_generation.completed\ndata: {"b64_json":"AAAA"}\n\n'.repeat(2000));
  const answers = [sent, Buffer.concat([sent.subarray(0, 500), Buffer.from('B'), sent.subarray(501)])];
  answers.push(sent.subarray(0, -1), Buffer.concat([sent, Buffer.from('\n')]));
  const server = createServer((req, res) => {
    req.resume();
    const answer = answers[Number(new URL(req.url ?? '/', 'http://x').searchParams.get('answer'))]!;
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    // In pieces across the changed byte, as a socket hands them on.
    for (let at = 0; at < answer.length; at += 4096) res.write(answer.subarray(at, at + 4096));
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const samples = await Promise.all(
      answers.map((_, index) => measureStream(`http://127.0.0.1:${port}/?answer=${index}`, '{}', sent)),
    );
    expect(samples.map((sample) => sample.identical)).toEqual([true, false, false, false]);
    expect(samples.map((sample) => sample.bytes)).toEqual(answers.map((answer) => answer.length));
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});

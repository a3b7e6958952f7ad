/**
 * A measuring HTTP client: posts one streamed generation and records the time to the first byte of the
 * body (the first SSE event), the total time, and a hash of every byte received.
 */
import { request } from 'node:http';
import { createHash } from 'node:crypto';

export interface StreamSample {
  firstEventMs: number;
  totalMs: number;
  bytes: number;
  sha256: string;
}

export function measureStream(
  url: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<StreamSample> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let firstEventMs = Number.NaN;
    let bytes = 0;
    const hash = createHash('sha256');
    const req = request(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...headers,
        },
      },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          reject(new Error(`${url} answered ${res.statusCode}`));
          return;
        }
        res.on('data', (chunk: Buffer) => {
          if (bytes === 0) firstEventMs = performance.now() - started;
          bytes += chunk.length;
          hash.update(chunk);
        });
        res.on('end', () =>
          resolve({ firstEventMs, totalMs: performance.now() - started, bytes, sha256: hash.digest('hex') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * A measuring HTTP client: posts one streamed generation and records the time to the first byte of the
 * body (the first SSE event), the total time, and whether every byte received is the expected one.
 *
 * The bytes are compared as they arrive with the stream the upstream sent, not hashed: SHA-256 cost this
 * client about 20 ms of CPU per 32 MB stream, half of all it did, and with 16 streams its one core was then
 * the benchmark's bottleneck, so a stream with no proxy at all took 0.70-0.79x of nginx's time and the
 * proxies' own costs hid behind the hash. A comparison runs at memory speed (under 5 ms per 32 MB) and is as
 * strict: any byte out of place, missing or extra fails it.
 */
import { request, type IncomingMessage } from 'node:http';

export interface StreamSample {
  firstEventMs: number;
  totalMs: number;
  bytes: number;
  /** Whether the body was `expected`, byte for byte, and nothing more. */
  identical: boolean;
}

export function measureStream(
  url: string,
  body: string,
  expected: Buffer,
  headers: Record<string, string> = {},
): Promise<StreamSample> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let firstEventMs = Number.NaN;
    let bytes = 0;
    let identical = true;
    const req = postStream(url, body, headers, reject, (res) => {
      res.on('data', (chunk: Buffer) => {
        if (bytes === 0) firstEventMs = performance.now() - started;
        const end = bytes + chunk.length;
        identical &&= end <= expected.length && chunk.compare(expected, bytes, end) === 0;
        bytes = end;
      });
      res.on('end', () =>
        resolve({
          firstEventMs,
          totalMs: performance.now() - started,
          bytes,
          identical: identical && bytes === expected.length,
        }),
      );
    });
    req.end(body);
  });
}

/** The whole body of one streamed generation, to measure the others against. */
export function receiveStream(
  url: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const req = postStream(url, body, headers, reject, (res) => {
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve(Buffer.concat(chunks)));
    });
    req.end(body);
  });
}

function postStream(
  url: string,
  body: string,
  headers: Record<string, string>,
  reject: (error: Error) => void,
  onAnswer: (res: IncomingMessage) => void,
) {
  const req = request(
    url,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
    },
    (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`${url} answered ${res.statusCode}`));
        return;
      }
      res.on('error', reject);
      onAnswer(res);
    },
  );
  req.on('error', reject);
  return req;
}

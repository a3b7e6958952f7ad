/**
 * Cuts a request body that drips (issue 16: a body sent at 1 byte/s held its connection and spool directory
 * for minutes). The rate is measured from the socket's byte count, and only while the relay is waiting for
 * the client: time the socket spends paused because the relay is busy (its disk, or its parser, taking the
 * bytes slower than they come) is the relay's, not the client's, and does not count.
 */
import type { IncomingMessage } from 'node:http';

export interface BodyRateSettings {
  minBytesPerSecond: number;
  windowMs: number;
}

/** Samples per window: the window slides in steps of a tenth. */
const SAMPLES_PER_WINDOW = 10;

interface Sample {
  /** Time the relay spent waiting for the client during the sample. */
  waitingMs: number;
  bytes: number;
}

/**
 * Watches `req` until its body is complete (or `stop` is called), calling `onTooSlow` once when the bytes
 * of the last `windowMs` spent waiting for the client fall below `minBytesPerSecond`.
 */
export function watchBodyRate(
  req: IncomingMessage,
  { minBytesPerSecond, windowMs }: BodyRateSettings,
  onTooSlow: () => void,
): () => void {
  const socket = req.socket;
  const minBytes = (minBytesPerSecond * windowMs) / 1000;
  const samples: Sample[] = [];
  let waitingMs = 0;
  let bytes = 0;
  let lastAt = performance.now();
  let lastBytes = socket.bytesRead;

  const timer = setInterval(() => {
    if (req.complete || socket.destroyed) return stop();
    const now = performance.now();
    const read = socket.bytesRead;
    // A paused socket is the relay's backpressure; a flowing one waits for the client.
    const sample = { waitingMs: socket.isPaused() ? 0 : now - lastAt, bytes: read - lastBytes };
    lastAt = now;
    lastBytes = read;
    samples.push(sample);
    waitingMs += sample.waitingMs;
    bytes += sample.bytes;
    // Keep just enough samples to span a window of waiting.
    while (samples.length > 1 && waitingMs - samples[0]!.waitingMs >= windowMs) {
      const oldest = samples.shift()!;
      waitingMs -= oldest.waitingMs;
      bytes -= oldest.bytes;
    }
    if (waitingMs >= windowMs && bytes < minBytes) {
      stop();
      onTooSlow();
    }
  }, windowMs / SAMPLES_PER_WINDOW);
  // A watch alone keeps no process alive.
  timer.unref();

  function stop() {
    clearInterval(timer);
  }
  return stop;
}

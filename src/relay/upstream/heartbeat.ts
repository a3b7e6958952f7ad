/**
 * SSE heartbeats, shared by both upstreams: a comment every SSE reader skips, sent whenever a streamed
 * response has been silent for a while, so proxies with idle cut-offs keep a slow generation's connection.
 */

/** An SSE comment line and the blank line that ends it. */
export const HEARTBEAT = ': keep-alive\n\n';

/** The head of a streamed answer the relay starts itself, before (or without) an upstream head. */
export const SSE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache',
  // Tells a reverse proxy in front of the relay not to buffer the stream.
  'x-accel-buffering': 'no',
};

/** Calls `beat` after every `intervalMs` of silence once started; `restart()` marks activity, `stop()` pauses. */
export interface SilenceTimer {
  restart(): void;
  stop(): void;
}

export function onSilence(intervalMs: number, beat: () => void): SilenceTimer {
  let timer: NodeJS.Timeout | undefined;
  const restart = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      beat();
      restart();
    }, intervalMs);
  };
  return { restart, stop: () => clearTimeout(timer) };
}

/**
 * SSE heartbeats, shared by both upstreams: a comment every SSE reader skips, sent whenever a streamed
 * response has been silent for a while, so proxies with idle cut-offs keep a slow generation's connection.
 * They only join an SSE body whose head has gone out; the OpenAI upstream sends none before its upstream's
 * head, whose status they would hide.
 */

/** An SSE comment line and the blank line that ends it. */
export const HEARTBEAT = ': keep-alive\n\n';

/** The head of every SSE answer the relay sends, whether it passes an upstream's stream on or makes one. */
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
  // restart() runs for every upstream chunk (hundreds a second on a 4K stream), so it only notes the time;
  // the one timer re-arms itself for the rest of the interval when it finds there was activity.
  let timer: NodeJS.Timeout | undefined;
  let lastActivity = 0;
  let running = false;
  const check = () => {
    if (!running) return;
    if (performance.now() - lastActivity >= intervalMs) {
      lastActivity = performance.now();
      beat();
    }
    if (running) timer = setTimeout(check, Math.max(1, intervalMs - (performance.now() - lastActivity)));
  };
  return {
    restart() {
      lastActivity = performance.now();
      if (running) return;
      running = true;
      timer = setTimeout(check, intervalMs);
    },
    stop() {
      running = false;
      clearTimeout(timer);
    },
  };
}

/**
 * A clock that goes off after a stretch of silence: the OpenAI upstream's idle timeout, and the heartbeat of
 * every SSE answer (sseResponse.ts).
 */

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

/** A time limit in the words of the messages that name it: "30 s", or "250 ms" below a second. */
export function formatDuration(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
}

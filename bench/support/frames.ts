/** Frame intervals in Chromium, from requestAnimationFrame timestamps. */
import type { Page } from 'playwright-core';

/**
 * The recorder is page script text: tsx would wrap a named function passed to evaluate() in a helper the
 * page does not have.
 */
const START_FRAME_RECORDER = `
  (() => {
    const frames = [];
    window.benchFrames = frames;
    // Each loop records only into its own array, so an earlier loop's last callback cannot add to it.
    (function tick(time) {
      if (window.benchFrames !== frames) return;
      frames.push(time);
      requestAnimationFrame(tick);
    })(performance.now());
  })();
`;
const STOP_FRAME_RECORDER = `(() => { const taken = window.benchFrames; window.benchFrames = null; return taken; })()`;

/** The intervals between frames painted while `during` runs (the first, partial one left out). */
export async function frameTimes(page: Page, during: () => Promise<void>): Promise<number[]> {
  await page.evaluate(START_FRAME_RECORDER);
  await during();
  const stamps = (await page.evaluate(STOP_FRAME_RECORDER)) as number[];
  return stamps.slice(2).map((stamp, index) => stamp - stamps[index + 1]!);
}

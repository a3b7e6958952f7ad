/**
 * A run's elapsed time is measured once, by the run driver, and stored: the session shows the figure
 * storage keeps, so a reload shows the same time. The clock is the test's own, shared by the studio and
 * its storage, and moved only between steps, so nothing here races a timer.
 */
import { describe, expect, it } from 'vitest';
import { runElapsed, runLabel, type Run } from '../state/run.ts';
import { openTestStorage } from '../storage/testing/testStorage.ts';
import {
  completedImageEvent,
  createTestStudio,
  partialImageEvent,
  type TestStudio,
} from './testing/testStudio.ts';

function manualClock(start: number) {
  let time = start;
  return { now: () => time, advance: (ms: number) => (time += ms) };
}

/** A studio and its storage on one clock; `existing` plays a reload over the same storage. */
function timedStudio(
  clock: ReturnType<typeof manualClock>,
  existing?: Parameters<typeof createTestStudio>[0],
) {
  return createTestStudio(existing ?? openTestStorage({ storageManager: null, now: clock.now }), {
    now: clock.now,
  });
}

const onlyRun = (test: TestStudio): Run => test.studio.store.getState().session.runs[0]!;

describe('the elapsed time of a run', () => {
  it('is measured from the send to the final arriving, and a reload shows the same figure', async () => {
    const clock = manualClock(50_000);
    const before = timedStudio(clock);
    before.studio.updateDraft({ prompt: 'a lantern', model: 'gpt-image-2.5-flare', n: 2, partial_images: 1 });
    const running = before.studio.generate();
    const [first, second] = await before.received(2);
    clock.advance(1_200);
    first!.send(await partialImageEvent(0));
    expect(runElapsed(onlyRun(before), clock.now())).toEqual({ kind: 'running', ms: 1_200 });
    clock.advance(2_300);
    first!.send(await completedImageEvent());
    // The stream closing and the writes after the final are the studio's time, not the model's.
    clock.advance(900);
    first!.finish();
    clock.advance(1_000);
    second!.send(await completedImageEvent());
    second!.finish();
    await running;
    await before.studio.settled();
    clock.advance(60_000);

    expect(runElapsed(onlyRun(before), clock.now())).toEqual({ kind: 'measured', ms: 5_400 });
    const stored = (await before.storage.listGallery()).map(
      ({ variant }) => variant.finishedAt! - variant.startedAt,
    );
    expect(stored.sort()).toEqual([3_500, 5_400]);

    const after = timedStudio(clock, before);
    await after.studio.start();
    expect(runElapsed(onlyRun(after), clock.now())).toEqual({ kind: 'measured', ms: 5_400 });
  });

  it('of a cancelled run ends at the cancel, live and after a reload', async () => {
    const clock = manualClock(10_000);
    const before = timedStudio(clock);
    before.studio.updateDraft({ prompt: 'a lantern', model: 'gpt-image-2.5-flare' });
    const running = before.studio.generate();
    await before.received(1);
    clock.advance(2_750);
    before.studio.cancel();
    await running;
    await before.studio.settled();
    clock.advance(5_000);
    expect(runElapsed(onlyRun(before), clock.now())).toEqual({ kind: 'measured', ms: 2_750 });

    const after = timedStudio(clock, before);
    await after.studio.start();
    expect(runElapsed(onlyRun(after), clock.now())).toEqual({ kind: 'measured', ms: 2_750 });
    expect(runLabel(onlyRun(after))).toBe('Cancelled');
  });

  it('of a run a reload cut off is at least the time to its last image, and unknown without one', async () => {
    const clock = manualClock(10_000);
    const before = timedStudio(clock);
    const stop = await before.studio.start();
    before.studio.updateDraft({ prompt: 'a lantern', model: 'gpt-image-2.5-flare', n: 2, partial_images: 2 });
    void before.studio.generate();
    const [first] = await before.received(2);
    clock.advance(1_800);
    first!.send(await partialImageEvent(0));
    await before.studio.settled();
    clock.advance(4_000);
    stop(); // the page goes away; neither stream ends
    await before.studio.settled();

    const after = timedStudio(clock, before);
    await after.studio.start();
    const run = onlyRun(after);
    expect(runLabel(run)).toBe('All 2 interrupted');
    expect(runElapsed(run, clock.now())).toEqual({ kind: 'atLeast', ms: 1_800 });
    const [withImage, without] = run.variants;
    expect(withImage!.finishedAt! - run.startedAt).toBe(1_800);
    // Interrupted before anything arrived: storage ends it at its start, which reads as no time at all.
    expect(without!.finishedAt).toBe(run.startedAt);
  });
});

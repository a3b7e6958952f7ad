/**
 * Notices over a test clock: time moves only when the test says, so "after six seconds" is a statement,
 * not a wait.
 */
import { describe, expect, it } from 'vitest';
import { invalidRequest, refusalProblem } from '../contract/index.ts';
import { shownNotices } from '../state/noticesSlice.ts';
import { INFO_NOTICE_AFTER_HOLD_MS, INFO_NOTICE_MS, type Schedule } from './noticeTimers.ts';
import { createTestStudio } from './testing/testStudio.ts';

/** A clock and a timer queue that advance only on `advance`. */
function testClock() {
  let time = 0;
  const timers = new Set<{ at: number; callback: () => void }>();
  const schedule: Schedule = (ms, callback) => {
    const timer = { at: time + ms, callback };
    timers.add(timer);
    return () => timers.delete(timer);
  };
  const advance = (ms: number) => {
    const until = time + ms;
    for (;;) {
      const due = [...timers].filter((timer) => timer.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      timers.delete(due);
      time = due.at;
      due.callback();
    }
    time = until;
  };
  return { now: () => time, schedule, advance };
}

function studioOnClock() {
  const clock = testClock();
  const test = createTestStudio(undefined, { now: clock.now, schedule: clock.schedule });
  const notices = () => test.studio.store.getState().notices;
  return { clock, test, notices, texts: () => notices().notices.map((notice) => notice.text) };
}

describe('notices', () => {
  it('shows two at most, newest first', () => {
    const { notices } = studioOnClock();
    notices().post('board', 'error', 'first');
    notices().post('storage', 'error', 'second');
    notices().post('board', 'error', 'third');
    expect(shownNotices(notices().notices).map((notice) => notice.text)).toEqual(['third', 'second']);
    notices().dismiss(notices().notices.at(-1)!.id);
    expect(shownNotices(notices().notices).map((notice) => notice.text)).toEqual(['second', 'first']);
  });

  it('lets an info notice go by itself, and keeps an error until it is dismissed', () => {
    const { clock, notices, texts } = studioOnClock();
    notices().post('board', 'error', 'refused.png is not an image');
    notices().post('board', 'info', 'photo.jpg was turned upright');
    clock.advance(INFO_NOTICE_MS - 1);
    expect(texts()).toEqual(['refused.png is not an image', 'photo.jpg was turned upright']);
    clock.advance(1);
    expect(texts()).toEqual(['refused.png is not an image']);
    clock.advance(10 * INFO_NOTICE_MS);
    expect(texts()).toEqual(['refused.png is not an image']);
  });

  it('keeps an info notice while it is hovered or focused, and for a moment after', () => {
    const { clock, notices, texts } = studioOnClock();
    notices().post('draft', 'info', 'The format is now PNG');
    const id = notices().notices[0]!.id;
    clock.advance(INFO_NOTICE_MS - 500);
    notices().hold(id, true);
    clock.advance(60_000);
    expect(texts()).toEqual(['The format is now PNG']);
    notices().hold(id, false);
    clock.advance(INFO_NOTICE_AFTER_HOLD_MS - 1);
    expect(texts()).toEqual(['The format is now PNG']);
    clock.advance(1);
    expect(texts()).toEqual([]);
  });
});

describe('a problem banner about a field', () => {
  const draft = { prompt: 'a lantern', model: 'gpt-image-2.5-flare', quality: 'low' } as const;

  it('goes when the studio changes that field, or the model changes, and not otherwise', () => {
    const { test } = studioOnClock();
    const { studio } = test;
    const session = () => studio.store.getState().session;
    studio.updateDraft(draft);
    session().refuse(refusalProblem(invalidRequest('quality', 'This model has no low quality.')));
    studio.updateDraft({ prompt: 'a lantern at dusk' });
    expect(session().problem?.param).toBe('quality');
    // The studio's own adjustment (not the designer's) changes the field the problem names.
    studio.store.getState().draft.adjust({ quality: 'medium' }, 'Quality is now medium.');
    expect(session().problem).toBeNull();

    session().refuse(refusalProblem(invalidRequest('size', 'Too large for this model.')));
    studio.updateDraft({ model: 'gpt-image-2' });
    expect(session().problem).toBeNull();
  });
});

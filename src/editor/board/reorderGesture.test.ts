import { describe, expect, it } from 'vitest';
import { DRAG_THRESHOLD_PX, SLOT_GAP, SLOT_WIDTH, removeButtonRect, slotRect } from './boardLayout.ts';
import {
  EDGE_SCROLL,
  dragPress,
  edgeScrollStep,
  releasePress,
  startPress,
  type Press,
} from './reorderGesture.ts';

const pitch = SLOT_WIDTH + SLOT_GAP;
const VIEW = 600;
/** Sixteen thumbnails overflow a 600 px view, so the strip can scroll both ways. */
const COUNT = 16;
const y = slotRect(0).y + 40;
const removeCentre = (index: number, scroll: number) => {
  const button = removeButtonRect();
  return {
    x: slotRect(index).x + button.x + button.width / 2 - scroll,
    y: slotRect(index).y + button.y + button.height / 2,
  };
};

describe('startPress', () => {
  it('remembers where in the thumbnail it was grabbed, in content coordinates', () => {
    const press = startPress(7, { index: 2, part: 'thumbnail' }, { x: slotRect(2).x + 30 - 100, y }, 100);
    expect(press).toEqual({
      pointerId: 7,
      index: 2,
      part: 'thumbnail',
      startX: slotRect(2).x - 70,
      grabOffset: 30,
      left: null,
    });
  });
});

describe('edgeScrollStep', () => {
  it.each([
    { x: 0, step: -EDGE_SCROLL.step },
    { x: EDGE_SCROLL.zone - 1, step: -EDGE_SCROLL.step },
    { x: EDGE_SCROLL.zone, step: 0 },
    { x: VIEW / 2, step: 0 },
    { x: VIEW - EDGE_SCROLL.zone, step: 0 },
    { x: VIEW - EDGE_SCROLL.zone + 1, step: EDGE_SCROLL.step },
    { x: VIEW, step: EDGE_SCROLL.step },
  ])('scrolls $step at x = $x', ({ x, step }) => {
    expect(edgeScrollStep(x, VIEW)).toBe(step);
  });
});

describe('dragPress', () => {
  const press: Press = { pointerId: 1, index: 1, part: 'thumbnail', startX: 200, grabOffset: 50, left: null };

  it.each([
    { name: 'inside the threshold stays a click', x: 200 + DRAG_THRESHOLD_PX - 1, scroll: 0, expected: null },
    {
      name: 'at the threshold becomes a drag',
      x: 200 + DRAG_THRESHOLD_PX,
      scroll: 0,
      expected: { press: { ...press, left: 200 + DRAG_THRESHOLD_PX - 50 }, scroll: 0 },
    },
    {
      name: 'near the left edge scrolls left',
      x: 10,
      scroll: 100,
      expected: {
        press: { ...press, left: 10 + 100 - EDGE_SCROLL.step - 50 },
        scroll: 100 - EDGE_SCROLL.step,
      },
    },
    {
      name: 'near the right edge scrolls right',
      x: VIEW - 10,
      scroll: 100,
      expected: {
        press: { ...press, left: VIEW - 10 + 100 + EDGE_SCROLL.step - 50 },
        scroll: 100 + EDGE_SCROLL.step,
      },
    },
    {
      name: 'near the left edge of an unscrolled strip stays put',
      x: 10,
      scroll: 0,
      expected: { press: { ...press, left: 10 - 50 }, scroll: 0 },
    },
  ])('a move $name', ({ x, scroll, expected }) => {
    expect(dragPress(press, x, scroll, COUNT, VIEW)).toEqual(expected);
  });

  it('keeps dragging once it started, even back inside the threshold', () => {
    expect(dragPress({ ...press, left: 150 }, 201, 0, COUNT, VIEW)?.press.left).toBe(151);
  });

  it('does not edge-scroll a strip that fits the view', () => {
    expect(dragPress(press, VIEW - 1, 0, 3, VIEW)?.scroll).toBe(0);
  });
});

describe('releasePress', () => {
  const grabbed = (index: number, part: Press['part'], left: number | null): Press => ({
    pointerId: 1,
    index,
    part,
    startX: 0,
    grabOffset: 20,
    left,
  });

  it.each([
    {
      name: 'a drag past two slots moves there',
      press: grabbed(1, 'thumbnail', 0),
      point: { x: slotRect(3).x + 20, y },
      scroll: 0,
      outcome: { kind: 'move', from: 1, to: 3 },
    },
    {
      name: 'a drag counts the scroll',
      press: grabbed(1, 'thumbnail', 0),
      point: { x: slotRect(5).x + 20 - 2 * pitch, y },
      scroll: 2 * pitch,
      outcome: { kind: 'move', from: 1, to: 5 },
    },
    {
      name: 'a drag dropped back into its own slot does nothing',
      press: grabbed(2, 'thumbnail', 0),
      point: { x: slotRect(2).x + 20 + pitch / 3, y },
      scroll: 0,
      outcome: null,
    },
    {
      name: 'a drag that began on × moves rather than removes',
      press: grabbed(0, 'remove', 0),
      point: { x: slotRect(1).x + 20, y },
      scroll: 0,
      outcome: { kind: 'move', from: 0, to: 1 },
    },
    {
      name: 'a click on × removes',
      press: grabbed(4, 'remove', null),
      point: removeCentre(4, pitch),
      scroll: pitch,
      outcome: { kind: 'remove', index: 4 },
    },
    {
      name: 'a click that went down on × and up on the thumbnail does nothing',
      press: grabbed(4, 'remove', null),
      point: { x: slotRect(4).x + 10, y },
      scroll: 0,
      outcome: null,
    },
    {
      name: "a click that went down on × and up on another's × does nothing",
      press: grabbed(4, 'remove', null),
      point: removeCentre(5, 0),
      scroll: 0,
      outcome: null,
    },
    {
      name: 'a click on a thumbnail does nothing',
      press: grabbed(4, 'thumbnail', null),
      point: removeCentre(4, 0),
      scroll: 0,
      outcome: null,
    },
  ])('$name', ({ press, point, scroll, outcome }) => {
    expect(releasePress(press, point, COUNT, scroll)).toEqual(outcome);
  });
});

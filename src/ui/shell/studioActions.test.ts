import { describe, expect, it, vi } from 'vitest';
import { MASK_ACTIONS } from '../../editor/actions/maskActions.tsx';
import { actionsFor, press, pressFor } from '../../editor/actions/testing.ts';
import { STUDIO_ACTIONS, type StudioActionContext } from './studioActions.ts';

const ALL = [...STUDIO_ACTIONS, ...MASK_ACTIONS];

describe('the studio actions', () => {
  it.each([
    ['Escape', {}, 'cancelRun'],
    ['?', { shiftKey: true }, 'shortcuts'],
    ['Enter', { ctrlKey: true }, 'generate'],
    ['Enter', { metaKey: true }, 'generate'],
    ['Enter', {}, null],
    ['/', {}, null],
  ] as const)('%s with %o is %s', (key, modifiers, id) => {
    expect(actionsFor(STUDIO_ACTIONS, press(key, modifiers))[0] ?? null).toBe(id);
  });

  it('perform on their context, when enabled', () => {
    const context = {
      streaming: false as boolean,
      generate: vi.fn(),
      cancel: vi.fn(),
      openShortcuts: vi.fn(),
    } satisfies StudioActionContext;
    const enabled = () =>
      STUDIO_ACTIONS.filter((action) => action.enabled(context)).map((action) => action.id);
    expect(enabled()).toEqual(['generate', 'shortcuts']);
    context.streaming = true;
    expect(enabled()).toEqual(['cancelRun', 'shortcuts']);
    for (const action of STUDIO_ACTIONS) action.perform(context);
    for (const done of [context.generate, context.cancel, context.openShortcuts]) {
      expect(done).toHaveBeenCalledOnce();
    }
  });

  it('cancel a run from a text field too; generate is left to the prompt', () => {
    const cancelRun = STUDIO_ACTIONS.find((action) => action.id === 'cancelRun')!;
    const generate = STUDIO_ACTIONS.find((action) => action.id === 'generate')!;
    expect([cancelRun.whileTyping, generate.field]).toEqual([true, 'the prompt']);
  });
});

describe("the studio's and the mask editor's tables together", () => {
  it('give every action a label of its own, keys, a group and a perform', () => {
    expect(new Set(ALL.map((action) => action.id)).size).toBe(ALL.length);
    expect(new Set(ALL.map((action) => action.label)).size).toBe(ALL.length);
    for (const action of ALL) {
      expect(action.keys.length, action.id).toBeGreaterThan(0);
      expect(action.group, action.id).not.toBe('');
      expect(typeof action.perform, action.id).toBe('function');
    }
  });

  it('bind each combo to one action, except Escape, which drops a stroke and cancels a run', () => {
    const shared = ALL.flatMap((action) => action.keys)
      .map((combo) => [combo, actionsFor(ALL, pressFor(combo))] as const)
      .filter(([, ids]) => ids.length > 1);
    expect(Object.fromEntries(shared)).toEqual({ Escape: ['cancelRun', 'cancelStroke'] });
  });
});

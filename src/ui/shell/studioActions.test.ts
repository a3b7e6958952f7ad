import { describe, expect, it, vi } from 'vitest';
import { createModelRegistry, validateGenerationBody } from '../../contract/index.ts';
import { createKeymap } from '../../editor/actions/keymap.ts';
import { MASK_ACTIONS } from '../../editor/actions/maskActions.tsx';
import { actionsFor, press, pressFor, type Modifiers } from '../../editor/actions/testing.ts';
import { startRun, startVariant, type Run } from '../../state/run.ts';
import { PROMPT_ACTIONS, performPromptAction } from '../prompt/promptActions.ts';
import { neighbourRunIds, STUDIO_ACTIONS, type StudioActionContext } from './studioActions.ts';

const ALL = [...STUDIO_ACTIONS, ...PROMPT_ACTIONS, ...MASK_ACTIONS];

function testContext(overrides: Partial<StudioActionContext> = {}): StudioActionContext {
  return {
    streaming: false,
    galleryOpen: false,
    newerRunId: 'newer',
    olderRunId: 'older',
    generate: vi.fn(),
    cancel: vi.fn(),
    openShortcuts: vi.fn(),
    focusPrompt: vi.fn(),
    switchMode: vi.fn(),
    toggleGallery: vi.fn(),
    showRun: vi.fn(),
    ...overrides,
  };
}

const enabledIds = (context: StudioActionContext) =>
  STUDIO_ACTIONS.filter((action) => action.enabled(context)).map((action) => action.id);

describe('the studio actions', () => {
  it.each([
    ['Escape', {}, 'cancelRun'],
    ['?', { shiftKey: true }, 'shortcuts'],
    ['Enter', { ctrlKey: true }, 'generate'],
    ['Enter', { metaKey: true }, 'generate'],
    ['/', {}, 'focusPrompt'],
    ['m', {}, 'switchMode'],
    ['g', {}, 'gallery'],
    [',', {}, 'newerResult'],
    ['.', {}, 'olderResult'],
    ['Enter', {}, null],
    ['M', { shiftKey: true }, null],
    ['[', {}, null],
    ['ArrowRight', {}, null],
  ] as const)('%s with %o is %s', (key, modifiers, id) => {
    expect(actionsFor(STUDIO_ACTIONS, press(key, modifiers))[0] ?? null).toBe(id);
  });

  it('are enabled as the run, the gallery and the session strip allow, and perform on their context', () => {
    expect(enabledIds(testContext())).toEqual([
      'generate',
      'focusPrompt',
      'switchMode',
      'newerResult',
      'olderResult',
      'gallery',
      'shortcuts',
    ]);
    expect(enabledIds(testContext({ streaming: true }))).toContain('cancelRun');
    expect(enabledIds(testContext({ streaming: true }))).not.toContain('generate');
    // Over the gallery only its own toggle, the sheet and a run's cancel remain.
    expect(enabledIds(testContext({ galleryOpen: true, streaming: true }))).toEqual([
      'cancelRun',
      'gallery',
      'shortcuts',
    ]);
    expect(enabledIds(testContext({ newerRunId: null }))).not.toContain('newerResult');
    expect(enabledIds(testContext({ olderRunId: null }))).not.toContain('olderResult');

    const context = testContext();
    for (const action of STUDIO_ACTIONS) action.perform(context);
    for (const done of [
      context.generate,
      context.cancel,
      context.openShortcuts,
      context.focusPrompt,
      context.switchMode,
      context.toggleGallery,
    ]) {
      expect(done).toHaveBeenCalledOnce();
    }
    expect(vi.mocked(context.showRun).mock.calls).toEqual([['newer'], ['older']]);
  });

  it('through the keymap, leave typing alone but for generating and cancelling', () => {
    const keymap = createKeymap();
    const context = testContext({ streaming: true });
    keymap.bind(STUDIO_ACTIONS, () => context);
    const typed = (key: string, modifiers: Modifiers = {}) =>
      keymap.onKeyDown({
        ...press(key, modifiers),
        target: { tagName: 'TEXTAREA' } as unknown as EventTarget,
        preventDefault: vi.fn(),
      });
    for (const key of ['/', 'm', 'g', ',', '.', '?']) typed(key);
    for (const done of [context.focusPrompt, context.switchMode, context.toggleGallery, context.showRun]) {
      expect(done).not.toHaveBeenCalled();
    }
    typed('Escape');
    expect(context.cancel).toHaveBeenCalledOnce();
    context.streaming = false;
    typed('Enter', { ctrlKey: true });
    expect(context.generate).toHaveBeenCalledOnce();
  });
});

describe('the runs either side of the one on show', () => {
  const checked = validateGenerationBody({ prompt: 'p', model: 'gpt-image-2' }, createModelRegistry());
  if (!checked.ok) throw new Error(checked.error.body.error.message);
  const shown = (id: string): Run => ({
    ...startRun(id, checked.value, [id], 0),
    variants: [{ ...startVariant(id), final: { id, url: id, format: 'png', size: '1024x1024' } }],
  });
  // Newest first, as the session keeps them; `fresh` has no image yet, so the strip does not list it.
  const runs = [startRun('fresh', checked.value, ['fresh'], 0), shown('c'), shown('b'), shown('a')];

  it.each([
    ['b', { newerRunId: 'c', olderRunId: 'a' }],
    ['c', { newerRunId: null, olderRunId: 'b' }],
    ['a', { newerRunId: 'b', olderRunId: null }],
    ['fresh', { newerRunId: null, olderRunId: 'c' }],
    [null, { newerRunId: null, olderRunId: 'c' }],
  ] as const)('from %s are %o', (shownId, expected) => {
    expect(neighbourRunIds(runs, shownId)).toEqual(expected);
  });
});

describe('the prompt’s own keys', () => {
  it('open the recent prompts with ArrowUp from the first character only', () => {
    const openHistory = vi.fn();
    expect(performPromptAction(press('ArrowUp'), { caretAtStart: false, openHistory })).toBe(false);
    expect(performPromptAction(press('ArrowDown'), { caretAtStart: true, openHistory })).toBe(false);
    expect(performPromptAction(press('ArrowUp', { altKey: true }), { caretAtStart: true, openHistory })).toBe(
      false,
    );
    expect(openHistory).not.toHaveBeenCalled();
    expect(performPromptAction(press('ArrowUp'), { caretAtStart: true, openHistory })).toBe(true);
    expect(openHistory).toHaveBeenCalledOnce();
  });

  it('are left alone by the page’s key handler, and the sheet says where they work', () => {
    const keymap = createKeymap();
    const openHistory = vi.fn();
    keymap.bind(PROMPT_ACTIONS, () => ({ caretAtStart: true, openHistory }));
    keymap.onKeyDown({ ...press('ArrowUp'), target: null, preventDefault: vi.fn() });
    expect(openHistory).not.toHaveBeenCalled();
    expect(PROMPT_ACTIONS.map((action) => action.field)).toEqual(['the prompt']);
  });
});

describe("the studio's, the prompt's and the mask editor's tables together", () => {
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
    const page = ALL.filter((action) => !('field' in action));
    const shared = page
      .flatMap((action) => action.keys)
      .map((combo) => [combo, actionsFor(page, pressFor(combo))] as const)
      .filter(([, ids]) => ids.length > 1);
    expect(Object.fromEntries(shared)).toEqual({ Escape: ['cancelRun', 'cancelStroke'] });
  });

  it('leave a text field’s own keys to it: no page action runs on them while typing', () => {
    const fieldKeys = PROMPT_ACTIONS.flatMap((action) => action.keys);
    const typingActions = ALL.filter((action) => 'whileTyping' in action && action.whileTyping);
    for (const combo of fieldKeys) expect(actionsFor(typingActions, pressFor(combo)), combo).toEqual([]);
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import { createModelRegistry, validateGenerationBody } from '../contract/index.ts';
import type { Problem } from '../contract/index.ts';
import { isShown, runProblem, runStatus } from './run.ts';
import { createStudioStore } from './store.ts';

const problem = (param: string | null): Problem => ({
  message: 'refused',
  param,
  code: null,
  status: 400,
  requestId: null,
  retryAfter: null,
  local: true,
});

const checked = validateGenerationBody({ prompt: 'p', model: 'gpt-image-2' }, createModelRegistry());
if (!checked.ok) throw new Error(checked.error.body.error.message);

let studioStore = createStudioStore();
const useSessionStore = { getState: () => studioStore.getState().session };

beforeEach(() => {
  studioStore = createStudioStore();
});

describe('the session slice', () => {
  it('clears a refusal only when the field it names changes', () => {
    const store = useSessionStore.getState();
    store.refuse(problem('size'));
    store.clearProblemFor(['prompt']);
    expect(useSessionStore.getState().problem?.param).toBe('size');
    store.clearProblemFor(['size']);
    expect(useSessionStore.getState().problem).toBeNull();
  });

  it('clears a refusal without a field on any change, and on dismiss', () => {
    const store = useSessionStore.getState();
    store.refuse(problem(null));
    store.clearProblemFor(['n']);
    expect(useSessionStore.getState().problem).toBeNull();
    store.refuse(problem('model'));
    store.dismissProblem();
    expect(useSessionStore.getState().problem).toBeNull();
  });

  it('puts a new run first and on show, and clears an old refusal', () => {
    const store = useSessionStore.getState();
    store.begin('a', checked.value, ['a1'], 1_000);
    store.finish('a', 'a1', 2_000);
    store.refuse(problem('size'));
    store.begin('b', checked.value, ['b1'], 3_000);
    const state = useSessionStore.getState();
    expect(state.runs.map((run) => [run.id, runStatus(run)])).toEqual([
      ['b', 'streaming'],
      ['a', 'done'],
    ]);
    expect(state.selectedRunId).toBe('b');
    expect(state.problem).toBeNull();
  });

  it('shows a failure as the problem and keeps it on the run', () => {
    const store = useSessionStore.getState();
    store.begin('a', checked.value, ['a1'], 1_000);
    store.fail('a', 'a1', { ...problem('background'), local: false }, 2_000);
    const state = useSessionStore.getState();
    expect(state.problem?.param).toBe('background');
    expect(runStatus(state.runs[0]!)).toBe('error');
    expect(runProblem(state.runs[0]!)?.param).toBe('background');
  });

  it('adds restored runs after its own, once', () => {
    const store = useSessionStore.getState();
    store.begin('new', checked.value, ['n1'], 1_000);
    const restored = { ...useSessionStore.getState().runs[0]!, id: 'old', restored: true };
    store.restore([restored]);
    store.restore([restored]);
    expect(useSessionStore.getState().runs.map((run) => run.id)).toEqual(['new', 'old']);
  });

  it('hides a run once every variant is deleted, and shows it again on undo', () => {
    const store = useSessionStore.getState();
    store.begin('a', { ...checked.value, n: 2 }, ['a1', 'a2'], 1_000);
    const shown = () =>
      isShown(useSessionStore.getState().runs[0]!, useSessionStore.getState().deletedVariantIds);
    store.setDeleted(['a1'], true);
    expect(shown()).toBe(true);
    store.setDeleted(['a2'], true);
    expect(shown()).toBe(false);
    store.setDeleted(['a1', 'a2'], false);
    expect(shown()).toBe(true);
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import { createModelRegistry, validateGenerationBody } from '../contract/index.ts';
import type { RunProblem } from './run.ts';
import { useSessionStore } from './sessionStore.ts';

const problem = (param: string | null): RunProblem => ({
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

beforeEach(() => {
  useSessionStore.setState({ runs: [], selectedRunId: null, problem: null });
});

describe('the session store', () => {
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
    store.begin('a', checked.value);
    store.finish('a');
    store.refuse(problem('size'));
    store.begin('b', checked.value);
    const state = useSessionStore.getState();
    expect(state.runs.map((run) => [run.id, run.status])).toEqual([
      ['b', 'streaming'],
      ['a', 'done'],
    ]);
    expect(state.selectedRunId).toBe('b');
    expect(state.problem).toBeNull();
  });

  it('shows a failure as the problem and keeps it on the run', () => {
    const store = useSessionStore.getState();
    store.begin('a', checked.value);
    store.fail('a', { ...problem('background'), local: false });
    const state = useSessionStore.getState();
    expect(state.problem?.param).toBe('background');
    expect(state.runs[0]!.status).toBe('error');
    expect(state.runs[0]!.error?.param).toBe('background');
  });
});

import { describe, expect, it } from 'vitest';
import type { StudioConfig } from '../contract/index.ts';
import { latestNotice } from '../state/noticesSlice.ts';
import { createTestStudio, testConfig } from './testing/testStudio.ts';

/** The test relay's models under two providers, as a relay with a STUDIO_PROVIDERS file lists them. */
function twoProviders(): StudioConfig {
  const config = testConfig();
  const under = (id: string, label: string) =>
    config.models.map((model) => ({ ...model, id: `${id}/${model.id}`, provider: { id, label } }));
  return {
    ...config,
    models: [...under('cheap', 'Cheap gateway'), ...under('local', 'Offline engine')],
    providers: [
      { id: 'cheap', kind: 'openai', label: 'Cheap gateway', host: 'gw.example.com' },
      { id: 'local', kind: 'offline', label: 'Offline engine', host: null },
    ],
    defaultModel: 'local/gpt-image-2.5-flare',
  };
}

describe('a draft whose model is named another way than the relay lists it', () => {
  it('takes a stored bare id as the first provider’s model of that id, saying nothing', () => {
    const test = createTestStudio();
    test.studio.configure(twoProviders());
    test.studio.updateDraft({ model: 'gpt-image-2' });
    const state = test.studio.store.getState();
    expect(state.draft.draft.model).toBe('cheap/gpt-image-2');
    expect(latestNotice(state.notices.notices, 'draft')).toBeNull();
  });

  it('keeps an address, and reads one on a relay that lists its only provider bare', () => {
    const test = createTestStudio();
    test.studio.configure(twoProviders());
    test.studio.updateDraft({ model: 'local/gpt-image-2' });
    expect(test.studio.store.getState().draft.draft.model).toBe('local/gpt-image-2');

    const single = createTestStudio();
    single.studio.updateDraft({ model: 'offline/gpt-image-2' });
    expect(single.studio.store.getState().draft.draft.model).toBe('gpt-image-2');
  });
});

import { describe, expect, it } from 'vitest';
import { catalogueModel, type ConfiguredModel, type StudioConfig } from '../contract/index.ts';
import { modelLabelOf } from './modelLabels.ts';
import { testConfig } from './testing/testStudio.ts';

/** One catalogue model served by two providers, addressed `providerId/modelId` as with a providers file. */
function twoProviders(): StudioConfig {
  const served = (id: string, label: string): ConfiguredModel => ({
    ...catalogueModel('gpt-image-2'),
    id: `${id}/gpt-image-2`,
    status: 'current',
    provider: { id, label },
  });
  return {
    ...testConfig(),
    models: [served('gw', 'Budget gateway'), served('local', 'Offline engine')],
    providers: [
      { id: 'gw', kind: 'openai-compatible', label: 'Budget gateway', host: 'gw.example.com' },
      { id: 'local', kind: 'offline', label: 'Offline engine', host: null },
    ],
  };
}

describe('modelLabelOf', () => {
  it('names a stored address by its model and, with several providers, its provider', () => {
    const config = twoProviders();
    expect(modelLabelOf(config, 'gw/gpt-image-2')).toBe('GPT Image 2 · Budget gateway');
    expect(modelLabelOf(config, 'local/gpt-image-2')).toBe('GPT Image 2 · Offline engine');
    // A bare id stored before the providers file goes to the first provider serving it, as the relay routes it.
    expect(modelLabelOf(config, 'gpt-image-2')).toBe('GPT Image 2 · Budget gateway');
  });

  it('leaves the provider out when there is one, and shows an id no provider lists as it is', () => {
    expect(modelLabelOf(testConfig(), 'gpt-image-2')).toBe('GPT Image 2');
    expect(modelLabelOf(twoProviders(), 'gone/gpt-image-9')).toBe('gone/gpt-image-9');
    expect(modelLabelOf(null, 'gw/gpt-image-2')).toBe('gw/gpt-image-2');
  });
});

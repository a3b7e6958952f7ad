import { describe, expect, it } from 'vitest';
import { findListedModel, parseProviders, resolveModelAddress } from './providers.ts';

describe('parseProviders', () => {
  it('reads providers with their model entries, the label defaulting to the id', () => {
    const parsed = parseProviders({
      providers: [
        { id: 'local', kind: 'offline' },
        {
          id: 'tasks',
          kind: 'task',
          baseUrl: 'https://tasks.example.com',
          apiKeyEnv: 'TASKS_KEY',
          models: [{ id: 'gpt-image-2', pricePerImage: 0.006375 }],
        },
      ],
    });
    expect(parsed).toMatchObject({
      ok: true,
      providers: [
        { id: 'local', label: 'local', models: [] },
        { id: 'tasks', label: 'tasks', models: [{ id: 'gpt-image-2', pricePerImage: 0.006375 }] },
      ],
    });
  });

  it.each([
    [null, '', 'expected an object { "providers": [ … ] }'],
    [{ providers: [{ id: 'x', kind: 'offline' }], extra: 1 }, '', 'Unrecognized key: "extra"'],
    [{ providers: [{ id: 'Gw', kind: 'offline' }] }, 'providers[0].id', 'expected lower-case'],
    [
      {
        providers: [
          { id: 'l', kind: 'leonardo', baseUrl: 'https://cloud.leonardo.ai/api/rest', apiKeyEnv: 'K' },
        ],
      },
      'providers[0].models',
      'serves only the models it lists',
    ],
    [
      {
        providers: [{ id: 'l', kind: 'task', baseUrl: 'https://t.example/?x=1', apiKeyEnv: 'K', models: [] }],
      },
      'providers[0].baseUrl',
      'no query string',
    ],
    [
      { providers: [{ id: 'o', kind: 'openai', baseUrl: 'https://api.openai.com/v1', apiKeyEnv: '1KEY' }] },
      'providers[0].apiKeyEnv',
      'environment variable name',
    ],
    [
      {
        providers: [
          {
            id: 'o',
            kind: 'openai',
            baseUrl: 'https://a.example/v1',
            apiKeyEnv: 'K',
            resultHosts: ['https://cdn'],
          },
        ],
      },
      'providers[0].resultHosts[0]',
      'expected a host',
    ],
  ])('refuses %j at %s', (json, path, message) => {
    const parsed = parseProviders(json);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problem.path).toBe(path);
    expect(parsed.problem.message).toContain(message);
  });
});

describe('resolveModelAddress', () => {
  const provider = (id: string, ...models: string[]) => ({
    id,
    serves: (model: string) => models.includes(model),
  });
  const providers = [
    provider('cheap', 'gpt-image-2'),
    provider('openai', 'gpt-image-2', 'gpt-image-1.5'),
    provider('router', 'openai/gpt-image-1'),
  ];

  it.each([
    ['openai/gpt-image-2', 'openai', 'gpt-image-2'],
    ['gpt-image-2', 'cheap', 'gpt-image-2'],
    ['gpt-image-1.5', 'openai', 'gpt-image-1.5'],
    // A prefix that is a provider's id names it, even for an id it does not list (it judges that itself).
    ['cheap/gpt-image-9', 'cheap', 'gpt-image-9'],
    // A gateway's own `vendor/model` id is a bare id when `vendor` is no provider of the file.
    ['router/openai/gpt-image-1', 'router', 'openai/gpt-image-1'],
  ])('%s goes to %s as %s', (address, id, modelId) => {
    expect(resolveModelAddress(providers, address)).toMatchObject({ provider: { id }, modelId });
  });

  it('finds no provider for an id nobody serves', () => {
    expect(resolveModelAddress(providers, 'gpt-image-9')).toBeNull();
    expect(resolveModelAddress(providers, 'elsewhere/gpt-image-2')).toBeNull();
  });
});

describe('findListedModel', () => {
  const listed = (id: string, provider: string) => ({ id, provider: { id: provider } });

  it('reads a stored bare id as the first provider’s model of that id', () => {
    const models = [listed('cheap/gpt-image-2', 'cheap'), listed('openai/gpt-image-2', 'openai')];
    expect(findListedModel(models, 'gpt-image-2')?.id).toBe('cheap/gpt-image-2');
    expect(findListedModel(models, 'openai/gpt-image-2')?.id).toBe('openai/gpt-image-2');
    expect(findListedModel(models, 'gpt-image-9')).toBeUndefined();
  });

  it('reads a stored address on a relay that lists its one provider bare', () => {
    const models = [listed('gpt-image-2', 'openai')];
    expect(findListedModel(models, 'openai/gpt-image-2')?.id).toBe('gpt-image-2');
    expect(findListedModel(models, 'gpt-image-2')?.id).toBe('gpt-image-2');
    expect(findListedModel(models, 'offline/gpt-image-2')).toBeUndefined();
  });
});

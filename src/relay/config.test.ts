import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRelayConfig, readEnvironment, RelayConfigError } from './config.ts';

describe('loadRelayConfig', () => {
  it('defaults to the offline engine on 127.0.0.1:8787 without a key', () => {
    const config = loadRelayConfig({});
    expect(config.upstream).toEqual({ kind: 'offline', latency: { kind: 'none' } });
    expect(config).toMatchObject({ host: '127.0.0.1', port: 8787, accessToken: null, allowedOrigins: [] });
    expect(config).toMatchObject({ upstreamIdleMs: 300_000, heartbeatMs: 15_000, rateLimitPerMinute: null });
    expect([...config.models.keys()]).toContain('gpt-image-2');
  });

  it('uses OpenAI when a key is set (auto), with the default base URL', () => {
    expect(loadRelayConfig({ OPENAI_API_KEY: 'sk-1' }).upstream).toEqual({
      kind: 'openai',
      apiKey: 'sk-1',
      baseUrl: 'https://api.openai.com/v1',
      resultHosts: [],
    });
  });

  it('makes the OpenAI variables one provider, `openai`, or the offline engine `offline`', () => {
    const openai = loadRelayConfig({ OPENAI_API_KEY: 'sk-1' });
    expect(openai.providersFile).toBeNull();
    expect(openai.providers.map(({ id, label }) => ({ id, label }))).toEqual([
      { id: 'openai', label: 'OpenAI' },
    ]);
    expect(openai.providers[0]!.models).toBe(openai.models);
    expect(loadRelayConfig({}).providers.map(({ id }) => id)).toEqual(['offline']);
  });

  it('reads every setting', () => {
    const config = loadRelayConfig({
      OPENAI_API_KEY: 'sk-1',
      OPENAI_BASE_URL: 'https://gateway.example.com/openai/v1/',
      HOST: '0.0.0.0',
      PORT: '9000',
      STUDIO_ACCESS_TOKEN: 'tok',
      STUDIO_ALLOWED_ORIGINS: 'https://a.example.com, http://localhost:3000',
      STUDIO_MODEL_ALIASES: 'gpt-image-2-c=gpt-image-2',
      STUDIO_UPSTREAM_IDLE_MS: '90000',
      STUDIO_HEARTBEAT_MS: '5000',
      STUDIO_RATE_LIMIT: '20',
    });
    expect(config.upstream).toMatchObject({ baseUrl: 'https://gateway.example.com/openai/v1' });
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 9000,
      accessToken: 'tok',
      allowedOrigins: ['https://a.example.com', 'http://localhost:3000'],
      upstreamIdleMs: 90_000,
      heartbeatMs: 5000,
      rateLimitPerMinute: 20,
    });
    expect(config.models.get('gpt-image-2-c')?.like).toBe('gpt-image-2');
  });

  it('keeps the offline engine when asked, even with a key', () => {
    expect(loadRelayConfig({ OPENAI_API_KEY: 'sk-1', STUDIO_UPSTREAM: 'offline' }).upstream.kind).toBe(
      'offline',
    );
  });

  it.each([
    [{ STUDIO_UPSTREAM: 'openai' }, /STUDIO_UPSTREAM=openai needs OPENAI_API_KEY/],
    [{ STUDIO_UPSTREAM: 'azure' }, /STUDIO_UPSTREAM must be 'auto', 'offline' or 'openai'/],
    [{ PORT: '80a' }, /PORT must be an integer/],
    [{ PORT: '70000' }, /PORT must be an integer/],
    [{ OPENAI_API_KEY: 'k', OPENAI_BASE_URL: 'api.openai.com' }, /OPENAI_BASE_URL is not a URL/],
    [{ OPENAI_API_KEY: 'k', OPENAI_BASE_URL: 'ftp://x.example' }, /must start with https:\/\/ or http:\/\//],
    [
      { STUDIO_ALLOWED_ORIGINS: 'https://a.example.com/app' },
      /'https:\/\/a.example.com\/app' is not an origin/,
    ],
    [{ STUDIO_MODEL_ALIASES: 'x=midjourney-7' }, /STUDIO_MODEL_ALIASES entry 'x=midjourney-7'/],
    [{ STUDIO_OFFLINE_LATENCY: 'slow' }, /STUDIO_OFFLINE_LATENCY/],
    [{ STUDIO_UPSTREAM_IDLE_MS: '5m' }, /STUDIO_UPSTREAM_IDLE_MS must be a whole number above 0/],
    [{ STUDIO_HEARTBEAT_MS: '0' }, /STUDIO_HEARTBEAT_MS must be a whole number above 0/],
    [{ STUDIO_RATE_LIMIT: '-3' }, /STUDIO_RATE_LIMIT must be a whole number above 0/],
    [{ STUDIO_ALLOWED_HOSTS: 'https://studio.lan' }, /STUDIO_ALLOWED_HOSTS entry 'https:\/\/studio.lan'/],
    [{ STUDIO_ALLOWED_HOSTS: 'studio.lan:8787' }, /without a scheme or a port/],
    [{ STUDIO_ALLOWED_HOSTS: '*.example.com' }, /STUDIO_ALLOWED_HOSTS entry '\*.example.com'/],
    [{ HOST: '0.0.0.0', STUDIO_INSECURE_OPEN: 'yes' }, /STUDIO_INSECURE_OPEN must be 1 or 0/],
  ])('refuses %o with a message naming the setting', (env, message) => {
    expect(() => loadRelayConfig(env)).toThrow(RelayConfigError);
    expect(() => loadRelayConfig(env)).toThrow(message);
  });

  it('never puts the key in a configuration error', () => {
    expect(() =>
      loadRelayConfig({ OPENAI_API_KEY: 'sk-secret-value', OPENAI_BASE_URL: 'not a url sk-secret-value' }),
    ).toThrow(/^OPENAI_BASE_URL is not a URL; expected e\.g\. https:\/\/api\.openai\.com\/v1\.$/);
  });
});

describe('binding beyond loopback', () => {
  it.each(['0.0.0.0', '::', '192.168.1.5'])(
    'refuses HOST=%s without STUDIO_ACCESS_TOKEN, saying why',
    (host) => {
      expect(() => loadRelayConfig({ HOST: host })).toThrow(RelayConfigError);
      expect(() => loadRelayConfig({ HOST: host })).toThrow(
        new RegExp(
          `^HOST=${host} makes the relay reachable from other machines.*STUDIO_ACCESS_TOKEN.*STUDIO_INSECURE_OPEN=1`,
        ),
      );
      expect(() => loadRelayConfig({ HOST: host, OPENAI_API_KEY: 'sk-1' })).toThrow(
        /spending your OpenAI key/,
      );
      expect(() => loadRelayConfig({ HOST: host, STUDIO_INSECURE_OPEN: '0' })).toThrow(RelayConfigError);
    },
  );

  it('starts with a token, or when asked to run open in so many words', () => {
    expect(loadRelayConfig({ HOST: '0.0.0.0', STUDIO_ACCESS_TOKEN: 'tok' }).host).toBe('0.0.0.0');
    expect(loadRelayConfig({ HOST: '0.0.0.0', STUDIO_INSECURE_OPEN: '1' }).accessToken).toBeNull();
    expect(loadRelayConfig({ HOST: 'localhost' }).host).toBe('localhost');
  });

  it('reads STUDIO_ALLOWED_HOSTS as lower-case names', () => {
    expect(
      loadRelayConfig({ STUDIO_ALLOWED_HOSTS: 'Studio.LAN, studio.example.com,192.168.1.5,[fe80::1]' })
        .allowedHosts,
    ).toEqual(['studio.lan', 'studio.example.com', '192.168.1.5', '[fe80::1]']);
    expect(loadRelayConfig({}).allowedHosts).toEqual([]);
  });

  it('stops `npm start` with the reason before anything is bound', async () => {
    // An empty working directory: no developer .env can lend it a token.
    const directory = await mkdtemp(join(tmpdir(), 'atelier-open-'));
    try {
      const child = spawn(resolve('node_modules/.bin/tsx'), [resolve('src/relay/main.ts')], {
        cwd: directory,
        env: { PATH: process.env.PATH, HOST: '0.0.0.0', PORT: '0', STUDIO_UPSTREAM: 'offline' },
      });
      let output = '';
      const collect = (chunk: Buffer) => {
        output += chunk.toString();
        // Should it start after all, it must not stay up on every interface.
        if (output.includes('listening')) child.kill();
      };
      child.stdout.on('data', collect);
      child.stderr.on('data', collect);
      const code = await new Promise<number | null>((done) => child.on('exit', done));
      expect(output).toContain(
        'Configuration error: HOST=0.0.0.0 makes the relay reachable from other machines',
      );
      expect(output).not.toContain('listening');
      expect(code).toBe(1);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});

describe('readEnvironment', () => {
  it('reads .env under the real environment, which wins', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'atelier-env-'));
    try {
      await writeFile(join(directory, '.env'), 'PORT=9100\nSTUDIO_ACCESS_TOKEN=from-file\n');
      expect(readEnvironment(directory, { PORT: '9200' })).toMatchObject({
        PORT: '9200',
        STUDIO_ACCESS_TOKEN: 'from-file',
      });
      expect(readEnvironment(join(directory, 'missing'), { PORT: '1' })).toEqual({ PORT: '1' });
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});

/** Writes `text` to a file of that name in a directory of its own for `use`, then removes it. */
async function withJsonFile(name: string, text: string, use: (path: string) => void): Promise<void> {
  const directory = await mkdtemp(join(tmpdir(), 'atelier-config-'));
  try {
    const path = join(directory, name);
    await writeFile(path, text);
    use(path);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

describe('STUDIO_MODELS', () => {
  const withModelFile = (text: string, use: (path: string) => void) => withJsonFile('models.json', text, use);

  it('adds and overrides models of the default provider, over the deprecated aliases', async () => {
    const entries = [
      {
        id: 'gw-sunburst',
        like: 'gpt-image-2.5-sunburst',
        label: 'Gateway Sunburst',
        maxImagesPerRequest: 4,
      },
      { id: 'gpt-image-1' },
      { id: 'gpt-image-2-c', like: 'gpt-image-2.6-flare' },
    ];
    const logs: string[] = [];
    await withModelFile(JSON.stringify(entries), (path) => {
      const config = loadRelayConfig(
        { STUDIO_MODELS: path, STUDIO_MODEL_ALIASES: 'gpt-image-2-c=gpt-image-2' },
        { log: (line) => logs.push(line) },
      );
      expect(config.models.get('gw-sunburst')).toMatchObject({
        label: 'Gateway Sunburst',
        like: 'gpt-image-2.5-sunburst',
        maxImagesPerRequest: 4,
        shutdownDate: null,
      });
      // A declared retired model is one the gateway still serves.
      expect(config.models.get('gpt-image-1')?.shutdownDate).toBeNull();
      expect(config.models.get('gpt-image-2-c')?.like).toBe('gpt-image-2.6-flare');
    });
    expect(logs.join('\n')).toMatch(/STUDIO_MODEL_ALIASES is deprecated/);
  });

  it.each([
    ['not json', /STUDIO_MODELS file .*models\.json is not JSON/],
    ['{"id": "x"}', /models\.json, the top level \(expected an array of model entries\)/],
    [
      '[{"id": "x", "like": "gpt-image-2", "qualities": ["ultra"]}]',
      /models\.json, entry \[0\]\.qualities\[0\]: /,
    ],
    ['[{"id": "gw"}]', /entry \[0\]\.id: 'gw' is not a catalogue model, so the entry needs 'like'/],
    ['[{"id": "gw", "like": "gpt-7"}]', /entry \[0\]\.like: 'gpt-7' is not a catalogue model/],
    ['[{"id": "gw", "like": "gpt-image-2", "colour": "red"}]', /entry \[0\]: Unrecognized key: "colour"/],
  ])('stops at start naming the file, the entry, the field and why: %s', async (text, message) => {
    await withModelFile(text, (path) => {
      expect(() => loadRelayConfig({ STUDIO_MODELS: path })).toThrow(RelayConfigError);
      expect(() => loadRelayConfig({ STUDIO_MODELS: path })).toThrow(message);
    });
  });

  it('names a file it cannot read', () => {
    expect(() => loadRelayConfig({ STUDIO_MODELS: '/nonexistent/models.json' })).toThrow(
      /STUDIO_MODELS file \/nonexistent\/models\.json cannot be read/,
    );
  });
});

describe('STUDIO_PROVIDERS', () => {
  const gateway = {
    id: 'gw',
    kind: 'openai-compatible',
    label: 'Cheap gateway',
    baseUrl: 'https://gw.example.com/v1/',
    apiKeyEnv: 'GW_KEY',
    resultHosts: ['CDN.gw.example.com'],
    models: [{ id: 'gpt-image-2-c', like: 'gpt-image-2', pricePerImage: 0.006375, supportsStreaming: false }],
  };

  const withProvidersFile = (text: string, use: (path: string) => void) =>
    withJsonFile('providers.json', text, use);

  it('reads every provider in order, each key from the variable it names', async () => {
    const file = {
      providers: [
        gateway,
        { id: 'local', kind: 'offline' },
        { id: 'oa', kind: 'openai', baseUrl: 'https://api.openai.com/v1', apiKeyEnv: 'OA_KEY' },
      ],
    };
    const logs: string[] = [];
    await withProvidersFile(JSON.stringify(file), (path) => {
      const config = loadRelayConfig(
        { STUDIO_PROVIDERS: path, GW_KEY: 'sk-gw', OA_KEY: 'sk-oa', STUDIO_MODELS: '/ignored.json' },
        { log: (line) => logs.push(line) },
      );
      expect(config.providersFile).toBe(path);
      expect(config.providers.map(({ id, label }) => [id, label])).toEqual([
        ['gw', 'Cheap gateway'],
        ['local', 'local'],
        ['oa', 'oa'],
      ]);
      expect(config.upstream).toEqual({
        kind: 'openai-compatible',
        apiKey: 'sk-gw',
        baseUrl: 'https://gw.example.com/v1',
        resultHosts: ['cdn.gw.example.com'],
      });
      // A gateway serves what it declares; OpenAI and the engine serve the catalogue.
      const [gw, local, oa] = config.providers;
      expect([...gw!.models.keys()]).toEqual(['gpt-image-2-c']);
      expect(gw!.models.get('gpt-image-2-c')).toMatchObject({ like: 'gpt-image-2', pricePerImage: 0.006375 });
      expect(local!.upstream.kind).toBe('offline');
      expect(oa!.models.has('gpt-image-2')).toBe(true);
    });
    expect(logs.join('\n')).toMatch(
      /STUDIO_MODELS is ignored: the STUDIO_PROVIDERS file declares the providers/,
    );
  });

  const file = (...providers: unknown[]) => JSON.stringify({ providers });
  it.each([
    ['not json', /STUDIO_PROVIDERS file .*providers\.json is not JSON/],
    ['[]', /providers\.json: expected an object \{ "providers": \[ … \] \}/],
    [file(), /providers\.json, providers: expected at least one provider/],
    [
      file({ ...gateway, kind: 'replicate' }),
      /providers\[0\]\.kind: 'replicate' is not a provider kind; expected one of openai, openai-compatible, task, leonardo, offline/,
    ],
    [
      file({ ...gateway, id: 'my/gw' }),
      /providers\[0\]\.id: expected lower-case letters, digits, dots, dashes or underscores, no slash/,
    ],
    [file(gateway, gateway), /providers\[1\]\.id: 'gw' is already the id of a provider above/],
    [
      file({ ...gateway, baseUrl: 'ftp://gw.example.com' }),
      /providers\[0\]\.baseUrl: expected an http\(s\) URL/,
    ],
    [
      file({ ...gateway, baseUrl: undefined }),
      /providers\[0\]\.baseUrl: this openai-compatible provider needs one, e\.g\. https:\/\/gateway\.example\.com\/v1/,
    ],
    [file({ ...gateway, apiKey: 'sk-in-the-file' }), /providers\[0\]: Unrecognized key: "apiKey"/],
    [
      file({ ...gateway, apiKeyEnv: undefined }),
      /providers\[0\]\.apiKeyEnv: expected the name of the environment variable/,
    ],
    [
      file({ ...gateway, models: [] }),
      /providers\[0\]\.models: this openai-compatible provider serves only the models it lists/,
    ],
    [
      file({ ...gateway, models: [{ id: 'gw-x', like: 'gpt-7' }] }),
      /providers\[0\]\.models\[0\]\.like: 'gpt-7' is not a catalogue model/,
    ],
    [
      file({ ...gateway, models: [{ id: 'gw-x', like: 'gpt-image-2', pricePerImage: -1 }] }),
      /providers\[0\]\.models\[0\]\.pricePerImage: /,
    ],
    [
      file({ ...gateway, models: [{ id: 'gpt-image-2' }, { id: 'gpt-image-2' }] }),
      /providers\[0\]\.models\[1\]\.id: 'gpt-image-2' is listed twice/,
    ],
    [
      file({ id: 'local', kind: 'offline', apiKeyEnv: 'X' }),
      /providers\[0\]\.apiKeyEnv: the offline engine runs in the relay: it has no URL or key/,
    ],
    [
      file({ ...gateway, apiKeyEnv: 'UNSET_KEY' }),
      /providers\[0\]\.apiKeyEnv: provider 'gw' reads its key from UNSET_KEY, which is not set/,
    ],
  ])('stops at start naming the file, the field and why: %s', async (text, message) => {
    await withProvidersFile(text, (path) => {
      const env = { STUDIO_PROVIDERS: path, GW_KEY: 'sk-gw' };
      expect(() => loadRelayConfig(env)).toThrow(RelayConfigError);
      expect(() => loadRelayConfig(env)).toThrow(message);
    });
  });

  it('names a file it cannot read', () => {
    expect(() => loadRelayConfig({ STUDIO_PROVIDERS: '/nonexistent/providers.json' })).toThrow(
      /STUDIO_PROVIDERS file \/nonexistent\/providers\.json cannot be read/,
    );
  });
});

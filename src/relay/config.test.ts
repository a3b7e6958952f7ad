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
    });
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

describe('STUDIO_MODELS', () => {
  async function withModelFile(text: string, use: (path: string) => void): Promise<void> {
    const directory = await mkdtemp(join(tmpdir(), 'atelier-models-'));
    try {
      const path = join(directory, 'models.json');
      await writeFile(path, text);
      use(path);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }

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

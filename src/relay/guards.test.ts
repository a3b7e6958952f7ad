import { request as httpRequest } from 'node:http';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGuards } from './guards.ts';
import { startRelayHarness, TEST_API_KEY, type RelayHarness } from './testing/harness.ts';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** node:http lets a test send any Host header, which fetch does not. */
function rawRequest(
  url: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${url}${path}`,
      { method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const generation = JSON.stringify({ model: 'gpt-image-2', prompt: 'a guarded cat' });
const seen: RawResponse[] = [];

async function post(harness: RelayHarness, headers: Record<string, string>): Promise<RawResponse> {
  const response = await rawRequest(harness.url, '/v1/images/generations', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: generation,
  });
  seen.push(response);
  return response;
}

describe('Host and Origin guards', () => {
  let harness: RelayHarness;
  beforeAll(async () => {
    harness = await startRelayHarness('fake', { STUDIO_ALLOWED_ORIGINS: 'https://studio.example.com' });
  });
  afterAll(() => harness.close());

  it('refuses a foreign Origin with 403 before anything reaches the upstream', async () => {
    const response = await post(harness, { origin: 'https://evil.example' });
    expect(response.status).toBe(403);
    expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'origin_not_allowed', param: null } });
    expect(harness.fake!.requests).toHaveLength(0);
  });

  it.each(['evil.example:8787', 'evil.example', '127.0.0.1.nip.io'])(
    'refuses a DNS-rebinding Host header (%s)',
    async (host) => {
      const response = await post(harness, { host: host.includes(':') ? host : `${host}:${harness.port}` });
      expect(response.status).toBe(421);
      expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'host_not_allowed' } });
      expect(harness.fake!.requests).toHaveLength(0);
    },
  );

  it('refuses a loopback name on another port', async () => {
    const response = await post(harness, { host: `localhost:${harness.port + 1}` });
    expect(response.status).toBe(421);
  });

  it.each([
    ['no Origin (an SDK or curl)', {}],
    ['the same origin', { origin: `http://127.0.0.1:${0}` }],
    ['localhost as Host', { host: `localhost:${0}` }],
    ['a listed origin', { origin: 'https://studio.example.com' }],
  ])('lets %s through', async (_name, template: Record<string, string>) => {
    const headers = Object.fromEntries(
      Object.entries(template).map(([name, value]) => [name, value.replace(':0', `:${harness.port}`)]),
    );
    const response = await post(harness, headers);
    expect(response.status).toBe(200);
  });

  it('answers CORS for a listed origin, including the preflight', async () => {
    const preflight = await rawRequest(harness.url, '/v1/images/generations', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://studio.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, authorization',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('https://studio.example.com');
    expect(preflight.headers['access-control-allow-headers']).toBe('content-type, authorization');

    const actual = await post(harness, { origin: 'https://studio.example.com' });
    expect(actual.headers['access-control-allow-origin']).toBe('https://studio.example.com');
    expect(actual.headers['access-control-expose-headers']).toContain('x-request-id');
  });
});

describe('access token mode', () => {
  const token = 'studio-token-4f9a';
  let harness: RelayHarness;
  beforeAll(async () => {
    harness = await startRelayHarness('fake', { STUDIO_ACCESS_TOKEN: token });
  });
  afterAll(() => harness.close());

  it.each([
    ['no token', {}],
    ['a wrong token', { authorization: 'Bearer studio-token-4f9b' }],
    ['the upstream key instead of the token', { authorization: `Bearer ${TEST_API_KEY}` }],
  ])('refuses %s with 401', async (_name, headers: Record<string, string>) => {
    const response = await post(harness, headers);
    expect(response.status).toBe(401);
    expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'invalid_access_token' } });
    expect(harness.fake!.requests).toHaveLength(0);
  });

  it('protects /api/config too, but not /healthz', async () => {
    expect((await rawRequest(harness.url, '/api/config')).status).toBe(401);
    const config = await rawRequest(harness.url, '/api/config', {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(JSON.parse(config.body)).toMatchObject({
      accessTokenRequired: true,
      upstream: { kind: 'openai' },
    });
    seen.push(config);
    expect((await rawRequest(harness.url, '/healthz')).body).toBe('{"ok":true}');
  });

  it('lets the right token through, and the SDK works with the token as its apiKey', async () => {
    expect((await post(harness, { authorization: `Bearer ${token}` })).status).toBe(200);
    const client = new OpenAI({ apiKey: token, baseURL: `${harness.url}/v1`, maxRetries: 0 });
    const result = await client.images.generate({ model: 'gpt-image-2', prompt: 'a token cat' });
    expect(result.data?.[0]?.b64_json).toEqual(expect.any(String));
    // Upstream got the relay's key, never the studio's token.
    expect(harness.fake!.requests.map((request) => request.headers.authorization)).toEqual([
      `Bearer ${TEST_API_KEY}`,
      `Bearer ${TEST_API_KEY}`,
    ]);
  });

  it('never shows the key in any response or log line', () => {
    expect(seen.length).toBeGreaterThan(10);
    for (const response of seen) {
      expect(response.body).not.toContain(TEST_API_KEY);
      expect(JSON.stringify(response.headers)).not.toContain(TEST_API_KEY);
    }
    expect(harness.logs.join('\n')).not.toContain(TEST_API_KEY);
  });
});

describe('STUDIO_ALLOWED_HOSTS, for a relay reached by other names (here through a reverse proxy)', () => {
  let harness: RelayHarness;
  beforeAll(async () => {
    harness = await startRelayHarness('fake', { STUDIO_ALLOWED_HOSTS: 'studio.example.com, Studio.LAN' });
  });
  afterAll(() => harness.close());

  it.each(['studio.example.com', 'studio.example.com:443', 'STUDIO.lan:0'])(
    'answers for %s',
    async (host) => {
      const response = await post(harness, { host: host.replace(':0', `:${harness.port}`) });
      expect(response.status).toBe(200);
    },
  );

  it.each(['evil.example', 'studio.example.com.evil.example', 'www.studio.example.com', '192.168.1.5:0'])(
    'still refuses a rebinding name or an address the loopback relay is not on (%s)',
    async (host) => {
      const before = harness.fake!.requests.length;
      const response = await post(harness, { host: host.replace(':0', `:${harness.port}`) });
      expect(response.status).toBe(421);
      expect(JSON.parse(response.body)).toMatchObject({
        error: { code: 'host_not_allowed', message: expect.stringContaining('STUDIO_ALLOWED_HOSTS') },
      });
      expect(harness.fake!.requests.length).toBe(before);
    },
  );

  it('takes the https origin of a page served through a proxy that ends TLS, and only that one', async () => {
    const host = 'studio.example.com';
    expect((await post(harness, { host, origin: 'https://studio.example.com' })).status).toBe(200);
    expect((await post(harness, { host, origin: 'https://studio.lan' })).status).toBe(403);
  });
});

describe('the Host check of a relay bound beyond loopback (HOST=0.0.0.0)', () => {
  const guards = createGuards({
    host: '0.0.0.0',
    port: 8787,
    allowedOrigins: [],
    allowedHosts: ['studio.lan'],
    accessToken: 'token',
  });
  const check = (host: string, origin?: string) =>
    guards.checkHostAndOrigin({ host, ...(origin ? { origin } : {}) })?.body.error.code ?? 'ok';

  it.each([
    ['a listed name', 'studio.lan:8787'],
    ['a listed name without the port', 'studio.lan'],
    ['this machine on loopback', '127.0.0.1:8787'],
    ['localhost', 'localhost:8787'],
    ['a LAN address', '192.168.1.5:8787'],
    ['an address reached through port forwarding', '203.0.113.9:80'],
    ['an IPv6 address', '[fe80::1]:8787'],
  ])('answers for %s (%s)', (_name, host) => {
    expect(check(host)).toBe('ok');
  });

  it.each([
    ['a name an attacker points at this machine', 'evil.example:8787'],
    ['a rebinding service name', '192.168.1.5.nip.io:8787'],
    ['a listed name as a suffix', 'studio.lan.evil.example'],
    ['localhost on another port', 'localhost:8788'],
    ['a malformed Host', 'studio.lan@evil.example'],
    ['no Host at all', ''],
  ])('refuses %s (%s)', (_name, host) => {
    expect(check(host)).toBe('host_not_allowed');
  });

  it("still refuses another page's origin on an address it answers for", () => {
    expect(check('192.168.1.5:8787', 'http://192.168.1.5:8787')).toBe('ok');
    expect(check('192.168.1.5:8787', 'http://192.168.1.5:3000')).toBe('origin_not_allowed');
  });
});

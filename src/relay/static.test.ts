import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRelayConfig } from './config.ts';
import { createRelay, type Relay } from './server.ts';
import { resolveStaticPath } from './static.ts';

let relay: Relay;
let url: string;
let root: string;
let dist: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'atelier-static-'));
  dist = join(root, 'dist');
  await mkdir(join(dist, 'assets'), { recursive: true });
  await writeFile(join(dist, 'index.html'), '<!doctype html><title>Atelier</title>');
  await writeFile(join(dist, 'assets', 'index-Bq3xZ9aP.js'), 'console.log("studio")');
  await writeFile(join(dist, 'favicon.svg'), '<svg/>');
  await writeFile(join(root, 'atelier-secret.txt'), 'outside dist');
  relay = createRelay(loadRelayConfig({ PORT: '0' }, { staticDir: dist, log: () => undefined }));
  url = (await relay.listen()).url;
});
afterAll(async () => {
  await relay.close();
  await rm(root, { recursive: true, force: true });
});

/** Sends the path exactly as written (fetch would normalise `..` away). */
function get(
  path: string,
): Promise<{ status: number; type: string | undefined; cache: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}/`, { path }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          type: res.headers['content-type'],
          cache: res.headers['cache-control'],
          body,
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('serving the built studio', () => {
  it('serves index.html at / and for unknown routes (the studio routes in the browser)', async () => {
    for (const path of ['/', '/sessions/42']) {
      const response = await get(path);
      expect(response).toMatchObject({ status: 200, type: 'text/html; charset=utf-8', cache: 'no-cache' });
      expect(response.body).toContain('<title>Atelier</title>');
    }
  });

  it('serves hashed assets as immutable with their content type, other files revalidated', async () => {
    expect(await get('/assets/index-Bq3xZ9aP.js')).toMatchObject({
      status: 200,
      type: 'text/javascript; charset=utf-8',
      cache: 'public, max-age=31536000, immutable',
    });
    expect(await get('/favicon.svg')).toMatchObject({
      status: 200,
      type: 'image/svg+xml',
      cache: 'no-cache',
    });
  });

  it('answers 404 for a missing file with an extension instead of the page', async () => {
    expect((await get('/assets/gone-12345678.js')).status).toBe(404);
  });

  it.each(['/../atelier-secret.txt', '/%2e%2e/atelier-secret.txt', '/assets/..%2f..%2fatelier-secret.txt'])(
    'never leaves dist/ (%s)',
    async (path) => {
      const response = await get(path);
      expect(response.body).not.toContain('outside dist');
    },
  );

  it('resolves only paths inside the root', () => {
    expect(resolveStaticPath('/srv/dist', '/a/b.js')).toBe('/srv/dist/a/b.js');
    expect(resolveStaticPath('/srv/dist', '/%2e%2e/etc/passwd')).toBeNull();
    expect(resolveStaticPath('/srv/dist', '/..%2fdist-other/x')).toBeNull();
    expect(resolveStaticPath('/srv/dist', '/%E0%A4%A')).toBeNull();
    expect(resolveStaticPath('/srv/dist', '/a%00.js')).toBeNull();
  });
});

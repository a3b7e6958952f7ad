/**
 * Serves the built studio (dist/): real files with their content types, index.html for any other path
 * (the studio routes in the browser), long-lived caching only for Vite's content-hashed assets.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** Vite writes hashed file names under assets/, so their bytes never change under the same URL. */
const HASHED_ASSET = /^\/assets\/.+-[\w-]{8,}\.\w+$/;

/** Maps a URL path to a file inside `root`, or null when it would leave it or cannot be decoded. */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const file = resolve(root, `.${decoded}`);
  return file === root || file.startsWith(root + sep) ? file : null;
}

async function fileSize(path: string): Promise<number | null> {
  try {
    const info = await stat(path);
    return info.isFile() ? info.size : null;
  } catch {
    return null;
  }
}

export async function serveStatic(
  staticDir: string,
  req: IncomingMessage,
  res: ServerResponse,
  urlPath: string,
): Promise<void> {
  const root = resolve(staticDir);
  const requested = resolveStaticPath(root, urlPath);
  let file = requested && urlPath !== '/' ? requested : null;
  let size = file ? await fileSize(file) : null;
  let cacheControl = file && HASHED_ASSET.test(urlPath) ? 'public, max-age=31536000, immutable' : 'no-cache';
  // A missing file with an extension is a broken link, not a studio route; answering HTML would hide it.
  if (size === null && extname(urlPath) === '') {
    file = resolve(root, 'index.html');
    size = await fileSize(file);
    cacheControl = 'no-cache';
  }
  if (size === null || !file) {
    const text =
      extname(urlPath) === ''
        ? 'The studio is not built yet: run `npm run build` (or start with `npm start`).\n'
        : 'Not found.\n';
    res.writeHead(404, {
      'content-type': 'text/plain; charset=utf-8',
      'content-length': Buffer.byteLength(text),
    });
    res.end(text);
    return;
  }
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'content-length': size,
    'cache-control': cacheControl,
    'x-content-type-options': 'nosniff',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  await pipeline(createReadStream(file), res);
}

/**
 * Serves the built studio (dist/): real files with their content types, index.html for any other path
 * (the studio routes in the browser), long-lived caching only for Vite's content-hashed assets, and the
 * headers that keep the page from being framed, sniffed or made to run anyone else's code.
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

/**
 * What the built page may load: its own scripts, styles, fonts and module worker (dist/ has no inline script
 * or style; React and Konva set styles through the DOM, which CSP leaves alone), images from blob: and data:
 * URLs and fetches of blob: ones, as the studio shows results from Blobs and reads them back. Nothing may frame it
 * (`frame-ancestors`): a framed Generate button is one a hidden page can make the user press, at their cost.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  "connect-src 'self' blob:",
  "worker-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** On every file: no type sniffing, and no page address sent to other sites (a session's path included). */
const FILE_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
} as const;

const PAGE_HEADERS = {
  ...FILE_HEADERS,
  'content-security-policy': CONTENT_SECURITY_POLICY,
  // For browsers that predate frame-ancestors.
  'x-frame-options': 'DENY',
} as const;

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
      ...FILE_HEADERS,
    });
    res.end(text);
    return;
  }
  const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
  res.writeHead(200, {
    'content-type': type,
    'content-length': size,
    'cache-control': cacheControl,
    ...(type.startsWith('text/html') ? PAGE_HEADERS : FILE_HEADERS),
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  await pipeline(createReadStream(file), res);
}

import type { IncomingHttpHeaders } from 'node:http';
import { defineConfig, type ProxyOptions } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';

const relayPort = process.env.PORT ?? '8787';
const relay = `http://127.0.0.1:${relayPort}`;

/** The dev server on a loopback name, as the browser that opened it writes it in Host. */
const LOOPBACK_HOST = /^(127\.0\.0\.1|localhost|\[::1\]):\d+$/;

/** A call from a page the dev server itself served: its Origin is the dev server's own, on loopback. */
function isFromDevServerPage(headers: IncomingHttpHeaders): boolean {
  const { origin, host } = headers;
  return host !== undefined && LOOPBACK_HOST.test(host) && origin === `http://${host}`;
}

/**
 * In development the studio talks to the relay through Vite's proxy so both share one origin. The proxy
 * passes a call from the dev server's own page on with the relay's origin, which makes it the same-origin
 * call it is, so no relay has to trust the dev server's origin (one started with `npm start` must not: any
 * page on that port could spend the key). Every other Origin goes on as it came, for the relay to refuse.
 */
function relayProxy(target: string): ProxyOptions {
  return {
    target,
    changeOrigin: true,
    configure(proxy, options) {
      // From the options, not `target`: a caller's config merged over this one may point elsewhere.
      const relayOrigin = new URL(String(options.target)).origin;
      proxy.on('proxyReq', (proxyReq, req) => {
        if (isFromDevServerPage(req.headers)) proxyReq.setHeader('origin', relayOrigin);
      });
    },
  };
}

export default defineConfig({
  plugins: [react(), tailwindcss()],
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: true,
    proxy: {
      '/v1': relayProxy(relay),
      '/api': relayProxy(relay),
      '/healthz': relayProxy(relay),
    },
  },
  build: {
    outDir: 'dist',
    sourcemap: true,
  },
});

import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';

const relayPort = process.env.PORT ?? '8787';
const relay = `http://127.0.0.1:${relayPort}`;

export default defineConfig({
  plugins: [react(), tailwindcss()],
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: true,
    // In development the studio talks to the relay through Vite's proxy so both share one origin.
    proxy: {
      '/v1': { target: relay, changeOrigin: true },
      '/api': { target: relay, changeOrigin: true },
      '/healthz': { target: relay, changeOrigin: true },
    },
  },
  build: {
    outDir: 'dist',
    sourcemap: true,
  },
});

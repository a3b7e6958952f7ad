/**
 * nginx as the reference streaming proxy: Debian's nginx-light with `proxy_buffering off`, started on a
 * loopback port with a private prefix, and one worker process so it gets the same single core the relay's
 * event loop gets. Its connections to the upstream are kept alive, as the relay's undici pool keeps its
 * own: `proxy_pass` to a bare address opens a new one for every request, which put a connect on nginx's
 * side of every first-event figure and none on the relay's.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitForHttp } from './processes.ts';

const NGINX_CANDIDATES = ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/local/nginx/sbin/nginx'];

export function findNginx(): string | null {
  return NGINX_CANDIDATES.find((path) => existsSync(path)) ?? null;
}

export interface RunningNginx {
  url: string;
  stop(): Promise<void>;
}

export async function startNginx(binary: string, port: number, upstreamUrl: string): Promise<RunningNginx> {
  const prefix = await mkdtemp(join(tmpdir(), 'atelier-bench-nginx-'));
  const upstream = new URL(upstreamUrl);
  const config = `
daemon off;
worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${prefix}/body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  upstream bench_upstream {
    server ${upstream.host};
    # Idle connections kept per worker: more than the benchmark's concurrent streams.
    keepalive 32;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://bench_upstream;
      proxy_set_header Host ${upstream.host};
      # HTTP/1.1 without "Connection: close" is what lets the upstream connection be reused.
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
      proxy_request_buffering off;
      proxy_read_timeout 300s;
    }
    location = /nginx-health { return 200 "ok"; }
  }
}
`;
  await writeFile(join(prefix, 'nginx.conf'), config);
  const child: ChildProcess = spawn(binary, ['-p', prefix, '-c', join(prefix, 'nginx.conf')], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/nginx-health`, child);
  return {
    url,
    async stop() {
      child.kill('SIGQUIT');
      await new Promise((resolve) => child.once('exit', resolve));
      await rm(prefix, { recursive: true, force: true });
    },
  };
}

/** Child processes for the benchmark: each server runs in its own process so none shares the client's event loop. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Polls a URL until it answers 2xx, failing early if the process exits. */
export async function waitForHttp(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the process serving ${url} exited before it answered`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

export interface ServerProcess {
  child: ChildProcess;
  stop(): Promise<void>;
}

function spawnTsx(script: string, env: Record<string, string>, args: string[], stdout: 'pipe' | 'ignore') {
  return spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', stdout, 'inherit'],
  });
}

function stopper(child: ChildProcess) {
  return async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
}

/** Starts `tsx <script>` and waits until `healthUrl` answers. */
export async function startTsxServer(
  script: string,
  env: Record<string, string>,
  healthUrl: string,
  args: string[] = [],
): Promise<ServerProcess> {
  const child = spawnTsx(script, env, args, 'ignore');
  await waitForHttp(healthUrl, child);
  return { child, stop: stopper(child) };
}

/** Starts `tsx <script>` and resolves with the first line it prints, parsed as JSON (its address). */
export async function startTsxServerReportingJson<T>(
  script: string,
  env: Record<string, string>,
): Promise<ServerProcess & { ready: T }> {
  const child = spawnTsx(script, env, [], 'pipe');
  const lines = createInterface({ input: child.stdout! });
  const ready = await new Promise<T>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before it was ready`)));
    lines.once('line', (line) => resolve(JSON.parse(line) as T));
  });
  return { child, ready, stop: stopper(child) };
}

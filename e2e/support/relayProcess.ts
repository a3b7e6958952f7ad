/**
 * Starts one more real relay for a test that needs settings of its own (an access token, an upstream the test
 * holds: heldUpstream.ts), on a port the OS picks (or the one it is given, to play a relay coming back). It
 * serves the bundle Playwright's webServer has already built.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';

export interface RelayProcess {
  url: string;
  /** Everything the relay has printed so far (its start-up notes and a line per request), for a failure's report. */
  output: () => string;
  stop: () => Promise<void>;
}

const LISTENING = /listening on (http:\/\/127\.0\.0\.1:\d+)/;

export async function startRelay(env: Record<string, string>): Promise<RelayProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/relay/main.ts'], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', STUDIO_UPSTREAM: 'offline', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The relay did not start in time:\n${output}`)), 30_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = LISTENING.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The relay exited (${code}) before listening:\n${output}`));
    });
  });
  return {
    url,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

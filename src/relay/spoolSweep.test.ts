/**
 * A relay killed mid-upload leaves its spool directory behind (issue 16); the next relay to start sweeps
 * it, and leaves alone the directories of a relay still running beside it.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { requestDirectoryPrefix, sweepOrphanedSpools } from './spoolSweep.ts';
import { makePng } from './testing/harness.ts';

let spoolRoot: string;
beforeAll(async () => {
  spoolRoot = await mkdtemp(join(tmpdir(), 'atelier-sweep-test-'));
});
afterAll(() => rm(spoolRoot, { recursive: true, force: true }));

/** The id of a process that has run and exited (and been reaped), so no process has it now. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await once(child, 'exit');
  return child.pid!;
}

it("sweeps the directories of relays that are gone, and keeps a running relay's", async () => {
  const dead = await deadPid();
  const neighbour = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
  try {
    const names = [
      `${requestDirectoryPrefix(dead)}aaaaaa`,
      `${requestDirectoryPrefix(neighbour.pid)}bbbbbb`,
      `${requestDirectoryPrefix()}cccccc`,
      'someone-elses-directory',
    ];
    await Promise.all(names.map((name) => mkdir(join(spoolRoot, name))));
    await mkdir(join(spoolRoot, names[0]!, 'nested'));

    expect(await sweepOrphanedSpools(spoolRoot)).toEqual([names[0]]);
    expect((await readdir(spoolRoot)).sort()).toEqual(names.slice(1).sort());
  } finally {
    neighbour.kill();
  }
});

it('sweeps what a relay killed mid-upload left behind', async () => {
  const root = await mkdtemp(join(tmpdir(), 'atelier-sweep-killed-'));
  try {
    // The relay as a user starts it, in a process of its own, with the spool under `root`.
    const relay = spawn(process.execPath, ['--import', 'tsx', 'src/relay/main.ts'], {
      env: { ...process.env, PORT: '0', STUDIO_UPSTREAM: 'offline', TMPDIR: root },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [line] = (await once(relay.stdout!, 'data')) as [Buffer];
    const url = /listening on (http:\/\/\S+),/.exec(line.toString())![1]!;
    const image = await makePng(64, 64);
    const boundary = 'killed-boundary';
    const { request } = await import('node:http');
    const call = request(`${url}/v1/images/edits`, {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    call.on('error', () => undefined);
    call.write(
      `--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`,
    );
    call.write(image);
    // The upload is spooling: its directory exists. Then the relay dies without a chance to clean up.
    while ((await readdir(root)).every((name) => !name.startsWith('atelier-upload-'))) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    relay.kill('SIGKILL');
    await once(relay, 'exit');
    call.destroy();
    const left = (await readdir(root)).filter((name) => name.startsWith('atelier-upload-'));
    expect(left).toHaveLength(1);

    expect(await sweepOrphanedSpools(root)).toEqual(left);
    expect((await readdir(root)).filter((name) => name.startsWith('atelier-upload-'))).toEqual([]);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}, 30_000);

import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isBuildStale } from './buildIfStale.ts';

let project: string;
const at = (seconds: number) => new Date(1_767_225_600_000 + seconds * 1000);

async function touch(path: string, seconds: number): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, 'x');
  await utimes(path, at(seconds), at(seconds));
}

beforeEach(async () => {
  project = await mkdtemp(join(tmpdir(), 'atelier-build-'));
  await touch(join(project, 'index.html'), 0);
  await touch(join(project, 'vite.config.ts'), 0);
  await touch(join(project, 'src', 'ui', 'panels', 'Prompt.tsx'), 10);
  for (const folder of ['src/ui/panels', 'src/ui', 'src']) await utimes(join(project, folder), at(0), at(0));
});
afterEach(() => rm(project, { recursive: true, force: true }));

describe('isBuildStale', () => {
  it('is stale without dist/index.html', async () => {
    expect(await isBuildStale(project, join(project, 'dist'))).toBe(true);
  });

  it('is fresh when the bundle is newer than every source', async () => {
    await touch(join(project, 'dist', 'index.html'), 20);
    expect(await isBuildStale(project, join(project, 'dist'))).toBe(false);
  });

  it('is stale when a nested browser source changed after the build', async () => {
    await touch(join(project, 'dist', 'index.html'), 20);
    await touch(join(project, 'src', 'ui', 'panels', 'Prompt.tsx'), 30);
    expect(await isBuildStale(project, join(project, 'dist'))).toBe(true);
  });

  it.each(['app', 'studio', 'ui', 'editor', 'state', 'api', 'storage', 'contract'])(
    'is stale when a source in src/%s changed after the build',
    async (folder) => {
      await touch(join(project, 'dist', 'index.html'), 20);
      await touch(join(project, 'src', folder, 'changed.ts'), 30);
      expect(await isBuildStale(project, join(project, 'dist'))).toBe(true);
    },
  );

  it('ignores server-only folders (a relay change needs no rebuild)', async () => {
    await touch(join(project, 'dist', 'index.html'), 20);
    await touch(join(project, 'src', 'relay', 'server.ts'), 30);
    expect(await isBuildStale(project, join(project, 'dist'))).toBe(false);
  });
});

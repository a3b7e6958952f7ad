/**
 * Code kept out of the first load. The image code the studio loads on first use (file preparation, the
 * inpainting worker) may fail to arrive: the designer is told plainly, and nothing already on the board or in
 * the draft is lost. And what the first load holds, read from a real production build.
 */
import { build, type Rolldown } from 'vite';
import { describe, expect, it, vi } from 'vitest';
import { openTestStorage } from '../storage/testing/testStorage.ts';
import { createStudio } from './createStudio.ts';
import { tabLiveness } from './tabLiveness.ts';
import { createFakeTransport } from './testing/fakeTransport.ts';
import { pngBlob, testConfig } from './testing/testStudio.ts';

// As a dynamic import rejects when its chunk does not load.
vi.mock('../editor/boardImage.ts', () => {
  throw new Error('Failed to fetch dynamically imported module');
});
vi.mock('../editor/inpaint/browserPixels.ts', () => {
  throw new Error('Failed to fetch dynamically imported module');
});

function studioWithoutImageCode() {
  const { storage, library } = openTestStorage();
  const transport = createFakeTransport();
  const studio = createStudio({
    storage,
    library,
    transport: transport.transport,
    tabs: tabLiveness(undefined),
    onPageHidden: () => () => undefined,
    draftJournal: { read: () => null, write: () => undefined },
  });
  studio.configure(testConfig());
  return { studio, transport };
}

describe('image code that does not load', () => {
  it('refuses the file by name and keeps the board as it was', async () => {
    const { studio } = studioWithoutImageCode();
    await studio.addFiles([{ blob: await pngBlob(32, 32), name: 'photo.png' }], 16);
    const { board, notices } = studio.store.getState();
    expect(board.images).toEqual([]);
    expect(notices.notices.at(-1)).toMatchObject({
      source: 'board',
      text: expect.stringMatching(/^'photo\.png' was not added: the studio’s image code did not load/),
    });
  });

  it('refuses the edit plainly and keeps the board and the mask', async () => {
    const { studio, transport } = studioWithoutImageCode();
    const blob = await pngBlob(64, 48);
    const image = { id: 'photo', name: 'photo.png', blob, url: 'blob:photo', width: 64, height: 48 };
    studio.store.getState().board.restore([{ ...image, notice: null, sourceImageId: null }]);
    studio.store.getState().draft.setMode('edit');
    studio.updateDraft({ prompt: 'a red door', model: 'gpt-image-2.5-flare' });
    await studio.edit();
    const { board, session } = studio.store.getState();
    expect(board.images.map(({ id }) => id)).toEqual(['photo']);
    expect(session.problem?.message).toMatch(/^The edit was not sent: the studio’s image code did not load/);
    expect(transport.requests).toHaveLength(0);
  });
});

/** The code of a production build that the browser fetches before the studio runs: the entry and its imports. */
async function firstLoadModules(): Promise<string[]> {
  const built = (await build({
    root: process.cwd(),
    logLevel: 'silent',
    build: { write: false, sourcemap: false },
  })) as Rolldown.RolldownOutput;
  const chunks = new Map(
    built.output.flatMap((file) => (file.type === 'chunk' ? [[file.fileName, file] as const] : [])),
  );
  const first = new Set([...chunks.values()].filter((chunk) => chunk.isEntry).map((chunk) => chunk.fileName));
  for (const name of first) for (const imported of chunks.get(name)!.imports) first.add(imported);
  // Modules tree-shaken to nothing are still listed in their chunk: only those with code are loaded.
  return [...first].flatMap((name) =>
    Object.entries(chunks.get(name)!.modules)
      .filter(([, module]) => module.renderedLength > 0)
      .map(([id]) => id),
  );
}

describe('the first load', () => {
  it('holds zod’s mini build only: the full one comes with the relay’s config parsers and later views', async () => {
    const modules = await firstLoadModules();
    // The draft's checks (contract/requests.ts) and the restored mask and settings need zod at once.
    expect(modules.some((id) => id.includes('/zod/v4/mini/'))).toBe(true);
    // The full build, with its JSON Schema and default-message code, only when a module built a schema of
    // it as it loaded (as registry.ts and providers.ts did) or a first-screen parser took it.
    expect(modules.filter((id) => /\/zod\/v4\/(classic|locales)\/|to-json-schema/.test(id))).toEqual([]);
  });
});

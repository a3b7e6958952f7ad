import { describe, expect, it, vi } from 'vitest';
import { createStudioStorage } from '../storage/db.ts';
import type { ImageRecord, InpaintRecord } from '../storage/records.ts';
import type { NewImage } from '../storage/studioStorage.ts';
import { fixtureEntry, fixtureImage } from '../state/galleryFixtures.ts';
import { openTestStorage } from '../storage/testing/testStorage.ts';
import { inpaintPartsOf, thumbnailOf } from './queries.ts';
import { pngBlob } from './testing/testStudio.ts';

/** A partial as recording stored it before partials had thumbnails. */
async function storedPartial(id: string, patch: Partial<NewImage> = {}): Promise<NewImage> {
  return {
    id,
    variantId: 'v1',
    role: 'partial',
    sequence: 1,
    blob: await pngBlob(64, 40),
    format: 'png',
    width: 64,
    height: 40,
    thumbnail: null,
    name: null,
    ...patch,
  };
}

const madeThumbnail = () => vi.fn(async () => new Blob(['made thumbnail'], { type: 'image/webp' }));

describe('the thumbnail of a stored image without one', () => {
  it('is made once and kept, so the next visit reads it instead of making it again', async () => {
    const { db, storage } = openTestStorage();
    await storage.putImage(await storedPartial('p1'));
    const make = madeThumbnail();

    const shown = await thumbnailOf(storage, { id: 'p1', url: 'blob:unused' }, make);
    expect(make).toHaveBeenCalledWith(expect.any(Blob), { width: 64, height: 40 });
    expect(await (await storage.getImage('p1'))!.thumbnail!.text()).toBe('made thumbnail');

    // The next visit: a new studio over the same database.
    const nextVisit = createStudioStorage(db, { storageManager: null });
    const makeAgain = madeThumbnail();
    const shownAgain = await thumbnailOf(nextVisit, { id: 'p1', url: 'blob:unused' }, makeAgain);
    expect(makeAgain).not.toHaveBeenCalled();
    expect(await shownAgain!.text()).toBe(await shown!.text());
  });

  it('of a GIF is made but not kept, so the gallery still shows the animation', async () => {
    const { storage } = openTestStorage();
    const gif = new Blob([new TextEncoder().encode('GIF89a fake bytes')], { type: 'image/gif' });
    await storage.putImage(
      await storedPartial('g1', { role: 'final', sequence: 0, blob: gif, format: 'gif' }),
    );
    const make = madeThumbnail();

    expect(await (await thumbnailOf(storage, { id: 'g1', url: 'blob:unused' }, make))!.text()).toBe(
      'made thumbnail',
    );
    expect((await storage.getImage('g1'))!.thumbnail).toBeNull();
  });
});

describe("a masked edit's parts", () => {
  const inpaint: InpaintRecord = {
    kind: 'region',
    box: { left: 10, top: 20, width: 600, height: 400 },
    sent: { width: 600, height: 400 },
    source: { width: 1024, height: 1024 },
    growPx: 8,
    featherPx: 12,
    driftShare: 0.4,
    notComposited: null,
  };
  // A NewImage is an ImageRecord without what storage computes; putImage ignores the rest.
  const stored = (id: string, variantId: string, role: ImageRecord['role']): NewImage =>
    fixtureImage(id, variantId, role);

  it('are read by the final image id: the record, the raw output and the drift map', async () => {
    const { storage } = openTestStorage();
    const { variant } = fixtureEntry('v1', { kind: 'edit' });
    await storage.beginVariant({ ...variant, inpaint });
    for (const role of ['final', 'raw', 'drift', 'partial'] as const)
      await storage.putImage(stored(`v1-${role}`, 'v1', role));

    const parts = await inpaintPartsOf(storage, 'v1-final');
    expect(parts?.record).toEqual(inpaint);
    expect(parts?.raw?.id).toBe('v1-raw');
    expect(parts?.drift?.id).toBe('v1-drift');
    // A partial of the same variant is no composite; an unknown id is nothing.
    expect(await inpaintPartsOf(storage, 'v1-partial')).toBeNull();
    expect(await inpaintPartsOf(storage, 'missing')).toBeNull();
  });

  it('are none for a result that was no masked edit', async () => {
    const { storage } = openTestStorage();
    await storage.beginVariant(fixtureEntry('g1').variant);
    await storage.putImage(stored('g1-final', 'g1', 'final'));
    expect(await inpaintPartsOf(storage, 'g1-final')).toBeNull();
  });
});

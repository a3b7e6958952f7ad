import { describe, expect, it, vi } from 'vitest';
import { createStudioStorage } from '../storage/db.ts';
import type { NewImage } from '../storage/studioStorage.ts';
import { openTestStorage } from '../storage/testing/testStorage.ts';
import { thumbnailOf } from './queries.ts';
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

/**
 * Runs in the page: fills the studio's IndexedDB with a history of results through the studio's own
 * database class, so the schema and indexes are the app's. bench/firstLoad.ts bundles it beside the built
 * studio and imports it from a page of the same origin.
 */
import { catalogueModel } from '../../src/contract/index.ts';
import { fixtureEntry } from '../../src/state/galleryFixtures.ts';
import { StudioDb } from '../../src/storage/db.ts';
import { STUDIO_DATABASE_NAME } from '../../src/storage/index.ts';
import type { ImageRecord, VariantRecord } from '../../src/storage/records.ts';

/** PNG bytes as base64 (what page.evaluate can carry). */
export interface SeedArt {
  full: { png: string; width: number; height: number };
  thumbnails: string[];
}

const WORDS = [
  'lighthouse',
  'orchard',
  'harbour',
  'at dusk',
  'in fog',
  'watercolour',
  'isometric',
  'a red bicycle',
  'mountain lake',
  'neon street',
  'still life',
  'with pears',
];
const MODELS = ['gpt-image-2', 'gpt-image-1.5', 'gpt-image-1-mini'];
/** Runs of one to four variants, a minute apart, all variants of a run started in the same millisecond. */
const RUN_SIZES = [1, 2, 4, 3];

function bytesOf(base64: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
}

/** Written in batches: Chromium refuses a transaction holding too many Blob bytes at once. */
const BATCH = 250;

export async function seedGallery(count: number, art: SeedArt): Promise<void> {
  const full = bytesOf(art.full.png);
  const thumbnails = art.thumbnails.map(bytesOf);
  const db = new StudioDb(STUDIO_DATABASE_NAME);
  const now = Date.now();
  let variants: VariantRecord[] = [];
  let images: ImageRecord[] = [];
  const flush = async () => {
    const written = { variants, images };
    variants = [];
    images = [];
    await db.transaction('rw', db.variants, db.images, async () => {
      await db.variants.bulkPut(written.variants);
      await db.images.bulkPut(written.images);
    });
  };
  for (let index = 0, run = 0; index < count; run++) {
    const size = Math.min(count - index, RUN_SIZES[run % RUN_SIZES.length]!);
    const startedAt = now - run * 60_000;
    for (let place = 0; place < size; place++, index++) {
      // Now and then a cancelled variant that kept only its last partial, which has no thumbnail.
      const cancelled = index % 97 === 13;
      const prompt = [0, 1, 2].map((word) => WORDS[(index * 7 + word * 5 + run) % WORDS.length]).join(' ');
      const entry = fixtureEntry(`bench-${index}`, {
        runId: `run-${run}`,
        variantIndex: place,
        variantCount: size,
        startedAt,
        prompt: `${prompt} #${index}`,
        request: { model: catalogueModel(MODELS[run % MODELS.length]!) },
        images: cancelled ? 'partial' : 'final',
        status: cancelled ? 'cancelled' : 'done',
      });
      const finishedAt = startedAt + 20_000;
      variants.push({ ...entry.variant, finishedAt, costDollars: 0.042 });
      const image = (entry.final ?? entry.lastPartial)!;
      images.push({
        ...image,
        blob: new Blob([full], { type: 'image/png' }),
        width: art.full.width,
        height: art.full.height,
        thumbnail: entry.final
          ? new Blob([thumbnails[index % thumbnails.length]!], { type: 'image/png' })
          : null,
        createdAt: finishedAt,
      });
    }
    if (variants.length >= BATCH) await flush();
  }
  await flush();
  db.close();
}

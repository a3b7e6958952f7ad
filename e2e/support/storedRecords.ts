import type { Page } from '@playwright/test';

/** One stored image as IndexedDB holds it: its record's fields, and its bytes. */
export interface StoredImage {
  id: string;
  variantId: string | null;
  role: string;
  width: number;
  height: number;
  bytes: Buffer;
}

/** Every record of one of the studio's IndexedDB stores, as stored (Blobs read out as bytes). */
async function readStore(page: Page, store: 'images' | 'variants') {
  return page.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('atelier');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const records = await new Promise<Record<string, unknown>[]>((resolve, reject) => {
      const request = db.transaction(name).objectStore(name).getAll();
      request.onsuccess = () => resolve(request.result as Record<string, unknown>[]);
      request.onerror = () => reject(request.error);
    });
    db.close();
    // Blobs cannot leave the page; their bytes go as base64 (a data URL's tail), far lighter than arrays.
    const base64 = (blob: Blob) =>
      new Promise<string>((resolve, reject) => {
        const reader = new FileReader();
        reader.onload = () => resolve(String(reader.result).split(',')[1] ?? '');
        reader.onerror = () => reject(reader.error);
        reader.readAsDataURL(blob);
      });
    return Promise.all(
      records.map(async (record) => {
        // The thumbnail is the studio's own preview: what a test reads is the image.
        const { blob, thumbnail, ...fields } = record;
        void thumbnail;
        return { ...fields, bytes: blob instanceof Blob ? await base64(blob) : null };
      }),
    );
  }, store);
}

export async function storedImages(page: Page): Promise<StoredImage[]> {
  const records = await readStore(page, 'images');
  return records.map((record) => ({
    ...(record as unknown as StoredImage),
    bytes: Buffer.from(record.bytes ?? '', 'base64'),
  }));
}

export async function storedVariants(page: Page): Promise<Record<string, unknown>[]> {
  // Variants hold no Blobs: their `bytes` is always null.
  return (await readStore(page, 'variants')).map((record) => {
    const { bytes, ...fields } = record;
    void bytes;
    return fields;
  });
}

import type { Page } from '@playwright/test';

/**
 * Every image the studio stored in this browser profile with the SHA-256 of the bytes IndexedDB actually
 * holds (computed here, not read from the record), keyed by id: what an export and import must preserve.
 */
export async function storedImageHashes(page: Page): Promise<Record<string, string>> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('atelier');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const records = await new Promise<{ id: string; blob: Blob }[]>((resolve, reject) => {
      const request = db.transaction('images').objectStore('images').getAll();
      request.onsuccess = () => resolve(request.result as { id: string; blob: Blob }[]);
      request.onerror = () => reject(request.error);
    });
    db.close();
    const hex = (buffer: ArrayBuffer) =>
      [...new Uint8Array(buffer)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
    const entries = await Promise.all(
      records.map(async (record) => [
        record.id,
        hex(await crypto.subtle.digest('SHA-256', await record.blob.arrayBuffer())),
      ]),
    );
    return Object.fromEntries(entries) as Record<string, string>;
  });
}

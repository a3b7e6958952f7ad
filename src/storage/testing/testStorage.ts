/**
 * The studio's storage over a fresh in-memory IndexedDB (fake-indexeddb) for unit tests, with a switch that
 * makes writes fail the way a full disk does: a QuotaExceededError from IndexedDB itself, injected through
 * Dexie's DBCore middleware so every layer above sees the real failure.
 */
import type { DBCoreMutateRequest } from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createStudioStorage, StudioDb, type StudioStorageEnv } from '../db.ts';
import { createPromptLibrary } from '../promptLibrary.ts';

/** `disk.full` makes every write fail, or only writes to `disk.tables` when that is set. */
export function openTestStorage(env: StudioStorageEnv = { storageManager: null }) {
  const db = new StudioDb('atelier-test', { indexedDB: new IDBFactory(), IDBKeyRange });
  const disk = { full: false, tables: null as string[] | null };
  db.use({
    stack: 'dbcore',
    name: 'full-disk',
    create: (down) => ({
      ...down,
      table: (tableName) => {
        const table = down.table(tableName);
        return {
          ...table,
          mutate: (request: DBCoreMutateRequest) =>
            disk.full && (disk.tables === null || disk.tables.includes(tableName))
              ? Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'))
              : table.mutate(request),
        };
      },
    }),
  });
  let clock = 1_000;
  const now = env.now ?? (() => ++clock);
  const storage = createStudioStorage(db, { ...env, now });
  return { db, storage, library: createPromptLibrary(db, { now }), disk };
}

/**
 * The studio's storage as the rest of the browser code uses it. To follow changes, wrap a read in
 * Dexie's liveQuery (or dexie-react-hooks' useLiveQuery):
 * `useLiveQuery(() => studioStorage.listGallery(filter), [filter])` re-runs whenever what it read changes.
 */
import { createStudioStorage, StudioDb } from './db.ts';
import { createPromptLibrary, type PromptLibrary } from './promptLibrary.ts';
import type { StudioStorage } from './studioStorage.ts';

export { liveQuery } from 'dexie';
export { createStudioStorage, StudioDb, type StorageManagerLike, type StudioStorageEnv } from './db.ts';
export { createPromptLibrary, PROMPT_HISTORY_LIMIT, type PromptLibrary } from './promptLibrary.ts';
export { InvalidExportError, StorageError, StorageFullError } from './errors.ts';
export type * from './records.ts';
export type * from './studioStorage.ts';

/** The studio's IndexedDB database (a benchmark seeds it by this name too). */
export const STUDIO_DATABASE_NAME = 'atelier';

/** Dexie opens the database on the first read or write, so importing this costs nothing until then. */
const studioDb = new StudioDb(STUDIO_DATABASE_NAME);
export const studioStorage: StudioStorage = createStudioStorage(studioDb);
export const promptLibrary: PromptLibrary = createPromptLibrary(studioDb);

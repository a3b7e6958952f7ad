/**
 * The studio's memory across reloads: on start-up, streams cut off by the last page's end are marked
 * interrupted, the draft (prompt, parameters, board, mask) comes back, and recent runs return to the
 * session strip; afterwards the draft is saved as it changes.
 */
import { CATALOGUE } from '../contract/index.ts';
import type { GalleryEntry, StudioStorage } from '../storage/studioStorage.ts';
import type { DraftRecord, ImageRecord } from '../storage/records.ts';
import type { BoardImage } from './board.ts';
import { useBoardStore } from './boardStore.ts';
import { draftFromParams } from './draft.ts';
import { useDraftStore } from './draftStore.ts';
import { parseMaskOperations } from './mask.ts';
import { useMaskStore } from './maskStore.ts';
import { startVariant, type Run, type StudioImage, type Variant } from './run.ts';
import { useSessionStore } from './sessionStore.ts';
import { holdTabLock, liveTabCheck } from './tabLiveness.ts';

/** How many earlier runs come back to the strip; the gallery holds them all. */
const RESTORED_RUN_LIMIT = 24;

/**
 * Enough of the newest generations to hold that many whole runs (a run has at most this many variants),
 * so start-up reads the images of those alone, however long the history is.
 */
const RESTORED_GENERATION_LIMIT =
  RESTORED_RUN_LIMIT * Math.max(...CATALOGUE.map((model) => model.maxImagesPerRequest));

/** Quick enough to feel instant after a change, rare enough not to write on every keystroke. */
const DRAFT_SAVE_DELAY_MS = 300;

function studioImage(record: ImageRecord): StudioImage {
  return {
    id: record.id,
    url: URL.createObjectURL(record.blob),
    format: record.format,
    size: `${record.width}x${record.height}`,
  };
}

function restoredVariant(entry: GalleryEntry): Variant {
  const { generation, final, lastPartial } = entry;
  return {
    ...startVariant(generation.id),
    status: generation.status,
    final: final && studioImage(final),
    partial: !final && lastPartial ? studioImage(lastPartial) : null,
    partialCount: lastPartial?.sequence ?? 0,
    usage: generation.usage,
    error: generation.error && { ...generation.error, retryAfter: null, local: false },
    finishedAt: generation.finishedAt,
  };
}

/** Gallery entries (newest first) as session runs: one per batch, its variants in their order. */
export function runsFromEntries(entries: readonly GalleryEntry[], limit: number): Run[] {
  const batches = new Map<string, GalleryEntry[]>();
  for (const entry of entries) {
    const batch = batches.get(entry.generation.batchId);
    if (batch) batch.push(entry);
    else if (batches.size < limit) batches.set(entry.generation.batchId, [entry]);
  }
  return [...batches.entries()].map(([batchId, batch]) => {
    const ordered = batch.sort((a, b) => a.generation.variantIndex - b.generation.variantIndex);
    const first = ordered[0]!.generation;
    return {
      id: batchId,
      request: { ...first.request, n: ordered.length },
      startedAt: Math.min(...ordered.map((entry) => entry.generation.startedAt)),
      variants: ordered.map(restoredVariant),
      restored: true,
    };
  });
}

function restoreDraft(record: DraftRecord): void {
  useDraftStore.setState({ draft: draftFromParams(record.params) });
  const board: BoardImage[] = record.board.map((image) => ({
    ...image,
    url: URL.createObjectURL(image.blob),
  }));
  useBoardStore.getState().restore(board, record.mode);
  useMaskStore.getState().restore(
    {
      operations: parseMaskOperations(record.mask.operations),
      undone: parseMaskOperations(record.mask.undone),
    },
    record.mask.natural,
  );
}

/**
 * Brings the studio back as it was. Storage that cannot be read is reported, and the studio starts empty
 * rather than not at all.
 */
export async function restoreStudio(storage: StudioStorage, report: (error: unknown) => void): Promise<void> {
  holdTabLock();
  try {
    await storage.markInterrupted(await liveTabCheck());
    const draft = await storage.loadDraft();
    if (draft) restoreDraft(draft);
    const entries = await storage.listGallery({ limit: RESTORED_GENERATION_LIMIT });
    useSessionStore.getState().restore(runsFromEntries(entries, RESTORED_RUN_LIMIT));
    // Asked once there is something worth keeping, so a first visit is not greeted by a prompt (Firefox
    // asks the user; Chromium decides by itself).
    if (entries.length > 0) await storage.requestPersistence();
  } catch (error) {
    report(error);
  }
}

function draftRecord(): DraftRecord {
  const { images, mode } = useBoardStore.getState();
  const { history, natural } = useMaskStore.getState();
  return {
    key: 'current',
    mode,
    params: { ...useDraftStore.getState().draft },
    board: images.map((image) => ({
      id: image.id,
      name: image.name,
      blob: image.blob,
      width: image.width,
      height: image.height,
      notice: image.notice,
      sourceImageId: image.sourceImageId,
    })),
    mask: { operations: history.operations, undone: history.undone, natural },
    savedAt: Date.now(),
  };
}

/** Saves the draft shortly after each change, and at once when the page is hidden or closed. */
export function keepDraftSaved(storage: StudioStorage, report: (error: unknown) => void): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const save = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    storage.saveDraft(draftRecord()).catch(report);
  };
  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, DRAFT_SAVE_DELAY_MS);
  };
  const flush = () => {
    if (timer) save();
  };
  const unsubscribes = [
    useDraftStore.subscribe((now, before) => now.draft !== before.draft && schedule()),
    useBoardStore.subscribe(
      (now, before) => (now.images !== before.images || now.mode !== before.mode) && schedule(),
    ),
    useMaskStore.subscribe(
      (now, before) => (now.history !== before.history || now.natural !== before.natural) && schedule(),
    ),
  ];
  window.addEventListener('pagehide', flush);
  document.addEventListener('visibilitychange', flush);
  return () => {
    flush();
    unsubscribes.forEach((unsubscribe) => unsubscribe());
    window.removeEventListener('pagehide', flush);
    document.removeEventListener('visibilitychange', flush);
  };
}

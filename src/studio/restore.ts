/**
 * The studio's memory across reloads: on start-up, streams cut off by the last page's end are marked
 * interrupted, the draft (prompt, parameters, board, mask) comes back, and recent runs return to the
 * session strip; afterwards the draft is saved as it changes.
 */
import { CATALOGUE } from '../contract/index.ts';
import type { BoardImage } from '../state/board.ts';
import { draftFromParams } from '../state/draft.ts';
import { parseMaskOperations } from '../state/mask.ts';
import { startVariant, type Run, type StudioImage, type Variant } from '../state/run.ts';
import type { StudioStore } from '../state/store.ts';
import type { DraftRecord, ImageRecord, VariantRecord } from '../storage/records.ts';
import type { GalleryEntry, StudioStorage } from '../storage/studioStorage.ts';
import type { TabLiveness } from './tabLiveness.ts';

/** How many earlier runs come back to the strip; the gallery holds them all. */
const RESTORED_RUN_LIMIT = 24;

/**
 * Enough of the newest variants to hold that many whole runs (a run has at most this many variants),
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
  const { variant, final, lastPartial } = entry;
  return {
    ...startVariant(variant.id),
    status: variant.status,
    final: final && studioImage(final),
    partial: !final && lastPartial ? studioImage(lastPartial) : null,
    partialCount: lastPartial?.sequence ?? 0,
    usage: variant.usage,
    error: variant.error && { ...variant.error, retryAfter: null, local: false },
    finishedAt: variant.finishedAt,
  };
}

/** The ids of the variants (newest first) that belong to the newest `limit` runs. */
export function variantsOfNewestRuns(variants: readonly VariantRecord[], limit: number): string[] {
  const runs = new Set<string>();
  return variants
    .filter((variant) => {
      if (runs.size < limit) runs.add(variant.runId);
      return runs.has(variant.runId);
    })
    .map((variant) => variant.id);
}

/** Gallery entries (newest first) as session runs: one per batch, its variants in their order. */
export function runsFromEntries(entries: readonly GalleryEntry[], limit: number): Run[] {
  const batches = new Map<string, GalleryEntry[]>();
  for (const entry of entries) {
    const batch = batches.get(entry.variant.runId);
    if (batch) batch.push(entry);
    else if (batches.size < limit) batches.set(entry.variant.runId, [entry]);
  }
  return [...batches.entries()].map(([runId, batch]) => {
    const ordered = batch.sort((a, b) => a.variant.variantIndex - b.variant.variantIndex);
    const first = ordered[0]!.variant;
    return {
      id: runId,
      request: { ...first.request, n: ordered.length },
      startedAt: Math.min(...ordered.map((entry) => entry.variant.startedAt)),
      variants: ordered.map(restoredVariant),
      restored: true,
    };
  });
}

function restoreDraft(store: StudioStore, record: DraftRecord): void {
  const { draft, board, mask } = store.getState();
  draft.replace(draftFromParams(record.params));
  draft.setMode(record.mode);
  const images: BoardImage[] = record.board.map((image) => ({
    ...image,
    url: URL.createObjectURL(image.blob),
  }));
  board.restore(images);
  mask.restore(
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
export async function restoreStudio(
  store: StudioStore,
  storage: StudioStorage,
  tabs: TabLiveness,
  report: (error: unknown) => void,
): Promise<void> {
  tabs.holdLock();
  try {
    await storage.markInterrupted(await tabs.liveCheck());
    const draft = await storage.loadDraft();
    if (draft) restoreDraft(store, draft);
    // The variants first, then images only for those of the runs the strip shows: reading an image
    // record costs far more than reading a variant.
    const newest = await storage.listGalleryVariants({ limit: RESTORED_GENERATION_LIMIT });
    const entries = await storage.galleryEntries(variantsOfNewestRuns(newest, RESTORED_RUN_LIMIT));
    store.getState().session.restore(runsFromEntries(entries, RESTORED_RUN_LIMIT));
    // Asked once there is something worth keeping, so a first visit is not greeted by a prompt (Firefox
    // asks the user; Chromium decides by itself).
    if (entries.length > 0) await storage.requestPersistence();
  } catch (error) {
    report(error);
  }
}

function draftRecord(store: StudioStore): DraftRecord {
  const { draft, board, mask } = store.getState();
  const { history, natural } = mask;
  return {
    key: 'current',
    mode: draft.mode,
    params: { ...draft.draft },
    board: board.images.map((image) => ({
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

/** Calls `listener` whenever the page may be about to go (hidden, closed, reloaded); returns the stop. */
export type PageHiddenListener = (listener: () => void) => () => void;

/** The browser's signals: `pagehide` on close or reload, `visibilitychange` when the tab is left. */
export const browserPageHidden: PageHiddenListener = (listener) => {
  window.addEventListener('pagehide', listener);
  document.addEventListener('visibilitychange', listener);
  return () => {
    window.removeEventListener('pagehide', listener);
    document.removeEventListener('visibilitychange', listener);
  };
};

/** Saves the draft shortly after each change, and at once when the page is hidden or closed. */
export function keepDraftSaved(
  store: StudioStore,
  storage: StudioStorage,
  report: (error: unknown) => void,
  onPageHidden: PageHiddenListener,
): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const save = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    storage.saveDraft(draftRecord(store)).catch(report);
  };
  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, DRAFT_SAVE_DELAY_MS);
  };
  const flush = () => {
    if (timer) save();
  };
  const unsubscribe = store.subscribe((now, before) => {
    const changed =
      now.draft.draft !== before.draft.draft ||
      now.draft.mode !== before.draft.mode ||
      now.board.images !== before.board.images ||
      now.mask.history !== before.mask.history ||
      now.mask.natural !== before.mask.natural;
    if (changed) schedule();
  });
  const stopListening = onPageHidden(flush);
  return () => {
    flush();
    unsubscribe();
    stopListening();
  };
}

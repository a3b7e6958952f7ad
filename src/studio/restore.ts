/**
 * The studio's memory across reloads: on start-up, streams cut off by the last page's end are marked
 * interrupted, the budget and its period, the draft (prompt, parameters, board, mask) come back, and recent
 * runs return to the session strip; afterwards the draft and the budget are saved as they change.
 */
import { CATALOGUE } from '../contract/index.ts';
import type { BoardImage } from '../state/board.ts';
import { storedBudget, storedSpendPeriod } from '../state/budget.ts';
import { draftFromParams } from '../state/draft.ts';
import { storedInpaintSettings } from '../state/inpaint.ts';
import { parseMaskOperations, type MaskOwner } from '../state/mask.ts';
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
    seed: variant.seed ?? null,
    ...(variant.status === 'streaming' && { settlesHere: true }),
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
  draft.restore(draftFromParams(record.params), record.mode, record.otherModePrompt ?? '');
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
    restoredOwner(record, images),
  );
}

/** A draft from before masks had owners painted its mask on whatever image was first. */
function restoredOwner(record: DraftRecord, images: readonly BoardImage[]): MaskOwner | null {
  const { natural } = record.mask;
  if (!natural) return null;
  const owner = record.mask.owner ?? (images[0] && { imageId: images[0].id, name: images[0].name });
  return owner ? { ...owner, ...natural } : null;
}

/** The keys the studio's settings are kept under. */
const BUDGET_SETTING = 'budget';
const SPEND_PERIOD_SETTING = 'spendPeriod';
const INPAINT_SETTING = 'inpaint';

async function restoreSettings(store: StudioStore, storage: StudioStorage): Promise<void> {
  const [budget, period, inpaint] = await Promise.all([
    storage.loadSetting(BUDGET_SETTING),
    storage.loadSetting(SPEND_PERIOD_SETTING),
    storage.loadSetting(INPAINT_SETTING),
  ]);
  store.getState().budget.restore(storedBudget(budget), storedSpendPeriod(period));
  store.getState().inpaint.restore(storedInpaintSettings(inpaint));
}

/**
 * Saves the budget, its period, the inpainting settings and the mask editor's (savedMasks.ts) as the designer
 * changes them; returns the stop.
 */
export function keepSettingsSaved(
  store: StudioStore,
  storage: StudioStorage,
  report: (error: unknown) => void,
): () => void {
  // The mask editor's settings (savedMasks.ts) load beside the first screen rather than in it: they matter
  // once the editor opens, and keep their parsers out of the first load's budget.
  let stopped = false;
  let stopMaskSettings: () => void = () => undefined;
  void import('./savedMasks.ts')
    .then(async ({ keepMaskSettingsSaved, restoreMaskSettings }) => {
      if (stopped) return;
      await restoreMaskSettings(store, storage);
      if (!stopped) stopMaskSettings = keepMaskSettingsSaved(store, storage, report);
    })
    .catch(report);
  const stop = store.subscribe(({ budget: now, inpaint }, { budget: before, inpaint: inpaintBefore }) => {
    if (now.budget !== before.budget) storage.saveSetting(BUDGET_SETTING, now.budget).catch(report);
    if (now.period !== before.period) storage.saveSetting(SPEND_PERIOD_SETTING, now.period).catch(report);
    if (inpaint.settings !== inpaintBefore.settings) {
      storage.saveSetting(INPAINT_SETTING, inpaint.settings).catch(report);
    }
  });
  return () => {
    stopped = true;
    stop();
    stopMaskSettings();
  };
}

/**
 * A background response (conversation.ts) goes on rendering upstream when its tab goes: of the streams cut
 * off, those become this tab's and stay streaming, to be re-attached to, rather than interrupted.
 */
async function adoptBackgroundRuns(
  storage: StudioStorage,
  interrupted: readonly VariantRecord[],
  tabId: string,
): Promise<VariantRecord[]> {
  const background = interrupted.filter(
    (variant) => variant.conversation?.background && variant.conversation.responseId,
  );
  const patch = { status: 'streaming', finishedAt: null, tabId } as const;
  await Promise.all(background.map((variant) => storage.updateVariant(variant.id, patch)));
  return background.map((variant) => ({ ...variant, ...patch }));
}

/**
 * Brings the studio back as it was, and returns the background runs to re-attach to (restored as streaming).
 * Storage that cannot be read is reported, and the studio starts empty rather than not at all.
 */
export async function restoreStudio(
  store: StudioStore,
  storage: StudioStorage,
  tabs: TabLiveness,
  report: (error: unknown) => void,
  journal: DraftJournal,
): Promise<VariantRecord[]> {
  tabs.holdLock();
  // On its own: a draft that cannot be read must not cost the budget, which asks before the next run.
  await restoreSettings(store, storage).catch(report);
  let background: VariantRecord[] = [];
  try {
    const interrupted = await storage.markInterrupted(await tabs.liveCheck());
    background = await adoptBackgroundRuns(storage, interrupted, tabs.tabId);
    const draft = withJournal(await storage.loadDraft(), readJournal(journal));
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
  return background;
}

function draftRecord(store: StudioStore): DraftRecord {
  const { draft, board, mask } = store.getState();
  const { history, owner } = mask;
  return {
    key: 'current',
    mode: draft.mode,
    params: { ...draft.draft },
    otherModePrompt: draft.otherModePrompt,
    board: board.images.map((image) => ({
      id: image.id,
      name: image.name,
      blob: image.blob,
      width: image.width,
      height: image.height,
      notice: image.notice,
      sourceImageId: image.sourceImageId,
      lockedBox: image.lockedBox ?? null,
    })),
    mask: {
      operations: history.operations,
      undone: history.undone,
      natural: owner && { width: owner.width, height: owner.height },
      owner: owner && { imageId: owner.imageId, name: owner.name },
    },
    savedAt: Date.now(),
  };
}

/**
 * A synchronous place for the draft's text (prompt, settings, mode) and its mask as the page goes. IndexedDB
 * writes begun in `pagehide` may be dropped when the page unloads, so a prompt typed or a stroke painted just
 * before a reload would be lost; a synchronous write is not. Mask strokes are plain numbers and fit here. Board
 * images do not (they are blobs), so a board change is written to IndexedDB at once instead of after the
 * pause that gathers keystrokes.
 */
export interface DraftJournal {
  read: () => string | null;
  write: (text: string) => void;
}

const DRAFT_JOURNAL_KEY = 'atelier.draftJournal';

/** localStorage where there is one; it may be missing or full (private modes), and then nothing is kept. */
export const browserDraftJournal: DraftJournal = {
  read: () => {
    try {
      return globalThis.localStorage?.getItem(DRAFT_JOURNAL_KEY) ?? null;
    } catch {
      return null;
    }
  },
  write: (text) => {
    try {
      globalThis.localStorage?.setItem(DRAFT_JOURNAL_KEY, text);
    } catch {
      // Full or forbidden: the IndexedDB save begun beside it is all there is.
    }
  },
};

type JournalEntry = Pick<DraftRecord, 'mode' | 'params' | 'otherModePrompt' | 'mask' | 'savedAt'>;

function readJournal(journal: DraftJournal): JournalEntry | null {
  try {
    const entry = JSON.parse(journal.read() ?? 'null') as Partial<JournalEntry> | null;
    if (!entry || typeof entry.savedAt !== 'number' || typeof entry.params !== 'object' || !entry.params) {
      return null;
    }
    return {
      mode: entry.mode === 'edit' ? 'edit' : 'generate',
      params: entry.params,
      otherModePrompt: typeof entry.otherModePrompt === 'string' ? entry.otherModePrompt : '',
      mask: journalMask(entry.mask),
      savedAt: entry.savedAt,
    };
  } catch {
    return null;
  }
}

const isSize = (value: unknown): value is { width: number; height: number } =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { width?: unknown }).width === 'number' &&
  typeof (value as { height?: unknown }).height === 'number';

/**
 * The journal's mask, its shape checked; its operations are checked one by one as the draft is restored
 * (parseMaskOperations). A journal from before masks were kept in it has none: an empty mask.
 */
function journalMask(stored: unknown): DraftRecord['mask'] {
  const mask = (typeof stored === 'object' && stored !== null ? stored : {}) as Partial<
    Record<keyof DraftRecord['mask'], unknown>
  >;
  const owner = mask.owner as { imageId?: unknown; name?: unknown } | null | undefined;
  return {
    operations: Array.isArray(mask.operations) ? mask.operations : [],
    undone: Array.isArray(mask.undone) ? mask.undone : [],
    natural: isSize(mask.natural) ? { width: mask.natural.width, height: mask.natural.height } : null,
    owner:
      owner && typeof owner.imageId === 'string' && typeof owner.name === 'string'
        ? { imageId: owner.imageId, name: owner.name }
        : null,
  };
}

/** The stored draft with the journal's text and mask laid over it when the journal was written later. */
function withJournal(record: DraftRecord | null, entry: JournalEntry | null): DraftRecord | null {
  if (!entry || (record && record.savedAt >= entry.savedAt)) return record;
  const base: DraftRecord = record ?? {
    key: 'current',
    mode: entry.mode,
    params: {},
    board: [],
    mask: { operations: [], undone: [], natural: null },
    savedAt: entry.savedAt,
  };
  return { ...base, ...entry };
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

/**
 * Saves the draft shortly after each change (a board change at once), and when the page is hidden or closed
 * writes the journal beside the save.
 */
export function keepDraftSaved(
  store: StudioStore,
  storage: StudioStorage,
  report: (error: unknown) => void,
  onPageHidden: PageHiddenListener,
  journal: DraftJournal,
): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const save = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    const record = draftRecord(store);
    storage.saveDraft(record).catch(report);
    return record;
  };
  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, DRAFT_SAVE_DELAY_MS);
  };
  const flush = () => {
    if (!timer) return;
    const { mode, params, otherModePrompt, mask, savedAt } = save();
    journal.write(JSON.stringify({ mode, params, otherModePrompt, mask, savedAt }));
  };
  const unsubscribe = store.subscribe((now, before) => {
    if (now.board.images !== before.board.images) {
      save();
      return;
    }
    const changed =
      now.draft.draft !== before.draft.draft ||
      now.draft.mode !== before.draft.mode ||
      now.mask.history !== before.mask.history ||
      now.mask.owner !== before.mask.owner;
    if (changed) schedule();
  });
  const stopListening = onPageHidden(flush);
  return () => {
    flush();
    unsubscribe();
    stopListening();
  };
}

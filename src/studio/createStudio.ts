/**
 * The studio: every action a designer can take, as plain functions over one store, storage, the relay
 * transport and the editor's image work. The UI calls these and reads the store; nothing here knows React.
 */
import type { EditUpload } from '../api/imageEdit.ts';
import type { ImageStreamOptions } from '../api/imageStream.ts';
import {
  STUDIO_POLICY,
  invalidRequest,
  refusalProblem,
  validateEditFields,
  whyNoMask,
  type ApiError,
  type SizeRule,
  type StudioConfig,
} from '../contract/index.ts';
import { checkDraft, draftForSending, generationBodyFromDraft, type Draft } from '../state/draft.ts';
import { editFieldsFromDraft } from '../state/edit.ts';
import { placedFrameOn } from '../state/framingSlice.ts';
import { maskOperationsFor, paintBounds } from '../state/mask.ts';
import type { ReframeTarget } from '../state/outpaint.ts';
import type { ReframeProgress } from './reframe.ts';
import { storageProblemText } from '../state/noticesSlice.ts';
import { createStudioStore, type StudioStore } from '../state/store.ts';
import type { VariantRecord, ImageRecord } from '../storage/records.ts';
import type { PromptLibrary } from '../storage/promptLibrary.ts';
import type { ImportSummary, StorageUse, StudioStorage } from '../storage/studioStorage.ts';
import { makeThumbnail } from '../storage/thumbnail.ts';
import { createDeletion } from './deletion.ts';
import { keepMaskWithItsImage, maskAnswers } from './maskOwnership.ts';
import { keepDraftOnServedModel } from './modelSwitch.ts';
import { browserSchedule, expireInfoNotices, type Schedule } from './noticeTimers.ts';
import { clearStaleProblems } from './staleProblem.ts';
import { createPresetActions, type PresetActions } from './presets.ts';
import { createPromptRecorder } from './promptHistory.ts';
import type { EditPixels } from '../editor/inpaint/work.ts';
import { addFiles, addTransfer, takeResultAsSource, type IncomingFile, type PrepareImage } from './intake.ts';
import { NO_LINEAGE, storeEditInputs, type RecordingDeps } from './recording.ts';
import {
  browserDraftJournal,
  browserPageHidden,
  keepSettingsSaved,
  keepDraftSaved,
  restoreStudio,
  type DraftJournal,
  type PageHiddenListener,
} from './restore.ts';
import { branchFrom, editStoredImage, reuseSettings } from './reuse.ts';
import { createRunDriver, type SendVariant, type VariantIds } from './runDriver.ts';
import { tabLiveness, type TabLiveness } from './tabLiveness.ts';
import type { ConversationActions, TurnOptions } from './conversation.ts';
import type { Staging } from './staging.ts';
import type { TouchUp } from './touchUp.ts';
import { relayTransport, type Transport } from './transport.ts';
import { wireParams } from './wireParams.ts';

export interface StudioDeps {
  storage: StudioStorage;
  /** The prompts sent and the presets saved. */
  library: PromptLibrary;
  transport?: Transport;
  /** Which tabs are alive (Web Locks in the browser). */
  tabs?: TabLiveness;
  makeThumbnail?: RecordingDeps['makeThumbnail'];
  /** Decodes and checks a file for the board. */
  prepareImage?: PrepareImage;
  /** The pixel work of edits (tests give a stand-in; the browser's loads with the first edit). */
  editPixels?: EditPixels;
  /** When the page may be about to go, so pending writes are flushed (the browser's events by default). */
  onPageHidden?: PageHiddenListener;
  /** Where the draft's text goes synchronously as the page goes (localStorage by default). */
  draftJournal?: DraftJournal;
  /** The clock runs and notices are timed by (Date.now by default); tests pass their own. */
  now?: () => number;
  /** Runs a callback later (setTimeout by default): how info notices go by themselves. */
  schedule?: Schedule;
}

export interface Studio extends PresetActions {
  store: StudioStore;
  storage: StudioStorage;
  library: PromptLibrary;
  /** Takes the relay's /api/config: the models every check is made against. */
  configure: (config: StudioConfig) => void;
  /** Brings the studio back as the last visit left it, then keeps the draft and budget saved; returns the stop. */
  start: () => Promise<() => void>;
  /** The designer's change to the draft, which clears a refusal aimed at the fields it changes. */
  updateDraft: (patch: Partial<Draft>) => void;
  /** One run from the draft in the studio's mode: a generation, or an edit of the board's images. */
  run: () => Promise<void>;
  generate: () => Promise<void>;
  edit: () => Promise<void>;
  cancel: () => void;
  reuseSettings: (variant: VariantRecord) => void;
  /** The image onto the board first, with the prompt and settings of `variant`, the variant that made it. */
  editStoredImage: (image: ImageRecord, variant: VariantRecord) => void;
  branchFrom: (image: ImageRecord) => void;
  addFiles: (files: readonly IncomingFile[], limit: number) => Promise<void>;
  /** What a drop or a paste carried: files, or the studio's own results dragged in. */
  addTransfer: (transfer: DataTransfer, limit: number) => Promise<void>;
  takeAsSource: (result: { id: string; url: string; name: string }, keepMask: boolean) => Promise<void>;
  /** Staging an edit's variants on its source (staging.ts), its code loaded with the first call. */
  staging: () => Promise<Staging>;
  /** Touching up a masked edit's result with a brush (touchUp.ts), its code loaded with the first call. */
  touchUp: () => Promise<TouchUp>;
  /** A new conversation through the Responses API (conversation.ts), its code loaded with the first turn. */
  startConversation: (words: string, options?: TurnOptions) => Promise<void>;
  /** A turn continuing the turn `turnId` (its variant id): the next, or a branch from an earlier one. */
  continueFrom: (turnId: string, words: string, options?: TurnOptions) => Promise<void>;
  /**
   * Puts the edit target on the larger canvas pending for it (picked as a shape or dragged out on the
   * canvas, state/framingSlice.ts), the new area masked, the original locked. `rule` is the size rule of
   * the model the edit goes to: the canvas must have a shape it makes.
   */
  extendCanvas: (rule: SizeRule) => Promise<void>;
  /** The first image reframed to each target in turn, one run each (see reframe.ts); cancel stops them all. */
  reframe: (
    targets: readonly ReframeTarget[],
    onProgress: (progress: readonly ReframeProgress[]) => void,
  ) => Promise<void>;
  /** Answers to "what becomes of the mask?" once its image is no longer first (see maskOwnership.ts). */
  keepMaskOnItsImage: (limit: number) => void;
  carryMaskOver: () => void;
  discardMask: () => void;
  deleteResults: (variantIds: readonly string[]) => Promise<void>;
  undoDelete: () => Promise<void>;
  /** How much of the browser's storage the studio uses, and whether it is kept. */
  storageUse: () => Promise<StorageUse>;
  /** Asks the browser to keep the studio's data; resolves to whether it now does. */
  keepStorage: () => Promise<boolean>;
  /** A ZIP of the given results (all when omitted): images plus manifest.json. */
  exportResults: (variantIds?: readonly string[]) => Promise<Blob>;
  importResults: (zip: Blob) => Promise<ImportSummary>;
  /** Resolves once every write of every run so far has been tried. */
  settled: () => Promise<void>;
}

export function createStudio(deps: StudioDeps): Studio {
  const { storage } = deps;
  const transport = deps.transport ?? relayTransport;
  const tabs = deps.tabs ?? tabLiveness();
  // Decoding files and exporting masks are needed only once the designer adds an image or sends an edit,
  // so their code (canvas encoders, the mask raster) stays out of the first load. A chunk that does not
  // arrive (offline, a deploy in between) is said plainly, and nothing on the board is lost.
  const notLoaded =
    'the studio’s image code did not load (offline, or the studio was updated). Reload and try again.';
  const prepare: PrepareImage =
    deps.prepareImage ??
    (async (file, name) => {
      const module = await import('../editor/boardImage.ts').catch(() => null);
      return module
        ? module.prepareBoardImage(file, name)
        : { ok: false, message: `'${name}' was not added: ${notLoaded}` };
    });
  // The inpainting worker and its client load with the first edit; a chunk that does not arrive is said
  // plainly when the edit is refused, and nothing on the board is lost.
  let editPixels: Promise<EditPixels | null> | null = deps.editPixels
    ? Promise.resolve(deps.editPixels)
    : null;
  const loadEditPixels = () =>
    (editPixels ??= import('../editor/inpaint/browserPixels.ts')
      .then((module) => module.createBrowserEditPixels())
      .catch(() => {
        editPixels = null;
        return null;
      }));
  const store = createStudioStore();
  const report = (error: unknown) =>
    store.getState().notices.post('storage', 'error', storageProblemText(error));
  const driver = createRunDriver(
    store,
    { storage, makeThumbnail: deps.makeThumbnail ?? makeThumbnail, report },
    tabs.tabId,
    deps.now ?? Date.now,
  );
  const deletion = createDeletion(store, storage, report);
  const prompts = createPromptRecorder(deps.library, report);
  keepDraftOnServedModel(store);
  clearStaleProblems(store);
  expireInfoNotices(store, deps.schedule ?? browserSchedule, deps.now ?? Date.now);
  keepMaskWithItsImage(store);
  const refuse = (error: ApiError) => store.getState().session.refuse(refusalProblem(error));
  // Exporting a large mask takes a moment; a second press meanwhile must not start a second edit.
  let preparingEdit = false;
  let staging: Promise<Staging> | null = null;
  let touchUp: Promise<TouchUp> | null = null;
  let conversation: Promise<ConversationActions> | null = null;
  /** The conversation's actions, loaded with the first turn; null (said plainly) when the code did not come. */
  const conversationActions = async () => {
    conversation ??= import('./conversation.ts').then((module) =>
      module.createConversationActions({
        store,
        storage,
        transport,
        driver,
        loadPixels: loadEditPixels,
        refuse,
        report,
        rememberPrompt: prompts.remember,
        notLoaded,
      }),
    );
    const actions = await conversation.catch(() => null);
    if (!actions) {
      conversation = null;
      refuse(invalidRequest('prompt', `The turn was not sent: ${notLoaded}`));
    }
    return actions;
  };
  // The studio's cancel also stops a reframe batch, between its runs as well as during one.
  let batch = new AbortController();

  const generate = async () => {
    const registry = store.getState().relay.registry;
    if (!registry || driver.isRunning()) return;
    // A snapshot: the designer may keep editing the draft while this run streams.
    const draft = draftForSending(store.getState().draft.draft, registry);
    const checked = checkDraft(draft, registry);
    if (!checked.ok) {
      refuse(checked.error);
      return;
    }
    const body = { ...generationBodyFromDraft(draft), n: 1 };
    // Each variant goes with its own seed (the draft's, or counting up from it).
    const bodyWith = (seed: number | null) => ({ ...body, ...(seed === null ? {} : { seed }) });
    const send: SendVariant = body.stream
      ? (options, { seed }) => transport.streamImages(bodyWith(seed), options)
      : (options, { seed }) =>
          transport.fetchWholeImages({ ...checked.value, n: 1, seed }, bodyWith(seed), options);
    prompts.remember(draft.prompt);
    await driver.start(checked.value, send, {
      params: wireParams(body),
      seeds: draft.variant_seeds,
      lineage: Promise.resolve(NO_LINEAGE),
    });
  };

  /** Streams an edit, publishing its upload progress from the first byte sent until the first partial. */
  const sendEdit = async (upload: EditUpload, options: ImageStreamOptions, { runId }: VariantIds) => {
    const session = () => store.getState().session;
    let answered = false;
    try {
      await transport.streamImageEdit(upload, {
        ...options,
        onUploadProgress: (sentBytes, totalBytes) => {
          if (!answered) session().setUploadProgress({ runId, sentBytes, totalBytes });
        },
        onEvent: (event) => {
          answered = true;
          session().clearUploadProgress(runId);
          options.onEvent(event);
        },
      });
    } finally {
      session().clearUploadProgress(runId);
    }
  };

  const edit = async () => {
    const registry = store.getState().relay.registry;
    if (!registry || preparingEdit || driver.isRunning()) return;
    const { board, draft, mask, inpaint } = store.getState();
    const first = board.images[0];
    if (!first) {
      refuse(invalidRequest('image', 'Add an image to the board first: the edit starts from it.'));
      return;
    }
    const chosen = editFieldsFromDraft(draftForSending(draft.draft, registry));
    const model = validateEditFields(chosen, registry, STUDIO_POLICY);
    if (!model.ok) {
      refuse(model.error);
      return;
    }
    const { maxReferenceImages, label } = model.value.model;
    if (board.images.length > maxReferenceImages) {
      const extra = board.images.length - maxReferenceImages;
      refuse(
        invalidRequest(
          'image',
          `The board has ${board.images.length} images and ${label} takes at most ${maxReferenceImages}: remove ${extra} from the board, or pick another model.`,
        ),
      );
      return;
    }
    // A model that takes no mask gets the edit without it; the mask stays on the canvas for the next one.
    const noMask = whyNoMask(model.value.model);
    const maskOperations = maskOperationsFor(mask, first);
    if (!noMask && !maskOperations.ok) {
      refuse(invalidRequest('mask', maskOperations.message));
      return;
    }
    const operations = noMask || !maskOperations.ok ? [] : maskOperations.operations;
    const maskWithheld = noMask && maskOperations.ok && paintBounds(maskOperations.operations, first);
    const { settings } = inpaint;
    preparingEdit = true;
    try {
      // An edit's planning and pixel work load with the first edit, not with the page.
      const [pixels, inpaintRun, planning] = await Promise.all([
        loadEditPixels(),
        import('./inpaintRun.ts').catch(() => null),
        import('./inpaint.ts').catch(() => null),
      ]);
      if (!pixels || !inpaintRun || !planning) {
        refuse(invalidRequest('image', `The edit was not sent: ${notLoaded}`));
        return;
      }
      const placed = placedFrameOn(store.getState().framing, first.id);
      const plan = planning.sendPlanFor(
        first,
        operations,
        settings,
        model.value.model.sizeRule,
        chosen.size ?? 'auto',
        placed,
      );
      const fields = { ...chosen, size: planning.sizeFieldFor(plan, chosen.size ?? 'auto') };
      const checked = plan.kind === 'region' ? validateEditFields(fields, registry, STUDIO_POLICY) : model;
      if (!checked.ok) {
        refuse(checked.error);
        return;
      }
      const prepared = await inpaintRun
        .prepareInpaint(pixels, board.images, operations, plan, settings)
        .catch((error: unknown) => error as Error);
      if (prepared instanceof Error) {
        refuse(
          invalidRequest(
            'image',
            `The edit was not sent: its images could not be prepared (${prepared.message}).`,
          ),
        );
        return;
      }
      if (prepared.mask.kind === 'refused') {
        refuse(prepared.mask.error);
        return;
      }
      // Each variant is its own single-image stream (see runDriver.ts), with its own seed.
      const sent = { ...fields, n: '1' };
      const fieldsWith = (seed: number | null) => ({
        ...sent,
        ...(seed === null ? {} : { seed: String(seed) }),
      });
      const maskImage =
        prepared.mask.kind === 'mask' && prepared.fullMask
          ? { blob: prepared.fullMask, width: first.width, height: first.height }
          : null;
      const uploadWith = (seed: number | null): EditUpload => ({
        fields: fieldsWith(seed),
        images: prepared.images,
        mask: prepared.mask.kind === 'mask' ? { blob: prepared.mask.png, filename: 'mask.png' } : null,
      });
      // The lineage keeps the originals at full size and the whole mask: what the composite is made from.
      const lineage = storeEditInputs(storage, board.images, maskImage).catch((error: unknown) => {
        report(error);
        return NO_LINEAGE;
      });
      const record = maskImage ? inpaintRun.inpaintRecordFor(plan, first, settings) : undefined;
      const finish =
        record && settings.composite ? inpaintRun.compositeFinisher(pixels, prepared.key, record) : undefined;
      const { notices } = store.getState();
      if (maskWithheld)
        notices.post('draft', 'info', `${noMask} The mask you painted stays on the canvas, unsent.`);
      prompts.remember(draft.draft.prompt);
      await driver.start(checked.value, (options, ids) => sendEdit(uploadWith(ids.seed), options, ids), {
        params: wireParams(sent),
        seeds: draft.draft.variant_seeds,
        lineage,
        ...(record && { inpaint: record }),
        ...(finish && { finish }),
      });
      void pixels.release(prepared.key).catch(() => undefined);
    } finally {
      preparingEdit = false;
    }
  };

  const updateDraft = (patch: Partial<Draft>) => {
    const { draft, session } = store.getState();
    draft.update(patch);
    session.clearProblemFor(Object.keys(patch));
  };

  return {
    store,
    storage,
    library: deps.library,
    configure: (config) => store.getState().relay.setConfig(config),
    start: async () => {
      const journal = deps.draftJournal ?? browserDraftJournal;
      const background = await restoreStudio(store, storage, tabs, report, journal);
      // Background renders went on while the page was away: the studio re-attaches to them.
      if (background.length > 0) {
        void conversationActions()
          .then((actions) => actions?.reattach(background))
          .catch(report);
      }
      void deletion.purgeOldDeletions();
      const stopSavingDraft = keepDraftSaved(
        store,
        storage,
        report,
        deps.onPageHidden ?? browserPageHidden,
        journal,
      );
      const stopSavingSettings = keepSettingsSaved(store, storage, report);
      return () => {
        stopSavingDraft();
        stopSavingSettings();
      };
    },
    updateDraft,
    ...createPresetActions(store, deps.library, updateDraft, report),
    run: async () => {
      const { mode, draft } = store.getState().draft;
      if (draft.api === 'responses') return (await conversationActions())?.runDraft();
      return mode === 'edit' ? edit() : generate();
    },
    generate,
    edit,
    cancel: () => (batch.abort(), driver.cancel()),
    reuseSettings: (variant) => reuseSettings(store, variant),
    editStoredImage: (image, variant) => editStoredImage(store, image, variant),
    branchFrom: (image) => branchFrom(store, image),
    addFiles: (files, limit) => addFiles(store, prepare, files, limit),
    addTransfer: (transfer, limit) => addTransfer(store, storage, prepare, transfer, limit),
    takeAsSource: (result, keepMask) => takeResultAsSource(store, prepare, result, keepMask),
    staging: () =>
      (staging ??= import('./staging.ts').then((module) => module.createStaging(store, prepare))),
    touchUp: () =>
      (touchUp ??= import('./touchUp.ts').then((module) =>
        module.createTouchUp({
          store,
          storage,
          loadPixels: loadEditPixels,
          makeThumbnail: deps.makeThumbnail ?? makeThumbnail,
          notLoaded,
        }),
      )),
    startConversation: async (words, options) =>
      (await conversationActions())?.startConversation(words, options),
    continueFrom: async (turnId, words, options) =>
      (await conversationActions())?.continueFrom(turnId, words, options),
    extendCanvas: async (rule) => {
      // Outpainting's code comes with its first use; a chunk that does not arrive is said plainly.
      const module = await import('./outpaint.ts').catch(() => null);
      if (!module) {
        store.getState().notices.post('board', 'error', `The canvas was not extended: ${notLoaded}`);
        return;
      }
      await module.extendCanvas(store, loadEditPixels, rule, notLoaded);
    },
    reframe: async (targets, onProgress) => {
      batch = new AbortController();
      const { signal } = batch;
      const module = await import('./reframe.ts').catch(() => null);
      if (!module) store.getState().notices.post('board', 'error', `Nothing was reframed: ${notLoaded}`);
      else
        await module.runReframe(
          { store, loadPixels: loadEditPixels, edit, isRunning: driver.isRunning, signal, notLoaded },
          targets,
          onProgress,
        );
    },
    ...maskAnswers(store),
    deleteResults: deletion.deleteResults,
    undoDelete: deletion.undoDelete,
    storageUse: () => storage.usage(),
    keepStorage: () => storage.requestPersistence(),
    exportResults: (variantIds) => storage.exportZip(variantIds),
    importResults: (zip) => storage.importZip(zip),
    settled: async () => {
      await Promise.all([driver.settled(), prompts.settled()]);
    },
  };
}

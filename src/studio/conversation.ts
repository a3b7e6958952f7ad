/**
 * Conversational editing through the Responses API (issue 15; openai-images-2026-12.md §6): a mainline
 * model reads the conversation and calls the `image_generation` tool, which generates or edits. Each turn
 * is one run of one variant, driven, shown and stored like any other (runDriver.ts), so the gallery, the
 * lineage and a reload see it; its record adds what makes it a turn (records.ts ConversationTurnRecord).
 * A turn continues another with `previous_response_id`, a branch when that turn is not the newest. Loaded
 * with the first turn, not with the page.
 */
import type { ImageGenerationTool, ResponseInputContent, ResponsesBody } from '../api/responses.ts';
import {
  DEFAULT_MAINLINE_MODEL,
  MAX_INPUT_IMAGE_PIXELS,
  STUDIO_POLICY,
  invalidRequest,
  type ApiError,
  type ImageRequest,
  type ImagesUsage,
} from '../contract/index.ts';
import {
  type ImageGenerationCallItem,
  type ResponseObject,
  type ResponseStreamEvent,
} from '../contract/responses.ts';
// From its own module, not the barrel: so the tool's rules load with the first turn, not with the page.
import { offTool, validateResponsesBody } from '../contract/responses.ts';
import { wholeImagePlan } from '../editor/inpaint/region.ts';
import type { EditPixels } from '../editor/inpaint/work.ts';
import { backgroundByDefault, generationBodyFromDraft, rendersInBackground } from '../state/draft.ts';
import { maskOperationsFor } from '../state/mask.ts';
import type { StudioStore } from '../state/store.ts';
import type { ImageStreamOptions } from '../api/imageStream.ts';
import type { StudioConfig } from '../contract/index.ts';
import type { ConversationTurnRecord, ImageRecord, VariantRecord } from '../storage/records.ts';
import type { StudioStorage } from '../storage/studioStorage.ts';
import { followBackground, type BackgroundFollow } from './backgroundRuns.ts';
import { NO_LINEAGE, storeEditInputs, type EditLineage } from './recording.ts';
import type { ResumedVariant, RunDriver, SendVariant } from './runDriver.ts';
import type { Transport } from './transport.ts';
import { wireParams } from './wireParams.ts';

export interface TurnOptions {
  /** The board's images go with the turn as `input_image`s (the first is the one to edit). */
  attachBoard?: boolean;
  /** The mask painted on the board's first image goes as the tool's `input_image_mask`. */
  attachMask?: boolean;
  mainlineModel?: string;
  /**
   * Sent as a background response that renders on whatever becomes of the tab, and is re-attached to after
   * a dropped stream or a reload. Unset: on for long renders (state/draft.ts backgroundByDefault).
   */
  background?: boolean;
  /**
   * A new conversation only: how many images to make, each the first turn of a conversation of its own,
   * sent side by side as the Images API's variants are (the tool makes one image per response).
   */
  variants?: number;
}

export interface ConversationActions {
  /** The first turn of a new conversation: the draft's image settings, these words. */
  startConversation: (words: string, options?: TurnOptions) => Promise<void>;
  /** A turn continuing `turnId` (a variant id): the next one, or a branch when it is not the newest. */
  continueFrom: (turnId: string, words: string, options?: TurnOptions) => Promise<void>;
  /**
   * Re-attaches to background turns whose tab went away (restore.ts keeps them streaming), side by side as
   * they were sent: each streams on from its last stored event, and is stored as it ends.
   */
  reattach: (variants: readonly VariantRecord[]) => Promise<void>;
  /**
   * The draft's run through the Responses API (Generate or Edit with that API chosen): its prompt, settings
   * and images; in Edit the board's images, and the mask when one is painted on the first.
   */
  runDraft: () => Promise<void>;
}

export interface ConversationDeps {
  store: StudioStore;
  storage: StudioStorage;
  transport: Transport;
  driver: RunDriver;
  loadPixels: () => Promise<EditPixels | null>;
  refuse: (error: ApiError) => void;
  report: (error: unknown) => void;
  rememberPrompt: (words: string) => void;
  notLoaded: string;
}

/** The code the API answers a `previous_response_id` it no longer keeps with (responses.ts). */
const PREVIOUS_RESPONSE_NOT_FOUND = 'previous_response_not_found';

async function dataUrlOf(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let text = '';
  // In slices: spreading megabytes into one call overflows the argument stack.
  for (let offset = 0; offset < bytes.length; offset += 0x8000) {
    text += String.fromCharCode(...bytes.subarray(offset, offset + 0x8000));
  }
  return `data:${blob.type || 'image/png'};base64,${btoa(text)}`;
}

/** The image tool's usage, which real traffic carries undocumented (§6.5): its details may be missing. */
function toolUsageOf(response: ResponseObject): ImagesUsage | null {
  const usage = response.tool_usage?.image_gen;
  if (!usage) return null;
  return {
    ...usage,
    input_tokens_details: usage.input_tokens_details ?? { text_tokens: usage.input_tokens, image_tokens: 0 },
  };
}

const NO_USAGE: ImagesUsage = {
  input_tokens: 0,
  input_tokens_details: { text_tokens: 0, image_tokens: 0 },
  output_tokens: 0,
  total_tokens: 0,
};

/** The image tool's fields from the draft, as the Images API would take them for a generation. */
function toolFromDraft(store: StudioStore): ImageGenerationTool {
  const { draft } = store.getState().draft;
  const config = store.getState().relay.config;
  // The generation body says which fields a draft sends (compression only for lossy formats, say).
  const body = generationBodyFromDraft(draft);
  return {
    type: 'image_generation',
    model: draft.model ?? config?.defaultModel ?? '',
    size: draft.size,
    quality: draft.quality,
    background: draft.background,
    // A format the tool does not take (gif, svg) is sent as chosen, so the contract says why not.
    output_format: draft.output_format as ImageGenerationTool['output_format'],
    ...(body.output_compression == null ? {} : { output_compression: draft.output_compression }),
    moderation: draft.moderation,
    partial_images: draft.partial_images,
  };
}

/**
 * Where a turn renders, as the studio says it: "the offline engine", "OpenAI", a gateway's name. The relay
 * sends a response to the provider of its image tool's model (responsesRoutes.ts).
 */
export function whereItRenders(config: StudioConfig | null, modelId: string): string {
  const owner = config?.models.find((model) => model.id === modelId)?.provider.id;
  const provider = config?.providers.find((candidate) => candidate.id === owner) ?? config?.providers[0];
  if (!provider) return 'the provider';
  return provider.kind === 'offline' ? 'the offline engine' : provider.label;
}

/**
 * Turns a turn's Responses events into the image events the run driver takes, and keeps on `turn` what its
 * record needs: the ids, what the model made, the last event's sequence number. `save` stores the turn as it
 * stands (after the images before it): once the response has its id, and with each partial, so a reload
 * re-attaches after the last partial stored. `partialsBefore` partials are stored already; one that arrives
 * again (a re-attach from a sequence number whose write was lost) is not taken twice.
 */
function turnEvents(
  turn: ConversationTurnRecord,
  request: ImageRequest,
  options: ImageStreamOptions,
  save: () => void,
  partialsBefore: number,
) {
  let answered = false;
  let partials = partialsBefore;
  let call: ImageGenerationCallItem | null = null;
  const onEvent = (event: ResponseStreamEvent) => {
    answered = true;
    turn.lastSequenceNumber = event.sequence_number;
    if (event.type === 'response.created') {
      turn.responseId = event.response.id;
      save();
    } else if (event.type === 'response.image_generation_call.partial_image') {
      if (event.partial_image_index < partials) return;
      partials = event.partial_image_index + 1;
      options.onEvent({
        type: 'image_generation.partial_image',
        b64_json: event.partial_image_b64,
        partial_image_index: event.partial_image_index,
        created_at: Math.floor(Date.now() / 1000),
        size: event.size,
        quality: event.quality,
        background: event.background,
        output_format: event.output_format as ImageRequest['outputFormat'],
      });
      save();
    } else if (event.type === 'response.output_item.done' && event.item.type === 'image_generation_call') {
      call = event.item;
    } else if (event.type === 'response.completed') {
      // The final is in the output item (§6.3): its `result`, whatever its status says.
      const item = call?.result ? call : event.response.output.find((entry) => entry.result);
      if (!item?.result) return;
      const usage = toolUsageOf(event.response);
      Object.assign(turn, {
        imageCallId: item.id,
        revisedPrompt: item.revised_prompt ?? null,
        action: item.action ?? null,
        mainlineUsage: event.response.usage && {
          inputTokens: event.response.usage.input_tokens,
          outputTokens: event.response.usage.output_tokens,
        },
        toolUsageReported: usage !== null,
      } satisfies Partial<ConversationTurnRecord>);
      options.onEvent({
        type: 'image_generation.completed',
        b64_json: item.result,
        created_at: event.response.completed_at ?? Math.floor(Date.now() / 1000),
        size: item.size ?? request.size,
        quality: item.quality ?? request.quality,
        background: item.background ?? request.background,
        output_format: (item.output_format ?? request.outputFormat) as ImageRequest['outputFormat'],
        usage: usage ?? NO_USAGE,
      });
    }
  };
  return { onEvent, answered: () => answered };
}

interface Attachments {
  images: ResponseInputContent[];
  mask: string | null;
  lineage: Promise<EditLineage>;
}

export function createConversationActions(deps: ConversationDeps): ConversationActions {
  const { store, storage, transport, driver, refuse } = deps;

  /** The board's images (within the API's input limits) and the mask on the first, as data URLs. */
  async function attachments(options: TurnOptions): Promise<Attachments | ApiError> {
    const { board, mask, inpaint } = store.getState();
    const first = board.images[0];
    if (!options.attachBoard || !first) {
      if (options.attachMask) return invalidRequest('mask', 'Add the image the mask is painted on first.');
      return { images: [], mask: null, lineage: Promise.resolve(NO_LINEAGE) };
    }
    const masked = options.attachMask ? maskOperationsFor(mask, first) : null;
    if (masked && !masked.ok) return invalidRequest('mask', masked.message);
    const operations = masked?.ok ? masked.operations : [];
    if (options.attachMask && operations.length === 0) {
      return invalidRequest('mask', 'Paint the area to change on the first image, or leave the mask out.');
    }
    const [pixels, inpaintRun] = await Promise.all([
      deps.loadPixels(),
      import('./inpaintRun.ts').catch(() => null),
    ]);
    if (!pixels || !inpaintRun) return invalidRequest('image', `The turn was not sent: ${deps.notLoaded}`);
    const plan = wholeImagePlan(first, MAX_INPUT_IMAGE_PIXELS);
    const prepared = await inpaintRun.prepareInpaint(
      pixels,
      board.images,
      operations,
      plan,
      inpaint.settings,
    );
    void pixels.release(prepared.key).catch(() => undefined);
    if (prepared.mask.kind === 'refused') return prepared.mask.error;
    const images = await Promise.all(
      prepared.images.map(async ({ blob }): Promise<ResponseInputContent> => ({
        type: 'input_image',
        image_url: await dataUrlOf(blob),
      })),
    );
    const maskImage =
      prepared.mask.kind === 'mask' && prepared.fullMask
        ? { blob: prepared.fullMask, width: first.width, height: first.height }
        : null;
    return {
      images,
      mask: prepared.mask.kind === 'mask' ? await dataUrlOf(prepared.mask.png) : null,
      lineage: storeEditInputs(storage, board.images, maskImage).catch((error: unknown) => {
        deps.report(error);
        return NO_LINEAGE;
      }),
    };
  }

  async function sendTurn(
    words: string,
    parent: { variant: VariantRecord; turn: ConversationTurnRecord; final: ImageRecord | null } | null,
    options: TurnOptions,
  ): Promise<void> {
    const registry = store.getState().relay.registry;
    if (!registry || driver.isRunning()) return;
    const said = words.trim();
    if (!said) {
      refuse(invalidRequest('prompt', 'Say what the image should show, or what to change.'));
      return;
    }
    const mainlineModel = options.mainlineModel ?? DEFAULT_MAINLINE_MODEL;
    const tool: ImageGenerationTool = toolFromDraft(store);
    const attached = await attachments(options);
    if ('status' in attached) {
      refuse(attached);
      return;
    }
    if (attached.mask) tool.input_image_mask = { image_url: attached.mask };
    const body: ResponsesBody = {
      model: mainlineModel,
      input: [{ role: 'user', content: [...attached.images, { type: 'input_text', text: said }] }],
      tools: [tool],
      tool_choice: { type: 'image_generation' },
      store: true,
      ...(parent ? { previous_response_id: parent.turn.responseId! } : {}),
    };
    const checked = validateResponsesBody(body, registry, STUDIO_POLICY);
    if (!checked.ok) {
      refuse(offTool(checked.error));
      return;
    }
    const { image } = checked.value.imageTools[0]!;
    // An image in the conversation makes an edit of it likely; the model decides, and the turn says which.
    const inContext = parent !== null || attached.images.length > 0;
    const variants = parent ? 1 : Math.max(1, options.variants ?? 1);
    const request: ImageRequest = {
      ...image,
      kind: inContext ? 'edit' : 'generation',
      prompt: said,
      n: variants,
    };
    const background = options.background ?? backgroundByDefault(request);
    if (background) body.background = true;

    // One turn per image: side by side, each is the first of a conversation of its own.
    const turns = Array.from({ length: variants }, (): ConversationTurnRecord => ({
      conversationId: parent?.turn.conversationId ?? crypto.randomUUID(),
      parentTurnId: parent?.variant.id ?? null,
      words: said,
      mainlineModel,
      previousResponseId: body.previous_response_id ?? null,
      resentWhole: false,
      attachedBoard: attached.images.length > 0,
      attachedMask: attached.mask !== null,
      responseId: null,
      imageCallId: null,
      revisedPrompt: null,
      action: null,
      mainlineUsage: null,
      toolUsageReported: false,
      background,
      lastSequenceNumber: null,
      reattachedAt: null,
    }));
    const lineage = attached.lineage.then((known) => ({
      ...known,
      // The turn's parent in the lineage is the image of the turn it continues.
      parentImageId: parent?.final?.id ?? known.parentImageId,
    }));

    // Stores each turn as it stands mid-stream; the run driver connects it to its variant's record.
    const saveTurns: (() => void)[] = turns.map(() => () => undefined);
    const send: SendVariant = async (options) => {
      const index = options.variantIndex ?? 0;
      const turn = turns[index]!;
      const save = () => saveTurns[index]!();
      const stream = async (sent: ResponsesBody) => {
        const events = turnEvents(turn, request, options, save, 0);
        const streamOptions = { signal: options.signal, onEvent: events.onEvent };
        const first = () =>
          transport.streamResponse(sent, { ...streamOptions, variantIndex: options.variantIndex });
        try {
          await (turn.background
            ? followBackground(follow(turn, request.model.id, save), first, streamOptions)
            : first());
        } catch (error) {
          throw Object.assign(error as object, { answered: events.answered() });
        }
      };
      try {
        await stream(body);
      } catch (error) {
        const { code, answered } = error as { code?: unknown; answered?: boolean };
        if (code !== PREVIOUS_RESPONSE_NOT_FOUND || answered || !parent?.final) throw error;
        // The earlier response is gone upstream (expired, or the offline engine restarted): the turn's
        // image and words go again as input, and the turn says so.
        Object.assign(turn, { resentWhole: true, previousResponseId: null });
        const earlier: ResponseInputContent = {
          type: 'input_image',
          image_url: await dataUrlOf(parent.final.blob),
        };
        const whole: ResponsesBody = {
          ...body,
          input: [{ role: 'user', content: [earlier, ...body.input[0]!.content] }],
        };
        delete whole.previous_response_id;
        await stream(whole);
      }
    };

    deps.rememberPrompt(said);
    await driver.start(request, send, {
      // Without the images: the input and the mask are megabytes of base64 (the lineage keeps the images,
      // and the turn says what was attached).
      params: wireParams({ ...body, input: undefined, tools: [{ ...tool, input_image_mask: undefined }] }),
      lineage,
      conversation: (index) => ({
        begun: { ...turns[index]! },
        now: () => ({ ...turns[index]! }),
        connect: (save) => (saveTurns[index] = save),
      }),
    });
  }

  /** How the studio follows a background turn, and what it says as it does. */
  function follow(turn: ConversationTurnRecord, modelId: string, save: () => void): BackgroundFollow {
    const where = whereItRenders(store.getState().relay.config, modelId);
    return {
      transport,
      responseId: () => turn.responseId,
      lastSequence: () => turn.lastSequenceNumber ?? -1,
      where,
      // The turn card says so (ConversationPanel.tsx), from the record.
      onReattach: () => {
        turn.reattachedAt = Date.now();
        save();
      },
      onCancelUnconfirmed: (message) => store.getState().notices.post('board', 'error', message),
    };
  }

  /** Resolves once the relay's config has come: it names where the runs render. */
  const configured = () =>
    new Promise<void>((resolve) => {
      if (store.getState().relay.config) return resolve();
      const stop = store.subscribe((state) => {
        if (!state.relay.config) return;
        stop();
        resolve();
      });
    });

  /** How a background turn whose tab went streams on, from its stored record. */
  async function resumed(variant: VariantRecord): Promise<ResumedVariant> {
    const turn: ConversationTurnRecord = { ...variant.conversation! };
    const [entry] = await storage.galleryEntries([variant.id]);
    // Partials are numbered from 1 as they arrive; the stored ones are not taken again.
    const partials = entry?.lastPartial?.sequence ?? 0;
    let saveTurn: () => void = () => undefined;
    const send: SendVariant = async (options) => {
      const events = turnEvents(turn, variant.request, options, () => saveTurn(), partials);
      await followBackground(
        follow(turn, variant.request.model.id, () => saveTurn()),
        null,
        {
          signal: options.signal,
          onEvent: events.onEvent,
        },
      );
    };
    return {
      variant,
      partials,
      send,
      recording: {
        params: variant.params,
        lineage: Promise.resolve(NO_LINEAGE),
        conversation: () => ({ begun: turn, now: () => ({ ...turn }), connect: (save) => (saveTurn = save) }),
      },
    };
  }

  /** The draft's run through the Responses API: in Edit, with the board and the mask painted on its first. */
  function runDraft(): Promise<void> {
    const { draft, board, mask } = store.getState();
    const first = board.images[0];
    const editing = draft.mode === 'edit';
    if (editing && !first) {
      refuse(invalidRequest('image', 'Add an image to the board first: the edit starts from it.'));
      return Promise.resolve();
    }
    const masked = editing && first ? maskOperationsFor(mask, first) : null;
    const { prompt, n, mainline_model: mainlineModel } = draft.draft;
    return sendTurn(prompt, null, {
      attachBoard: editing,
      attachMask: masked?.ok === true && masked.operations.length > 0,
      mainlineModel,
      background: rendersInBackground(draft.draft),
      variants: n,
    });
  }

  return {
    runDraft,
    startConversation: (words, options = {}) => sendTurn(words, null, options),
    continueFrom: async (turnId, words, options = {}) => {
      const [entry] = await storage.galleryEntries([turnId]);
      const turn = entry?.variant.conversation;
      if (!entry || !turn?.responseId || !entry.final) {
        refuse(
          invalidRequest(
            'previous_response_id',
            'That turn has no finished image to continue from. Continue from a turn that finished.',
          ),
        );
        return;
      }
      await sendTurn(words, { variant: entry.variant, turn, final: entry.final }, options);
    },
    reattach: async (variants) => {
      await configured();
      if (driver.isRunning()) return;
      const following = variants.filter((variant) => variant.conversation?.responseId);
      await driver.resume(await Promise.all(following.map(resumed)));
    },
  };
}

/**
 * What the studio keeps in IndexedDB. Records are plain data plus Blobs (never base64), so a record read
 * back is byte-for-byte what was written and a ZIP export can carry the same bytes.
 *
 * Ids are made by the caller (crypto.randomUUID()) before anything is written, so the UI can refer to an
 * image the moment it arrives, whether or not the write has finished.
 */
import type { ImageRequest, ImageRequestKind, OutputFormat, TokenUsage } from '../contract/index.ts';

/** `interrupted`: the tab that streamed it went away (reload, crash) before the stream ended. */
export type VariantStatus = 'streaming' | 'done' | 'error' | 'cancelled' | 'interrupted';

export interface StoredProblem {
  message: string;
  param: string | null;
  code: string | null;
  status: number;
  requestId: string | null;
}

/**
 * One request as sent upstream: one stream making one image. A designer's run of n variants fans out into
 * n of these sharing `runId`.
 */
export interface VariantRecord {
  id: string;
  runId: string;
  /** This stream's place in its run, 0-based, and how many variants the run has. */
  variantIndex: number;
  variantCount: number;
  kind: ImageRequestKind;
  /** The request as the contract validated it (for this one stream, so `n` is 1). */
  request: ImageRequest;
  /** What went over the wire: the JSON body of a generation, the multipart text fields of an edit. */
  params: Record<string, string | number | boolean>;
  /**
   * The seed this stream was sent with (under "vary seed", the run's seed plus `variantIndex`), so the
   * result can be made again; null when none was sent, absent in records made before seeds.
   */
  seed?: number | null;
  status: VariantStatus;
  startedAt: number;
  finishedAt: number | null;
  usage: TokenUsage | null;
  costDollars: number | null;
  error: StoredProblem | null;
  /** Lineage: the stored result the edit started from (the first image on the board), if it was one. */
  parentImageId: string | null;
  /** Every image the edit sent, in board order (the first is the edit target); empty for variants. */
  inputImageIds: string[];
  /** The mask PNG the edit sent, stored as an image record with role `mask`. */
  maskImageId: string | null;
  /** The browser tab that streams it; a `streaming` record whose tab is gone is interrupted. */
  tabId: string;
  /** How a masked edit was sent and pasted back; absent for generations, unmasked edits and older records. */
  inpaint?: InpaintRecord | null;
  /** A turn of a conversation through the Responses API; absent for Images API runs and older records. */
  conversation?: ConversationTurnRecord | null;
  /** Set when the designer deletes it; it is purged once undo is no longer offered. */
  deletedAt: number | null;
}

/**
 * One turn of a conversation with a mainline model that calls the `image_generation` tool (the Responses
 * API). The turn is a variant like any other (its final, partials, cost); this is what makes it a turn: the
 * ids the API knows it by, so any turn can be continued later, and what the model made of the words.
 */
export interface ConversationTurnRecord {
  /** The first turn's variant id: every turn of one conversation, branches included, shares it. */
  conversationId: string;
  /** The turn this one continues (its variant id); null for the first. */
  parentTurnId: string | null;
  /** The designer's words for this turn (the request's prompt is the same words). */
  words: string;
  /** The mainline model that read the conversation and called the tool. */
  mainlineModel: string;
  /** The `previous_response_id` the turn was sent with; null for the first turn or one sent again whole. */
  previousResponseId: string | null;
  /**
   * Set when the parent's response was no longer known upstream (expired, or the offline engine restarted):
   * the parent's image and these words were sent as input instead.
   */
  resentWhole: boolean;
  /** Whether the board's images, and the mask as `input_image_mask`, went with the turn. */
  attachedBoard: boolean;
  attachedMask: boolean;
  /** Known once the response is created / its image is done; null before (or if it never was). */
  responseId: string | null;
  imageCallId: string | null;
  revisedPrompt: string | null;
  action: 'generate' | 'edit' | null;
  /** The mainline model's own tokens (the image tool's are the variant's `usage`). */
  mainlineUsage: { inputTokens: number; outputTokens: number } | null;
  /** False when the response carried no `tool_usage` (it is undocumented): the image cost is then unknown. */
  toolUsageReported: boolean;
  /**
   * Sent as a background response (`background: true`): it renders on upstream whether or not the tab is
   * there to listen, and a dropped stream or a reload re-attaches to it. Absent in records made before.
   */
  background?: boolean;
  /**
   * The `sequence_number` of the last event whose effect is stored (written with each partial image), so a
   * re-attach with `starting_after` loses no partial and repeats none; null before the first event.
   */
  lastSequenceNumber?: number | null;
  /** When the studio last re-attached to the background response (a dropped stream, a reload); null if never. */
  reattachedAt?: number | null;
}

/**
 * A masked edit as sent and pasted back. The final image of such a variant is the composite (the source
 * at its own size, the model's pixels only through the mask); the model's own output is kept beside it.
 */
export interface InpaintRecord {
  /** `region`: a padded crop around the mask was sent; `whole`: the whole image (scaled if over the limit). */
  kind: 'whole' | 'region';
  /** The part of the source that was sent, in the source's natural pixels. */
  box: { left: number; top: number; width: number; height: number };
  /** The pixel size that part was scaled to before it was sent. */
  sent: { width: number; height: number };
  /** The source's natural size: what the composite is. */
  source: { width: number; height: number };
  growPx: number;
  featherPx: number;
  /**
   * The share of protected pixels the model's output changed beyond the drift threshold, once composited;
   * null while not known (still compositing, or it could not be composited).
   */
  driftShare: number | null;
  /** Why the result could not be composited (the raw output is then the final); null once it was. */
  notComposited: string | null;
  /**
   * The colour match of the model's pasted pixels to the source around the mask, once composited; null when
   * it was off (or the result was not composited), absent in records made before it existed.
   */
  colourMatch?: ColourMatchRecord | null;
  /**
   * An outpaint's original on the source's canvas, which the composite keeps exactly; null or absent for
   * other edits (and records made before touch-ups needed it).
   */
  locked?: { left: number; top: number; width: number; height: number } | null;
  /**
   * The brush strokes the final was touched up with, over the paste-back's composite (kept as the image of
   * role `composite`); null or absent while the final is the composite itself.
   */
  touchUp?: TouchUpRecord | null;
}

/**
 * How a composited edit was touched up: the final is the paste-back's composite with these strokes painted
 * over it, in order, so it can be made again from the source, the raw output and the composite.
 */
export interface TouchUpRecord {
  strokes: TouchUpStrokeRecord[];
  /** The paste-back's own drift share, which comes back with it when the touch-ups are reverted. */
  compositeDriftShare: number | null;
}

/** One brush stroke in the source's natural pixels (editor/inpaint/touchUp.ts paints it). */
export interface TouchUpStrokeRecord {
  id: string;
  /** `restore`: the source's pixels come back; `model`: the model's (scaled to the source) come through. */
  mode: 'restore' | 'model';
  /** x, y pairs along the path. */
  points: number[];
  /** The brush's diameter. */
  size: number;
  /** 0..1: the share of the radius painted fully before the edge fades. */
  hardness: number;
}

/**
 * What a masked edit's colour match did: the correction applied to each colour channel of the model's
 * pixels inside the pasted area (value * gain + offset, in levels, before the blend), measured on
 * `measuredPixels` pixels around the mask at the size sent; or why it was skipped (the model's pixels are
 * then pasted as it made them).
 */
export type ColourMatchRecord =
  | {
      kind: 'applied';
      offset: [number, number, number];
      gain: [number, number, number];
      measuredPixels: number;
    }
  | { kind: 'skipped'; reason: string };

/**
 * `input`: an image sent with an edit that was not already stored (a file from disk, a paste).
 * `raw`: a masked edit's output as the model made it, before it was composited onto its source.
 * `drift`: a heatmap of where that raw output changed pixels outside the mask.
 * `composite`, `composite-drift`: once a masked edit's final is touched up, the paste-back's own composite
 * (sequence 0) and drift map, kept for "Revert touch-ups"; a touched-up final replaced later that a later
 * edit had sent stays as a `composite` of sequence 1 and up, so that edit's lineage keeps its bytes.
 */
export type ImageRole =
  'partial' | 'final' | 'input' | 'mask' | 'raw' | 'drift' | 'composite' | 'composite-drift';

export interface ImageRecord {
  id: string;
  /** The variant that made it; null for inputs and masks, which may be shared by several. */
  variantId: string | null;
  role: ImageRole;
  /** Arrival order among its generation's partial images (1-based, as the stream counts); 0 otherwise. */
  sequence: number;
  blob: Blob;
  format: OutputFormat;
  width: number;
  height: number;
  /** Lower-case hex SHA-256 of the blob's bytes: dedupes inputs, and proves an import kept the bytes. */
  sha256: string;
  /** A small WebP for grids, or null where the browser could not make one. */
  thumbnail: Blob | null;
  /** The file name an input came with; null for generated images. */
  name: string | null;
  createdAt: number;
}

/** An image on the reference board, as saved with the draft. */
export interface DraftBoardImage {
  id: string;
  name: string;
  blob: Blob;
  width: number;
  height: number;
  notice: string | null;
  /** The stored image it came from ("edit this", "use as source", a dragged result), for lineage. */
  sourceImageId: string | null;
  /** An outpaint's original on its canvas; absent from drafts saved before outpainting. */
  lockedBox?: { left: number; top: number; width: number; height: number } | null;
}

/**
 * The working draft, saved as it changes. `params` and the mask are checked by the state layer on the way
 * back in (a newer studio may have changed their shape), so storage keeps them as given.
 */
export interface DraftRecord {
  key: 'current';
  mode: 'generate' | 'edit';
  params: Record<string, unknown>;
  /** The prompt of the mode not in use (each mode keeps its own); missing from drafts saved before. */
  otherModePrompt?: string;
  board: DraftBoardImage[];
  mask: {
    operations: unknown[];
    undone: unknown[];
    /** The natural size of the image the mask is painted on. */
    natural: { width: number; height: number } | null;
    /** That image, by board image id (it may have left the board); absent in drafts saved before. */
    owner?: { imageId: string; name: string } | null;
  };
  savedAt: number;
}

/**
 * One billed variant in the spend ledger. It is written when the variant's usage is known and is never
 * removed with the result: deleting or purging a result does not lower what was spent.
 */
export interface SpendEntry {
  variantId: string;
  runId: string;
  /** When the variant finished (its usage arrived), in ms since the epoch: what periods are counted by. */
  at: number;
  model: string;
  dollars: number;
}

/** A prompt the designer sent, kept for recall; sending it again refreshes `usedAt`. */
export interface PromptRecord {
  /** The prompt itself is the key, so a prompt sent twice is one entry. */
  text: string;
  usedAt: number;
  uses: number;
}

/** A named set of settings the designer saved, applied to the draft on request. */
export interface PresetRecord {
  id: string;
  name: string;
  /** Draft params as saved; checked by the state layer on the way back in, like the draft's. */
  params: Record<string, unknown>;
  createdAt: number;
}

/** A studio setting kept across visits (the budget, the spend period). */
export interface SettingRecord {
  key: string;
  value: unknown;
}

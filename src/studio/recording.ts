/**
 * Writes each stream to storage as it happens: the request when it is sent, every image the moment it
 * arrives, the outcome at the end. Writes of one stream are chained so they land in order without ever
 * holding the stream up; a failed write is reported and the next one is still tried.
 */
import { formatOfMimeType, type ImageRequest, type OutputFormat } from '../contract/index.ts';
import type {
  ConversationTurnRecord,
  InpaintRecord,
  VariantRecord,
  VariantStatus,
  ImageRole,
} from '../storage/records.ts';
import type { NewImage, StudioStorage } from '../storage/studioStorage.ts';
import { keepsThumbnail } from '../storage/thumbnail.ts';
import type { Problem } from '../contract/index.ts';

export interface RecordingDeps {
  storage: StudioStorage;
  /** A small preview for grids, or null where the browser cannot make one. */
  makeThumbnail: (blob: Blob, size: { width: number; height: number }) => Promise<Blob | null>;
  report: (error: unknown) => void;
}

/** What lineage an edit carries: the images sent, in board order, and the mask. */
export interface EditLineage {
  parentImageId: string | null;
  inputImageIds: string[];
  maskImageId: string | null;
}

export const NO_LINEAGE: EditLineage = { parentImageId: null, inputImageIds: [], maskImageId: null };

export interface VariantPlan {
  id: string;
  runId: string;
  variantIndex: number;
  variantCount: number;
  request: ImageRequest;
  params: VariantRecord['params'];
  seed: number | null;
  tabId: string;
  startedAt: number;
  /** A masked edit's plan, known from the start (its drift once composited). */
  inpaint: InpaintRecord | null;
  /** A conversation turn as it starts (its response ids come with the outcome). */
  conversation?: ConversationTurnRecord;
}

export function variantRecordFor(plan: VariantPlan, lineage: EditLineage): VariantRecord {
  return {
    ...plan,
    kind: plan.request.kind,
    status: 'streaming',
    finishedAt: null,
    usage: null,
    costDollars: null,
    error: null,
    ...lineage,
    deletedAt: null,
  };
}

/** Enough of the head for a PNG's IHDR, a WebP's VP8 header or a JPEG's first SOF in practice. */
const IMAGE_HEAD_BYTES = 64 * 1024;

/**
 * The natural size from the image's own header, so a partial of an `auto` size is stored truly. The header
 * reader loads with the first image that arrives, not with the page.
 */
export async function imageDimensions(blob: Blob): Promise<{ width: number; height: number }> {
  const [{ outputImageSize }, head] = await Promise.all([
    import('../contract/imageHeaders.ts'),
    blob.slice(0, IMAGE_HEAD_BYTES).arrayBuffer(),
  ]);
  const size = outputImageSize(new Uint8Array(head));
  return size ?? { width: 0, height: 0 };
}

export interface ArrivedImage {
  id: string;
  role: Extract<ImageRole, 'partial' | 'final' | 'raw' | 'drift'>;
  sequence: number;
  blob: Blob;
  format: OutputFormat;
}

export interface VariantRecorder {
  image: (image: ArrivedImage) => void;
  end: (outcome: {
    status: Exclude<VariantStatus, 'streaming' | 'interrupted'>;
    /** When the variant ended, as the run driver measured it (the session shows the same figure). */
    finishedAt: number;
    usage: VariantRecord['usage'];
    costDollars: number | null;
    error: Problem | null;
    /** How a masked edit was pasted back, once it was (or why it could not be). */
    inpaint?: InpaintRecord | null;
    /** A conversation turn as it ended: the ids the API knows it by, what the model made of it. */
    conversation?: ConversationTurnRecord;
  }) => void;
  /**
   * A conversation turn as it stands mid-stream (its response id, the last event's sequence number), written
   * after the images before it, so a reload finds what a re-attach needs.
   */
  turn: (conversation: ConversationTurnRecord) => void;
  /** Resolves once every write so far has been tried. */
  settled: () => Promise<void>;
}

/**
 * `lineage` may still be in the making (inputs being hashed and stored): the record is written once it is
 * known, and the images after it. `'stored'`: the record is there already (a background run re-attached
 * after a reload), and the writes go on from it.
 */
export function recordVariant(
  deps: RecordingDeps,
  plan: VariantPlan,
  lineage: Promise<EditLineage> | 'stored',
): VariantRecorder {
  let chain: Promise<void> =
    lineage === 'stored'
      ? Promise.resolve()
      : lineage.then((known) => deps.storage.beginVariant(variantRecordFor(plan, known))).catch(deps.report);
  const enqueue = (write: () => Promise<unknown>) => {
    chain = chain.then(write).then(
      () => undefined,
      (error: unknown) => deps.report(error),
    );
  };
  return {
    image: (image) =>
      enqueue(async () => {
        const dimensions = await imageDimensions(image.blob);
        // Partials too: the strip and the gallery show a partial wherever no final came (an interrupted or
        // failed variant). A resized decode and a small WebP per partial, and never in the stream's way:
        // these writes run behind it.
        const shownInGrids = image.role === 'partial' || image.role === 'final';
        const thumbnail =
          shownInGrids && keepsThumbnail(image.format)
            ? await deps.makeThumbnail(image.blob, dimensions).catch(() => null)
            : null;
        const record: NewImage = {
          ...image,
          variantId: plan.id,
          ...dimensions,
          thumbnail,
          name: null,
        };
        await deps.storage.putImage(record);
      }),
    end: ({ status, finishedAt, usage, costDollars, error, inpaint, conversation }) =>
      enqueue(() =>
        deps.storage.updateVariant(plan.id, {
          status,
          finishedAt,
          usage,
          costDollars,
          ...(inpaint === undefined ? {} : { inpaint }),
          ...(conversation === undefined ? {} : { conversation }),
          error: error && {
            message: error.message,
            param: error.param,
            code: error.code,
            status: error.status,
            requestId: error.requestId,
          },
        }),
      ),
    turn: (conversation) => enqueue(() => deps.storage.updateVariant(plan.id, { conversation })),
    settled: () => chain,
  };
}

export interface EditInput {
  blob: Blob;
  name: string;
  width: number;
  height: number;
  /** Set when the image is a stored result already: lineage points at it, nothing is stored twice. */
  sourceImageId: string | null;
}

/**
 * Stores what an edit sends (storage keeps one copy of bytes it already has) and names it for the
 * lineage: the parent is the first image when it is a stored result.
 */
export async function storeEditInputs(
  storage: StudioStorage,
  inputs: readonly EditInput[],
  mask: { blob: Blob; width: number; height: number } | null,
): Promise<EditLineage> {
  const store = async (
    image: { blob: Blob; width: number; height: number },
    role: 'input' | 'mask',
    name: string | null,
  ) =>
    (
      await storage.putImage({
        id: crypto.randomUUID(),
        variantId: null,
        role,
        sequence: 0,
        blob: image.blob,
        format: formatOfMimeType(image.blob.type) ?? 'png',
        width: image.width,
        height: image.height,
        thumbnail: null,
        name,
      })
    ).id;
  const inputImageIds: string[] = [];
  // One at a time: each is hashed in full, and a board of 16 large images should not all be in flight.
  for (const input of inputs)
    inputImageIds.push(input.sourceImageId ?? (await store(input, 'input', input.name)));
  return {
    parentImageId: inputs[0]?.sourceImageId ?? null,
    inputImageIds,
    maskImageId: mask ? await store(mask, 'mask', null) : null,
  };
}

/** Taking a stored result back into the work: its settings into the draft, or the image onto the board. */
import { CATALOGUE, FILE_EXTENSION_OF_FORMAT, isRasterFormat } from '../contract/index.ts';
import type { BoardImage } from '../state/board.ts';
import { draftFromParams, type Draft } from '../state/draft.ts';
import type { StudioStore } from '../state/store.ts';
import type { VariantRecord, ImageRecord } from '../storage/records.ts';

/**
 * The prompt and parameters of a stored request become the draft, with as many variants as its batch had
 * (each stream was sent with n = 1); the studio switches to the mode that made it and shows that run on
 * its canvas when the session still holds it, so prompt, settings and picture arrive together.
 */
export function reuseSettings(store: StudioStore, variant: VariantRecord): void {
  const { draft } = store.getState();
  draft.replace(
    reusedDraft(store, variant, variant.variantCount),
    variant.kind === 'edit' ? 'edit' : 'generate',
  );
  showRun(store, variant.runId);
}

/**
 * The draft a stored variant's request makes, for `n` variants. Its seed is the one that variant was sent
 * with (its params hold it), so the same picture can be made again; whether several variants share a seed
 * or count up from it is not part of a request, so that stays as the designer has it.
 */
function reusedDraft(store: StudioStore, variant: VariantRecord, n: number): Draft {
  const { variant_seeds } = store.getState().draft.draft;
  return { ...draftFromParams(draftParamsOf(variant)), n, variant_seeds };
}

/** The place of the image tool's fields in a Responses body's wire parameters (wireParams.ts). */
const IMAGE_TOOL_PREFIX = 'tools.0.';

/**
 * A variant's parameters as a draft's: an Images API run's are its body's; a conversation turn's are its
 * image tool's, with the words and the mainline model it was sent through the Responses API with (the body's
 * own `model` is the mainline model, not the image model).
 */
function draftParamsOf(variant: VariantRecord): Readonly<Record<string, unknown>> {
  const turn = variant.conversation;
  if (!turn) return variant.params;
  const tool = Object.entries(variant.params).flatMap(([name, value]) =>
    name.startsWith(IMAGE_TOOL_PREFIX) ? [[name.slice(IMAGE_TOOL_PREFIX.length), value] as const] : [],
  );
  return {
    ...Object.fromEntries(tool),
    prompt: turn.words,
    api: 'responses',
    mainline_model: turn.mainlineModel,
    keep_rendering: turn.background,
  };
}

function showRun(store: StudioStore, runId: string): void {
  const { session } = store.getState();
  if (session.runs.some((run) => run.id === runId)) session.select(runId);
}

/** The most any model takes; the model in use may take fewer, which its own check names before sending. */
const BOARD_LIMIT = Math.max(...CATALOGUE.map((model) => model.maxReferenceImages));

/**
 * A stored image as a board image, remembering where it came from so the next edit's lineage points back
 * at it. Generated images need none of the preparation a file from disk gets: they are already PNG, JPEG
 * or WebP at a size the API made.
 */
export function boardImageOf(image: ImageRecord): BoardImage {
  return {
    id: crypto.randomUUID(),
    name: image.name ?? `atelier-${image.id.slice(0, 8)}.${FILE_EXTENSION_OF_FORMAT[image.format]}`,
    blob: image.blob,
    url: URL.createObjectURL(image.blob),
    width: image.width,
    height: image.height,
    notice: null,
    sourceImageId: image.id,
  };
}

/**
 * A stored result becomes the first image on the board (the edit target), ahead of what is already there,
 * and the edit starts from the prompt and settings that made it: the designer changes the prompt into the
 * edit they want rather than retyping what the picture already shows.
 */
export function editStoredImage(store: StudioStore, image: ImageRecord, variant: VariantRecord): void {
  if (notEditableReason(image)) return;
  const { board, draft } = store.getState();
  board.putFirst(boardImageOf(image), BOARD_LIMIT);
  draft.replace(reusedDraft(store, variant, 1), 'edit');
  showRun(store, variant.runId);
}

/**
 * Branching from an earlier result: it becomes the edit target in place of the current one, and the other
 * references stay, so the old target is not sent (and paid for) as one more reference.
 */
export function branchFrom(store: StudioStore, image: ImageRecord): void {
  if (notEditableReason(image)) return;
  const { board, draft } = store.getState();
  board.replaceFirst(boardImageOf(image));
  draft.setMode('edit');
}

/** Why a stored image cannot be an edit's first image, or null: the edit endpoint takes raster inputs. */
export function notEditableReason(image: ImageRecord): string | null {
  return isRasterFormat(image.format)
    ? null
    : `${image.format.toUpperCase()} results cannot be edited: edits take PNG, JPEG or WebP images.`;
}

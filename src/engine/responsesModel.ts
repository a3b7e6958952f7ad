/**
 * The offline engine's "mainline model" for the Responses API (openai-images-2026-12.md §6, gateways.md §2):
 * a small deterministic stand-in for the text model that reads the conversation, decides whether the image
 * tool generates or edits, rewrites the designer's words into the tool's prompt (`revised_prompt`) and
 * counts its own tokens. Same conversation, same words, same answer.
 */
import {
  MAX_INPUT_IMAGE_BYTES,
  estimateImageInputTokens,
  estimateTextTokens,
  formatBytes,
  invalidRequest,
  sniffImage,
  type Checked,
  type SniffedImage,
} from '../contract/index.ts';
import {
  itemNotFound,
  nothingToEdit,
  type ImageToolAction,
  type ResponseUsage,
} from '../contract/responses.ts';

/** An image the conversation holds: one the designer sent, or one the tool made. */
export interface ConversationImage {
  bytes: Buffer;
  sniffed: SniffedImage;
  /** What it shows, in the designer's words, for an edit's revised prompt; null for a sent image. */
  subject: string | null;
  /** The `image_generation_call` that made it. */
  itemId: string | null;
}

export type ConversationEntry =
  { kind: 'text'; role: string; text: string } | { kind: 'image'; image: ConversationImage; role: string };

/** Looks up an image the engine made, by its `image_generation_call` id (item references, input items). */
export type ItemLookup = (id: string) => ConversationImage | null;

/** What the mainline model decided for one turn. */
export interface TurnPlan {
  action: Exclude<ImageToolAction, 'auto'>;
  revisedPrompt: string;
  /** The subject of the image this turn makes, for later edits of it. */
  subject: string;
  /** Edits: the image to change first, then references; empty for a generation. */
  images: ConversationImage[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads a base64 data URL of a PNG, JPEG or WebP; `param` names it in the error. */
export function decodeImageDataUrl(
  url: string,
  param: string,
): Checked<{ bytes: Buffer; sniffed: SniffedImage }> {
  const match = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  if (!match) {
    const what = /^https?:/i.test(url) ? 'an image URL' : 'not a base64 data URL';
    return {
      ok: false,
      error: invalidRequest(
        param,
        `The offline engine cannot read '${param}': it is ${what}, and the engine only has the images a request carries. Send the image as a base64 data URL.`,
        'unsupported_image_reference',
      ),
    };
  }
  const bytes = Buffer.from(match[2]!, 'base64');
  if (bytes.length > MAX_INPUT_IMAGE_BYTES) {
    return {
      ok: false,
      error: invalidRequest(
        param,
        `Invalid '${param}': the image is ${formatBytes(bytes.length)}, over the ${formatBytes(MAX_INPUT_IMAGE_BYTES)} limit.`,
      ),
    };
  }
  const sniffed = sniffImage(bytes);
  if (!sniffed) {
    return {
      ok: false,
      error: invalidRequest(
        param,
        `Invalid image in '${param}': it is not a PNG, JPEG or WebP image. Supported file formats are 'image/jpeg', 'image/png', and 'image/webp'.`,
        'invalid_image_file',
      ),
    };
  }
  return { ok: true, value: { bytes, sniffed } };
}

function referencedImage(id: string, param: string, lookup: ItemLookup): Checked<ConversationEntry> {
  const image = lookup(id);
  return image
    ? { ok: true, value: { kind: 'image', role: 'assistant', image } }
    : { ok: false, error: itemNotFound(id, param) };
}

function messageEntries(item: Record<string, unknown>, param: string): Checked<ConversationEntry[]> {
  const role = typeof item.role === 'string' ? item.role : 'user';
  const { content } = item;
  if (typeof content === 'string') return { ok: true, value: [{ kind: 'text', role, text: content }] };
  if (!Array.isArray(content)) {
    return {
      ok: false,
      error: invalidRequest(
        `${param}.content`,
        `Invalid type for '${param}.content': expected a string or an array of content parts.`,
        'invalid_type',
      ),
    };
  }
  const entries: ConversationEntry[] = [];
  for (const [index, part] of content.entries()) {
    const partParam = `${param}.content[${index}]`;
    if (!isRecord(part)) continue;
    if ((part.type === 'input_text' || part.type === 'output_text') && typeof part.text === 'string') {
      entries.push({ kind: 'text', role, text: part.text });
    } else if (part.type === 'input_image') {
      if (typeof part.image_url !== 'string') {
        const what = typeof part.file_id === 'string' ? 'a file id' : 'missing';
        return {
          ok: false,
          error: invalidRequest(
            `${partParam}.image_url`,
            `The offline engine cannot read '${partParam}': its image is ${what}, and the engine only has the images a request carries. Send the image as a base64 data URL.`,
            'unsupported_image_reference',
          ),
        };
      }
      const decoded = decodeImageDataUrl(part.image_url, `${partParam}.image_url`);
      if (!decoded.ok) return decoded;
      entries.push({ kind: 'image', role, image: { ...decoded.value, subject: null, itemId: null } });
    }
  }
  return { ok: true, value: entries };
}

/**
 * Reads a request's `input` (a string, or a list of messages, `image_generation_call` items and item
 * references) into conversation entries. Images must travel as data URLs; items are looked up by id.
 */
export function readInput(input: unknown, lookup: ItemLookup): Checked<ConversationEntry[]> {
  if (input === undefined || input === null) return { ok: true, value: [] };
  if (typeof input === 'string') return { ok: true, value: [{ kind: 'text', role: 'user', text: input }] };
  if (!Array.isArray(input)) {
    return {
      ok: false,
      error: invalidRequest(
        'input',
        "Invalid type for 'input': expected a string or an array of input items.",
        'invalid_type',
      ),
    };
  }
  const entries: ConversationEntry[] = [];
  for (const [index, item] of input.entries()) {
    const param = `input[${index}]`;
    if (!isRecord(item)) continue;
    let read: Checked<ConversationEntry | ConversationEntry[]> | null = null;
    if (item.type === 'image_generation_call' && typeof item.id === 'string') {
      // The item as the client kept it: its own result, or the engine's copy when the result was left out.
      const result =
        typeof item.result === 'string'
          ? decodeImageDataUrl(`data:image/png;base64,${item.result}`, `${param}.result`)
          : null;
      read =
        result && result.ok
          ? {
              ok: true,
              value: {
                kind: 'image',
                role: 'assistant',
                image: { ...result.value, subject: lookup(item.id)?.subject ?? null, itemId: item.id },
              },
            }
          : referencedImage(item.id, param, lookup);
    } else if (
      (item.type === 'item_reference' || item.type === undefined) &&
      typeof item.id === 'string' &&
      !('role' in item)
    ) {
      read = referencedImage(item.id, param, lookup);
    } else if ('role' in item || item.type === 'message') {
      read = messageEntries(item, param);
    }
    if (!read) continue;
    if (!read.ok) return read;
    entries.push(...(Array.isArray(read.value) ? read.value : [read.value]));
  }
  return { ok: true, value: entries };
}

/** Words that ask for a new picture rather than a change to the one in the conversation. */
const FRESH_START =
  /^\s*(start over|from scratch|a new (image|picture)|new (image|picture)|generate a new|create a new)\b/i;

/** The designer's words for this turn: the text of its last user message. */
function wordsOf(turn: readonly ConversationEntry[]): string {
  const texts = turn.filter((entry) => entry.kind === 'text' && entry.role === 'user') as { text: string }[];
  return texts
    .map((entry) => entry.text.trim())
    .filter(Boolean)
    .join(' ');
}

/** Trims, collapses spaces and ends with one full stop. */
function sentence(text: string): string {
  const clean = text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.!?;:,\s]+$/, '');
  return clean ? `${clean.charAt(0).toUpperCase()}${clean.slice(1)}.` : '';
}

function orientation({ width, height }: { width: number; height: number }): string {
  if (width === height) return 'square';
  return width > height ? 'landscape' : 'portrait';
}

/** The prompt the tool gets stays within the Images API's limit (32,000 characters). */
const MAX_REVISED_PROMPT_CHARS = 4000;

/**
 * Decides the turn: `edit` when the tool says so, or (`auto`) when the conversation has an image and the
 * words do not ask for a fresh start; the image to change is the newest one this turn sent, else the newest
 * in the conversation, and the turn's other images are references.
 */
export function planTurn(
  history: readonly ConversationEntry[],
  turn: readonly ConversationEntry[],
  action: ImageToolAction,
  toolIndex: number,
  frame: { width: number; height: number } | null,
): Checked<TurnPlan> {
  const words = wordsOf(turn) || 'An image';
  const sent = turn.flatMap((entry) => (entry.kind === 'image' ? [entry.image] : []));
  const earlier = history.flatMap((entry) => (entry.kind === 'image' ? [entry.image] : []));
  const base = sent[0] ?? earlier.at(-1) ?? null;
  const decided = action === 'auto' ? (base && !FRESH_START.test(words) ? 'edit' : 'generate') : action;
  if (decided === 'edit' && !base) return { ok: false, error: nothingToEdit(toolIndex) };
  if (decided === 'generate') {
    const shape = frame ? `a ${orientation(frame)} image` : 'an image';
    const revised = `${sentence(words)} Rendered as ${shape} with a clear subject, balanced composition, natural light and crisp detail.`;
    return {
      ok: true,
      value: { action: 'generate', revisedPrompt: cap(revised), subject: words, images: sent },
    };
  }
  const of = base!.subject ? ` of ${base!.subject.replace(/[.\s]+$/, '')}` : '';
  const references = sent.filter((image) => image !== base);
  const using =
    references.length > 0
      ? ` Use the ${references.length === 1 ? 'other image' : `other ${references.length} images`} as reference.`
      : '';
  const revised = `Edit the image${of}: ${sentence(words)}${using} Keep the composition, the subject and everything not mentioned unchanged.`;
  const subject = base!.subject ? `${base!.subject.replace(/[.\s]+$/, '')}; ${words}` : words;
  return {
    ok: true,
    value: { action: 'edit', revisedPrompt: cap(revised), subject, images: [base!, ...references] },
  };
}

function cap(text: string): string {
  return text.length > MAX_REVISED_PROMPT_CHARS ? `${text.slice(0, MAX_REVISED_PROMPT_CHARS - 1)}…` : text;
}

/**
 * The mainline model's tokens: everything it read (instructions, every text and image of the conversation,
 * counted as the vision models count them) and what it wrote (the tool call with its prompt).
 */
export function mainlineUsage(
  context: readonly ConversationEntry[],
  instructions: string | null,
  revisedPrompt: string,
): ResponseUsage {
  let input = estimateTextTokens(instructions ?? '');
  for (const entry of context) {
    input +=
      entry.kind === 'text'
        ? estimateTextTokens(entry.text)
        : estimateImageInputTokens(entry.image.sniffed, false);
  }
  // The call's JSON around the prompt: its name, the action and the braces.
  const output = estimateTextTokens(revisedPrompt) + 12;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: input + output,
  };
}

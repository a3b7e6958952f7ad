/**
 * Streaming parse of a JSON /v1/images/edits request (openai-images.md §2b, "JSON variant"), the twin of
 * multipart.ts's withSpooledForm (design.md §3, Uploads). The body may carry 16 data URLs of 20 MB each, so
 * it is never held whole: the raw bytes go to a file (to be forwarded upstream byte for byte), the tokenizer
 * hands over strings in chunks, each base64 data URL is decoded on the fly into its own file with only its
 * first IMAGE_HEADER_BYTES kept for sniffing, and the request's private directory is removed however the
 * request ends. Remote images (http(s) URLs, file ids) are never fetched: they come back as references.
 */
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { jsonParser, type Token } from 'stream-json/core/parser.js';
import {
  IMAGE_HEADER_BYTES,
  PngChunkCheck,
  accept,
  apiError,
  invalidRequest,
  refuse,
  sniffImage,
  type ApiError,
  type Checked,
} from '../contract/index.ts';
import { MAX_FIELD_BYTES, withRequestDirectory, type SpooledFile, type SpoolOptions } from './multipart.ts';
import { SpoolFullError, type SpoolTicket } from './spoolBudget.ts';

/** The spec's `maxLength` for `image_url` (schema `ImageRefParam`), data URL prefix included. */
export const MAX_IMAGE_URL_CHARS = 20_971_520;
/** All values other than image data together: the prompt and every other field, known or not. */
const MAX_FIELDS_TOTAL_BYTES = 1024 * 1024;
/** Room for `data:<type>;<parameters>;base64` before the comma; anything longer is not an image's. */
const MAX_DATA_URL_HEADER_CHARS = 256;

/**
 * The largest body accepted: every image and the mask as a data URL of the spec's maximum length (ASCII, so
 * one byte a character), plus the other fields.
 */
export function maxJsonEditRequestBytes(maxImages: number): number {
  return (maxImages + 1) * MAX_IMAGE_URL_CHARS + MAX_FIELDS_TOTAL_BYTES;
}

/** An image the request names but does not carry; the relay forwards it as it is or refuses it. */
export type ImageReference =
  { kind: 'url'; url: string; param: string } | { kind: 'file_id'; fileId: string; param: string };

/** A data URL's image spooled to `path` (its `field` is the param, e.g. `images[0].image_url`), or a reference. */
export type JsonEditImage = SpooledFile | ImageReference;

export interface SpooledJsonEdit {
  /** Every top-level field except `images` and `mask`, as parsed JSON, unknown ones included. */
  fields: Record<string, unknown>;
  images: JsonEditImage[];
  mask: JsonEditImage | null;
  /** The body exactly as received. */
  bodyPath: string;
  bodyBytes: number;
}

export function isImageReference(image: JsonEditImage): image is ImageReference {
  return 'kind' in image;
}

/**
 * Parses the JSON edit request into its spooled form, hands it (or the first problem found) to `use`, then
 * removes the request's directory whatever happened. After a problem the rest of the body is still read (up
 * to the size limit), so the client sees the 400 rather than a reset connection; a body over the limit is
 * refused at once and left unread, for the caller to answer with `connection: close`.
 */
export function withSpooledJsonEdit<T>(
  req: IncomingMessage,
  options: SpoolOptions,
  use: (edit: Checked<SpooledJsonEdit>) => Promise<T>,
): Promise<T> {
  return withRequestDirectory(options.spoolRoot, async (directory) =>
    use(await spoolIntoDirectory(req, directory, options)),
  );
}

async function spoolIntoDirectory(
  req: IncomingMessage,
  directory: string,
  { maxImages, ticket }: SpoolOptions,
): Promise<Checked<SpooledJsonEdit>> {
  const limitBytes = maxJsonEditRequestBytes(maxImages);
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) return refuse(tooLarge(limitBytes));

  const files = new SpoolFiles(directory, ticket);
  const bodyPath = join(directory, 'body.json');
  const bodyFile = files.open('body.json');
  const reader = new EditBodyReader(files, maxImages);
  let problem: ApiError | null = null;
  let received = 0;
  // Not `for await`: leaving that loop destroys the request, and with it the socket the 413 must go out on.
  const chunks = req[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  try {
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
      received += next.value.length;
      if (received > limitBytes) return refuse(tooLarge(limitBytes));
      if (problem) continue;
      bodyFile.write(next.value);
      problem = reader.feed(next.value);
      await files.drained();
    }
    problem ??= reader.end();
    if (problem) return refuse(problem);
    await files.close();
    return accept({ ...reader.edit(), bodyPath, bodyBytes: received });
  } catch (error) {
    // Refused at once: what is left of the body would only be dropped.
    if (error instanceof SpoolFullError) return refuse(error.apiError);
    throw error;
  } finally {
    // Whatever is still open (an abort, a problem, a disk error) is closed before the directory goes.
    await files.abandon();
  }
}

function tooLarge(limitBytes: number): ApiError {
  return apiError(
    413,
    `The request body is larger than ${Math.round(limitBytes / (1024 * 1024))} MB, the most a JSON edit request may carry.`,
    { code: 'request_too_large' },
  );
}

/**
 * A file in the request's directory, written without waiting; `drained` is the backpressure. Every write is
 * charged to the request's spool ticket first, which throws SpoolFullError when the spool has no room.
 */
class SpoolFile {
  bytes = 0;
  private readonly stream: WriteStream;
  readonly closed: Promise<void>;

  constructor(
    readonly path: string,
    private readonly ticket: SpoolTicket,
  ) {
    this.stream = createWriteStream(path, { flags: 'wx', mode: 0o600 });
    this.closed = finished(this.stream);
    // Awaited by close/abandon; until then a disk error must not surface as an unhandled rejection.
    this.closed.catch(() => undefined);
  }

  write(chunk: Buffer): void {
    this.ticket.charge(chunk.length);
    this.bytes += chunk.length;
    this.stream.write(chunk);
  }

  drained(): Promise<unknown> | undefined {
    if (!this.stream.writableNeedDrain) return undefined;
    return Promise.race([once(this.stream, 'drain'), this.closed]);
  }

  end(): void {
    if (!this.stream.writableEnded) this.stream.end();
  }

  abandon(): Promise<void> {
    this.stream.destroy();
    return this.closed;
  }
}

class SpoolFiles {
  private readonly files: SpoolFile[] = [];
  constructor(
    private readonly directory: string,
    private readonly ticket: SpoolTicket,
  ) {}

  open(name: string): SpoolFile {
    const file = new SpoolFile(join(this.directory, name), this.ticket);
    this.files.push(file);
    return file;
  }

  async drained(): Promise<void> {
    await Promise.all(this.files.map((file) => file.drained()));
  }

  async close(): Promise<void> {
    for (const file of this.files) file.end();
    await Promise.all(this.files.map((file) => file.closed));
  }

  async abandon(): Promise<void> {
    await Promise.allSettled(this.files.map((file) => file.abandon()));
  }
}

const BASE64_DATA = /^[A-Za-z0-9+/]*$/;
const PADDING = /^=*$/;
/** Decoding waits for this many characters (or an input chunk's end): a few large writes, not one a token. */
const DECODE_BATCH_CHARS = 64 * 1024;

/** One base64 data URL being decoded into its file; only the head of the decoded bytes stays in memory. */
class DataUrlImage {
  private pending = '';
  private dataChars = 0;
  private padding = 0;
  private readonly headChunks: Buffer[] = [];
  private headLength = 0;
  private readonly chunks = new PngChunkCheck();

  constructor(
    private readonly param: string,
    private readonly declaredType: string,
    private readonly file: SpoolFile,
  ) {}

  /** Takes the next characters after the comma; base64 with at most two `=` at the very end. */
  append(text: string): ApiError | null {
    const paddingAt = this.padding > 0 ? 0 : text.indexOf('=');
    const data = paddingAt === -1 ? text : text.slice(0, paddingAt);
    const padding = paddingAt === -1 ? '' : text.slice(paddingAt);
    if (!BASE64_DATA.test(data) || !PADDING.test(padding)) return this.badBase64();
    this.padding += padding.length;
    if (this.padding > 2) return this.badBase64();
    this.dataChars += data.length;
    this.pending += data;
    if (this.pending.length >= DECODE_BATCH_CHARS) this.flush();
    return null;
  }

  /** Decodes and writes every complete 4-character group taken so far. */
  flush(): void {
    const whole = this.pending.length - (this.pending.length % 4);
    if (whole === 0) return;
    this.write(Buffer.from(this.pending.slice(0, whole), 'base64'));
    this.pending = this.pending.slice(whole);
  }

  finish(): Checked<SpooledFile> {
    // Unpadded base64 (a final group of 2 or 3 characters) is accepted, as most decoders do; padding must
    // complete the last group exactly, and a lone last character can never be decoded.
    const rest = this.dataChars % 4;
    if (this.padding > 0 ? rest + this.padding !== 4 : rest === 1) return refuse(this.badBase64());
    this.flush();
    if (this.pending) this.write(Buffer.from(this.pending, 'base64'));
    this.file.end();
    return accept({
      field: this.param,
      filename: '',
      declaredType: this.declaredType,
      bytes: this.file.bytes,
      sniffed: sniffImage(Buffer.concat(this.headChunks, this.headLength)),
      damage: this.chunks.finish(),
      path: this.file.path,
    });
  }

  private write(bytes: Buffer): void {
    if (this.headLength < IMAGE_HEADER_BYTES) {
      const wanted = bytes.subarray(0, IMAGE_HEADER_BYTES - this.headLength);
      this.headChunks.push(wanted);
      this.headLength += wanted.length;
    }
    this.chunks.push(bytes);
    this.file.write(bytes);
  }

  private badBase64(): ApiError {
    return invalidRequest(
      this.param,
      `Invalid '${this.param}': the data URL's base64 data is not valid base64.`,
      'invalid_image_url',
    );
  }
}

/** A token consumer written as straight code: each `yield` takes the next token. */
type TokenReader<T> = Generator<void, T, Token>;

/** The bytes of one small value so far; `param` null for a top-level key. */
interface ValueMeter {
  param: string | null;
  bytes: number;
}

/** The size of the small values: one limit for each, one for all of them together. */
class FieldBudget {
  private totalBytes = 0;

  charge(meter: ValueMeter, bytes: number): ApiError | null {
    const { param } = meter;
    meter.bytes += bytes;
    this.totalBytes += bytes;
    if (meter.bytes > MAX_FIELD_BYTES) {
      return param === null
        ? invalidRequest(null, `A parameter name is longer than ${MAX_FIELD_BYTES} bytes.`)
        : invalidRequest(
            param,
            `Invalid '${param}': the value is longer than ${MAX_FIELD_BYTES} bytes.`,
            'string_above_max_length',
          );
    }
    if (this.totalBytes > MAX_FIELDS_TOTAL_BYTES) {
      return invalidRequest(
        param,
        `The request's fields other than images are larger than ${MAX_FIELDS_TOTAL_BYTES} bytes together.`,
      );
    }
    return null;
  }
}

const invalidType = (param: string, expected: string) =>
  invalidRequest(param, `Invalid type for '${param}': expected ${expected}.`, 'invalid_type');
const duplicate = (param: string) =>
  invalidRequest(param, `Duplicate parameter '${param}': send it once.`, 'duplicate_parameter');
const REFERENCE = "an object with either 'image_url' or 'file_id'";

/** Turns the body's bytes into tokens and the tokens into a SpooledJsonEdit. */
class EditBodyReader {
  private readonly decoder = new StringDecoder('utf8');
  // Nothing packed: strings, keys and numbers arrive in pieces, so no value is ever assembled whole by the
  // tokenizer; the readers below assemble only the small ones, within FieldBudget.
  private readonly tokenize = jsonParser({ packValues: false, streamValues: true });
  private readonly body: TokenReader<ApiError | null>;
  private finished = false;
  private readonly budget = new FieldBudget();
  private readonly fields: Record<string, unknown> = {};
  private readonly images: JsonEditImage[] = [];
  private mask: JsonEditImage | null = null;
  /** The data URL being decoded, flushed after every input chunk so its pending text stays small. */
  private decoding: DataUrlImage | null = null;

  constructor(
    private readonly files: SpoolFiles,
    private readonly maxImages: number,
  ) {
    this.body = this.readBody();
    this.body.next();
  }

  feed(chunk: Buffer): ApiError | null {
    return this.take(this.decoder.write(chunk));
  }

  end(): ApiError | null {
    const problem = this.take(this.decoder.end());
    if (problem) return problem;
    return this.finished ? null : unparsable('the body ends before its JSON object does');
  }

  edit(): Omit<SpooledJsonEdit, 'bodyPath' | 'bodyBytes'> {
    return { fields: this.fields, images: this.images, mask: this.mask };
  }

  private take(text: string): ApiError | null {
    let tokens: Token[];
    try {
      const out = this.tokenize(text);
      tokens = typeof out === 'symbol' ? [] : out.values;
    } catch (error) {
      return unparsable((error as Error).message);
    }
    for (const token of tokens) {
      const step = this.body.next(token);
      // Once the root object has closed, the tokenizer itself refuses anything but whitespace.
      if (step.done) {
        this.finished = true;
        return step.value;
      }
    }
    this.decoding?.flush();
    return null;
  }

  private *readBody(): TokenReader<ApiError | null> {
    if ((yield).name !== 'startObject') {
      return invalidRequest(null, 'The request body must be a JSON object.');
    }
    const seen = new Set<string>();
    for (let token = yield; token.name !== 'endObject'; token = yield) {
      const key = yield* this.readText({ param: null, bytes: 0 }, 'endKey');
      if (!key.ok) return key.error;
      if (seen.has(key.value)) return duplicate(key.value);
      seen.add(key.value);
      const problem = yield* this.readField(key.value, yield);
      if (problem) return problem;
    }
    if (!seen.has('images')) {
      return invalidRequest('images', "Missing required parameter: 'images'.", 'missing_required_parameter');
    }
    return null;
  }

  private *readField(key: string, start: Token): TokenReader<ApiError | null> {
    if (key === 'images') return yield* this.readImages(start);
    if (key === 'mask') {
      if (start.name === 'nullValue') return null;
      const mask = yield* this.readReference('mask', start, 'mask');
      if (!mask.ok) return mask.error;
      this.mask = mask.value;
      return null;
    }
    const value = yield* this.readValue(key, start);
    if (!value.ok) return value.error;
    setOwn(this.fields, key, value.value);
    return null;
  }

  private *readImages(start: Token): TokenReader<ApiError | null> {
    if (start.name !== 'startArray') return invalidType('images', `an array of ${REFERENCE}`);
    for (let token = yield; token.name !== 'endArray'; token = yield) {
      const index = this.images.length;
      if (index === this.maxImages) {
        return invalidRequest(
          'images',
          `Invalid 'images': array too long. Expected an array with maximum length ${this.maxImages}.`,
          'array_above_max_length',
        );
      }
      const image = yield* this.readReference(`images[${index}]`, token, `image-${index}`);
      if (!image.ok) return image.error;
      this.images.push(image.value);
    }
    if (this.images.length > 0) return null;
    return invalidRequest(
      'images',
      "Invalid 'images': empty array. Expected an array with minimum length 1.",
      'empty_array',
    );
  }

  /** `{image_url}` or `{file_id}` (schema `ImageRefParam`); other keys travel upstream in the raw body. */
  private *readReference(param: string, start: Token, fileName: string): TokenReader<Checked<JsonEditImage>> {
    if (start.name !== 'startObject') return refuse(invalidType(param, REFERENCE));
    const seen = new Set<string>();
    let image: JsonEditImage | null = null;
    let fileId: ImageReference | null = null;
    for (let token = yield; token.name !== 'endObject'; token = yield) {
      const key = yield* this.readText({ param, bytes: 0 }, 'endKey');
      if (!key.ok) return key;
      const keyParam = `${param}.${key.value}`;
      if (seen.has(key.value)) return refuse(duplicate(keyParam));
      seen.add(key.value);
      const valueStart = yield;
      if (key.value === 'image_url') {
        if (valueStart.name !== 'startString') return refuse(invalidType(keyParam, 'a string'));
        const read = yield* this.readImageUrl(keyParam, fileName);
        if (!read.ok) return read;
        image = read.value;
        continue;
      }
      const value = yield* this.readValue(keyParam, valueStart);
      if (!value.ok) return value;
      if (key.value === 'file_id') {
        if (typeof value.value !== 'string') return refuse(invalidType(keyParam, 'a string'));
        fileId = { kind: 'file_id', fileId: value.value, param: keyParam };
      }
    }
    if ((image === null) === (fileId === null)) {
      return refuse(
        invalidRequest(param, `Invalid '${param}': set exactly one of 'image_url' or 'file_id'.`),
      );
    }
    return accept((image ?? fileId)!);
  }

  /**
   * The string after `"image_url":`. A data URL is decoded into its file as it arrives; anything else is
   * short and kept whole, then must be an http(s) URL.
   */
  private *readImageUrl(param: string, fileName: string): TokenReader<Checked<JsonEditImage>> {
    let head = '';
    let headBytes = 0;
    let chars = 0;
    let image: DataUrlImage | null = null;
    for (let token = yield; token.name !== 'endString'; token = yield) {
      if (token.name !== 'stringChunk') continue;
      chars += token.value.length;
      if (chars > MAX_IMAGE_URL_CHARS) {
        return refuse(
          invalidRequest(
            param,
            `Invalid '${param}': string too long. Expected a string with maximum length ${MAX_IMAGE_URL_CHARS}, but got a longer one.`,
            'string_above_max_length',
          ),
        );
      }
      if (image) {
        const problem = image.append(token.value);
        if (problem) return refuse(problem);
        continue;
      }
      head += token.value;
      headBytes += Buffer.byteLength(token.value);
      if (!/^data:/i.test(head)) {
        if (headBytes > MAX_FIELD_BYTES) {
          return refuse(
            invalidRequest(
              param,
              `Invalid '${param}': a URL longer than ${MAX_FIELD_BYTES} bytes is not accepted; send the image as a data URL.`,
              'string_above_max_length',
            ),
          );
        }
        continue;
      }
      const comma = head.indexOf(',');
      if (comma === -1) {
        if (head.length > MAX_DATA_URL_HEADER_CHARS) return refuse(malformedDataUrl(param));
        continue;
      }
      const declaredType = dataUrlMediaType(head.slice(0, comma));
      if (declaredType === null) return refuse(malformedDataUrl(param));
      image = new DataUrlImage(param, declaredType, this.files.open(fileName));
      this.decoding = image;
      const problem = image.append(head.slice(comma + 1));
      if (problem) return refuse(problem);
      head = '';
    }
    if (image) {
      this.decoding = null;
      return image.finish();
    }
    if (/^data:/i.test(head)) return refuse(malformedDataUrl(param));
    if (/^https?:\/\//i.test(head)) return accept({ kind: 'url', url: head, param });
    return refuse(
      invalidRequest(
        param,
        `Invalid '${param}': expected an http(s) URL or a base64 data URL such as 'data:image/png;base64,...'.`,
      ),
    );
  }

  /** The text of a key, string or number up to its `end` token, charged to `meter`. */
  private *readText(
    meter: ValueMeter,
    end: 'endKey' | 'endString' | 'endNumber',
  ): TokenReader<Checked<string>> {
    const parts: string[] = [];
    for (let token = yield; token.name !== end; token = yield) {
      if (token.name !== 'stringChunk' && token.name !== 'numberChunk') continue;
      const problem = this.budget.charge(meter, Buffer.byteLength(token.value));
      if (problem) return refuse(problem);
      parts.push(token.value);
    }
    return accept(parts.join(''));
  }

  /**
   * Any JSON value, assembled without recursion (nesting depth costs no stack) and within the budget: every
   * token counts at least one byte, so neither a long array of nulls nor deep nesting escapes the limit.
   */
  private *readValue(param: string, start: Token): TokenReader<Checked<unknown>> {
    const open: ({ array: unknown[] } | { object: Record<string, unknown>; key: string })[] = [];
    const meter: ValueMeter = { param, bytes: 0 };
    for (let token = start; ; token = yield) {
      const problem = this.budget.charge(meter, 1);
      if (problem) return refuse(problem);
      let value: unknown;
      switch (token.name) {
        case 'startObject':
          open.push({ object: {}, key: '' });
          continue;
        case 'startArray':
          open.push({ array: [] });
          continue;
        case 'startKey': {
          const key = yield* this.readText(meter, 'endKey');
          if (!key.ok) return key;
          (open.at(-1) as { key: string }).key = key.value;
          continue;
        }
        case 'endObject':
        case 'endArray': {
          const closed = open.pop()!;
          value = 'array' in closed ? closed.array : closed.object;
          break;
        }
        case 'startString':
        case 'startNumber': {
          const text = yield* this.readText(meter, token.name === 'startString' ? 'endString' : 'endNumber');
          if (!text.ok) return text;
          value = token.name === 'startString' ? text.value : Number(text.value);
          break;
        }
        case 'nullValue':
        case 'trueValue':
        case 'falseValue':
          value = token.value;
          break;
        default:
          // Packed tokens (`stringValue`, `keyValue`, …) are never emitted: packValues is off.
          continue;
      }
      const parent = open.at(-1);
      if (!parent) return accept(value);
      if ('array' in parent) parent.array.push(value);
      else setOwn(parent.object, parent.key, value);
    }
  }
}

/** `data:<type>/<subtype>[;name=value]*;base64` → the lower-cased media type, or null. */
function dataUrlMediaType(header: string): string | null {
  const match = /^data:([^;,/\s]+\/[^;,/\s]+)(?:;[^;,=\s]+=[^;,\s]*)*;base64$/i.exec(header);
  return match ? match[1]!.toLowerCase() : null;
}

function malformedDataUrl(param: string): ApiError {
  return invalidRequest(
    param,
    `Invalid '${param}': expected a base64 data URL such as 'data:image/png;base64,...'.`,
    'invalid_image_url',
  );
}

function unparsable(detail: string): ApiError {
  return apiError(400, `We could not parse the JSON body of your request: ${detail}.`);
}

/** As JSON.parse does: a key such as `__proto__` becomes an own property, never the object's prototype. */
function setOwn(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Streaming parse of a multipart /v1/images/edits request (design.md §3, Uploads): each file goes straight
 * to a private temp directory with backpressure, only its first IMAGE_HEADER_BYTES stay in memory for
 * sniffing, and the directory is removed however the request ends. Memory stays flat whatever the upload.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import {
  IMAGE_HEADER_BYTES,
  MAX_INPUT_IMAGE_BYTES,
  MAX_MASK_BYTES,
  PngChunkCheck,
  apiError,
  invalidRequest,
  sniffImage,
  type ApiError,
  type Checked,
  type UploadedImage,
} from '../contract/index.ts';
import { SpoolFullError, type SpoolTicket } from './spoolBudget.ts';
import { requestDirectoryPrefix } from './spoolSweep.ts';

/** The longest text field accepted: a 32,000-character prompt in 4-byte UTF-8 with room to spare. */
export const MAX_FIELD_BYTES = 256 * 1024;
const MAX_TEXT_FIELDS = 32;
const TEXT_FIELD_ALLOWANCE_BYTES = 1024 * 1024;

export function maxEditRequestBytes(maxImages: number): number {
  return maxImages * MAX_INPUT_IMAGE_BYTES + MAX_MASK_BYTES + TEXT_FIELD_ALLOWANCE_BYTES;
}

/** A file of the form, spooled to `path`. */
export interface SpooledFile extends UploadedImage {
  path: string;
}

export interface SpooledForm {
  /** Text fields in the order they arrived. */
  fields: [name: string, value: string][];
  /** `image` or `image[]` parts in order. */
  images: SpooledFile[];
  mask: SpooledFile | null;
  /**
   * File parts of a name this contract does not know (a new API field, such as 2.6's markup image), kept
   * in order so they reach the upstream untouched; the validation policy decides whether they may.
   */
  otherFiles: SpooledFile[];
}

export interface SpoolOptions {
  /** Parent of the request's private directory. */
  spoolRoot: string;
  /** The most image parts any model accepts; one more is kept so the contract can name the count. */
  maxImages: number;
  /** The request's share of the spool, charged for every byte written to it. */
  ticket: SpoolTicket;
}

/**
 * Counts a file's bytes, keeps its head, walks its PNG chunks, charges the spool for what it writes, and
 * stops passing data on once the file is over its limit.
 */
class FileMeter extends Transform {
  bytes = 0;
  readonly chunks = new PngChunkCheck();
  /** Set when the spool had no room for this file; the rest of it is read and dropped. */
  spoolFull: ApiError | null = null;
  private readonly headChunks: Buffer[] = [];
  private headLength = 0;

  constructor(
    private readonly limitBytes: number,
    private readonly ticket: SpoolTicket,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.headLength < IMAGE_HEADER_BYTES) {
      const wanted = chunk.subarray(0, IMAGE_HEADER_BYTES - this.headLength);
      this.headChunks.push(Buffer.from(wanted));
      this.headLength += wanted.length;
    }
    // Past the limit the file will be refused; keep counting so the refusal states its real size.
    if (this.bytes > this.limitBytes || this.spoolFull) return callback();
    try {
      this.ticket.charge(chunk.length);
    } catch (error) {
      if (!(error instanceof SpoolFullError)) return callback(error as Error);
      // Not an error of the stream: busboy would stall on a file stream that failed.
      this.spoolFull = error.apiError;
      return callback();
    }
    this.chunks.push(chunk);
    callback(null, chunk);
  }

  head(): Buffer {
    return Buffer.concat(this.headChunks, this.headLength);
  }
}

/** Refuses the request as soon as its body passes the total limit. */
class RequestLimit extends Transform {
  private received = 0;
  constructor(private readonly limitBytes: number) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.received += chunk.length;
    if (this.received > this.limitBytes) callback(new RequestTooLargeError(this.limitBytes));
    else callback(null, chunk);
  }
}

class RequestTooLargeError extends Error {
  readonly apiError: ApiError;
  constructor(limitBytes: number) {
    super('multipart body over limit');
    this.apiError = apiError(
      413,
      `The upload is larger than ${Math.round(limitBytes / (1024 * 1024))} MB, the most an edit request may carry.`,
      { code: 'request_too_large' },
    );
  }
}

const duplicate = (param: string, message: string) => invalidRequest(param, message, 'duplicate_parameter');

/**
 * Parses the request into a spooled form, hands it (or the first problem found) to `use`, then removes the
 * request's directory whatever happened. Problems found while parsing are reported after the body has been
 * read to its end, so the client sees the 400 rather than a reset connection.
 */
export function withSpooledForm<T>(
  req: IncomingMessage,
  options: SpoolOptions,
  use: (form: Checked<SpooledForm>) => Promise<T>,
): Promise<T> {
  return withRequestDirectory(options.spoolRoot, async (directory) =>
    use(await parseIntoDirectory(req, directory, options)),
  );
}

/** A private directory for one request's spooled files, removed however `use` ends. */
export async function withRequestDirectory<T>(
  spoolRoot: string,
  use: (directory: string) => Promise<T>,
): Promise<T> {
  const directory = await mkdtemp(join(spoolRoot, requestDirectoryPrefix()));
  try {
    return await use(directory);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

async function parseIntoDirectory(
  req: IncomingMessage,
  directory: string,
  { maxImages, ticket }: SpoolOptions,
): Promise<Checked<SpooledForm>> {
  const limitBytes = maxEditRequestBytes(maxImages);
  const declared = Number(req.headers['content-length']);
  // Refused before a byte is read; the caller answers with `connection: close`, leaving the rest unread.
  if (declared > limitBytes) return { ok: false, error: new RequestTooLargeError(limitBytes).apiError };
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: req.headers,
      defParamCharset: 'utf8',
      limits: { fieldSize: MAX_FIELD_BYTES, fields: MAX_TEXT_FIELDS, files: maxImages + 2 },
    });
  } catch {
    return {
      ok: false,
      error: invalidRequest(null, 'Expected a multipart/form-data body (as the OpenAI SDKs send for edits).'),
    };
  }

  const fields: SpooledForm['fields'] = [];
  const imageParts: {
    field: string;
    filename: string;
    declaredType: string;
    path: string;
    meter: FileMeter;
  }[] = [];
  let maskPart: (typeof imageParts)[number] | null = null;
  const otherParts: (typeof imageParts)[number][] = [];
  let problem: ApiError | null = null;
  const spooling: Promise<void>[] = [];

  const refuse = (error: ApiError) => {
    problem ??= error;
  };

  parser.on('field', (name: string, value: string, info: busboy.FieldInfo) => {
    if (info.valueTruncated) {
      refuse(
        invalidRequest(
          name,
          `Invalid '${name}': the value is longer than ${MAX_FIELD_BYTES} bytes.`,
          'string_above_max_length',
        ),
      );
    } else if (fields.some(([existing]) => existing === name)) {
      refuse(duplicate(name, `Duplicate parameter '${name}': send it once.`));
    }
    fields.push([name, value]);
  });

  parser.on('file', (name: string, stream: Readable, info: busboy.FileInfo) => {
    const fieldProblem = checkFilePart(name, imageParts, maskPart !== null);
    if (fieldProblem) refuse(fieldProblem);
    if (problem) {
      stream.resume();
      return;
    }
    const meter = new FileMeter(name === 'mask' ? MAX_MASK_BYTES : MAX_INPUT_IMAGE_BYTES, ticket);
    const part = {
      field: name,
      filename: info.filename ?? '',
      declaredType: info.mimeType,
      path: join(directory, `part-${imageParts.length + otherParts.length + (maskPart ? 1 : 0)}`),
      meter,
    };
    if (name === 'mask') maskPart = part;
    else if (isImagePart(name)) imageParts.push(part);
    else otherParts.push(part);
    spooling.push(pipeline(stream, meter, createWriteStream(part.path, { flags: 'wx', mode: 0o600 })));
  });

  parser.on('filesLimit', () =>
    refuse(invalidRequest('image', `Too many files: send at most ${maxImages} images and one mask.`)),
  );
  parser.on('fieldsLimit', () =>
    refuse(invalidRequest(null, `Too many form fields: at most ${MAX_TEXT_FIELDS} are accepted.`)),
  );

  try {
    await pipeline(req, new RequestLimit(limitBytes), parser);
    await Promise.all(spooling);
  } catch (error) {
    // Let every file stream finish or fail before the caller removes the directory under them.
    await Promise.allSettled(spooling);
    if (error instanceof RequestTooLargeError) return { ok: false, error: error.apiError };
    if (isMalformedMultipart(error)) {
      return {
        ok: false,
        error: invalidRequest(null, `The multipart body could not be read: ${(error as Error).message}.`),
      };
    }
    throw error;
  }
  const spoolFull = [...imageParts, ...otherParts, ...(maskPart ? [maskPart] : [])].find(
    (part) => part.meter.spoolFull,
  );
  if (spoolFull) return { ok: false, error: spoolFull.meter.spoolFull! };
  if (problem) return { ok: false, error: problem };

  const toSpooledFile = (part: (typeof imageParts)[number]): SpooledFile => ({
    field: part.field,
    filename: part.filename,
    declaredType: part.declaredType,
    bytes: part.meter.bytes,
    sniffed: sniffImage(part.meter.head()),
    damage: part.meter.chunks.finish(),
    path: part.path,
  });
  return {
    ok: true,
    value: {
      fields,
      images: imageParts.map(toSpooledFile),
      mask: maskPart ? toSpooledFile(maskPart) : null,
      otherFiles: otherParts.map(toSpooledFile),
    },
  };
}

const isImagePart = (name: string) => name === 'image' || name === 'image[]';

/** The multipart naming rules of openai-images.md §2b: `image` once, or `image[]` repeated, and one `mask`. */
function checkFilePart(
  name: string,
  images: readonly { field: string }[],
  hasMask: boolean,
): ApiError | null {
  if (name === 'mask')
    return hasMask ? duplicate('mask', "Duplicate parameter 'mask': send one mask.") : null;
  if (!isImagePart(name) || images.length === 0) return null;
  if (name === 'image' && images[0]!.field === 'image') {
    return duplicate(
      'image',
      "Duplicate parameter 'image': to send several images use the array syntax 'image[]' for each.",
    );
  }
  if (name !== images[0]!.field) {
    return duplicate('image', "Send either one 'image' or several 'image[]' parts, not both.");
  }
  return null;
}

function isMalformedMultipart(error: unknown): boolean {
  // busboy reports broken bodies as plain Errors ("Unexpected end of form", "Malformed part header").
  return error instanceof Error && /form|part|boundary/i.test(error.message) && !('code' in error);
}

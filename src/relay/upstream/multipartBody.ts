/**
 * Re-encodes a spooled edit form for the upstream as a stream: the same field names, filenames and part
 * types the client sent, read from disk chunk by chunk so a 16-image edit never sits in memory.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { SpooledFile, SpooledForm } from '../multipart.ts';

export interface MultipartBody {
  contentType: string;
  /** Known up front from the spooled sizes, so the upstream gets a plain Content-Length body. */
  length: number;
  /** Pull-driven: the next file chunk is read from disk only when the upstream socket takes the last. */
  stream: Readable;
}

// The SDK's own escaping for quotes and line breaks inside a header value (openai-images.md §2b).
const quote = (text: string) => text.replace(/["\r\n]/g, (c) => encodeURIComponent(c));

/** `onProgress` is called as each piece is taken by the upstream socket: a slow upload is not a silent upstream. */
export function encodeMultipartBody(
  form: SpooledForm,
  onProgress: () => void = () => undefined,
): MultipartBody {
  const boundary = `atelier-${randomBytes(12).toString('hex')}`;
  const textParts = form.fields.map(([name, value]) =>
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${quote(name)}"\r\n\r\n${value}\r\n`),
  );
  const files = [...form.images, ...(form.mask ? [form.mask] : []), ...form.otherFiles];
  const fileHeads = files.map((file) =>
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${quote(file.field)}"; filename="${quote(file.filename)}"\r\n` +
        `Content-Type: ${file.declaredType}\r\n\r\n`,
    ),
  );
  const closing = Buffer.from(`--${boundary}--\r\n`);
  const crlf = Buffer.from('\r\n');
  const length =
    textParts.reduce((sum, part) => sum + part.length, 0) +
    files.reduce((sum, file, index) => sum + fileHeads[index]!.length + file.bytes + crlf.length, 0) +
    closing.length;

  async function* pieces(): AsyncGenerator<Uint8Array> {
    yield* textParts;
    for (const [index, file] of files.entries()) {
      yield fileHeads[index]!;
      yield* readFile(file);
      yield crlf;
    }
    yield closing;
  }
  async function* chunks(): AsyncGenerator<Uint8Array> {
    for await (const piece of pieces()) {
      yield piece;
      onProgress();
    }
  }

  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    length,
    stream: Readable.from(chunks(), { objectMode: false }),
  };
}

function readFile(file: SpooledFile): AsyncIterable<Uint8Array> {
  return createReadStream(file.path, { highWaterMark: 256 * 1024 });
}

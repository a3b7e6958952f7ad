/** Reads a captured multipart body back into fields and files, with busboy as the relay does. */
import busboy from 'busboy';

export interface MultipartFile {
  field: string;
  filename: string;
  mimeType: string;
  bytes: Buffer;
}

export async function parseMultipart(
  body: Buffer,
  contentType: string,
): Promise<{ fields: Record<string, string>; files: MultipartFile[] }> {
  const fields: Record<string, string> = {};
  const files: MultipartFile[] = [];
  await new Promise<void>((resolve, reject) => {
    const parser = busboy({ headers: { 'content-type': contentType } });
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (field, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () =>
        files.push({
          field,
          filename: info.filename ?? '',
          mimeType: info.mimeType,
          bytes: Buffer.concat(chunks),
        }),
      );
    });
    parser.on('close', resolve);
    parser.on('error', reject);
    parser.end(body);
  });
  return { fields, files };
}

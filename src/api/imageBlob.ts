import { MIME_TYPE_OF_FORMAT, type OutputFormat } from '../contract/index.ts';

/** The bytes of an event's `b64_json` as a Blob of the right type, ready for an object URL or a download. */
export function imageBlobFromBase64(b64: string, format: OutputFormat): Blob {
  const binary = atob(b64);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return new Blob([bytes], { type: MIME_TYPE_OF_FORMAT[format] });
}

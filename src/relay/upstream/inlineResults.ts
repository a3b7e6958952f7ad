/**
 * A URL-result model's answer (gateways.md §3, Addendum §B: `data[].url` where OpenAI sends
 * `data[].b64_json`) made into the answer OpenAI would have sent: each link downloaded (resultFetch.ts) and
 * its bytes put in its place as base64, every other field (created, usage, size, quality, output_format…)
 * kept as the provider sent it. The studio and the SDKs then get images the way they always do.
 */
import { accept, type Checked } from '../../contract/index.ts';
import { fetchResultImage, type ResultFetchOptions } from './resultFetch.ts';

/**
 * `answer` (parsed JSON) with every `data[]` entry that has a `url` and no `b64_json` replaced by
 * `{b64_json}`, or the 502 of the first link that failed (the other downloads are then stopped). An answer
 * without links comes back as it is.
 */
export async function inlineResultImages(
  answer: unknown,
  options: ResultFetchOptions,
): Promise<Checked<unknown>> {
  if (typeof answer !== 'object' || answer === null || !('data' in answer)) return accept(answer);
  const { data } = answer as { data: unknown };
  if (!Array.isArray(data) || !data.some(isLinkedImage)) return accept(answer);
  // One failed link fails the answer, so the others need not finish; their aborts are not its cause.
  const stopOthers = new AbortController();
  const signal = AbortSignal.any([options.signal, stopOthers.signal]);
  const failures: Checked<never>[] = [];
  const entries = await Promise.all(
    data.map(async (entry: unknown) => {
      if (!isLinkedImage(entry)) return entry;
      const image = await fetchResultImage(entry.url, { ...options, signal });
      if (!image.ok) {
        failures.push(image);
        stopOthers.abort();
        return null;
      }
      // The link was the provider's way of handing the bytes over; OpenAI's answer has none.
      const inlined: Record<string, unknown> = { ...entry, b64_json: image.value.bytes.toString('base64') };
      delete inlined.url;
      return inlined;
    }),
  );
  return failures[0] ?? accept({ ...answer, data: entries });
}

function isLinkedImage(entry: unknown): entry is { url: string } & Record<string, unknown> {
  return (
    typeof entry === 'object' &&
    entry !== null &&
    typeof (entry as { url?: unknown }).url === 'string' &&
    typeof (entry as { b64_json?: unknown }).b64_json !== 'string'
  );
}

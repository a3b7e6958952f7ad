/**
 * A streamed image request over XMLHttpRequest, for uploads large enough to want a progress bar: fetch
 * cannot report upload progress (a streaming request body needs HTTP/2 in Chromium, and the relay speaks
 * HTTP/1.1; https://developer.chrome.com/docs/capabilities/web-apis/fetch-streaming-requests). The SSE
 * answer is read as it grows, through the same event reader as the fetch path, and every way it can end
 * comes out as fetch's would: a RelayError, an AbortError, or a TypeError for a failed connection.
 */
import { createImageEventReader, type ImageEventReader, type ImageStreamOptions } from './imageStream.ts';
import { relayErrorFromAnswer } from './relayError.ts';

function headersOf(xhr: XMLHttpRequest): Headers {
  const headers = new Headers();
  for (const line of xhr
    .getAllResponseHeaders()
    .trim()
    .split(/[\r\n]+/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  return headers;
}

const abortErrorOf = (signal: AbortSignal | undefined): unknown =>
  signal?.reason ?? new DOMException('The operation was aborted.', 'AbortError');

export function postImageStream(
  path: string,
  body: XMLHttpRequestBodyInit,
  headers: Record<string, string>,
  options: ImageStreamOptions,
): Promise<void> {
  const { signal, onEvent, onUploadProgress } = options;
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortErrorOf(signal));
      return;
    }
    const xhr = new XMLHttpRequest();
    let settled = false;
    let events: ImageEventReader | null = null;
    // Made once the headers are in, since error frames carry the answer's request id.
    const eventReader = () =>
      (events ??= createImageEventReader(onEvent, xhr.getResponseHeader('x-request-id'), options.onProgress));
    let consumed = 0;

    const settle = (outcome: { error: unknown } | null) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      if (outcome) reject(outcome.error);
      else resolve();
    };
    // Ends the request once its outcome is known: an error frame, `[DONE]`, a throwing onEvent, Cancel.
    const stop = (outcome: { error: unknown } | null) => {
      settle(outcome);
      xhr.abort();
    };
    const succeeded = () => xhr.status >= 200 && xhr.status < 300;

    /** Feeds only the text that arrived since the last call; responseText holds the whole answer so far. */
    const readNewText = () => {
      if (settled || !succeeded()) return;
      const reader = eventReader();
      const text = xhr.responseText;
      const fresh = text.slice(consumed);
      consumed = text.length;
      try {
        if (fresh) reader.feed(fresh);
        if (reader.stopped) {
          reader.finish();
          stop(null);
        }
      } catch (error) {
        stop({ error });
      }
    };

    function onAbort() {
      stop({ error: abortErrorOf(signal) });
    }

    xhr.open('POST', path);
    xhr.responseType = 'text';
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    if (onUploadProgress) {
      xhr.upload.onprogress = (progress) => {
        if (progress.lengthComputable) onUploadProgress(progress.loaded, progress.total);
      };
    }
    xhr.onprogress = readNewText;
    xhr.onload = () => {
      if (!succeeded()) {
        settle({ error: relayErrorFromAnswer(xhr.status, xhr.statusText, headersOf(xhr), xhr.responseText) });
        return;
      }
      readNewText();
      if (settled) return;
      try {
        eventReader().finish();
        settle(null);
      } catch (error) {
        settle({ error });
      }
    };
    xhr.onerror = () => settle({ error: new TypeError('The connection to the relay failed.') });
    signal?.addEventListener('abort', onAbort);
    xhr.send(body);
  });
}

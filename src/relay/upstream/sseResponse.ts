/**
 * The client's side of an answer that streams, shared by both upstreams: when its head goes out (once, and
 * only when the status is known), SSE comment heartbeats while it waits, so proxies with idle cut-offs keep a
 * slow generation's connection, and how it ends when something fails, in the one form still open to it.
 * Heartbeats and error frames only join an SSE body, and only between frames, so the frames around them
 * reach the client unchanged. Every byte and header it sends has the relay's secrets masked (redact.ts): the
 * one place an upstream's words reach the client.
 */
import type { ServerResponse } from 'node:http';
import { STREAM_ERROR_EVENT, formatSseFrame, type ApiError } from '../../contract/index.ts';
import { sendApiError, writeWithBackpressure } from '../http.ts';
import { createRedactor, type Redactor, type StreamRedactor } from '../redact.ts';
import type { HeaderList } from './httpExchange.ts';
import { onSilence, type SilenceTimer } from './silenceTimer.ts';
import { SseWatch } from './sseWatch.ts';

/** An SSE comment line and the blank line that ends it. */
const HEARTBEAT = ': keep-alive\n\n';

/**
 * How many unsent bytes a client's connection may hold before the upstream is paused. Node's own signal,
 * write() returning false, comes at 16 KB, and on a chunked answer every write() corks the socket until the
 * next tick, so each 64 KB chunk of an upstream's stream reported the connection full, however fast the
 * client read: the upstream was paused and resumed for every chunk (its idle and heartbeat clocks stopped
 * and restarted, undici's unparsed bytes pushed back onto its socket and read again, a 'drain' awaited), and
 * the upstream's socket went unread while the client's was written. A tick passes on one 64 KB read of the
 * upstream's socket, so a backlog of two means the client's own buffers are full: only a client that really
 * falls behind pauses the upstream, and it holds at most this much of its stream in the relay. A larger
 * window measured no faster, only more memory and more main-thread time with 16 streams on one core.
 */
export const CLIENT_WINDOW_BYTES = 128 * 1024;

/** The head of every SSE answer the relay sends, whether it passes an upstream's stream on or makes one. */
const SSE_HEADERS: HeaderList = [
  ['content-type', 'text/event-stream'],
  ['cache-control', 'no-cache'],
  // Tells a reverse proxy in front of the relay not to buffer the stream.
  ['x-accel-buffering', 'no'],
];

export interface SseResponseSettings {
  /** Silence after which an SSE body gets a heartbeat comment, and the interval between them. */
  heartbeatMs: number;
  /**
   * The headers of the SSE 200 that the first heartbeat or frame commits the answer to, for a source with no
   * status of its own to wait for (the offline engine). Without them nothing, heartbeats included, goes out
   * before `commit`: a heartbeat would need a head of the relay's own, a 200 that hides the status still to
   * come, and a 429 or 5xx after a long wait must reach the client as itself, with its retry-after, for the
   * SDKs' typed errors and back-off to work.
   */
  committedOnFirstByte?: HeaderList;
  /** What must never reach the client, however the upstream echoes it (the upstream key). */
  secrets?: readonly string[];
}

export class SseResponse {
  /** Whether the head that went out is an SSE one: false before it has gone, and for any other body. */
  private sse = false;
  private readonly watch = new SseWatch();
  private readonly heartbeat: SilenceTimer;
  private readonly redactor: Redactor | null;
  /** The body's scanner: it holds back a chunk's tail that may begin a secret the next chunk completes. */
  private readonly bodyRedactor: StreamRedactor | null;

  constructor(
    private readonly res: ServerResponse,
    private readonly settings: SseResponseSettings,
  ) {
    this.heartbeat = onSilence(settings.heartbeatMs, () => this.beat());
    this.redactor = createRedactor(settings.secrets ?? []);
    this.bodyRedactor = this.redactor?.stream() ?? null;
  }

  get isSse(): boolean {
    return this.sse;
  }

  /** Whether a final image has passed among the bytes written so far. */
  get sawCompletedImage(): boolean {
    return this.watch.sawCompletedImage;
  }

  /**
   * Sends the head now, so the client has the status before the first byte of the body; an SSE head comes
   * first, before the headers passed with it. The connection then carries small frames that must not wait.
   */
  commit(status: number, headers: HeaderList, sse: boolean): void {
    this.sse = sse;
    const passed = headers.map(([name, value]) => [name, this.redact(value)] as const);
    // Corked until the tick ends: undici hands on the head and the body bytes of one socket read in the
    // same tick, and then they leave in one write, one packet and one wake-up for the client, as nginx sends
    // them; a head with nothing behind it (a first frame minutes away) still leaves at once, on its own.
    const socket = this.res.socket;
    socket?.cork();
    this.res.writeHead(status, (sse ? [...SSE_HEADERS, ...passed] : passed).flat());
    this.res.flushHeaders();
    socket?.setNoDelay(true);
    if (socket) process.nextTick(() => socket.uncork());
  }

  /** Marks activity: the next heartbeat waits a whole interval. A no-op while heartbeats cannot go out. */
  restartHeartbeat(): void {
    if (this.sse || this.pendingHead()) this.heartbeat.restart();
  }

  stopHeartbeat(): void {
    this.heartbeat.stop();
  }

  /**
   * Passes on body bytes as they came, frame boundaries anywhere; false when the client's connection holds
   * CLIENT_WINDOW_BYTES unsent, and then a 'drain' follows once it has sent them all.
   */
  write(chunk: Buffer): boolean {
    const bytes = this.bodyRedactor ? this.bodyRedactor.push(chunk) : chunk;
    // All of it held back: nothing was written, so no 'drain' would come to resume the upstream.
    if (bytes.length === 0) return true;
    if (this.sse) this.watch.observe(bytes);
    // A false from write() still promises the 'drain' (Node emits it once the buffer empties after one).
    return this.res.write(bytes) || this.res.writableLength < CLIENT_WINDOW_BYTES;
  }

  /** Writes one whole frame of the relay's own, which leaves the body at a frame boundary as it found it. */
  writeFrame(frame: string): Promise<void> | void {
    this.commitPendingHead();
    this.writeHeldBytes();
    return writeWithBackpressure(this.res, this.redact(frame));
  }

  end(body?: string): void {
    this.heartbeat.stop();
    this.writeHeldBytes();
    this.res.end(body === undefined ? undefined : this.redact(body));
  }

  /**
   * Ends the answer with `error`: as the API's JSON answer while no head has gone out (with `headers`), as an
   * `error` frame in an SSE body, in the form both SDKs raise (openai-images.md §2d); any other body is cut,
   * since a JSON body cut short must not look complete. A frame the failure tore in half is closed first, so
   * the error frame is read on its own; the torn frame fails to parse in every client, which is right, as it
   * carries no usable image.
   */
  fail(error: ApiError, headers: Record<string, string> = {}): void {
    this.heartbeat.stop();
    // Its message and headers may quote the upstream (a network error's text, an error page, its headers).
    const body = { error: { ...error.body.error, message: this.redact(error.body.error.message) } };
    if (!this.res.headersSent) {
      const passed = Object.entries(headers).map(([name, value]) => [name, this.redact(value)]);
      sendApiError(this.res, { status: error.status, body }, Object.fromEntries(passed));
    } else if (this.sse) {
      this.writeHeldBytes();
      const closeTornFrame = this.watch.atFrameBoundary ? '' : '\n\n';
      this.res.end(`${closeTornFrame}${formatSseFrame(STREAM_ERROR_EVENT, body)}`);
    } else this.res.destroy();
  }

  private redact(text: string): string {
    return this.redactor ? this.redactor.text(text) : text;
  }

  /** The body's held-back tail, once no chunk can follow that would complete a secret in it. */
  private writeHeldBytes(): void {
    const held = this.bodyRedactor?.flush();
    if (!held?.length || this.res.destroyed) return;
    if (this.sse) this.watch.observe(held);
    this.res.write(held);
  }

  private pendingHead(): HeaderList | null {
    return this.res.headersSent ? null : (this.settings.committedOnFirstByte ?? null);
  }

  private commitPendingHead(): void {
    const head = this.pendingHead();
    if (head) this.commit(200, head, true);
  }

  /** A comment only goes between frames, so the bytes around it reach the client unchanged. */
  private beat(): void {
    if (this.res.destroyed || !this.watch.atFrameBoundary) return;
    this.commitPendingHead();
    this.res.write(HEARTBEAT);
  }
}

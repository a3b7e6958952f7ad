/**
 * What the relay needs to know about an SSE body it passes on byte for byte, found without parsing it:
 * whether the bytes so far end at a frame boundary (the only place a heartbeat comment or an error frame
 * can go without changing how clients read the frames around it), and whether a final image has passed.
 */

/** Base64 has no `.`, `_` or `"`, so these cannot turn up inside an image payload by chance. */
const COMPLETED_MARKERS = ['generation.completed"', 'edit.completed"'].map((text) => Buffer.from(text));
const LONGEST_MARKER = Math.max(...COMPLETED_MARKERS.map((marker) => marker.length));
const DOT = 0x2e;
const LF = 0x0a;
const CR = 0x0d;

export class SseWatch {
  /** True when nothing has been written yet or the last byte ended a frame (a blank line). */
  atFrameBoundary = true;
  sawCompletedImage = false;
  /** The last bytes seen, for a marker or a blank line split across two chunks. */
  private tail: Buffer = Buffer.alloc(0);

  observe(chunk: Buffer): void {
    if (chunk.length === 0) return;
    if (!this.sawCompletedImage) {
      const seam = Buffer.concat([this.tail, chunk.subarray(0, LONGEST_MARKER)]);
      this.sawCompletedImage =
        COMPLETED_MARKERS.some((marker) => seam.includes(marker)) || containsMarker(chunk);
    }
    this.tail = Buffer.from(
      chunk.length >= LONGEST_MARKER
        ? chunk.subarray(chunk.length - LONGEST_MARKER)
        : Buffer.concat([this.tail, chunk]).subarray(-LONGEST_MARKER),
    );
    this.atFrameBoundary = endsWithBlankLine(this.tail);
  }
}

/**
 * Whether a marker lies wholly inside the chunk. Every marker has one `.`, which base64 never has, so a
 * byte search for `.` (memchr speed) skips the megabytes of image payload that a substring search for
 * each marker would walk through on every chunk.
 */
function containsMarker(chunk: Buffer): boolean {
  for (let dot = chunk.indexOf(DOT); dot !== -1; dot = chunk.indexOf(DOT, dot + 1)) {
    for (const marker of COMPLETED_MARKERS) {
      const start = dot - marker.indexOf(DOT);
      if (start >= 0 && chunk.subarray(start, start + marker.length).equals(marker)) return true;
    }
  }
  return false;
}

/** `\n\n`, `\r\r` or `\r\n\r\n`: the three ways an SSE event ends. */
function endsWithBlankLine(bytes: Buffer): boolean {
  const last = bytes.at(-1);
  const before = bytes.at(-2);
  if (last === CR) return before === CR;
  if (last !== LF) return false;
  return before === LF || (before === CR && bytes.at(-3) === LF);
}

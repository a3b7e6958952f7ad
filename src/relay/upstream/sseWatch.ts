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
  /**
   * The last bytes seen, for a marker or a blank line split across two chunks, and the seam where such a
   * marker would be (the tail, then the next chunk's first bytes). Both are kept in place: observe() runs
   * for every chunk of every stream, and allocates nothing.
   */
  private readonly tail = Buffer.alloc(LONGEST_MARKER);
  private tailLength = 0;
  private readonly seam = Buffer.alloc(2 * LONGEST_MARKER);

  observe(chunk: Buffer): void {
    if (chunk.length === 0) return;
    if (!this.sawCompletedImage) {
      this.tail.copy(this.seam, 0, 0, this.tailLength);
      const seamLength = this.tailLength + chunk.copy(this.seam, this.tailLength, 0, LONGEST_MARKER);
      this.sawCompletedImage = containsMarker(this.seam, seamLength) || containsMarker(chunk, chunk.length);
    }
    this.keepTail(chunk);
    this.atFrameBoundary = endsWithBlankLine(this.tail, this.tailLength);
  }

  private keepTail(chunk: Buffer): void {
    if (chunk.length >= LONGEST_MARKER) {
      chunk.copy(this.tail, 0, chunk.length - LONGEST_MARKER);
      this.tailLength = LONGEST_MARKER;
      return;
    }
    // A short chunk: the tail's last bytes move to the front (copy() allows the overlap), the chunk follows.
    const kept = Math.min(this.tailLength, LONGEST_MARKER - chunk.length);
    this.tail.copy(this.tail, 0, this.tailLength - kept, this.tailLength);
    chunk.copy(this.tail, kept);
    this.tailLength = kept + chunk.length;
  }
}

/**
 * Whether a marker lies wholly inside the first `length` bytes. Every marker has one `.`, which base64 never
 * has, so a byte search for `.` (memchr speed) skips the megabytes of image payload that a substring search
 * for each marker would walk through on every chunk.
 */
function containsMarker(bytes: Buffer, length: number): boolean {
  for (let dot = bytes.indexOf(DOT); dot !== -1 && dot < length; dot = bytes.indexOf(DOT, dot + 1)) {
    for (const marker of COMPLETED_MARKERS) {
      const start = dot - marker.indexOf(DOT);
      const end = start + marker.length;
      if (start >= 0 && end <= length && marker.compare(bytes, start, end) === 0) return true;
    }
  }
  return false;
}

/** Whether the first `length` bytes end with `\n\n`, `\r\r` or `\r\n\r\n`: the three ways an SSE event ends. */
function endsWithBlankLine(bytes: Buffer, length: number): boolean {
  const last = length >= 1 ? bytes[length - 1] : undefined;
  const before = length >= 2 ? bytes[length - 2] : undefined;
  if (last === CR) return before === CR;
  if (last !== LF) return false;
  return before === LF || (before === CR && length >= 3 && bytes[length - 3] === LF);
}

/**
 * Keeps the relay's secrets (the upstream key) out of every byte a client gets (issue 16): a gateway that
 * answers "Incorrect API key provided: sk-…", in a 401 body, an SSE `error` frame or a header, would hand the
 * key to whoever called the relay. Each occurrence is overwritten with as many `*` as it has bytes, so a
 * Content-Length passed on from the upstream stays true, JSON stays JSON, and an answer without a secret in it
 * goes out byte for byte, as the same Buffers.
 */

const MASK_BYTE = 0x2a; // '*'
const EMPTY = Buffer.alloc(0);

export interface Redactor {
  /**
   * `text` with every secret masked, and every run of a secret's first characters too: a message quoted
   * cut short (an excerpt of an upstream's answer) may end partway through the key.
   */
  text(text: string): string;
  /** A scanner for one body that arrives in chunks, with secrets split anywhere across them. */
  stream(): StreamRedactor;
}

export interface StreamRedactor {
  /**
   * The chunk's bytes that may go out now, masked. A tail that could be the start of a secret split across
   * the next chunk waits for it, and only such a tail: at most the longest secret less one byte, and never
   * the blank line that ends an SSE frame (no secret starts with a line break), so no frame waits.
   */
  push(chunk: Buffer): Buffer;
  /** The held tail once the body ends: no chunk follows that could complete a secret in it. */
  flush(): Buffer;
}

/** A redactor for `secrets` (empty ones ignored), or null when there are none and nothing needs doing. */
export function createRedactor(secrets: readonly string[]): Redactor | null {
  const texts = [...new Set(secrets.filter((secret) => secret !== ''))];
  if (texts.length === 0) return null;
  const scanned = texts.map(scannedSecret);
  return {
    text: (text) => texts.reduce(maskSecretRuns, text),
    stream: () => new ChunkRedactor(scanned),
  };
}

/**
 * How much of a secret's start counts as the secret: an OpenAI key's `sk-proj-` and then four characters of
 * its own. Masking a stranger's text that happens to begin the same way costs nothing.
 */
const SECRET_START = 12;

/** Masks each run of `text` that is the secret, or the secret's first SECRET_START characters and more. */
function maskSecretRuns(text: string, secret: string): string {
  const start = secret.slice(0, SECRET_START);
  let masked = '';
  let copied = 0;
  for (let at = text.indexOf(start); at !== -1; at = text.indexOf(start, copied)) {
    let length = start.length;
    while (length < secret.length && text[at + length] === secret[length]) length += 1;
    masked += `${text.slice(copied, at)}${'*'.repeat(length)}`;
    copied = at + length;
  }
  return copied === 0 ? text : masked + text.slice(copied);
}

/** Standard base64, the alphabet of every image payload (`b64_json`), and its padding. */
const BASE64_BYTES = new Set(
  Buffer.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=', 'latin1'),
);

interface ScannedSecret {
  bytes: Buffer;
  /**
   * Where the secret has a byte that base64 has not (OpenAI keys have `-`), else -1. Searching for that one
   * byte runs at memchr speed and finds nothing in megabytes of image payload; Buffer.indexOf with the whole
   * secret is several times slower on a stream's 16-64 KB chunks, as it prepares its search for each call.
   */
  anchorAt: number;
}

function scannedSecret(secret: string): ScannedSecret {
  const bytes = Buffer.from(secret, 'utf8');
  return { bytes, anchorAt: bytes.findIndex((byte) => !BASE64_BYTES.has(byte)) };
}

/** Where `secret` next occurs in `bytes` at or after `from`, or -1. */
function indexOfSecret(bytes: Buffer, secret: ScannedSecret, from: number): number {
  const { bytes: needle, anchorAt } = secret;
  if (anchorAt === -1) return bytes.indexOf(needle, from);
  const anchor = needle[anchorAt]!;
  const lastStart = bytes.length - needle.length;
  for (let hit = bytes.indexOf(anchor, from + anchorAt); hit !== -1; hit = bytes.indexOf(anchor, hit + 1)) {
    const start = hit - anchorAt;
    if (start > lastStart) return -1;
    if (needle.compare(bytes, start, start + needle.length) === 0) return start;
  }
  return -1;
}

class ChunkRedactor implements StreamRedactor {
  private held: Buffer = EMPTY;

  constructor(private readonly secrets: readonly ScannedSecret[]) {}

  push(chunk: Buffer): Buffer {
    // The held tail is shorter than a secret, so joining it to the chunk is a small copy, and a rare one.
    let bytes = this.held.length > 0 ? Buffer.concat([this.held, chunk]) : chunk;
    let owned = this.held.length > 0;
    for (const secret of this.secrets) {
      // The raw bytes are searched: no string is made of a multi-megabyte base64 frame.
      const length = secret.bytes.length;
      for (
        let at = indexOfSecret(bytes, secret, 0);
        at !== -1;
        at = indexOfSecret(bytes, secret, at + length)
      ) {
        // Copied before the first write: the chunk belongs to the HTTP client that read it.
        if (!owned) {
          bytes = Buffer.from(bytes);
          owned = true;
        }
        bytes.fill(MASK_BYTE, at, at + length);
      }
    }
    const keep = this.secretStartAtEnd(bytes);
    this.held = keep > 0 ? Buffer.from(bytes.subarray(bytes.length - keep)) : EMPTY;
    return keep > 0 ? bytes.subarray(0, bytes.length - keep) : bytes;
  }

  flush(): Buffer {
    const held = this.held;
    this.held = EMPTY;
    return held;
  }

  /** The length of the longest tail of `bytes` that begins some secret without completing it. */
  private secretStartAtEnd(bytes: Buffer): number {
    let longest = 0;
    for (const { bytes: secret } of this.secrets) {
      const first = secret[0]!;
      // The earliest candidate start in the last (secret length - 1) bytes gives the longest tail.
      let start = bytes.indexOf(first, Math.max(0, bytes.length - secret.length + 1));
      for (; start !== -1 && bytes.length - start > longest; start = bytes.indexOf(first, start + 1)) {
        if (secret.compare(bytes, start, bytes.length, 0, bytes.length - start) === 0) {
          longest = bytes.length - start;
          break;
        }
      }
    }
    return longest;
  }
}

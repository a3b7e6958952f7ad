import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRedactor } from './redact.ts';

const KEY = 'sk-proj-Xy12_ab-CDEF3456ghij';
/** A secret of base64 letters only: found by the whole-secret search rather than by an anchor byte. */
const PLAIN_SECRET = 'gatewaysecret0123456789';
const MASK = (secret: string) => '*'.repeat(secret.length);

/** Every chunk through one stream scanner, then its flush: what the client receives. */
function throughStream(secrets: string[], chunks: string[]): { text: string; emitted: string[] } {
  const scanner = createRedactor(secrets)!.stream();
  const emitted = chunks.map((chunk) => scanner.push(Buffer.from(chunk)).toString('latin1'));
  emitted.push(scanner.flush().toString('latin1'));
  return { text: emitted.join(''), emitted };
}

function reference(secrets: string[], text: string): string {
  return secrets.reduce((masked, secret) => masked.split(secret).join(MASK(secret)), text);
}

describe('createRedactor', () => {
  it('is null without secrets, so a relay without a key does no work at all', () => {
    expect(createRedactor([])).toBeNull();
    expect(createRedactor([''])).toBeNull();
  });

  it('masks every occurrence in text with as many asterisks', () => {
    const redactor = createRedactor([KEY])!;
    expect(redactor.text(`Incorrect API key provided: ${KEY}. Again: ${KEY}`)).toBe(
      `Incorrect API key provided: ${MASK(KEY)}. Again: ${MASK(KEY)}`,
    );
    expect(redactor.text('nothing here')).toBe('nothing here');
  });

  it("masks a quote cut short partway through a secret, from the secret's first 12 characters", () => {
    const redactor = createRedactor([KEY])!;
    const cut = KEY.slice(0, 15);
    expect(redactor.text(`saying "Incorrect API key provided: ${cut}…"`)).toBe(
      `saying "Incorrect API key provided: ${'*'.repeat(15)}…"`,
    );
    // Only the start it shares with the secret: the prefix every OpenAI key has is not the key.
    expect(redactor.text('sk-proj-abc and sk-proj-Xy12_abXYZ')).toBe(`sk-proj-abc and ${'*'.repeat(15)}XYZ`);
  });
});

describe('the stream scanner', () => {
  it('passes a chunk without a secret on as the same Buffer, untouched', () => {
    const scanner = createRedactor([KEY])!.stream();
    const frame = Buffer.from(`event: image_generation.partial_image\ndata: {"b64_json":"QUJD"}\n\n`);
    expect(scanner.push(frame)).toBe(frame);
    expect(scanner.flush().length).toBe(0);
  });

  it('masks a secret wholly inside a chunk without touching the chunk it was given', () => {
    const chunk = Buffer.from(`{"error":{"message":"Incorrect API key provided: ${KEY}."}}`);
    const original = Buffer.from(chunk);
    const out = createRedactor([KEY])!.stream().push(chunk);
    expect(out.toString()).toBe(`{"error":{"message":"Incorrect API key provided: ${MASK(KEY)}."}}`);
    expect(out.length).toBe(chunk.length);
    expect(chunk.equals(original)).toBe(true);
  });

  it.each([KEY, PLAIN_SECRET])('masks %s split at every position across two chunks', (secret) => {
    const text = `data: {"message":"provided: ${secret}."}\n\n`;
    const at = text.indexOf(secret);
    for (let split = at; split <= at + secret.length; split += 1) {
      const { text: out } = throughStream([secret], [text.slice(0, split), text.slice(split)]);
      expect(out).toBe(text.replace(secret, MASK(secret)));
    }
  });

  it('masks a secret that arrives one byte per chunk', () => {
    const text = `before ${KEY} after`;
    expect(throughStream([KEY], [...text]).text).toBe(`before ${MASK(KEY)} after`);
  });

  it('holds back only a tail that begins a secret, never a frame end', () => {
    const { emitted } = throughStream(
      [KEY],
      ['event: error\ndata: {"message":"provided: sk-pr', 'oj-nope"}\n\n', 'event: x\ndata: s'],
    );
    expect(emitted).toEqual([
      'event: error\ndata: {"message":"provided: ',
      'sk-proj-nope"}\n\n',
      'event: x\ndata: ',
      's',
    ]);
  });

  it('masks several secrets, back to back and overlapping a seam', () => {
    const secrets = [KEY, PLAIN_SECRET];
    const text = `${KEY}${PLAIN_SECRET} and ${PLAIN_SECRET}${KEY}`;
    expect(throughStream(secrets, [text.slice(0, 30), text.slice(30, 31), text.slice(31)]).text).toBe(
      reference(secrets, text),
    );
  });

  it('gives the same bytes as masking the whole text, however the text is chunked', () => {
    const secrets = [KEY, PLAIN_SECRET];
    const piece = fc.constantFrom(KEY, PLAIN_SECRET, KEY.slice(0, 9), 'sk-', 's', 'QUJD+/=', '\n\n', 'x');
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 30 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        (pieces, cuts) => {
          const text = pieces.join('');
          const points = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
          const chunks = [0, ...points].map((start, index) =>
            text.slice(start, points[index] ?? text.length),
          );
          expect(throughStream(secrets, chunks).text).toBe(reference(secrets, text));
        },
      ),
    );
  });
});

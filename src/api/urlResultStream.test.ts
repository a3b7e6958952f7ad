/**
 * The studio's stream reader against a real relay in front of a URL-result gateway stand-in (seeds
 * 001/002): the model answers one JSON with a link and ignores `stream`, and the studio still gets its
 * final image, the bytes the link leads to, as the completed event it reads from every stream.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCompletedImageEvent, type ImageStreamEvent } from '../contract/index.ts';
import { makePng } from '../relay/testing/harness.ts';
import {
  URL_RESULT_MODEL,
  startUrlResultGateway,
  type UrlResultGateway,
} from '../relay/testing/urlResultGateway.ts';
import { GENERATIONS_PATH, imageRequestHeaders, readImageStream } from './imageStream.ts';

let image: Buffer;
let gateway: UrlResultGateway;
let relayUrl: string;

beforeAll(async () => {
  image = await makePng(80, 48, { seed: 9 });
  gateway = await startUrlResultGateway(image.toString('base64'));
  relayUrl = await gateway.startRelay();
});

afterAll(() => gateway.close());

describe('a streamed run on a URL-result model', () => {
  it('reaches the studio as its final image', async () => {
    const events: ImageStreamEvent[] = [];
    // The request the studio sends for a variant (streamImages), from Node: fetch needs the relay's origin.
    const response = await fetch(`${relayUrl}${GENERATIONS_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...imageRequestHeaders({ onEvent: () => {} }) },
      body: JSON.stringify({
        model: URL_RESULT_MODEL,
        prompt: 'a red bicycle',
        size: '1024x1024',
        stream: true,
        partial_images: 2,
        n: 1,
      }),
    });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    await readImageStream(response.body!, (event) => events.push(event));

    expect(events).toHaveLength(1);
    const [final] = events;
    expect(isCompletedImageEvent(final!)).toBe(true);
    const bytes = Buffer.from(final!.b64_json, 'base64');
    expect(bytes.equals(image)).toBe(true);
    const { width, height } = await sharp(bytes).metadata();
    expect([width, height]).toEqual([80, 48]);
  });
});

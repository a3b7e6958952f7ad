/**
 * `application/json` edits end to end (openai-images-2026-12.md §4.1): in front of OpenAI the body reaches
 * the upstream byte for byte, with URL and file_id references untouched and never fetched by the relay;
 * data-URL images are checked like uploads first; the offline engine makes a real edit from data URLs and
 * says plainly that it takes nothing else.
 */
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePng, startRelayHarness, type RelayHarness } from './testing/harness.ts';

let fake: RelayHarness;
let offline: RelayHarness;
let png: Buffer;
let mask: Buffer;
let wrongMask: Buffer;

beforeAll(async () => {
  [fake, offline] = await Promise.all([startRelayHarness('fake'), startRelayHarness('offline')]);
  [png, mask, wrongMask] = await Promise.all([
    makePng(64, 48),
    makePng(64, 48, { alpha: true }),
    makePng(48, 64, { alpha: true }),
  ]);
});
afterAll(async () => {
  await Promise.all([fake.close(), offline.close()]);
});

const dataUrl = (bytes: Buffer) => `data:image/png;base64,${bytes.toString('base64')}`;

function postJson(harness: RelayHarness, body: unknown): Promise<Response> {
  return fetch(`${harness.url}/v1/images/edits`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('JSON edits in front of OpenAI', () => {
  it('forwards the body byte for byte, references and unknown fields included', async () => {
    const body = {
      model: 'gpt-image-2.5-sunburst',
      prompt: 'add a paper lantern',
      images: [
        { image_url: dataUrl(png) },
        { image_url: 'https://images.example.com/reference.png' },
        { file_id: 'file-abc123' },
      ],
      mask: { image_url: dataUrl(mask) },
      n: 1,
      markup_strength: 0.4,
    };
    const text = JSON.stringify(body);
    const response = await postJson(fake, body);
    expect(response.status, await response.clone().text()).toBe(200);
    await response.arrayBuffer();
    const upstream = fake.fake!.requests.at(-1)!;
    expect(upstream.path).toBe('/v1/images/edits');
    expect(upstream.headers['content-type']).toBe('application/json');
    expect(upstream.bodySha256).toBe(createHash('sha256').update(text).digest('hex'));
    expect(await fake.spoolEntries()).toEqual([]);
  });

  // Bodies are made when each case runs: the images exist only once beforeAll has made them.
  it.each<[string, () => Record<string, unknown>, string]>([
    [
      'a mask of another size than the first image',
      () => ({ images: [{ image_url: dataUrl(png) }], mask: { image_url: dataUrl(wrongMask) } }),
      'mask',
    ],
    [
      'a data URL that is not an image',
      () => ({ images: [{ image_url: `data:image/png;base64,${Buffer.from('hello').toString('base64')}` }] }),
      'images[0].image_url',
    ],
    ['no images at all', () => ({ images: [] }), 'images'],
    ['an SVG edit', () => ({ images: [{ image_url: dataUrl(png) }], output_format: 'svg' }), 'output_format'],
  ])('refuses %s before anything goes upstream', async (_name, patch, param) => {
    const before = fake.fake!.requests.length;
    const response = await postJson(fake, {
      model: 'gpt-image-2.6-sunburst',
      prompt: 'x',
      ...patch(),
    });
    const body = (await response.json()) as { error: { param: string } };
    expect(response.status).toBe(400);
    expect(body.error.param).toBe(param);
    expect(fake.fake!.requests.length).toBe(before);
  });
});

describe('JSON edits on the offline engine', () => {
  it('edits data-URL images into a real image, streamed', async () => {
    const response = await postJson(offline, {
      model: 'gpt-image-2.5-flare',
      prompt: 'a red sun',
      images: [{ image_url: dataUrl(png) }],
      mask: { image_url: dataUrl(mask) },
      stream: true,
      partial_images: 1,
    });
    expect(response.status).toBe(200);
    const text = await response.text();
    const completed = text.split('\n\n').find((frame) => frame.startsWith('event: image_edit.completed'))!;
    const event = JSON.parse(completed.split('\ndata: ')[1]!) as { b64_json: string };
    const metadata = await sharp(Buffer.from(event.b64_json, 'base64')).metadata();
    expect([metadata.format, metadata.width! > 0]).toEqual(['png', true]);
  });

  it.each([
    ['a URL', { image_url: 'https://images.example.com/a.png' }, 'images[0].image_url'],
    ['a file id', { file_id: 'file-abc' }, 'images[0].file_id'],
  ])('answers that it takes data URLs only, for %s', async (_name, image, param) => {
    const response = await postJson(offline, { model: 'gpt-image-2', prompt: 'x', images: [image] });
    const body = (await response.json()) as { error: { param: string; message: string } };
    expect(response.status).toBe(400);
    expect(body.error.param).toBe(param);
    expect(body.error.message).toMatch(/data URL/);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeJpeg, makePng, startRelayHarness, type RelayHarness } from './testing/harness.ts';

let harness: RelayHarness;
let png: Buffer;
let otherPng: Buffer;
let jpeg: Buffer;
let maskWithAlpha: Buffer;
let maskWithoutAlpha: Buffer;
let maskWrongSize: Buffer;

beforeAll(async () => {
  harness = await startRelayHarness('fake');
  [png, otherPng, jpeg, maskWithAlpha, maskWithoutAlpha, maskWrongSize] = await Promise.all([
    makePng(64, 48),
    makePng(32, 32, { seed: 2 }),
    makeJpeg(64, 48),
    makePng(64, 48, { alpha: true }),
    makePng(64, 48),
    makePng(48, 64, { alpha: true }),
  ]);
});
afterAll(() => harness.close());

type Part = [name: string, value: string] | [name: string, bytes: Buffer, type: string, filename?: string];

function form(...parts: Part[]): FormData {
  const data = new FormData();
  for (const part of parts) {
    if (part.length === 2) data.append(part[0], part[1]);
    else data.append(part[0], new Blob([new Uint8Array(part[1])], { type: part[2] }), part[3] ?? 'file.png');
  }
  return data;
}

const prompt: Part = ['prompt', 'make it blue'];
const model: Part = ['model', 'gpt-image-2.5-flare'];
const image = (bytes = png, type = 'image/png'): Part => ['image', bytes, type];
const imageItem = (bytes = png, type = 'image/png'): Part => ['image[]', bytes, type];

interface InvalidCase {
  name: string;
  param: string | null;
  code?: string;
  json?: unknown;
  rawJson?: string;
  multipart?: () => FormData;
}

const cases: InvalidCase[] = [
  {
    name: 'a retired model',
    param: 'model',
    code: 'model_not_found',
    json: { model: 'gpt-image-1', prompt: 'x' },
  },
  {
    name: 'a generation without a model',
    param: 'model',
    code: 'missing_required_parameter',
    json: { prompt: 'x' },
  },
  {
    name: 'a 2.5 size over the longest edge',
    param: 'size',
    json: { model: 'gpt-image-2.5-flare', prompt: 'x', size: '4096x2048' },
  },
  {
    name: 'quality xhigh on gpt-image-2',
    param: 'quality',
    json: { model: 'gpt-image-2', prompt: 'x', quality: 'xhigh' },
  },
  {
    name: 'a gpt-image-2 size off the 16-pixel grid',
    param: 'size',
    json: { model: 'gpt-image-2', prompt: 'x', size: '1000x1000' },
  },
  {
    name: 'a transparent JPEG',
    param: 'background',
    json: { model: 'gpt-image-2.5-sunburst', prompt: 'x', background: 'transparent', output_format: 'jpeg' },
  },
  {
    name: 'a streamed GIF',
    param: 'stream',
    json: { model: 'gpt-image-2.6-flare', prompt: 'x', output_format: 'gif', stream: true },
  },
  { name: 'n=11', param: 'n', json: { model: 'gpt-image-2', prompt: 'x', n: 11 } },
  {
    name: 'partial_images=4',
    param: 'partial_images',
    json: { model: 'gpt-image-2', prompt: 'x', stream: true, partial_images: 4 },
  },
  {
    name: 'output_compression=101',
    param: 'output_compression',
    json: { model: 'gpt-image-2', prompt: 'x', output_format: 'jpeg', output_compression: 101 },
  },
  {
    name: 'a prompt over 32,000 characters',
    param: 'prompt',
    code: 'string_above_max_length',
    json: { model: 'gpt-image-2', prompt: 'x'.repeat(32_001) },
  },
  { name: 'a body that is not JSON', param: null, rawJson: '{"model": "gpt-image-2", "prompt": ' },
  { name: 'an edit with n=11', param: 'n', multipart: () => form(image(), prompt, model, ['n', '11']) },
  {
    name: 'an edit without a model (the form default, gpt-image-1.5, is shut down)',
    param: 'model',
    code: 'missing_required_parameter',
    multipart: () => form(image(), prompt),
  },
  {
    name: 'a GIF edit with a mask',
    param: 'mask',
    multipart: () =>
      form(
        image(),
        ['mask', maskWithAlpha, 'image/png'],
        prompt,
        ['model', 'gpt-image-2.6-sunburst'],
        ['output_format', 'gif'],
      ),
  },
  {
    name: 'an SVG edit',
    param: 'output_format',
    multipart: () => form(image(), prompt, ['model', 'gpt-image-2.6-sunburst'], ['output_format', 'svg']),
  },
  {
    name: 'an edit with no image',
    param: 'image',
    code: 'missing_required_parameter',
    multipart: () => form(prompt, model),
  },
  {
    name: 'a non-image file',
    param: 'image',
    code: 'invalid_image_file',
    multipart: () => form(image(Buffer.from('just some text, not pixels')), prompt, model),
  },
  {
    name: 'a JPEG declared as PNG',
    param: 'image',
    code: 'invalid_image_file',
    multipart: () => form(image(jpeg, 'image/png'), prompt, model),
  },
  {
    name: 'an octet-stream part',
    param: 'image',
    code: 'unsupported_file_mimetype',
    multipart: () => form(image(png, 'application/octet-stream'), prompt, model),
  },
  {
    name: 'a bad second image[] item',
    param: 'image[1]',
    code: 'invalid_image_file',
    multipart: () => form(imageItem(), imageItem(Buffer.from('nope')), prompt, model),
  },
  {
    name: 'a mask without alpha',
    param: 'mask',
    multipart: () => form(image(), ['mask', maskWithoutAlpha, 'image/png'], prompt, model),
  },
  {
    name: 'a mask of the wrong size',
    param: 'mask',
    multipart: () => form(image(), ['mask', maskWrongSize, 'image/png'], prompt, model),
  },
  {
    name: '17 images',
    param: 'image',
    multipart: () => form(...Array.from({ length: 17 }, () => imageItem(otherPng)), prompt, model),
  },
  {
    name: 'a repeated bare image field',
    param: 'image',
    code: 'duplicate_parameter',
    multipart: () => form(image(), image(otherPng), prompt, model),
  },
  {
    name: 'image and image[] together',
    param: 'image',
    code: 'duplicate_parameter',
    multipart: () => form(image(), imageItem(otherPng), prompt, model),
  },
  {
    name: 'a non-numeric n in a form',
    param: 'n',
    code: 'invalid_type',
    multipart: () => form(image(), prompt, model, ['n', 'two']),
  },
];

describe('requests the API would refuse are refused by the relay, before anything goes upstream', () => {
  it.each(cases)('$name → 400 naming $param', async ({ param, code, json, rawJson, multipart }) => {
    const route = multipart ? 'edits' : 'generations';
    const response = await fetch(`${harness.url}/v1/images/${route}`, {
      method: 'POST',
      ...(multipart
        ? { body: multipart() }
        : { headers: { 'content-type': 'application/json' }, body: rawJson ?? JSON.stringify(json) }),
    });
    const body = (await response.json()) as { error: Record<string, unknown> };

    expect(response.status).toBe(400);
    expect(Object.keys(body.error).sort()).toEqual(['code', 'message', 'param', 'type']);
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.param).toBe(param);
    expect(body.error.message).toEqual(expect.any(String));
    if (code) expect(body.error.code).toBe(code);
    if (rawJson) expect(body.error.message).toMatch(/^We could not parse the JSON body of your request\./);
  });

  it('sent nothing upstream and left no spooled file behind', async () => {
    expect(harness.fake!.requests).toHaveLength(0);
    expect(await harness.spoolEntries()).toEqual([]);
  });

  it('accepts the valid twins of those requests (so the refusals above are about the rule, not the route)', async () => {
    const generation = await fetch(`${harness.url}/v1/images/generations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-image-2', prompt: 'x', size: '1536x864', n: 2 }),
    });
    const edit = await fetch(`${harness.url}/v1/images/edits`, {
      method: 'POST',
      body: form(
        imageItem(),
        imageItem(jpeg, 'image/jpeg'),
        ['mask', maskWithAlpha, 'image/png'],
        prompt,
        model,
      ),
    });
    expect(generation.status).toBe(200);
    expect(edit.status).toBe(200);
    expect(harness.fake!.requests.map((request) => request.path)).toEqual([
      '/v1/images/generations',
      '/v1/images/edits',
    ]);
    expect(await harness.spoolEntries()).toEqual([]);
  });

  it('refuses an upload over the per-file limit, stating its real size', async () => {
    // 51 MB of a PNG signature followed by zeros: over the 50 MB limit for one image.
    const oversized = Buffer.alloc(51 * 1024 * 1024);
    png.copy(oversized);
    const response = await fetch(`${harness.url}/v1/images/edits`, {
      method: 'POST',
      body: form(image(oversized), prompt, model),
    });
    const body = (await response.json()) as { error: { param: string; code: string; message: string } };
    expect(response.status).toBe(400);
    expect(body.error).toMatchObject({ param: 'image', code: 'file_too_large' });
    expect(body.error.message).toContain('51.0 MB');
    expect(await harness.spoolEntries()).toEqual([]);
  });
});

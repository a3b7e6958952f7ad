/**
 * The relay in front of OpenAI is exactly as strict as the API is known to be, end to end over HTTP with
 * the studio bypassed: for every current model (a gateway entry included), each case the contract's
 * policy refuses gets an OpenAI-shaped 400 naming the field and nothing goes upstream; each case it
 * passes (with or without a caveat) reaches the upstream as it was sent. Retired models are refused by
 * name with their shutdown date and replacement.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModelRegistry, isRetired, isoDay, type ModelFamily } from '../contract/index.ts';
import {
  STRICTNESS_CASES,
  type StrictnessCase,
  type StrictnessFamily,
} from '../contract/testing/strictnessCases.ts';
import { makePng, startRelayHarness, type RelayHarness } from './testing/harness.ts';

const GATEWAY_ID = 'gpt-image-2-c';
let harness: RelayHarness;
let png: Buffer;

beforeAll(async () => {
  harness = await startRelayHarness('fake', { STUDIO_MODEL_ALIASES: `${GATEWAY_ID}=gpt-image-2.5-flare` });
  png = await makePng(64, 48);
});
afterAll(() => harness.close());

const today = isoDay();
const registry = createModelRegistry([{ id: GATEWAY_ID, like: 'gpt-image-2.5-flare' }]);
const models = [...registry.values()].filter((model) => !isRetired(model, today));

async function send(route: 'generations' | 'edits', fields: Record<string, unknown>): Promise<Response> {
  if (route === 'generations') {
    return fetch(`${harness.url}/v1/images/generations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(fields),
    });
  }
  const form = new FormData();
  form.append('image', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'source.png');
  for (const [name, value] of Object.entries(fields)) {
    form.append(name, typeof value === 'string' ? value : JSON.stringify(value));
  }
  return fetch(`${harness.url}/v1/images/edits`, { method: 'POST', body: form });
}

const table = models.flatMap((model) =>
  STRICTNESS_CASES.map((testCase) => ({
    name: `${model.id}: ${testCase.name}`,
    model: model.id,
    family: model.family as Extract<ModelFamily, StrictnessFamily>,
    testCase,
  })),
);

describe('the relay in front of OpenAI refuses exactly what the API is known to refuse', () => {
  it('covers every current model and the gateway entry', () => {
    expect(models.map((model) => model.id)).toEqual(
      expect.arrayContaining([
        'gpt-image-2.6-flare',
        'gpt-image-2.6-sunburst',
        'gpt-image-2.5-flare',
        'gpt-image-2.5-flare-2026-09-08',
        'gpt-image-2.5-sunburst',
        'gpt-image-2.5-sunburst-2026-09-08',
        'gpt-image-2',
        'gpt-image-2-2026-04-21',
        GATEWAY_ID,
      ]),
    );
    expect(table.length).toBeGreaterThan(200);
  });

  it.each(table)(
    '$name',
    async ({
      model,
      family,
      testCase,
    }: {
      model: string;
      family: StrictnessFamily;
      testCase: StrictnessCase;
    }) => {
      const before = harness.fake!.requests.length;
      const response = await send(testCase.kind === 'edit' ? 'edits' : 'generations', {
        model,
        prompt: 'a lighthouse',
        ...testCase.fields,
      });
      const text = await response.text();
      const [api] = testCase.expected[family];
      const forwarded = harness.fake!.requests.length - before;
      if (api === 'refuse') {
        expect(response.status, text).toBe(400);
        expect(JSON.parse(text).error).toMatchObject({ type: 'invalid_request_error' });
        expect([testCase.param, 'output_format']).toContain(JSON.parse(text).error.param);
        expect(forwarded).toBe(0);
      } else {
        // The stand-in answers as OpenAI would; what matters here is that the relay let the request through.
        expect(forwarded, text).toBe(1);
        const sent = harness.fake!.requests.at(-1)!;
        const received = testCase.kind === 'edit' ? Object.fromEntries(sent.fields) : sent.json;
        expect(received).toMatchObject({ model });
      }
    },
  );

  it('refuses the retired models by name, with the shutdown date and the replacement', async () => {
    const before = harness.fake!.requests.length;
    for (const [model, date, replacement] of [
      ['gpt-image-1.5', '2026-12-01', 'gpt-image-2.6-sunburst'],
      ['gpt-image-1', '2026-10-23', 'gpt-image-2.5-sunburst'],
      ['gpt-image-1-mini', '2026-12-01', 'gpt-image-2.6-sunburst'],
      ['chatgpt-image-latest', '2026-12-01', 'gpt-image-2.6-sunburst'],
      ['dall-e-3', '2026-05-12', null],
    ] as const) {
      const response = await send('generations', { model, prompt: 'x' });
      const body = (await response.json()) as { error: Record<string, string> };
      expect(response.status).toBe(400);
      expect(body.error).toMatchObject({ param: 'model', code: 'model_not_found' });
      expect(body.error.message).toContain(date);
      if (replacement) expect(body.error.message).toContain(replacement);
    }
    expect(harness.fake!.requests.length).toBe(before);
  });

  it('passes a model id the catalogue does not know on: a new model works the day it ships', async () => {
    const before = harness.fake!.requests.length;
    await (
      await send('generations', { model: 'gpt-image-3-preview', prompt: 'x', size: '1000x1000' })
    ).text();
    expect(harness.fake!.requests.length).toBe(before + 1);
    expect(harness.fake!.requests.at(-1)!.json).toMatchObject({
      model: 'gpt-image-3-preview',
      size: '1000x1000',
    });
  });

  it('passes unknown fields and unknown multipart file parts on untouched', async () => {
    const before = harness.fake!.requests.length;
    await (
      await send('generations', { model: 'gpt-image-2', prompt: 'x', seed: 7, style_preset: 'ink' })
    ).text();
    expect(harness.fake!.requests.at(-1)!.json).toMatchObject({ seed: 7, style_preset: 'ink' });
    const form = new FormData();
    form.append('model', 'gpt-image-2.6-sunburst');
    form.append('prompt', 'make the marked area a window');
    form.append('image', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'source.png');
    form.append('markup', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'marks.png');
    form.append('markup_mode', 'strict');
    await (await fetch(`${harness.url}/v1/images/edits`, { method: 'POST', body: form })).text();
    expect(harness.fake!.requests.length).toBe(before + 2);
    const edit = harness.fake!.requests.at(-1)!;
    expect(edit.fields).toContainEqual(['markup_mode', 'strict']);
    expect(edit.files.map((file) => file.field)).toEqual(['image', 'markup']);
  });
});

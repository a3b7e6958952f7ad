/**
 * One capability table serves the studio and the relay: every combination the table rules out is refused
 * by the relay with an OpenAI-shaped 400 even when a client skips the studio, for each model the relay
 * serves (a gateway alias included), and the refusal carries the same reason the studio shows on hover.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GPT_IMAGE_2_SIZE_RULE,
  createModelRegistry,
  sizeViolation,
  type ModelCapabilities,
} from '../contract/index.ts';
import { makePng, startRelayHarness, type RelayHarness } from './testing/harness.ts';

const ALIAS = 'gpt-image-2-c';
let harness: RelayHarness;
let png: Buffer;

beforeAll(async () => {
  harness = await startRelayHarness('fake', { STUDIO_MODEL_ALIASES: `${ALIAS}=gpt-image-2` });
  png = await makePng(64, 48);
});
afterAll(() => harness.close());

const models = [...createModelRegistry([{ id: ALIAS, base: 'gpt-image-2' }]).values()];

interface Refusal {
  name: string;
  route: 'generations' | 'edits';
  fields: Record<string, string | number | boolean>;
  param: string;
  /** Text the refusal must contain: the table's own reason where it has one. */
  message?: string;
  code?: string;
}

/** The combinations a model's row rules out, derived from the row itself rather than listed by hand. */
function refusalsFor(model: ModelCapabilities): Refusal[] {
  const base = { model: model.id, prompt: 'a lighthouse' };
  const both = (refusal: Omit<Refusal, 'route'>): Refusal[] => [
    { ...refusal, route: 'generations' },
    { ...refusal, name: `${refusal.name} (edit)`, route: 'edits' },
  ];
  const refusals: Refusal[] = [
    ...both({
      name: `n=${model.maxImagesPerRequest + 1}`,
      fields: { ...base, n: model.maxImagesPerRequest + 1 },
      param: 'n',
    }),
    ...both({
      name: `partial_images=${model.maxPartialImages + 1}`,
      fields: { ...base, stream: true, partial_images: model.maxPartialImages + 1 },
      param: 'partial_images',
    }),
    ...both({ name: 'quality=ultra', fields: { ...base, quality: 'ultra' }, param: 'quality' }),
    ...both({ name: 'output_format=gif', fields: { ...base, output_format: 'gif' }, param: 'output_format' }),
    ...both({
      name: 'compression below 100 on PNG',
      fields: { ...base, output_format: 'png', output_compression: 50 },
      param: 'output_compression',
    }),
  ];
  refusals.push({
    name: 'moderation=none',
    route: 'generations',
    fields: { ...base, moderation: 'none' },
    param: 'moderation',
  });
  if (model.transparentUnavailableReason) {
    refusals.push(
      ...both({
        name: 'a transparent background',
        fields: { ...base, background: 'transparent', output_format: 'png' },
        param: 'background',
        message: model.transparentUnavailableReason,
      }),
    );
  } else {
    refusals.push(
      ...both({
        name: 'a transparent JPEG',
        fields: { ...base, background: 'transparent', output_format: 'jpeg' },
        param: 'background',
      }),
    );
  }
  if (!model.inputFidelity) {
    refusals.push({
      name: 'input_fidelity',
      route: 'edits',
      fields: { ...base, input_fidelity: 'high' },
      param: 'input_fidelity',
      message: model.inputFidelityUnavailableReason!,
    });
  }
  const rule = model.sizeRule;
  const badSizes =
    rule.kind === 'fixed'
      ? ['2048x2048', '512x512', '1536x864']
      : ['1008x640', '3840x1264', '2896x2896', '3856x1296', '1000x1000', '1024X1024'];
  for (const size of badSizes) {
    refusals.push(
      ...both({
        name: `size ${size}`,
        fields: { ...base, size },
        param: 'size',
        message: sizeViolation(rule, size)!,
      }),
    );
  }
  return refusals.map((refusal) => ({ ...refusal, name: `${model.id}: ${refusal.name}` }));
}

async function send({ route, fields }: Refusal): Promise<Response> {
  if (route === 'generations') {
    return fetch(`${harness.url}/v1/images/generations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(fields),
    });
  }
  const form = new FormData();
  form.append('image', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'source.png');
  for (const [name, value] of Object.entries(fields)) form.append(name, String(value));
  return fetch(`${harness.url}/v1/images/edits`, { method: 'POST', body: form });
}

const refusals = models.flatMap(refusalsFor);

describe('the relay refuses what the capability table rules out, with the UI bypassed', () => {
  it('covers every model the relay serves, the gateway alias included', () => {
    expect(models.map((model) => model.id)).toEqual([
      'gpt-image-2',
      'gpt-image-1.5',
      'gpt-image-1',
      'gpt-image-1-mini',
      'gpt-image-2-2026-04-21',
      ALIAS,
    ]);
    expect(refusals.length).toBeGreaterThan(100);
  });

  it.each(refusals)('$name → 400 naming $param', async (refusal) => {
    const response = await send(refusal);
    const body = (await response.json()) as { error: Record<string, unknown> };
    expect(response.status).toBe(400);
    expect(body.error).toMatchObject({ type: 'invalid_request_error', param: refusal.param });
    if (refusal.message) expect(body.error.message).toContain(refusal.message);
  });

  it('refuses the retired DALL·E models by name', async () => {
    for (const model of ['dall-e-2', 'dall-e-3']) {
      const response = await send({
        name: model,
        route: 'generations',
        fields: { model, prompt: 'x' },
        param: 'model',
      });
      const body = (await response.json()) as { error: Record<string, unknown> };
      expect(response.status).toBe(400);
      expect(body.error).toMatchObject({ param: 'model', code: 'model_not_found' });
      expect(body.error.message).toContain('retired');
    }
  });

  it('sent none of them upstream', () => {
    expect(harness.fake!.requests).toHaveLength(0);
  });

  it('forwards the valid limits themselves, and the alias under its own id', async () => {
    const limits = ['1024x640', '3840x1280', '2880x2880', '3840x2160'];
    for (const size of limits) expect(sizeViolation(GPT_IMAGE_2_SIZE_RULE, size)).toBeNull();
    const sendValid = (model: string, size: string) =>
      send({
        name: size,
        route: 'generations',
        fields: { model, prompt: 'x', size, n: 10, background: 'opaque' },
        param: '',
      });
    for (const size of limits) {
      const response = await sendValid('gpt-image-2', size);
      expect(response.status, await response.clone().text()).toBe(200);
      await response.arrayBuffer();
    }
    // The stand-in answers as OpenAI itself, which does not know a gateway's id; what matters is that the
    // relay let it through with the base model's rules.
    await (await sendValid(ALIAS, '3840x2160')).arrayBuffer();
    const forwarded = harness.fake!.requests.map((request) => request.json);
    expect(forwarded).toEqual([
      ...limits.map((size) => expect.objectContaining({ model: 'gpt-image-2', size })),
      expect.objectContaining({ model: ALIAS, size: '3840x2160' }),
    ]);
  });
});

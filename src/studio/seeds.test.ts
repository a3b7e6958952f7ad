import { describe, expect, it } from 'vitest';
import type { Draft } from '../state/draft.ts';
import { readSessionZip } from '../storage/sessionArchive.ts';
import type { HeldRequest } from './testing/fakeTransport.ts';
import {
  completedImageEvent,
  createTestStudio,
  photoInEditMode,
  testConfig,
  type TestStudio,
} from './testing/testStudio.ts';

const PROMPT = 'a glass paperweight on slate';
/** A model of the test relay that takes no seed, as OpenAI's do not. */
const SEEDLESS = 'gpt-image-2';

function draftFor(test: TestStudio, patch: Partial<Draft>) {
  test.studio.updateDraft({ prompt: PROMPT, model: 'gpt-image-2.5-flare', quality: 'low', ...patch });
}

/** The seed each request carried, as sent: the JSON body's number, or the multipart edit's text. */
function sentSeeds(requests: readonly HeldRequest[]): unknown[] {
  return requests.map((request) => {
    const sent: Record<string, unknown> = request.kind === 'edit' ? request.upload.fields : request.body;
    return 'seed' in sent ? sent.seed : 'none';
  });
}

/** Answers every request with one final image and waits until all of it is stored. */
async function finishAll(test: TestStudio, running: Promise<void>, requests: readonly HeldRequest[]) {
  for (const request of requests) {
    request.send(await completedImageEvent());
    request.finish();
  }
  await running;
  await test.studio.settled();
}

/** One generation of `n` variants, run to the end; the requests it sent. */
async function generated(test: TestStudio, patch: Partial<Draft>): Promise<HeldRequest[]> {
  draftFor(test, patch);
  const before = test.requests.length;
  const running = test.studio.generate();
  const requests = (await test.received(before + (patch.n ?? 1))).slice(before);
  await finishAll(test, running, requests);
  return requests;
}

/** The stored variants, in their run's order. */
async function storedVariants(test: TestStudio) {
  const entries = await test.storage.listGallery();
  return entries.map((entry) => entry.variant).sort((a, b) => a.variantIndex - b.variantIndex);
}

describe('a seeded generation', () => {
  it('under "vary seed" sends variant i with seed + i, and each record, run and request keeps its own', async () => {
    const test = createTestStudio();
    const requests = await generated(test, { n: 3, seed: 41, variant_seeds: 'vary' });
    expect(sentSeeds(requests)).toEqual([41, 42, 43]);

    const run = test.studio.store.getState().session.runs[0]!;
    expect(run.variants.map((variant) => variant.seed)).toEqual([41, 42, 43]);
    const stored = await storedVariants(test);
    expect(stored.map((variant) => [variant.seed, variant.params.seed, variant.request.seed])).toEqual([
      [41, 41, 41],
      [42, 42, 42],
      [43, 43, 43],
    ]);
  });

  it('under "same seed" sends every variant with the seed', async () => {
    const test = createTestStudio();
    const requests = await generated(test, { n: 2, seed: 7, variant_seeds: 'same' });
    expect(sentSeeds(requests)).toEqual([7, 7]);
    expect((await storedVariants(test)).map((variant) => variant.seed)).toEqual([7, 7]);
  });

  it('sends no seed when the field is empty, and records none', async () => {
    const test = createTestStudio();
    const requests = await generated(test, { n: 2, seed: null });
    expect(sentSeeds(requests)).toEqual(['none', 'none']);
    const stored = await storedVariants(test);
    expect(stored.map((variant) => [variant.seed, 'seed' in variant.params])).toEqual([
      [null, false],
      [null, false],
    ]);
  });

  it('sends no seed to a model without `supportsSeed`, and the draft keeps it for the next one that has', async () => {
    const test = createTestStudio();
    const config = testConfig();
    test.studio.configure({
      ...config,
      models: config.models.map((model) =>
        model.id === SEEDLESS ? { ...model, supportsSeed: false } : model,
      ),
    });
    const requests = await generated(test, { model: SEEDLESS, seed: 99 });
    expect(sentSeeds(requests)).toEqual(['none']);
    expect((await storedVariants(test))[0]!.seed).toBeNull();
    expect(test.studio.store.getState().session.runs[0]!.variants[0]!.seed).toBeNull();
    expect(test.studio.store.getState().draft.draft.seed).toBe(99);
  });

  it('sends a GIF, made whole rather than streamed, with its seed too', async () => {
    const test = createTestStudio();
    draftFor(test, { model: 'gpt-image-2.6-flare', output_format: 'gif', n: 2, seed: 500 });
    const running = test.studio.generate();
    const requests = await test.received(2);
    expect(requests.map((request) => request.kind)).toEqual(['whole', 'whole']);
    expect(sentSeeds(requests)).toEqual([500, 501]);
    for (const request of requests) request.fail(new Error('not needed here'));
    await running;
  });
});

describe('a seeded edit', () => {
  it('sends each variant its seed as multipart text, and the record keeps it in the same form', async () => {
    const test = createTestStudio();
    await photoInEditMode(test, { width: 640, height: 480 });
    test.studio.updateDraft({ n: 2, seed: 1200, variant_seeds: 'vary' });
    const running = test.studio.run();
    const requests = await test.received(2);
    expect(sentSeeds(requests)).toEqual(['1200', '1201']);
    await finishAll(test, running, requests);
    const stored = await storedVariants(test);
    expect(stored.map((variant) => [variant.kind, variant.seed, variant.params.seed])).toEqual([
      ['edit', 1200, '1200'],
      ['edit', 1201, '1201'],
    ]);
  });
});

describe('a stored seed', () => {
  it('comes back with Reuse: the seed that variant was sent with, and the designer’s way of varying it', async () => {
    const test = createTestStudio();
    await generated(test, { n: 3, seed: 10, variant_seeds: 'vary' });
    const third = (await storedVariants(test))[2]!;
    draftFor(test, { prompt: 'another idea', seed: null, variant_seeds: 'same' });
    test.studio.reuseSettings(third);
    expect(test.studio.store.getState().draft.draft).toMatchObject({
      prompt: PROMPT,
      seed: 12,
      n: 3,
      variant_seeds: 'same',
    });
  });

  it('comes back with "Edit this", for the one edit it starts', async () => {
    const test = createTestStudio();
    await generated(test, { seed: 3 });
    const [entry] = await test.storage.listGallery();
    test.studio.updateDraft({ seed: null });
    test.studio.editStoredImage(entry!.final!, entry!.variant);
    expect(test.studio.store.getState().draft.draft).toMatchObject({ seed: 3, n: 1 });
  });

  it('is on the runs a reload brings back, and in an export', async () => {
    const before = createTestStudio();
    await generated(before, { n: 2, seed: 4_294_967_295, variant_seeds: 'vary' });
    const after = createTestStudio(before);
    await after.studio.start();
    const [run] = after.studio.store.getState().session.runs;
    // Counting up past the largest seed wraps to 0, a seed every provider takes.
    expect(run!.variants.map((variant) => variant.seed)).toEqual([4_294_967_295, 0]);

    const { variants } = await readSessionZip(await after.studio.exportResults());
    expect(variants.map((variant) => variant.seed).sort()).toEqual([0, 4_294_967_295]);
  });

  it('is kept with the draft across a reload, with how variants are seeded', async () => {
    const before = createTestStudio();
    const stop = await before.studio.start();
    draftFor(before, { seed: 2024, variant_seeds: 'same' });
    stop();
    await before.studio.settled();
    const after = createTestStudio(before);
    await after.studio.start();
    expect(after.studio.store.getState().draft.draft).toMatchObject({ seed: 2024, variant_seeds: 'same' });
  });
});

/**
 * Background turns on the whole studio with its fake transport: a dropped stream and a reload re-attach with
 * `starting_after` the last stored event and lose no partial, cancel reaches upstream, and a response that
 * ended while the tab was away is stored or said. Every stream is held until the test answers it; stored
 * images are decoded to tell the partials and the final apart.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { RelayError } from '../api/relayError.ts';
import {
  STREAM_INCOMPLETE_CODE,
  createModelRegistry,
  validateGenerationBody,
  STUDIO_POLICY,
} from '../contract/index.ts';
import type { ResponseStreamEvent } from '../contract/responses.ts';
import { openTestStorage } from '../storage/testing/testStorage.ts';
import { backgroundByDefault } from '../state/draft.ts';
import { responseScript, type ResponseScript } from './testing/responseScript.ts';
import { createTestStudio, type TestStudio } from './testing/testStudio.ts';

type Disk = ReturnType<typeof openTestStorage>;

const isPartial = (event: ResponseStreamEvent) =>
  event.type === 'response.image_generation_call.partial_image';

/** The events up to and including the `count`th partial image. */
function upToPartial(script: ResponseScript, count: number): ResponseStreamEvent[] {
  let seen = 0;
  const end = script.events.findIndex((event) => isPartial(event) && ++seen === count);
  return script.events.slice(0, end + 1);
}

/** The red level of an image's first pixel: responseScript paints partial i with 40 + i, the final 200. */
async function shadeOf(blob: Blob): Promise<number> {
  const { data } = await sharp(Buffer.from(await blob.arrayBuffer()))
    .raw()
    .toBuffer({ resolveWithObject: true });
  return data[0]!;
}

/** The variant's stored images by role, partials in their order, each as its decoded shade. */
async function storedShades(disk: Disk, variantId: string) {
  const images = await disk.db.images.where('variantId').equals(variantId).toArray();
  const partials = images.filter((image) => image.role === 'partial').sort((a, b) => a.sequence - b.sequence);
  const finals = images.filter((image) => image.role === 'final');
  return {
    partials: await Promise.all(partials.map((image) => shadeOf(image.blob))),
    sequences: partials.map((image) => image.sequence),
    finals: await Promise.all(finals.map((image) => shadeOf(image.blob))),
  };
}

function studioOn(disk: Disk): TestStudio {
  const test = createTestStudio(disk);
  test.studio.updateDraft({ model: 'gpt-image-2.5-flare', quality: 'low', size: '1024x1024' });
  return test;
}

/** Starts a background turn with three partials coming; resolves with its held stream and its script. */
async function backgroundTurn(test: TestStudio) {
  const running = test.studio.startConversation('a tall ship at dawn', { background: true });
  const [held] = await test.receivedResponses(1);
  const script = await responseScript(held!.body, {
    action: 'generate',
    revisedPrompt: 'A tall ship at dawn.',
    partials: 3,
  });
  return { running, held: held!, script };
}

const onlyVariant = async (test: TestStudio) => (await test.storage.listVariants()).at(-1)!;

/**
 * A background turn whose tab goes after `partials` partials are stored, and the next tab started on the
 * same storage: resolves once that tab has re-attached.
 */
async function cutOffByReload(partials: number, beforeReload?: (first: TestStudio) => Promise<void>) {
  const disk = openTestStorage();
  const first = studioOn(disk);
  await first.studio.start();
  const { held, script } = await backgroundTurn(first);
  const before = upToPartial(script, partials);
  for (const event of before) held.send(event);
  await first.studio.settled();
  const cutOff = await onlyVariant(first);
  await beforeReload?.(first);
  const next = studioOn(disk);
  await next.studio.start();
  const [resume] = await next.receivedResumes(1);
  return { disk, script, before, cutOff, next, resume: resume! };
}

describe('a background turn', () => {
  it('goes with background and store, and is offered by default for long renders only', () => {
    const registry = createModelRegistry([]);
    const request = (fields: Record<string, unknown>) => {
      const checked = validateGenerationBody(
        { model: 'gpt-image-2.5-flare', prompt: 'a kite', ...fields },
        registry,
        STUDIO_POLICY,
      );
      if (!checked.ok) throw new Error(checked.error.body.error.message);
      return checked.value;
    };
    expect(backgroundByDefault(request({ quality: 'low', size: '1024x1024' }))).toBe(false);
    expect(backgroundByDefault(request({ quality: 'auto', size: 'auto' }))).toBe(false);
    expect(backgroundByDefault(request({ quality: 'high', size: '1024x1024' }))).toBe(true);
    expect(backgroundByDefault(request({ quality: 'low', size: '3840x2160' }))).toBe(true);
    expect(backgroundByDefault(request({ quality: 'low', size: '2048x1152' }))).toBe(false);
  });

  it('re-attaches after a dropped stream from the last event and ends with every partial once', async () => {
    const disk = openTestStorage();
    const test = studioOn(disk);
    const { running, held, script } = await backgroundTurn(test);
    expect(held.body).toMatchObject({ background: true, store: true });
    const before = upToPartial(script, 1);
    for (const event of before) held.send(event);
    held.fail(new TypeError('network error'));

    const [resume] = await test.receivedResumes(1);
    expect(resume).toMatchObject({ id: script.id, startingAfter: before.at(-1)!.sequence_number });
    // Re-attached: still running, and the record says so for the turn card.
    const [shown] = test.studio.store.getState().session.runs;
    expect(shown!.variants[0]).toMatchObject({ status: 'streaming', partialCount: 1 });
    await test.studio.settled();
    expect((await onlyVariant(test)).conversation?.reattachedAt).not.toBeNull();
    for (const event of script.events.slice(before.length)) resume!.send(event);
    resume!.finish(script.completed);
    await running;
    await test.studio.settled();

    const variant = await onlyVariant(test);
    expect(variant.status).toBe('done');
    expect(variant.conversation).toMatchObject({
      responseId: script.id,
      background: true,
      lastSequenceNumber: script.events.at(-1)!.sequence_number,
    });
    expect(variant.conversation!.reattachedAt).not.toBeNull();
    expect(await storedShades(disk, variant.id)).toEqual({
      partials: [40, 41, 42],
      sequences: [1, 2, 3],
      finals: [200],
    });
  });

  it('re-attaches after a reload from the sequence number stored with the last partial, and completes', async () => {
    const { disk, script, before, cutOff, next, resume } = await cutOffByReload(2);
    expect(cutOff.conversation?.lastSequenceNumber).toBe(before.at(-1)!.sequence_number);
    // The next tab finds the run still rendering upstream, and shows it so.
    expect(resume).toMatchObject({ id: script.id, startingAfter: before.at(-1)!.sequence_number });
    expect((await onlyVariant(next)).status).toBe('streaming');
    const [shown] = next.studio.store.getState().session.runs;
    expect(shown!.variants[0]).toMatchObject({ id: cutOff.id, status: 'streaming', partialCount: 2 });

    for (const event of script.events.slice(before.length)) resume.send(event);
    resume.finish(script.completed);
    await expect.poll(async () => (await onlyVariant(next)).status).toBe('done');
    await next.studio.settled();
    expect(next.studio.store.getState().session.runs[0]!.variants[0]!.status).toBe('done');
    expect(await storedShades(disk, cutOff.id)).toEqual({
      partials: [40, 41, 42],
      sequences: [1, 2, 3],
      finals: [200],
    });
    const stored = await onlyVariant(next);
    // The run became the new tab's, so a third tab does not take it for a cut-off stream.
    expect(stored.tabId).not.toBe(cutOff.tabId);
    expect(stored.costDollars).toBeGreaterThan(0);
  });

  it('re-attaches to both images of a run sent through the Responses API side by side after a reload', async () => {
    const disk = openTestStorage();
    const first = studioOn(disk);
    await first.studio.start();
    first.studio.updateDraft({ prompt: 'two kites', n: 2, api: 'responses', keep_rendering: true });
    void first.studio.run();
    const held = await first.receivedResponses(2);
    const scripts = await Promise.all(
      held.map((response) =>
        responseScript(response.body, { action: 'generate', revisedPrompt: 'Two kites.', partials: 3 }),
      ),
    );
    const sent = scripts.map((script) => upToPartial(script, 1));
    held.forEach((response, index) => sent[index]!.forEach((event) => response.send(event)));
    await first.studio.settled();

    const next = studioOn(disk);
    await next.studio.start();
    // Both at once: neither waits for the other to end.
    const resumes = await next.receivedResumes(2);
    expect(new Set(resumes.map((resume) => resume.id))).toEqual(new Set(scripts.map((script) => script.id)));
    for (const resume of resumes) {
      const index = scripts.findIndex((script) => script.id === resume.id);
      expect(resume.startingAfter).toBe(sent[index]!.at(-1)!.sequence_number);
      for (const event of scripts[index]!.events.slice(sent[index]!.length)) resume.send(event);
      resume.finish(scripts[index]!.completed);
    }
    await expect
      .poll(async () => (await next.storage.listVariants()).map((variant) => variant.status))
      .toEqual(['done', 'done']);
    await next.studio.settled();
    for (const variant of await next.storage.listVariants()) {
      expect(await storedShades(disk, variant.id)).toEqual({
        partials: [40, 41, 42],
        sequences: [1, 2, 3],
        finals: [200],
      });
    }
  });

  it('stores a render that completed while the tab was away, taking no partial twice', async () => {
    // As if the page went between storing the partial and storing its sequence number.
    const { disk, script, cutOff, resume } = await cutOffByReload(1, async (first) => {
      const { id, conversation } = await onlyVariant(first);
      await first.storage.updateVariant(id, { conversation: { ...conversation!, lastSequenceNumber: 0 } });
    });
    expect(resume.startingAfter).toBe(0);
    // The replay: everything after event 0, the partial already stored among it, then the final at once.
    for (const event of script.events.slice(1)) resume.send(event);
    resume.finish(script.completed);
    await expect.poll(async () => (await disk.storage.getVariant(cutOff.id))?.status).toBe('done');
    await expect
      .poll(async () => storedShades(disk, cutOff.id))
      .toEqual({ partials: [40, 41, 42], sequences: [1, 2, 3], finals: [200] });
  });

  it('says so when the render was cancelled upstream while the tab was away', async () => {
    const { disk, script, cutOff, next, resume } = await cutOffByReload(1);
    // The relay replays nothing new and ends the stream: the response has ended some other way.
    resume.fail(
      new RelayError(0, 'The stream ended without a final image', { code: STREAM_INCOMPLETE_CODE }),
    );
    const [retrieval] = await next.receivedResponseCalls(1);
    expect(retrieval).toMatchObject({ kind: 'retrieve', id: script.id });
    retrieval!.answer({ ...script.completed, status: 'cancelled', output: [], usage: null });
    await expect.poll(async () => (await onlyVariant(next)).status).toBe('error');
    await next.studio.settled();
    expect((await onlyVariant(next)).error?.message).toMatch(/cancelled at the offline engine/);
    // The partial it made is kept.
    expect((await storedShades(disk, cutOff.id)).partials).toEqual([40]);
    expect(next.resumes).toHaveLength(1);
  });

  it('cancels upstream when the designer cancels, and keeps the partials', async () => {
    const disk = openTestStorage();
    const test = studioOn(disk);
    const { running, held, script } = await backgroundTurn(test);
    for (const event of upToPartial(script, 2)) held.send(event);
    test.studio.cancel();
    const [cancel] = await test.receivedResponseCalls(1);
    expect(cancel).toMatchObject({ kind: 'cancel', id: script.id });
    cancel!.answer({ ...script.completed, status: 'cancelled', output: [] });
    await running;
    await test.studio.settled();
    const variant = await onlyVariant(test);
    expect(variant.status).toBe('cancelled');
    expect(test.studio.store.getState().session.runs[0]!.variants[0]!.status).toBe('cancelled');
    expect(await storedShades(disk, variant.id)).toMatchObject({ partials: [40, 41], finals: [] });
    expect(test.resumes).toHaveLength(0);
  });

  it('leaves a foreground turn whose stream drops as failed: nothing renders on to re-attach to', async () => {
    const test = studioOn(openTestStorage());
    const running = test.studio.startConversation('a small boat', { background: false });
    const [held] = await test.receivedResponses(1);
    expect(held!.body.background).toBeUndefined();
    const script = await responseScript(held!.body, { action: 'generate', revisedPrompt: 'A small boat.' });
    for (const event of upToPartial(script, 1)) held!.send(event);
    held!.fail(new TypeError('network error'));
    await running;
    await test.studio.settled();
    expect((await onlyVariant(test)).status).toBe('error');
    expect(test.resumes).toHaveLength(0);
  });
});

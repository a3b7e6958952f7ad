/**
 * Conversation turns through the Responses API, on the whole studio with its fake transport: what each turn
 * sends, how its stream becomes a variant of the lineage with its response ids, and what a turn does when
 * the response it continues is no longer known upstream. Every stream is held until the test answers it.
 */
import { describe, expect, it } from 'vitest';
import { RelayError } from '../api/relayError.ts';
import type { MaskOperation } from '../state/mask.ts';
import { latestNotice } from '../state/noticesSlice.ts';
import type { HeldResponse } from './testing/fakeTransport.ts';
import { responseScript, type ScriptedAnswer } from './testing/responseScript.ts';
import { createTestStudio, photoInEditMode, type TestStudio } from './testing/testStudio.ts';

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** Answers a held turn as the API streams one: created, two partials, the item, completed with both usages. */
async function answer(held: HeldResponse, reply: ScriptedAnswer) {
  const { id, itemId, events, completed } = await responseScript(held.body, reply);
  for (const event of events) held.send(event);
  held.finish(completed);
  return { id, itemId };
}

function lowQualityDraft(test: TestStudio) {
  test.studio.updateDraft({ model: 'gpt-image-2.5-flare', quality: 'low', size: '1024x1024' });
}

/** Sends a turn and answers it; resolves with the stored variant of the turn. */
async function turn(test: TestStudio, start: () => Promise<void>, reply: ScriptedAnswer) {
  const before = test.responses.length;
  const running = start();
  const [held] = (await test.receivedResponses(before + 1)).slice(before);
  const ids = await answer(held!, reply);
  await running;
  await test.studio.settled();
  const newest = (await test.storage.listVariants()).at(-1)!;
  const [entry] = await test.storage.galleryEntries([newest.id]);
  return { held: held!, entry: entry!, ...ids };
}

describe('a conversation', () => {
  it('starts with the image tool built from the draft, and keeps the turn with its ids and both usages', async () => {
    const test = createTestStudio();
    lowQualityDraft(test);
    const first = await turn(test, () => test.studio.startConversation('a quiet harbour'), {
      action: 'generate',
      revisedPrompt: 'A quiet harbour. Rendered as a square image.',
    });
    expect(first.held.body).toMatchObject({
      model: 'gpt-5.4',
      store: true,
      tool_choice: { type: 'image_generation' },
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'a quiet harbour' }] }],
      tools: [
        {
          type: 'image_generation',
          model: 'gpt-image-2.5-flare',
          size: '1024x1024',
          quality: 'low',
          output_format: 'png',
          partial_images: 2,
        },
      ],
    });
    expect(first.held.body.previous_response_id).toBeUndefined();
    const { variant, final } = first.entry;
    expect(variant).toMatchObject({ status: 'done', kind: 'generation', parentImageId: null });
    expect(variant.conversation).toMatchObject({
      parentTurnId: null,
      words: 'a quiet harbour',
      mainlineModel: 'gpt-5.4',
      responseId: first.id,
      imageCallId: first.itemId,
      revisedPrompt: 'A quiet harbour. Rendered as a square image.',
      action: 'generate',
      mainlineUsage: { inputTokens: 80, outputTokens: 30 },
      toolUsageReported: true,
      resentWhole: false,
    });
    // The image tool's tokens are the variant's usage, priced as the image model's.
    expect(variant.usage).toEqual({ textInputTokens: 40, imageInputTokens: 0, outputTokens: 196 });
    expect(variant.costDollars).toBeGreaterThan(0);
    expect(final).not.toBeNull();
    // The session shows it as a run of its own, its partials and final received.
    const [shown] = test.studio.store.getState().session.runs;
    expect(shown!.variants[0]).toMatchObject({ id: variant.id, status: 'done', partialCount: 2 });

    // A reload finds the turn as it was.
    const reloaded = createTestStudio(test);
    expect((await reloaded.storage.getVariant(variant.id))?.conversation).toEqual(variant.conversation);
  });

  it('continues the newest turn and branches from an earlier one, each a lineage child of its parent', async () => {
    const test = createTestStudio();
    lowQualityDraft(test);
    const first = await turn(test, () => test.studio.startConversation('a quiet harbour'), {
      action: 'generate',
      revisedPrompt: 'A quiet harbour.',
    });
    const night = await turn(test, () => test.studio.continueFrom(first.entry.variant.id, 'make it night'), {
      action: 'edit',
      revisedPrompt: 'Edit the image of a quiet harbour: Make it night.',
      shade: 20,
    });
    expect(night.held.body.previous_response_id).toBe(first.id);
    expect(night.entry.variant).toMatchObject({ kind: 'edit', parentImageId: first.entry.final!.id });
    expect(night.entry.variant.conversation).toMatchObject({
      conversationId: first.entry.variant.conversation!.conversationId,
      parentTurnId: first.entry.variant.id,
      previousResponseId: first.id,
      action: 'edit',
    });

    const branch = await turn(
      test,
      () => test.studio.continueFrom(first.entry.variant.id, 'add a red boat'),
      {
        action: 'edit',
        revisedPrompt: 'Edit the image of a quiet harbour: Add a red boat.',
      },
    );
    expect(branch.held.body.previous_response_id).toBe(first.id);
    expect(branch.entry.variant.parentImageId).toBe(first.entry.final!.id);
    expect(branch.entry.variant.conversation?.parentTurnId).toBe(first.entry.variant.id);
  });

  it('sends the image and words again when the continued response is no longer known, and says so', async () => {
    const test = createTestStudio();
    lowQualityDraft(test);
    const first = await turn(test, () => test.studio.startConversation('a blue kite'), {
      action: 'generate',
      revisedPrompt: 'A blue kite.',
    });
    const running = test.studio.continueFrom(first.entry.variant.id, 'add a long tail');
    const [, refused] = await test.receivedResponses(2);
    expect(refused!.body.previous_response_id).toBe(first.id);
    refused!.fail(
      new RelayError(400, `Previous response with id '${first.id}' not found.`, {
        param: 'previous_response_id',
        code: 'previous_response_not_found',
      }),
    );
    const [, , resent] = await test.receivedResponses(3);
    expect(resent!.body.previous_response_id).toBeUndefined();
    const [earlier, words] = resent!.body.input[0]!.content;
    expect(earlier).toMatchObject({ type: 'input_image' });
    const finalBytes = new Uint8Array(await first.entry.final!.blob.arrayBuffer());
    expect(earlier!.type === 'input_image' && earlier!.image_url).toBe(
      `data:image/png;base64,${base64(finalBytes)}`,
    );
    expect(words).toEqual({ type: 'input_text', text: 'add a long tail' });
    await answer(resent!, { action: 'edit', revisedPrompt: 'Edit the image: Add a long tail.' });
    await running;
    await test.studio.settled();
    const variant = (await test.storage.listVariants()).at(-1)!;
    expect(variant).toMatchObject({ status: 'done', parentImageId: first.entry.final!.id });
    expect(variant.conversation).toMatchObject({ resentWhole: true, previousResponseId: null });
  });

  it('attaches the board images and the mask on the first as input_image_mask when asked', async () => {
    const test = createTestStudio();
    await photoInEditMode(test, { width: 1024, height: 1024 });
    lowQualityDraft(test);
    const stroke: MaskOperation = { kind: 'stroke', id: 'dab', points: [500, 500], size: 200, mode: 'paint' };
    test.studio.store.getState().mask.commit(stroke);
    const running = test.studio.startConversation('a brass lion instead', {
      attachBoard: true,
      attachMask: true,
    });
    const [held] = await test.receivedResponses(1);
    const [image, words] = held!.body.input[0]!.content;
    expect(image).toMatchObject({ type: 'input_image' });
    expect(image!.type === 'input_image' && image!.image_url).toMatch(/^data:image\/png;base64,/);
    expect(words).toEqual({ type: 'input_text', text: 'a brass lion instead' });
    expect(held!.body.tools[0]!.input_image_mask?.image_url).toMatch(/^data:image\/png;base64,/);
    await answer(held!, { action: 'edit', revisedPrompt: 'Edit the image: A brass lion instead.' });
    await running;
    await test.studio.settled();
    const variant = (await test.storage.listVariants()).at(-1)!;
    expect(variant.inputImageIds).toHaveLength(1);
    expect(variant.maskImageId).not.toBeNull();
    expect(variant.conversation).toMatchObject({ attachedBoard: true, attachedMask: true });
  });

  it('refuses before sending: no words, a format the tool cannot make, a mask without its image', async () => {
    const test = createTestStudio();
    lowQualityDraft(test);
    await test.studio.startConversation('   ');
    expect(test.studio.store.getState().session.problem?.param).toBe('prompt');
    test.studio.updateDraft({ output_format: 'gif' });
    await test.studio.startConversation('a spinning top');
    // Said on the draft's own field, as the Images API's refusals are.
    expect(test.studio.store.getState().session.problem).toMatchObject({
      param: 'output_format',
      message: expect.stringContaining("Invalid value: 'gif'"),
    });
    test.studio.updateDraft({ output_format: 'png' });
    await test.studio.startConversation('a spinning top', { attachMask: true });
    expect(test.studio.store.getState().session.problem?.param).toBe('mask');
    expect(test.responses).toHaveLength(0);
  });
});

describe('a run through the Responses API, chosen in the draft', () => {
  it('sends each of n images as its own response side by side, each the first turn of its own conversation', async () => {
    const test = createTestStudio();
    lowQualityDraft(test);
    test.studio.updateDraft({
      prompt: 'a lighthouse at dusk',
      n: 2,
      api: 'responses',
      mainline_model: 'gpt-5.6-terra',
    });
    const running = test.studio.run();
    const held = await test.receivedResponses(2);
    for (const response of held) {
      expect(response.body).toMatchObject({
        model: 'gpt-5.6-terra',
        input: [{ role: 'user', content: [{ type: 'input_text', text: 'a lighthouse at dusk' }] }],
        tools: [
          { type: 'image_generation', model: 'gpt-image-2.5-flare', size: '1024x1024', quality: 'low' },
        ],
      });
      expect(response.body.background).toBeUndefined();
    }
    // Both stream at once: the second is answered before the first.
    await answer(held[1]!, { action: 'generate', revisedPrompt: 'A lighthouse at dusk, second.' });
    await answer(held[0]!, { action: 'generate', revisedPrompt: 'A lighthouse at dusk, first.' });
    await running;
    await test.studio.settled();
    const variants = await test.storage.listVariants();
    expect(variants.map((variant) => [variant.variantIndex, variant.status])).toEqual([
      [0, 'done'],
      [1, 'done'],
    ]);
    expect(new Set(variants.map((variant) => variant.runId)).size).toBe(1);
    const turns = variants.map((variant) => variant.conversation!);
    expect(turns.map((turn) => turn.revisedPrompt)).toEqual([
      'A lighthouse at dusk, first.',
      'A lighthouse at dusk, second.',
    ]);
    expect(new Set(turns.map((turn) => turn.conversationId)).size).toBe(2);
    expect(turns.every((turn) => turn.responseId && turn.parentTurnId === null)).toBe(true);
    // Stored without the megabytes of the images sent.
    expect(Object.keys(variants[0]!.params).some((name) => name.includes('image_url'))).toBe(false);
  });

  it('in Edit sends the board’s first image with the mask painted on it, as a background response when asked', async () => {
    const test = createTestStudio();
    await photoInEditMode(test, { width: 1024, height: 1024 });
    lowQualityDraft(test);
    test.studio.updateDraft({ prompt: 'a brass lion instead', api: 'responses', keep_rendering: true });
    const stroke: MaskOperation = { kind: 'stroke', id: 'dab', points: [500, 500], size: 200, mode: 'paint' };
    test.studio.store.getState().mask.commit(stroke);
    const running = test.studio.run();
    const [held] = await test.receivedResponses(1);
    expect(held!.body.background).toBe(true);
    expect(held!.body.input[0]!.content.map((part) => part.type)).toEqual(['input_image', 'input_text']);
    expect(held!.body.tools[0]!.input_image_mask?.image_url).toMatch(/^data:image\/png;base64,/);
    await answer(held!, { action: 'edit', revisedPrompt: 'Edit the image: A brass lion instead.' });
    await running;
    await test.studio.settled();
    const [variant] = await test.storage.listVariants();
    expect(variant).toMatchObject({ kind: 'edit', status: 'done' });
    expect(variant!.conversation).toMatchObject({
      attachedBoard: true,
      attachedMask: true,
      background: true,
    });
  });

  it('puts a turn back into the draft as a Responses run of its image model, not of the mainline model', async () => {
    const test = createTestStudio();
    lowQualityDraft(test);
    const first = await turn(
      test,
      () => test.studio.startConversation('a paper crane', { mainlineModel: 'gpt-5.6-terra' }),
      {
        action: 'generate',
        revisedPrompt: 'A paper crane.',
      },
    );
    test.studio.updateDraft({ model: 'gpt-image-2', quality: 'high', prompt: 'something else' });
    test.studio.reuseSettings(first.entry.variant);
    expect(test.studio.store.getState().draft.draft).toMatchObject({
      prompt: 'a paper crane',
      model: 'gpt-image-2.5-flare',
      quality: 'low',
      size: '1024x1024',
      api: 'responses',
      mainline_model: 'gpt-5.6-terra',
    });
  });

  it('goes back to the Images API, saying why, on a model whose provider has no Responses API', async () => {
    const test = createTestStudio();
    const config = test.studio.store.getState().relay.config!;
    const gateway = { id: 'tasks', kind: 'task' as const, label: 'Task gateway', host: 'tasks.example' };
    const model = {
      ...config.models[0]!,
      id: 'tasks/gpt-image-2',
      provider: { id: 'tasks', label: 'Task gateway' },
    };
    test.studio.configure({
      ...config,
      providers: [...config.providers, gateway],
      models: [...config.models, model],
    });
    test.studio.updateDraft({ api: 'responses' });
    expect(test.studio.store.getState().draft.draft.api).toBe('responses');
    test.studio.updateDraft({ model: 'tasks/gpt-image-2' });
    expect(test.studio.store.getState().draft.draft.api).toBe('images');
    expect(latestNotice(test.studio.store.getState().notices.notices, 'draft')?.text).toMatch(
      /Task gateway has no Responses API/,
    );
  });
});

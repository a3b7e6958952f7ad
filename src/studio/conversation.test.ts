/**
 * Conversation turns through the Responses API, on the whole studio with its fake transport: what each turn
 * sends, how its stream becomes a variant of the lineage with its response ids, and what a turn does when
 * the response it continues is no longer known upstream. Every stream is held until the test answers it.
 */
import { describe, expect, it } from 'vitest';
import { RelayError } from '../api/relayError.ts';
import type { ResponseObject, ResponseStreamEvent } from '../contract/responses.ts';
import type { MaskOperation } from '../state/mask.ts';
import type { HeldResponse } from './testing/fakeTransport.ts';
import { createTestStudio, photoInEditMode, pngBytes, type TestStudio } from './testing/testStudio.ts';

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

interface Answer {
  action: 'generate' | 'edit';
  revisedPrompt: string;
  shade?: number;
}

/** Answers a held turn as the API streams one: created, two partials, the item, completed with both usages. */
async function answer(held: HeldResponse, { action, revisedPrompt, shade = 200 }: Answer) {
  const id = `resp_${crypto.randomUUID().replaceAll('-', '')}`;
  const itemId = `ig_${crypto.randomUUID().replaceAll('-', '')}`;
  const response: ResponseObject = {
    id,
    object: 'response',
    created_at: 1_700_000_000,
    completed_at: null,
    status: 'in_progress',
    background: false,
    model: held.body.model,
    previous_response_id: held.body.previous_response_id ?? null,
    store: true,
    output: [],
    output_text: '',
    error: null,
    incomplete_details: null,
    instructions: null,
    metadata: {},
    parallel_tool_calls: true,
    temperature: 1,
    top_p: 1,
    tool_choice: held.body.tool_choice,
    tools: held.body.tools,
    usage: null,
  };
  let sequence = 0;
  type Unsequenced = ResponseStreamEvent extends infer Event
    ? Event extends unknown
      ? Omit<Event, 'sequence_number'>
      : never
    : never;
  const send = (event: Unsequenced) =>
    held.send({ ...event, sequence_number: sequence++ } as ResponseStreamEvent);
  send({ type: 'response.created', response: { ...response } });
  for (const index of [0, 1]) {
    send({
      type: 'response.image_generation_call.partial_image',
      output_index: 0,
      item_id: itemId,
      partial_image_b64: base64(await pngBytes(1024, 1024, 40 + index)),
      partial_image_index: index,
      size: '1024x1024',
      quality: 'low',
      background: 'opaque',
      output_format: 'png',
    });
  }
  const item = {
    type: 'image_generation_call' as const,
    id: itemId,
    status: 'completed' as const,
    result: base64(await pngBytes(1024, 1024, shade)),
    action,
    revised_prompt: revisedPrompt,
    size: '1024x1024',
    quality: 'low' as const,
    background: 'opaque' as const,
    output_format: 'png',
  };
  send({ type: 'response.output_item.done', output_index: 0, item });
  const completed: ResponseObject = {
    ...response,
    status: 'completed',
    completed_at: 1_700_000_010,
    output: [item],
    usage: {
      input_tokens: 80,
      input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
      output_tokens: 30,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: 110,
    },
    tool_usage: {
      image_gen: {
        input_tokens: 40,
        input_tokens_details: { text_tokens: 40, image_tokens: 0 },
        output_tokens: 196,
        total_tokens: 236,
      },
    },
  };
  send({ type: 'response.completed', response: completed });
  held.finish(completed);
  return { id, itemId };
}

function lowQualityDraft(test: TestStudio) {
  test.studio.updateDraft({ model: 'gpt-image-2.5-flare', quality: 'low', size: '1024x1024' });
}

/** Sends a turn and answers it; resolves with the stored variant of the turn. */
async function turn(test: TestStudio, start: () => Promise<void>, reply: Answer) {
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
    expect(test.studio.store.getState().session.problem?.param).toBe('tools[0].output_format');
    test.studio.updateDraft({ output_format: 'png' });
    await test.studio.startConversation('a spinning top', { attachMask: true });
    expect(test.studio.store.getState().session.problem?.param).toBe('mask');
    expect(test.responses).toHaveLength(0);
  });
});

/**
 * One turn's Responses stream as the API sends it (openai-images-2026-12.md §6.3), for the studio's tests to
 * play into a held request: created (and queued, for a background response), the partial images, the image
 * item, completed with both usages; numbered from 0. Every image is real PNG bytes.
 */
import type { ResponsesBody } from '../../api/responses.ts';
import type { ResponseObject, ResponseStreamEvent } from '../../contract/responses.ts';
import { pngBytes } from './testStudio.ts';

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

export interface ScriptedAnswer {
  action: 'generate' | 'edit';
  revisedPrompt: string;
  /** The final's flat colour. */
  shade?: number;
  /** How many partial images come before the final (2 unless said). */
  partials?: number;
}

export interface ResponseScript {
  id: string;
  itemId: string;
  /** Every event, in order, each with its `sequence_number`. */
  events: ResponseStreamEvent[];
  /** The response as `response.completed` carries it: what a finished stream resolves with. */
  completed: ResponseObject;
}

type Unsequenced = ResponseStreamEvent extends infer Event
  ? Event extends unknown
    ? Omit<Event, 'sequence_number'>
    : never
  : never;

export async function responseScript(
  body: ResponsesBody,
  { action, revisedPrompt, shade = 200, partials = 2 }: ScriptedAnswer,
): Promise<ResponseScript> {
  const id = `resp_${crypto.randomUUID().replaceAll('-', '')}`;
  const itemId = `ig_${crypto.randomUUID().replaceAll('-', '')}`;
  const background = body.background === true;
  const response: ResponseObject = {
    id,
    object: 'response',
    created_at: 1_700_000_000,
    completed_at: null,
    status: background ? 'queued' : 'in_progress',
    background,
    model: body.model,
    previous_response_id: body.previous_response_id ?? null,
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
    tool_choice: body.tool_choice,
    tools: body.tools,
    usage: null,
  };
  const events: ResponseStreamEvent[] = [];
  const add = (event: Unsequenced) =>
    events.push({ ...event, sequence_number: events.length } as ResponseStreamEvent);
  add({ type: 'response.created', response: { ...response } });
  if (background) add({ type: 'response.queued', response: { ...response } });
  for (let index = 0; index < partials; index += 1) {
    add({
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
  add({ type: 'response.output_item.done', output_index: 0, item });
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
  add({ type: 'response.completed', response: completed });
  return { id, itemId, events, completed };
}

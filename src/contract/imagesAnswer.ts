/**
 * One JSON answer to a streamed request, as the stream the client asked for. Some gateways ignore `stream`
 * and answer with an ImagesResponse (openai-images.md §2c); the SDKs read any 200 to a streamed request as
 * SSE without looking at its type (§1), so passing that JSON on would end their stream silently, with no
 * image. Instead each image becomes the `*.completed` event the API would have streamed (§2d). Adapters for
 * upstreams that only answer whole also use this to stream their answers, and the studio reads its own
 * unstreamed runs (GIF, SVG) through it, so every image reaches it as the same event.
 */
// zod/mini as in requests.ts: this module is in the studio's first load, and no zod message reaches a reader.
import { z } from 'zod/mini';
import {
  BACKGROUNDS,
  OUTPUT_FORMATS,
  QUALITIES,
  accept,
  apiError,
  isApiErrorBody,
  refuse,
  type Checked,
  type CompletedImageEvent,
  type ImageRequest,
  type ImageStreamKind,
  type ImagesUsage,
} from './index.ts';

/**
 * A JSON answer is read whole before it is translated. Ten 4K PNGs in base64 are about 80 MB, but a
 * streamed request is one image in practice (the studio streams each variant on its own), and a body
 * far beyond this is not an image answer at all.
 */
export const MAX_JSON_ANSWER_BYTES = 64 * 1024 * 1024;

/** The usage of an image whose maker reports no tokens (an answer without usage, a credit-billed provider). */
export const ZERO_USAGE: ImagesUsage = {
  input_tokens: 0,
  input_tokens_details: { image_tokens: 0, text_tokens: 0 },
  output_tokens: 0,
  total_tokens: 0,
};

const TokenSplit = z.object({ image_tokens: z.number(), text_tokens: z.number() });

/**
 * Only the images are required: a gateway that ignores `stream` may be loose with the rest too, and a field
 * it leaves out (or fills with something the API never sends) is taken from the request instead.
 */
const JsonAnswer = z.object({
  created: z.catch(z.number(), () => Math.floor(Date.now() / 1000)),
  data: z.array(z.object({ b64_json: z.string() })).check(z.minLength(1)),
  size: z.catch(z.optional(z.string()), undefined),
  quality: z.catch(z.optional(z.enum(QUALITIES)), undefined),
  background: z.catch(z.optional(z.enum(BACKGROUNDS)), undefined),
  output_format: z.catch(z.optional(z.enum(OUTPUT_FORMATS)), undefined),
  usage: z.catch(
    z.optional(
      z.object({
        input_tokens: z.number(),
        input_tokens_details: TokenSplit,
        output_tokens: z.number(),
        total_tokens: z.number(),
        output_tokens_details: z.optional(TokenSplit),
      }),
    ),
    undefined,
  ),
});

/**
 * The completed events for the images in `body` (the JSON text), or the error to end the stream with.
 * `upstream` names the sender in messages.
 */
export function completedEventsFromJson(
  body: string,
  request: ImageRequest,
  upstream: string,
): Checked<CompletedImageEvent[]> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
  return completedEventsFromAnswer(json, request, upstream);
}

/** The same for an answer already parsed (one whose result links the relay has replaced by their bytes). */
export function completedEventsFromAnswer(
  json: unknown,
  request: ImageRequest,
  upstream: string,
): Checked<CompletedImageEvent[]> {
  // A gateway that answers an error with status 200: its error, as the error frame the SDKs raise.
  if (isApiErrorBody(json)) return refuse({ status: 502, body: json });
  const parsed = JsonAnswer.safeParse(json);
  if (!parsed.success) {
    return refuse(
      apiError(502, `${upstream} answered the streamed request with a body that holds no image.`, {
        type: 'upstream_error',
        code: 'upstream_invalid_answer',
      }),
    );
  }
  const answer = parsed.data;
  const kind: ImageStreamKind = request.kind === 'edit' ? 'image_edit' : 'image_generation';
  return accept(
    answer.data.map((image, index): CompletedImageEvent => ({
      type: `${kind}.completed`,
      b64_json: image.b64_json,
      created_at: answer.created,
      size: answer.size ?? request.size,
      quality: answer.quality ?? request.quality,
      background: answer.background ?? request.background,
      output_format: answer.output_format ?? request.outputFormat,
      // The answer's usage covers all of its images. It goes with the first, so a client that adds up
      // the usage of each image's event (as the studio does) arrives at the total, not n times it.
      usage: (index === 0 ? answer.usage : undefined) ?? ZERO_USAGE,
    })),
  );
}

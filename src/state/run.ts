/**
 * One generation run as pure data and the transitions the stream drives. Images are referenced by URL
 * (object URLs in the browser) so the state never holds megabytes of base64.
 */
import {
  costInDollars,
  isCompletedImageEvent,
  type ImageRequest,
  type ImageStreamEvent,
  type ImagesUsage,
  type OutputFormat,
  type TokenUsage,
} from '../contract/index.ts';

export type RunStatus = 'streaming' | 'done' | 'error' | 'cancelled';

export interface StudioImage {
  url: string;
  format: OutputFormat;
  /** The size the event reports (the requested size on partials, possibly `auto`). */
  size: string;
}

/** A refusal or failure in the API's terms, whether the relay or the studio's own check produced it. */
export interface RunProblem {
  message: string;
  /** The API parameter at fault (`size`, `background`, ...), or null. */
  param: string | null;
  code: string | null;
  status: number;
  requestId: string | null;
  retryAfter: number | null;
  /** True when the studio's own check refused the draft, so nothing reached the relay. */
  local: boolean;
}

export interface Run {
  id: string;
  status: RunStatus;
  /** The request as the contract validated it: defaults filled in, the model's capabilities attached. */
  request: ImageRequest;
  startedAt: number;
  finishedAt: number | null;
  /** The newest partial of the image being made; cleared when that image completes. */
  partial: StudioImage | null;
  partialCount: number;
  finals: StudioImage[];
  /** The usage each completed image reported, in the order of `finals`. */
  imageUsages: TokenUsage[];
  /** All of the run's usage so far. */
  usage: TokenUsage | null;
  error: RunProblem | null;
}

export function startRun(id: string, request: ImageRequest, now: number): Run {
  return {
    id,
    status: 'streaming',
    request,
    startedAt: now,
    finishedAt: null,
    partial: null,
    partialCount: 0,
    finals: [],
    imageUsages: [],
    usage: null,
    error: null,
  };
}

function tokenUsage(usage: ImagesUsage): TokenUsage {
  return {
    textInputTokens: usage.input_tokens_details.text_tokens,
    imageInputTokens: usage.input_tokens_details.image_tokens,
    outputTokens: usage.output_tokens,
  };
}

function addUsage(total: TokenUsage | null, image: TokenUsage): TokenUsage {
  return {
    textInputTokens: (total?.textInputTokens ?? 0) + image.textInputTokens,
    imageInputTokens: (total?.imageInputTokens ?? 0) + image.imageInputTokens,
    outputTokens: (total?.outputTokens ?? 0) + image.outputTokens,
  };
}

/** A partial replaces the previous one in place; a completed image joins the finals. */
export function applyImageEvent(run: Run, event: ImageStreamEvent, image: StudioImage): Run {
  if (run.status !== 'streaming') return run;
  if (isCompletedImageEvent(event)) {
    const usage = tokenUsage(event.usage);
    return {
      ...run,
      partial: null,
      finals: [...run.finals, image],
      imageUsages: [...run.imageUsages, usage],
      usage: addUsage(run.usage, usage),
    };
  }
  return { ...run, partial: image, partialCount: run.partialCount + 1 };
}

export function finishRun(run: Run, now: number): Run {
  return run.status === 'streaming' ? { ...run, status: 'done', finishedAt: now } : run;
}

/** What was already received stays: a failed or cancelled run keeps its partial and finals. */
export function failRun(run: Run, problem: RunProblem, now: number): Run {
  return run.status === 'streaming' ? { ...run, status: 'error', finishedAt: now, error: problem } : run;
}

export function cancelRun(run: Run, now: number): Run {
  return run.status === 'streaming' ? { ...run, status: 'cancelled', finishedAt: now } : run;
}

export function elapsedMs(run: Run, now: number): number {
  return (run.finishedAt ?? now) - run.startedAt;
}

/** What the run's images cost at the model's prices, once usage has been reported. */
export function runCostInDollars(run: Run): number | null {
  return run.usage ? costInDollars(run.request.model.pricing, run.usage) : null;
}

/** What each completed image cost by its own usage (the first carries the request's input tokens). */
export function imageCostsInDollars(run: Run): number[] {
  return run.imageUsages.map((usage) => costInDollars(run.request.model.pricing, usage));
}

/** The image to show large: the newest final, else the partial in progress. */
export function leadImage(run: Run): StudioImage | null {
  return run.finals.at(-1) ?? run.partial;
}

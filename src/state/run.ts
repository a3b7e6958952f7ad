/**
 * One run as pure data and the transitions its streams drive. A run of n images fans out into n
 * single-image streams (how the API interleaves several images in one stream is undocumented), each a
 * variant with its own partials, final, usage and fate. Images are referenced by URL (object URLs in the
 * browser) so the state never holds megabytes of base64.
 */
import {
  isCompletedImageEvent,
  variantBill,
  type ImageRequest,
  type ImageStreamEvent,
  type ImagesUsage,
  type OutputFormat,
  type Problem,
  type ProviderProgressEvent,
  type TokenUsage,
} from '../contract/index.ts';
import type { VariantStatus } from '../storage/records.ts';

export interface StudioImage {
  /** The id it is stored under, for lineage ("edit this" points back at it). */
  id: string;
  url: string;
  format: OutputFormat;
  /** The size the event reports (the requested size on partials, possibly `auto`). */
  size: string;
}

/** One stream making one image; its id is the id of its stored variant record. */
export interface Variant {
  id: string;
  status: VariantStatus;
  /** The newest partial; kept when the stream ends without a final, so nothing paid for is lost. */
  partial: StudioImage | null;
  partialCount: number;
  final: StudioImage | null;
  usage: TokenUsage | null;
  error: Problem | null;
  finishedAt: number | null;
  /** The seed its request was sent with; null when none was (a random image, or a model without seeds). */
  seed: number | null;
  /** How far a provider that works before it answers (a task gateway) says it is; absent for others. */
  progress?: Pick<ProviderProgressEvent, 'stage' | 'progress'>;
  /**
   * Restored still rendering (a background response, re-attached to): what it costs is settled in this
   * visit, though its run is restored.
   */
  settlesHere?: boolean;
}

export interface Run {
  id: string;
  /** The request as the contract validated it, `n` being the number of variants. */
  request: ImageRequest;
  startedAt: number;
  variants: Variant[];
  /** Restored from storage rather than started in this page: not part of this session's spending. */
  restored: boolean;
}

export function startVariant(id: string, seed: number | null = null): Variant {
  return {
    id,
    status: 'streaming',
    partial: null,
    partialCount: 0,
    final: null,
    usage: null,
    error: null,
    finishedAt: null,
    seed,
  };
}

/** `seeds` are the variants' own, in their order (none: nothing was seeded). */
export function startRun(
  id: string,
  request: ImageRequest,
  variantIds: readonly string[],
  now: number,
  seeds: readonly (number | null)[] = [],
): Run {
  const variants = variantIds.map((variantId, index) => startVariant(variantId, seeds[index] ?? null));
  return { id, request, startedAt: now, variants, restored: false };
}

export function tokenUsage(usage: ImagesUsage): TokenUsage {
  return {
    textInputTokens: usage.input_tokens_details.text_tokens,
    imageInputTokens: usage.input_tokens_details.image_tokens,
    outputTokens: usage.output_tokens,
  };
}

export function addUsage(total: TokenUsage | null, more: TokenUsage): TokenUsage {
  return {
    textInputTokens: (total?.textInputTokens ?? 0) + more.textInputTokens,
    imageInputTokens: (total?.imageInputTokens ?? 0) + more.imageInputTokens,
    outputTokens: (total?.outputTokens ?? 0) + more.outputTokens,
  };
}

/** Only a streaming variant changes: an event that arrives after its end is ignored. */
function updateVariant(run: Run, variantId: string, change: (variant: Variant) => Variant): Run {
  const index = run.variants.findIndex((variant) => variant.id === variantId);
  if (run.variants[index]?.status !== 'streaming') return run;
  const variants = [...run.variants];
  variants[index] = change(variants[index]!);
  return { ...run, variants };
}

/** A partial replaces the previous one in place; the completed image becomes the variant's final. */
export function applyImageEvent(
  run: Run,
  variantId: string,
  event: ImageStreamEvent,
  image: StudioImage,
): Run {
  return updateVariant(run, variantId, (variant) =>
    isCompletedImageEvent(event)
      ? { ...variant, final: image, usage: addUsage(variant.usage, tokenUsage(event.usage)) }
      : { ...variant, partial: image, partialCount: variant.partialCount + 1 },
  );
}

/** The provider's newest word on how far it is: it replaces the one before. */
export function applyProgress(run: Run, variantId: string, { stage, progress }: ProviderProgressEvent): Run {
  return updateVariant(run, variantId, (variant) => ({ ...variant, progress: { stage, progress } }));
}

export function finishVariant(run: Run, variantId: string, now: number): Run {
  return updateVariant(run, variantId, (variant) => ({ ...variant, status: 'done', finishedAt: now }));
}

/** What was already received stays: a failed or cancelled variant keeps its partial. */
export function failVariant(run: Run, variantId: string, problem: Problem, now: number): Run {
  return updateVariant(run, variantId, (variant) => ({
    ...variant,
    status: 'error',
    finishedAt: now,
    error: problem,
  }));
}

export function cancelVariant(run: Run, variantId: string, now: number): Run {
  return updateVariant(run, variantId, (variant) => ({ ...variant, status: 'cancelled', finishedAt: now }));
}

/** Most telling first: any stream still running, then any image made, then why none was. */
const STATUS_PRECEDENCE: readonly VariantStatus[] = [
  'streaming',
  'done',
  'error',
  'interrupted',
  'cancelled',
];

export function runStatus(run: Run): VariantStatus {
  return STATUS_PRECEDENCE.find((status) => run.variants.some((variant) => variant.status === status))!;
}

/**
 * How long a variant or a run took, as the run driver measured it (from the request leaving to the final
 * arriving, the failure or the cancel) and storage keeps: the same figure live and after a reload.
 */
export type Elapsed =
  | { kind: 'running'; ms: number }
  | { kind: 'measured'; ms: number }
  /** Interrupted: the time up to the last image received; the stream may have gone on after that. */
  | { kind: 'atLeast'; ms: number }
  /** Interrupted before any image arrived: nothing says how long it ran. */
  | { kind: 'unknown' };

/** What the elapsed time is read from: a stored variant record, or a variant of a run and its start. */
export interface VariantTiming {
  status: VariantStatus;
  startedAt: number;
  finishedAt: number | null;
}

export function variantElapsed(timing: VariantTiming, now: number): Elapsed {
  const { status, startedAt, finishedAt } = timing;
  if (status === 'streaming' || finishedAt === null) return { kind: 'running', ms: now - startedAt };
  if (status !== 'interrupted') return { kind: 'measured', ms: finishedAt - startedAt };
  // Storage ends an interrupted variant at its newest image, or at its start when none had arrived.
  return finishedAt > startedAt ? { kind: 'atLeast', ms: finishedAt - startedAt } : { kind: 'unknown' };
}

/** A run takes as long as its slowest variant; all of them start when the run is sent. */
export function runElapsed(run: Run, now: number): Elapsed {
  const elapsed = run.variants.map((variant) =>
    variantElapsed({ status: variant.status, startedAt: run.startedAt, finishedAt: variant.finishedAt }, now),
  );
  const running = elapsed.find((each) => each.kind === 'running');
  if (running) return running;
  const known = elapsed.flatMap((each) => (each.kind === 'unknown' ? [] : [each]));
  if (known.length === 0) return { kind: 'unknown' };
  const ms = Math.max(...known.map((each) => each.ms));
  // An interrupted variant may have run on after what was seen of it.
  return elapsed.some((each) => each.kind !== 'measured')
    ? { kind: 'atLeast', ms }
    : { kind: 'measured', ms };
}

/** Variants that stopped without their usage (cancelled, or cut off by a reload): the API may bill them. */
export function mayStillBeBilled(variants: readonly Pick<Variant, 'status' | 'usage'>[]): boolean {
  return variants.some(
    (variant) =>
      (variant.status === 'cancelled' || variant.status === 'interrupted') && variant.usage === null,
  );
}

const OUTCOME_WORDS = { error: 'failed', interrupted: 'interrupted' } as const;

/**
 * What happened to the run, by what happened to its variants: "Done" only when every one made its image,
 * else "2 of 10 · 8 interrupted", "3 of 4 · 1 failed", "Cancelled · 1 of 4 done"; while streaming,
 * "Generating · 1 of 4 done".
 */
export function runLabel(run: Run): string {
  const count = (status: VariantStatus) => run.variants.filter((variant) => variant.status === status).length;
  const total = run.variants.length;
  const done = count('done');
  const failed = (['error', 'interrupted'] as const).filter((status) => count(status) > 0);
  const failures = failed.map((status) => `${count(status)} ${OUTCOME_WORDS[status]}`);
  if (count('streaming') > 0) {
    const verb = run.request.kind === 'edit' ? 'Editing' : 'Generating';
    return [verb, ...(total > 1 ? [`${done} of ${total} done`] : []), ...failures].join(' · ');
  }
  if (done === total) return 'Done';
  if (count('cancelled') > 0)
    return ['Cancelled', ...(done > 0 ? [`${done} of ${total} done`] : []), ...failures].join(' · ');
  // Only failures and interruptions are left: every variant ended one of those two ways.
  if (failed.length === 1 && done === 0) {
    const word = OUTCOME_WORDS[failed[0]!];
    return total === 1 ? capitalised(word) : `All ${total} ${word}`;
  }
  return [`${done} of ${total}`, ...failures].join(' · ');
}

const capitalised = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

export function runFinals(run: Run): StudioImage[] {
  return run.variants.flatMap((variant) => (variant.final ? [variant.final] : []));
}

/** The first failure among the variants, for the banner. */
export function runProblem(run: Run): Problem | null {
  return run.variants.find((variant) => variant.error)?.error ?? null;
}

/** All of the run's reported usage so far, or null before any. */
export function runUsage(run: Run): TokenUsage | null {
  return run.variants.reduce<TokenUsage | null>(
    (total, variant) => (variant.usage ? addUsage(total, variant.usage) : total),
    null,
  );
}

/** What the run's images were billed, once any was (see `variantCostsInDollars`). */
export function runCostInDollars(run: Run): number | null {
  const billed = variantCostsInDollars(run).filter((cost) => cost !== null);
  return billed.length === 0 ? null : billed.reduce((sum, cost) => sum + cost, 0);
}

/**
 * What each variant was billed (each is a request of its own, paying for its own input tokens, or its
 * provider's price for its image), null before there is anything to bill by.
 */
export function variantCostsInDollars(run: Run): (number | null)[] {
  return run.variants.map((variant) =>
    variantCostInDollars(run.request, { usage: variant.usage, delivered: variant.final !== null }),
  );
}

/** What one variant of `request` was billed (contract/cost.ts `variantBill`). */
export function variantCostInDollars(
  request: ImageRequest,
  variant: { usage: TokenUsage | null; delivered: boolean },
): number | null {
  return variantBill(request.model, {
    size: request.size,
    quality: request.quality,
    withReferences: request.kind === 'edit',
    ...variant,
  });
}

/** What a variant shows: its final, else its newest partial. */
export function variantImage(variant: Variant): StudioImage | null {
  return variant.final ?? variant.partial;
}

/** The image to show for the run as a whole: the first variant with anything to show. */
export function leadImage(run: Run): StudioImage | null {
  const finals = runFinals(run);
  if (finals.length > 0) return finals[0]!;
  return run.variants.map(variantImage).find((image) => image !== null) ?? null;
}

/** A run stays on show while any of its variants has not been deleted. */
export function isShown(run: Run, deletedVariantIds: ReadonlySet<string>): boolean {
  return run.variants.some((variant) => !deletedVariantIds.has(variant.id));
}

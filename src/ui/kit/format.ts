import { parseSize, type Dimensions, type OutputFormat, type Quality } from '../../contract/index.ts';
import type { Elapsed } from '../../state/run.ts';
import type { VariantStatus } from '../../storage/records.ts';
import type { BadgeTone } from './Badge.tsx';

/** Plain names for the API's parameters, used when a refusal names the field at fault. */
export const PARAM_LABELS: Readonly<Record<string, string>> = {
  prompt: 'Prompt',
  model: 'Model',
  size: 'Size',
  quality: 'Quality',
  output_format: 'Format',
  output_compression: 'Compression',
  background: 'Background',
  moderation: 'Moderation',
  partial_images: 'Partial images',
  n: 'Images',
  input_fidelity: 'Input fidelity',
  complexity: 'Complexity',
  frame_count: 'Frames',
  frame_duration_ms: 'Frame duration',
  'svg.model': 'SVG author model',
  stream: 'Streaming',
};

export const FORMAT_LABELS: Readonly<Record<OutputFormat, string>> = {
  png: 'PNG',
  jpeg: 'JPEG',
  webp: 'WebP',
  gif: 'GIF',
  svg: 'SVG',
};

export const QUALITY_LABELS: Readonly<Record<Quality, string>> = {
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  // A non-breaking hyphen: the six qualities share one row of the settings panel.
  xhigh: 'X\u2011high',
  max: 'Max',
  auto: 'Auto',
};

/** What became of a variant that is no longer streaming. */
export const STATUS_LABELS: Readonly<Record<Exclude<VariantStatus, 'streaming'>, string>> = {
  done: 'Done',
  error: 'Failed',
  cancelled: 'Cancelled',
  interrupted: 'Interrupted',
};

export const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function formatDuration(ms: number): string {
  const seconds = Math.max(0, ms) / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes}:${String(Math.floor(seconds % 60)).padStart(2, '0')} min`;
}

/** The one way an elapsed time is written, wherever a run or a result shows it. */
export function formatElapsed(elapsed: Elapsed): string {
  if (elapsed.kind === 'unknown') return 'time unknown';
  const duration = formatDuration(elapsed.ms);
  return elapsed.kind === 'atLeast' ? `at least ${duration}` : duration;
}

/**
 * Said wherever a cancelled or interrupted run or result shows its status: the stream stopped before the
 * API reported usage, and it may have gone on making (and billing) the image.
 */
export const BILLING_HINT = 'may still be billed';
export const BILLING_HINT_DETAIL =
  'The stream stopped before the API reported what it used: it may have finished the image anyway and billed for it.';

/** Cents for ordinary results, a finer figure below a cent so cheap drafts do not read as free. */
export function formatDollars(dollars: number): string {
  if (dollars === 0) return '$0.00';
  if (dollars < 0.01) return `$${dollars.toFixed(4)}`;
  return `$${dollars.toFixed(3)}`;
}

export function formatTokens(tokens: number): string {
  return tokens.toLocaleString('en-US');
}

function greatestCommonDivisor(a: number, b: number): number {
  return b === 0 ? a : greatestCommonDivisor(b, a % b);
}

/** `16:9` for a ratio a designer would name; null for one like 63:95, which says nothing. */
export function simpleRatio({ width, height }: Dimensions): string | null {
  const divisor = greatestCommonDivisor(width, height);
  const [across, down] = [width / divisor, height / divisor];
  return across <= 21 && down <= 21 ? `${across}:${down}` : null;
}

/** `1536x1024` → `1536 × 1024 · 3:2`; `auto` stays as it is. */
export function describeSize(size: string): string {
  const dims = parseSize(size);
  if (!dims) return size === 'auto' ? 'Auto' : size;
  const ratio = simpleRatio(dims);
  return `${dims.width} × ${dims.height}${ratio ? ` · ${ratio}` : ''}`;
}

/** The badge of a result that did not finish, naming what is left of it; null for a finished one. */
const BADGE_TONE_OF_STATUS: Readonly<Record<'interrupted' | 'cancelled' | 'error', BadgeTone>> = {
  interrupted: 'warn',
  cancelled: 'muted',
  error: 'danger',
};

export function statusBadge(
  status: VariantStatus,
  hasPartial: boolean,
): { label: string; tone: BadgeTone; billingHint: boolean } | null {
  if (status === 'done') return null;
  if (status === 'streaming') return { label: 'Streaming…', tone: 'muted', billingHint: false };
  const kept = hasPartial ? ' — last partial kept' : '';
  return {
    label: `${STATUS_LABELS[status]}${kept}`,
    tone: BADGE_TONE_OF_STATUS[status],
    billingHint: status === 'cancelled' || status === 'interrupted',
  };
}

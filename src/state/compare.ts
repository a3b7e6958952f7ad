/** What the compare view needs to know about two results: which image came first, and what changed. */
import { diffWords } from 'diff';
import type { VariantRecord } from '../storage/records.ts';
import type { GalleryEntry } from '../storage/studioStorage.ts';
import { shownImage } from './lineage.ts';

export type CompareMode = 'slider' | 'side-by-side';

/** A stored image that no result in the gallery made: the uploaded file an edit started from. */
export interface StoredImageRef {
  imageId: string;
}

/** One side of a comparison. */
export type CompareSubject = GalleryEntry | StoredImageRef;

export function isResult(subject: CompareSubject): subject is GalleryEntry {
  return 'variant' in subject;
}

/** The image an edit changed: the stored result it started from, else the first image it sent. */
export function sourceImageIdOf(variant: VariantRecord): string | null {
  if (variant.kind !== 'edit') return null;
  return variant.parentImageId ?? variant.inputImageIds[0] ?? null;
}

/** The "before" of an edit: the result that made its source when it is still stored, else the image itself. */
export function sourceOfEdit(edit: GalleryEntry, entries: readonly GalleryEntry[]): CompareSubject | null {
  const imageId = sourceImageIdOf(edit.variant);
  if (imageId === null) return null;
  const maker = entries.find((entry) => entry.final?.id === imageId || entry.lastPartial?.id === imageId);
  return maker ?? { imageId };
}

/**
 * Two results as the compare view should open them: an edit and its source as before/after (source on the
 * left) on a slider, anything else side by side, older (or first variant) on the left.
 */
export function comparePair(
  a: GalleryEntry,
  b: GalleryEntry,
): { left: GalleryEntry; right: GalleryEntry; mode: CompareMode } {
  const isSourceOf = (source: GalleryEntry, edit: GalleryEntry) => {
    const imageId = sourceImageIdOf(edit.variant);
    return imageId !== null && imageId === shownImage(source)?.id;
  };
  if (isSourceOf(a, b)) return { left: a, right: b, mode: 'slider' };
  if (isSourceOf(b, a)) return { left: b, right: a, mode: 'slider' };
  // Variants start within a moment of each other, so their own order is the one the designer knows.
  const aFirst =
    a.variant.runId === b.variant.runId
      ? a.variant.variantIndex <= b.variant.variantIndex
      : a.variant.startedAt <= b.variant.startedAt;
  const [left, right] = aFirst ? [a, b] : [b, a];
  return { left, right, mode: 'side-by-side' };
}

export type ParameterValue = string | number | boolean | null;

/** A parameter, by its API name, whose value differs between the two requests. */
export interface ParameterDifference {
  param: string;
  left: ParameterValue;
  right: ParameterValue;
}

/**
 * The request as the contract resolved it, defaults filled in, so a parameter one request left out and the
 * other set to the same default does not show as a difference.
 */
function effectiveParameters(variant: VariantRecord): [string, ParameterValue][] {
  const { request } = variant;
  return [
    ['kind', request.kind],
    ['model', request.model.id],
    ['size', request.size],
    ['quality', request.quality],
    ['background', request.background],
    ['output_format', request.outputFormat],
    ['output_compression', request.outputCompression],
    ['moderation', request.moderation],
    ['input_fidelity', request.inputFidelity],
    ['stream', request.stream],
    ['partial_images', request.partialImages],
  ];
}

export function parameterDiff(left: VariantRecord, right: VariantRecord): ParameterDifference[] {
  const rightValues = new Map(effectiveParameters(right));
  return effectiveParameters(left)
    .filter(([param, value]) => rightValues.get(param) !== value)
    .map(([param, value]) => ({ param, left: value, right: rightValues.get(param)! }));
}

export interface PromptChange {
  text: string;
  change: 'same' | 'added' | 'removed';
}

/** Word by word, what the right prompt removed from the left one and what it added. */
export function promptDiff(left: string, right: string): PromptChange[] {
  return diffWords(left, right).map((part) => ({
    text: part.value,
    change: part.added ? 'added' : part.removed ? 'removed' : 'same',
  }));
}

/** Gallery entries for unit tests: one variant with its images, lineage fields given by the test. */
import { catalogueModel, type ImageRequest } from '../contract/index.ts';
import type { VariantRecord, ImageRecord } from '../storage/records.ts';
import type { GalleryEntry } from '../storage/studioStorage.ts';

export function fixtureImage(id: string, variantId: string | null, role: ImageRecord['role']): ImageRecord {
  return {
    id,
    variantId,
    role,
    sequence: role === 'partial' ? 2 : 0,
    blob: new Blob([id]),
    format: 'png',
    width: 1024,
    height: 1024,
    sha256: id.padEnd(64, '0'),
    thumbnail: null,
    name: null,
    createdAt: 0,
  };
}

export interface FixtureOptions {
  kind?: VariantRecord['kind'];
  prompt?: string;
  request?: Partial<ImageRequest>;
  runId?: string;
  variantIndex?: number;
  variantCount?: number;
  startedAt?: number;
  status?: VariantRecord['status'];
  parentImageId?: string | null;
  inputImageIds?: string[];
  maskImageId?: string | null;
  /** What the variant left: its final (the default), only a partial, or nothing. */
  images?: 'final' | 'partial' | 'none';
}

/** A variant `id` whose final image is `${id}-final` (or partial `${id}-partial`). */
export function fixtureEntry(id: string, options: FixtureOptions = {}): GalleryEntry {
  const kind = options.kind ?? 'generation';
  const images = options.images ?? 'final';
  const request: ImageRequest = {
    kind,
    model: catalogueModel('gpt-image-2'),
    modelKnown: true,
    prompt: options.prompt ?? `prompt of ${id}`,
    n: 1,
    size: '1024x1024',
    quality: 'auto',
    background: 'auto',
    outputFormat: 'png',
    outputCompression: 100,
    moderation: 'auto',
    stream: true,
    partialImages: 2,
    inputFidelity: null,
    complexity: null,
    frameCount: null,
    frameDurationMs: null,
    svg: null,
    safetyIdentifier: null,
    responseFormat: null,
    user: null,
    seed: null,
    extraFields: [],
    caveats: [],
    ...options.request,
  };
  const variant: VariantRecord = {
    id,
    runId: options.runId ?? `batch-${id}`,
    variantIndex: options.variantIndex ?? 0,
    variantCount: options.variantCount ?? 1,
    kind,
    request,
    params: { prompt: request.prompt, model: request.model.id },
    status: options.status ?? (images === 'final' ? 'done' : 'interrupted'),
    startedAt: options.startedAt ?? 0,
    finishedAt: null,
    usage: null,
    costDollars: null,
    error: null,
    parentImageId: options.parentImageId ?? null,
    inputImageIds: options.inputImageIds ?? [],
    maskImageId: options.maskImageId ?? null,
    tabId: 'tab',
    deletedAt: null,
  };
  return {
    variant,
    final: images === 'final' ? fixtureImage(`${id}-final`, id, 'final') : null,
    lastPartial: images === 'partial' ? fixtureImage(`${id}-partial`, id, 'partial') : null,
  };
}

/** An edit of `parent`'s final image with a mask, as "edit this" records it. */
export function fixtureEdit(id: string, parent: string, options: FixtureOptions = {}): GalleryEntry {
  const source = `${parent}-final`;
  return fixtureEntry(id, {
    kind: 'edit',
    parentImageId: source,
    inputImageIds: [source],
    maskImageId: `${id}-mask`,
    ...options,
  });
}
